using System.Buffers;
using Akka.Actor;

namespace ActorChat.Files;

/// <summary>
/// Writes one upload to its hidden temporary file. It reports every chunk on disk so the session,
/// which reads the next chunk only while fewer than chunks-in-flight are unwritten, keeps at most that
/// window between socket and disk: a fast client can never pile bytes up in memory faster than the disk
/// takes them. The session reads the next chunk while this actor writes the last one.
/// </summary>
public sealed class FileUpload : ReceiveActor
{
    /// <summary>How often (in bytes written) the free-disk floor is checked again.</summary>
    private const long DiskCheckEvery = 64L << 20;

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
    }

    public static Props Props(IActorRef session, string tempPath, long offset, FileDigest? digest, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileUpload(session, tempPath, offset, digest, settings))
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
        }
    }

    protected override void PostStop()
    {
        _file?.Dispose();
        _hash?.Dispose();
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
