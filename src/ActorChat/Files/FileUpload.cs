using System.Buffers;
using System.Net.Sockets;
using ActorChat.Sockets;
using Akka.Actor;

namespace ActorChat.Files;

/// <summary>
/// Writes one upload to its hidden temporary file, from one of two sources.
/// A framed upload's size is known, so the upload borrows the session's socket and reads exactly that many
/// bytes itself, each read into one chunk-bytes buffer and written before the next read starts: the bytes
/// are still in the CPU's cache when they are written, the client is held back by TCP when the disk is
/// slower, and a chunk costs no message when the socket has it ready. It tells the session
/// <see cref="UploadReceived"/> when the last byte is written, and the session reads the trailer.
/// A legacy upload ends where the seed's `##` rule says, which the session decides, so the session reads
/// and hands over <see cref="UploadChunk"/>s; every chunk on disk is reported, and the session reads the
/// next only while fewer than chunks-in-flight are unwritten.
/// </summary>
public sealed class FileUpload : ReceiveActor
{
    /// <summary>How often (in bytes written) the free-disk floor is checked again.</summary>
    private const long DiskCheckEvery = 64L << 20;

    // Reads that complete at once are handled in a loop; after this many the actor lets its other messages in.
    private const int ReadsPerTurn = 16;

    private sealed record ReadOn
    {
        public static readonly ReadOn Instance = new();
    }

    private readonly Socket? _socket;
    private readonly byte[] _head = [];
    private long _toRead;
    private bool _readPending;
    private SocketAsyncEventArgs? _read;
    private byte[]? _buffer;

    private readonly IActorRef _session;
    private readonly string _tempPath;
    private readonly long _offset;
    private readonly FilesSettings _settings;
    private readonly DigestHasher? _hash;
    private FileStream? _file;
    private long _length;
    private long _nextDiskCheck;
    private bool _failed;

    /// <param name="digest">What the upload is checked with (null: nothing, legacy mode).</param>
    public FileUpload(IActorRef session, string tempPath, long offset, FileDigest? digest, FilesSettings settings)
    {
        _session = session;
        _tempPath = tempPath;
        _offset = offset;
        _settings = settings;
        _hash = digest?.Start();

        Receive<UploadChunk>(Write);
        Receive<FinishUpload>(Finish);
        Receive<SocketRead>(_ =>
        {
            _readPending = false;
            if (Received())
                ReadSocket();
        });
        Receive<ReadOn>(_ => ReadSocket());
        Receive<ReceiveTimeout>(_ => _session.Tell(UploadStalled.Instance));
    }

    /// <param name="socket">The client's socket, lent by the session until <see cref="UploadReceived"/>.</param>
    /// <param name="head">File bytes that came in the same read as the request.</param>
    /// <param name="bytes">File bytes still to read from <paramref name="socket"/>.</param>
    public FileUpload(IActorRef session, string tempPath, long offset, FileDigest digest, FilesSettings settings, Socket socket, byte[] head, long bytes)
        : this(session, tempPath, offset, digest, settings)
    {
        _socket = socket;
        _head = head;
        _toRead = bytes;
    }

    /// <summary>An upload the session feeds with <see cref="UploadChunk"/>s (legacy mode).</summary>
    public static Props Props(IActorRef session, string tempPath, long offset, FileDigest? digest, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileUpload(session, tempPath, offset, digest, settings))
            .WithDispatcher(settings.IoDispatcher);

    /// <summary>An upload of <paramref name="head"/> and then <paramref name="bytes"/> more read from the session's socket (framed mode).</summary>
    public static Props FromSocket(IActorRef session, string tempPath, long offset, FileDigest digest, FilesSettings settings, Socket socket, byte[] head, long bytes) =>
        Akka.Actor.Props.Create(() => new FileUpload(session, tempPath, offset, digest, settings, socket, head, bytes))
            .WithDispatcher(settings.IoDispatcher);

