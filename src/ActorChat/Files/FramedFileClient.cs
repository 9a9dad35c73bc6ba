using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace ActorChat.Files;

/// <summary>The server said no: <see cref="Exception.Message"/> is its line.</summary>
public sealed class FilesRefusedException(string message) : Exception(message);

/// <summary>What a finished transfer moved and whether both ends agree on its <paramref name="Digest"/>.</summary>
public sealed record TransferResult(long Size, long BytesMoved, FileDigest Digest, string LocalDigest, string ServerDigest)
{
    public bool Verified => LocalDigest == ServerDigest;
}

/// <summary>
/// Client side of <see cref="FramedCodec"/> over one TCP connection (our console client, the
/// tests and the benchmark use it). Not thread-safe: one request at a time.
/// </summary>
public sealed class FramedFileClient : IAsyncDisposable
{
    private const int BufferBytes = 1 << 20;
    private const int PipeBuffers = 4;

    /// <summary>
    /// A server silent this long within one send or receive (for a download: within one 1 MiB buffer)
    /// is taken for gone (the server's own idle timeout is 60 s).
    /// </summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(90);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _start;
    private int _end;

    private FramedFileClient(Socket socket, FileDigest digest)
    {
        _socket = socket;
        Digest = digest;
    }

    /// <summary>What every transfer of this connection is checked with.</summary>
    public FileDigest Digest { get; }

    /// <summary>
    /// Connects and switches to framed mode, naming <paramref name="digest"/>; null sends the
    /// original `FRAMED 1`, which names none and gets SHA-256 (what clients before digests did).
    /// </summary>
    public static async Task<FramedFileClient> ConnectAsync(string host, int port, FileDigest? digest = null,
        CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            var client = new FramedFileClient(socket, digest ?? FileDigest.Sha256);
            var handshake = digest is null ? LegacyCodec.FramedSwitch : $"{LegacyCodec.FramedSwitch} {digest.Name}";
            await client.SendAsync(Encoding.ASCII.GetBytes(handshake + "\n"), cancellationToken);
            var greeting = await client.ReadLineAsync(cancellationToken);
            if (greeting.StartsWith("ERR ", StringComparison.Ordinal))
                throw new FilesRefusedException(Strip(greeting));
            if (greeting + "\n" != FramedCodec.GreetingFor(digest))
                throw new FilesRefusedException($"not an ActorChat file server: {greeting}");
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<LibraryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await SendAsync(FramedCodec.Line("LIST"), cancellationToken);
        var count = ExpectOk(await ReadLineAsync(cancellationToken));
        var entries = new List<LibraryEntry>();
        for (var i = 0; i < count; i++)
        {
            var line = await ReadLineAsync(cancellationToken);
            var entry = FramedCodec.ParseListingLine(line) ?? throw new IOException($"bad listing line: {line}");
            entries.Add(new LibraryEntry(entry.Name, entry.Size));
        }
        return entries;
    }

    /// <summary>
    /// Downloads <paramref name="name"/> into <paramref name="destination"/> from <paramref name="offset"/>;
    /// the destination's first <paramref name="offset"/> bytes (already held) are hashed so the whole file is verified.
    /// </summary>
    public async Task<TransferResult> GetAsync(string name, Stream destination, long offset = 0,
        IProgress<long>? progress = null, Action<long>? sizeKnown = null, CancellationToken cancellationToken = default)
    {
        using var hash = Digest.Start();
        if (offset > 0)
            await hash.AppendPrefixAsync(destination, offset, cancellationToken);
        await SendAsync(FramedCodec.Line($"GET {offset} {name}"), cancellationToken);
        var size = ExpectOk(await ReadLineAsync(cancellationToken));
        sizeKnown?.Invoke(size);
        var left = size - offset;
        long moved = 0;
        // The socket fills one buffer while the previous ones are hashed and written.
        await PipeAsync(
            async (buffer, token) =>
            {
                // One silence timer per buffer, not per receive (a receive may bring only 64 KiB).
                using var silence = CancellationTokenSource.CreateLinkedTokenSource(token);
                silence.CancelAfter(SilenceLimit);
                var filled = 0;
                while (left > 0 && filled < buffer.Length)
                {
                    var want = (int)Math.Min(left, buffer.Length - filled);
                    int n;
                    if (_start < _end)
                    {
                        // Bytes that came in with the OK line.
                        n = Math.Min(want, _end - _start);
                        Buffer.BlockCopy(_buffer, _start, buffer, filled, n);
                        _start += n;
                    }
                    else
                    {
                        n = await ReceiveSomeAsync(buffer.AsMemory(filled, want), silence.Token);
                    }
                    filled += n;
                    left -= n;
                }
                return filled;
            },
            async (buffer, count, token) =>
            {
                hash.Append(buffer, 0, count);
                await destination.WriteAsync(buffer.AsMemory(0, count), token);
                moved += count;
                progress?.Report(offset + moved);
            },
            cancellationToken);
        var end = await ReadLineAsync(cancellationToken);
        var server = end.StartsWith("END ", StringComparison.Ordinal) ? end[4..] : throw new FilesRefusedException(Strip(end));
        return new TransferResult(size, moved, Digest, hash.FinishHex(), server);
    }

