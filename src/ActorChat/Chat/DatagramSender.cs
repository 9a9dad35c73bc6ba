using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorChat.Chat;

/// <summary>
/// Sends one payload to many members from the chat socket. On Linux it hands the kernel a batch
/// per sendmmsg(2) call: a fan-out to 100 members is one or two system calls instead of 100,
/// which is what lets an actor-based room keep up with a C server (bench/README.md). Elsewhere it
/// falls back to one SendTo per member. Owned by one actor, used from one thread at a time.
/// </summary>
public sealed unsafe class DatagramSender : IDisposable
{
    private const int MaxSockAddr = 28;
    private const int MaxPayload = 2048;
    private const int EAGAIN = 11;
    private const int EINTR = 4;
    private const short POLLOUT = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll(PollFd* fds, nuint count, int timeoutMs);

    private readonly Socket _socket;
    private readonly int _batch;
    private readonly bool _batched;
    private readonly MMsgHdr* _headers;
    private readonly byte* _names;
    private readonly IoVec* _iov;
    private readonly byte* _payload;
    private bool _disposed;

    public DatagramSender(Socket socket, int batch)
    {
        _socket = socket;
        _batch = batch;
        _batched = OperatingSystem.IsLinux() && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64);
        if (!_batched)
            return;
        _headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(batch * sizeof(MMsgHdr)));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)(batch * MaxSockAddr));
        _iov = (IoVec*)NativeMemory.AllocZeroed((nuint)sizeof(IoVec));
        _payload = (byte*)NativeMemory.Alloc(MaxPayload);
    }

    /// <summary>Datagrams the kernel refused (not counting those it accepted and later dropped).</summary>
    public long Failed { get; private set; }

    public long Sent { get; private set; }

    /// <summary>Sends <paramref name="payload"/> to every target, in order.</summary>
    public void Send(ReadOnlySpan<byte> payload, IReadOnlyList<DatagramTarget> targets)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (payload.Length > MaxPayload)
            throw new ArgumentException($"datagram of {payload.Length} bytes exceeds {MaxPayload}", nameof(payload));
        if (!_batched)
        {
            SendEach(payload, targets);
            return;
        }

        payload.CopyTo(new Span<byte>(_payload, MaxPayload));
        _iov->Base = (nint)_payload;
        _iov->Length = (nuint)payload.Length;

        var handle = _socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            for (var start = 0; start < targets.Count; start += _batch)
            {
                var count = Math.Min(_batch, targets.Count - start);
                for (var i = 0; i < count; i++)
                {
                    var sa = targets[start + i].SockAddr;
                    var name = _names + i * MaxSockAddr;
                    sa.CopyTo(new Span<byte>(name, MaxSockAddr));
                    ref var h = ref _headers[i].Header;
                    h.Name = (nint)name;
                    h.NameLength = (uint)sa.Length;
                    h.Iov = (nint)_iov;
                    h.IovLength = 1;
                }
                SendBatch(fd, count);
            }
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    private void SendBatch(int fd, int count)
    {
        var done = 0;
        while (done < count)
        {
            var n = sendmmsg(fd, _headers + done, (uint)(count - done), 0);
            if (n > 0)
            {
                done += n;
                Sent += n;
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
            {
                // Socket buffer full: wait for room rather than drop a datagram the room promised.
                var pfd = new PollFd { Fd = fd, Events = POLLOUT };
                poll(&pfd, 1, 100);
                continue;
            }
            // This one destination is refused (e.g. an unroutable address): skip it, keep the rest.
            Failed++;
            done++;
        }
    }

    private void SendEach(ReadOnlySpan<byte> payload, IReadOnlyList<DatagramTarget> targets)
    {
        foreach (var target in targets)
        {
            try
            {
                _socket.SendTo(payload, SocketFlags.None, target.EndPoint);
                Sent++;
            }
            catch (SocketException)
            {
                Failed++;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_batched)
            return;
        NativeMemory.Free(_headers);
        NativeMemory.Free(_names);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_payload);
    }
}