    protected override void PreStart()
    {
        try
        {
            // No FileMode.Create (O_TRUNC): a file is cut only when it holds bytes to cut, because on ext4
            // any truncate to size 0, even of an empty file, arms auto_da_alloc, and closing the file then
            // starts writeback of the whole upload on this actor's thread inside Finish.
            _file = new FileStream(_tempPath, _offset > 0 ? FileMode.Open : FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None,
                bufferSize: 0);
            if (_hash is not null && _offset > 0)
                _hash.AppendPrefix(_file, _offset);
            // Whatever lies past the agreed offset is from a write that was cut halfway.
            if (_file.Length > _offset)
                _file.SetLength(_offset);
            _file.Position = _offset;
            _length = _offset;
            _nextDiskCheck = _offset + DiskCheckEvery;
        }
        catch (IOException e)
        {
            Fail($"cannot write the file: {e.Message}");
            return;
        }
        if (_socket is null)
            return;
        if (_head.Length > 0)
            Write(_head);
        if (_failed)
            return;
        _buffer = ArrayPool<byte>.Shared.Rent(_settings.ChunkBytes);
        _read = new SocketAsyncEventArgs();
        var self = Self;
        _read.Completed += (_, _) => self.Tell(SocketRead.Instance);
        // Silence from the client now shows here, not in the session, which gets no messages meanwhile.
        Context.SetReceiveTimeout(_settings.IdleTimeout);
        ReadSocket();
    }

    protected override void PostStop()
    {
        _file?.Dispose();
        _hash?.Dispose();
        // A read still pending ends when the session closes the socket; its buffer is then left to the GC.
        if (_buffer is not null && !_readPending)
            ArrayPool<byte>.Shared.Return(_buffer);
        _read?.Dispose();
    }

    private void ReadSocket()
    {
        for (var i = 0; i < ReadsPerTurn; i++)
        {
            if (_toRead == 0)
            {
                Context.SetReceiveTimeout(null);
                _session.Tell(UploadReceived.Instance);
                return;
            }
            _read!.SetBuffer(_buffer, 0, (int)Math.Min(_toRead, _buffer!.Length));
            if (_socket!.ReceiveAsync(_read))
            {
                _readPending = true; // SocketRead arrives when the client sends
                return;
            }
            if (!Received())
                return;
        }
        Self.Tell(ReadOn.Instance);
    }

    /// <summary>Writes what a completed read brought; true when the next read may start.</summary>
    private bool Received()
    {
        if (_read!.SocketError != SocketError.Success || _read.BytesTransferred == 0)
        {
            // Cut mid-upload: what is on disk stays for the client to resume from.
            _toRead = -1;
            _session.Tell(ClientClosed.Instance);
            return false;
        }
        _toRead -= _read.BytesTransferred;
        Write(_buffer.AsSpan(0, _read.BytesTransferred));
        return !_failed;
    }

    private void Write(UploadChunk chunk)
    {
        try
        {
            if (!_failed)
                Write(chunk.Rented.AsSpan(0, chunk.Count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk.Rented);
        }
        if (!_failed)
            _session.Tell(ChunkWritten.Instance);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        _length += bytes.Length;
        if (_length > _settings.MaxFileBytes)
        {
            Fail($"文件过大: the limit is {_settings.MaxFileBytes} bytes");
            return;
        }
        try
        {
            _file!.Write(bytes);
            _hash?.Append(bytes);
            if (_length >= _nextDiskCheck)
            {
                _nextDiskCheck = _length + DiskCheckEvery;
                if (new DriveInfo(_tempPath).AvailableFreeSpace < _settings.FreeDiskFloorBytes)
                    Fail("磁盘空间不足: not enough free disk");
            }
        }
        catch (IOException e)
        {
            Fail($"cannot write the file: {e.Message}");
        }
    }

    private void Finish(FinishUpload finish)
    {
        if (_failed)
            return;
        try
        {
            _file!.Flush();
            _file.Dispose();
            _file = null;
        }
        catch (IOException e)
        {
            Fail($"cannot write the file: {e.Message}");
            return;
        }
        var digest = _hash is null ? null : new DigestValue(_hash.Digest, _hash.FinishHex());
        if (finish.Expected is { } expected && expected != digest?.Hex)
        {
            Fail($"{_hash?.Digest.Name ?? "checksum"} mismatch: the file was not stored");
            return;
        }
        _session.Tell(new UploadWritten(_length, digest));
        Context.Stop(Self);
    }

    private void Fail(string text)
    {
        _failed = true;
        _session.Tell(new TransferFailed(text));
        Context.Stop(Self);
    }
}