    /// <summary>
    /// Uploads <paramref name="source"/> (seekable) as <paramref name="name"/>. When the server still
    /// holds the start of an earlier cut upload it says where to carry on, and only the rest is sent.
    /// </summary>
    public async Task<TransferResult> PutAsync(string name, Stream source, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var size = source.Length;
        await SendAsync(FramedCodec.Line($"PUT {size} {name}"), cancellationToken);
        var offset = ExpectOk(await ReadLineAsync(cancellationToken));
        using var hash = Digest.Start();
        if (offset > 0)
            await hash.AppendPrefixAsync(source, offset, cancellationToken);
        source.Position = offset;
        long moved = 0;
        // The file is read and hashed a few buffers ahead of the socket.
        await PipeAsync(
            async (buffer, token) =>
            {
                var filled = 0;
                while (filled < buffer.Length)
                {
                    var n = await source.ReadAsync(buffer.AsMemory(filled), token);
                    if (n == 0)
                        break;
                    filled += n;
                }
                hash.Append(buffer, 0, filled);
                return filled;
            },
            async (buffer, count, token) =>
            {
                await SendAsync(buffer.AsMemory(0, count), token);
                moved += count;
                progress?.Report(offset + moved);
            },
            cancellationToken);
        var local = hash.FinishHex();
        await SendAsync(FramedCodec.Line($"END {local}"), cancellationToken);
        var done = await ReadLineAsync(cancellationToken);
        var server = done.StartsWith("DONE ", StringComparison.Ordinal) ? done[5..] : throw new FilesRefusedException(Strip(done));
        return new TransferResult(size, moved, Digest, local, server);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(FramedCodec.Line("QUIT"), CancellationToken.None);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // Already gone: nothing to say goodbye to.
        }
        _socket.Dispose();
    }

    private static long ExpectOk(string line) => FramedCodec.ParseOk(line) ?? throw new FilesRefusedException(Strip(line));

    private static string Strip(string line) => line.StartsWith("ERR ", StringComparison.Ordinal) ? line[4..] : line;

    /// <summary>
    /// Runs <paramref name="fill"/> (returns how many bytes it put in a buffer; 0 ends) and
    /// <paramref name="drain"/> at the same time over a ring of <see cref="PipeBuffers"/> buffers, so
    /// hashing overlaps the socket. Memory stays at the ring whatever the file size.
    /// </summary>
    private static async Task PipeAsync(Func<byte[], CancellationToken, Task<int>> fill,
        Func<byte[], int, CancellationToken, Task> drain, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var free = Channel.CreateBounded<byte[]>(PipeBuffers);
        var full = Channel.CreateBounded<(byte[] Buffer, int Count)>(PipeBuffers);
        for (var i = 0; i < PipeBuffers; i++)
            free.Writer.TryWrite(new byte[BufferBytes]);
        var producer = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var buffer = await free.Reader.ReadAsync(stop.Token);
                    var count = await fill(buffer, stop.Token);
                    if (count == 0)
                        break;
                    await full.Writer.WriteAsync((buffer, count), stop.Token);
                }
                full.Writer.Complete();
            }
            catch (Exception e)
            {
                full.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var (buffer, count) in full.Reader.ReadAllAsync(stop.Token))
            {
                await drain(buffer, count, stop.Token);
                free.Writer.TryWrite(buffer);
            }
        }
        finally
        {
            // A failed drain must not leave the producer waiting for a free buffer.
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>One receive; <paramref name="silence"/> already carries the caller's <see cref="SilenceLimit"/>.</summary>
    private async Task<int> ReceiveSomeAsync(Memory<byte> into, CancellationToken silence)
    {
        var n = await _socket.ReceiveAsync(into, SocketFlags.None, silence);
        if (n == 0)
            throw new IOException("the server closed the connection");
        return n;
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(SilenceLimit);
        while (data.Length > 0)
        {
            var n = await _socket.SendAsync(data, SocketFlags.None, silence.Token);
            data = data[n..];
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
            _start = _end = 0;
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(SilenceLimit);
        var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, silence.Token);
        if (n == 0)
            throw new IOException("the server closed the connection");
        _end += n;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, nl - _start);
                _start = nl + 1;
                return line;
            }
            if (_end - _start > FramedCodec.MaxLineBytes * 64)
                throw new IOException("reply line too long");
            await FillAsync(cancellationToken);
        }
    }
}
