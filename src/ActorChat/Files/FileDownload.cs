using System.Buffers;
using System.Net.Sockets;
using ActorChat.Sockets;
using Akka.Actor;

namespace ActorChat.Files;

/// <summary>
/// Streams one file to the session's socket, which the session lends it until <see cref="DownloadFinished"/>
/// or <see cref="TransferFailed"/>. The bytes go from the page cache to the socket in the kernel
/// (<c>sendfile</c>, through <see cref="Socket.SendPacketsAsync"/>), one range of chunk-bytes × chunks-in-flight
/// at a time: nothing of the file passes through the node's memory, and a slow reader holds back only its own
/// send (it completes when the kernel has taken the range). When the digest must be computed, each range is also
/// read and hashed while the kernel sends it.
/// </summary>
public sealed class FileDownload : ReceiveActor
{
    private readonly Socket _socket;
    private readonly IActorRef _session;
    private readonly string _path;
    private readonly long _offset;
    private readonly FilesSettings _settings;
    private readonly DigestHasher? _hash;
    private readonly DigestValue? _known;
    private readonly SocketAsyncEventArgs _send = new();
    private FileStream? _file;
    private byte[]? _hashBuffer;
    private long _position;
    private long _end;
    private long _rangeBytes;

    /// <param name="socket">The client's socket, lent by the session for the length of the download.</param>
    /// <param name="digest">Report the file's digest (null: none, legacy mode): <paramref name="known"/> when the library knows it, else computed while sending.</param>
    public FileDownload(Socket socket, IActorRef session, string path, long offset, FileDigest? digest, DigestValue? known, FilesSettings settings)
    {
        _known = digest is not null && known?.Digest == digest ? known : null;
        _socket = socket;
        _session = session;
        _path = path;
        _offset = offset;
        _settings = settings;
        _hash = digest is not null && _known is null ? digest.Start() : null;

        Receive<SocketWritten>(_ => RangeDone());
        Receive<ReceiveTimeout>(_ => Fail("the client stopped reading"));
    }

    public static Props Props(Socket socket, IActorRef session, string path, long offset, FileDigest? digest, DigestValue? known, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileDownload(socket, session, path, offset, digest, known, settings))
            .WithDispatcher(settings.IoDispatcher);

    protected override void PreStart()
    {
        try
        {
            // Asynchronous: SendPacketsElement takes only a file opened that way.
            _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (_hash is not null && _offset > 0)
                _hash.AppendPrefix(_file, _offset);
            _position = _offset;
            _end = _file.Length;
        }
        catch (IOException e)
        {
            Fail($"cannot read the file: {e.Message}");
            return;
        }
        if (_hash is not null)
            _hashBuffer = ArrayPool<byte>.Shared.Rent(_settings.ChunkBytes);
        var self = Self;
        _send.Completed += (_, _) => self.Tell(SocketWritten.Instance);
        Context.SetReceiveTimeout(_settings.IdleTimeout);
        SendNextRange();
    }

    protected override void PostStop()
    {
        // A send still pending ends when the session closes the socket; its completion then reaches no one.
        _file?.Dispose();
        _hash?.Dispose();
        _send.Dispose();
        if (_hashBuffer is not null)
            ArrayPool<byte>.Shared.Return(_hashBuffer);
    }

    private long RangeBytes => (long)_settings.ChunkBytes * _settings.ChunksInFlight;

    private void SendNextRange()
    {
        while (_position < _end)
        {
            _rangeBytes = Math.Min(RangeBytes, _end - _position);
            _send.SendPacketsElements = [new SendPacketsElement(_file!, _position, (int)_rangeBytes)];
            var pending = _socket.SendPacketsAsync(_send);
            // The kernel sends from the page cache; meanwhile the same range is read here for the digest.
            if (!HashRange(_position, _rangeBytes))
                return;
            if (pending)
                return; // SocketWritten arrives when the kernel has taken the range
            if (!Sent())
                return;
        }
        _session.Tell(new DownloadFinished(_position - _offset, _hash is null ? _known : new DigestValue(_hash.Digest, _hash.FinishHex())));
        Context.Stop(Self);
    }

    private void RangeDone()
    {
        if (Sent())
            SendNextRange();
    }

    /// <summary>Counts a completed send; false when it failed (the download has then failed).</summary>
    private bool Sent()
    {
        if (_send.SocketError != SocketError.Success)
        {
            // A file cut shorter while it is sent ends here too: the client gets fewer bytes than announced.
            Fail(_send.SocketError is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted
                ? "the client went away" : $"the send failed ({_send.SocketError})");
            return false;
        }
        _position += _rangeBytes;
        return true;
    }

    private bool HashRange(long position, long count)
    {
        if (_hash is null)
            return true;
        try
        {
            while (count > 0)
            {
                var n = RandomAccess.Read(_file!.SafeFileHandle, _hashBuffer.AsSpan(0, (int)Math.Min(count, _hashBuffer!.Length)), position);
                if (n == 0)
                    throw new IOException("the file got shorter while it was sent");
                _hash.Append(_hashBuffer, 0, n);
                position += n;
                count -= n;
            }
            return true;
        }
        catch (IOException e)
        {
            Fail($"cannot read the file: {e.Message}");
            return false;
        }
    }

    private void Fail(string text)
    {
        _session.Tell(new TransferFailed(text));
        Context.Stop(Self);
    }
}
