using System.Buffers;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Files;

/// <summary>
/// Streams one file to a connection. At most <see cref="FilesSettings.ChunksInFlight"/> chunks
/// are handed to Akka.IO at a time and a buffer is refilled only when its write is acked, so a
/// slow reader holds this transfer back (and only this one) and memory stays at
/// chunk-bytes × chunks-in-flight whatever the file size.
/// </summary>
public sealed class FileDownload : ReceiveActor
{
    private readonly IActorRef _connection;
    private readonly IActorRef _session;
    private readonly string _path;
    private readonly long _offset;
    private readonly FilesSettings _settings;
    private readonly DigestHasher? _hash;
    private readonly Queue<byte[]> _free = new();
    private readonly Queue<byte[]> _inFlight = new();
    private FileStream? _file;
    private long _sent;
    private bool _eof;

    private readonly DigestValue? _known;

    /// <param name="digest">Report the file's digest (null: none, legacy mode): <paramref name="known"/> when the library knows it, else computed while sending.</param>
    public FileDownload(IActorRef connection, IActorRef session, string path, long offset, FileDigest? digest, DigestValue? known, FilesSettings settings)
    {
        _known = digest is not null && known?.Digest == digest ? known : null;
        _connection = connection;
        _session = session;
        _path = path;
        _offset = offset;
        _settings = settings;
        _hash = digest is not null && _known is null ? digest.Start() : null;

        Receive<ChunkSent>(_ =>
        {
            // Akka.IO acks in write order, and only once the socket has taken the bytes.
            _free.Enqueue(_inFlight.Dequeue());
            Pump();
        });
        Receive<Tcp.CommandFailed>(_ => Fail("the connection refused a write"));
        Receive<ReceiveTimeout>(_ => Fail("the client stopped reading"));
    }

    public static Props Props(IActorRef connection, IActorRef session, string path, long offset, FileDigest? digest, DigestValue? known, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileDownload(connection, session, path, offset, digest, known, settings))
            .WithDispatcher(settings.IoDispatcher);

    protected override void PreStart()
    {
        try
        {
            _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, FileOptions.SequentialScan);
            if (_hash is not null && _offset > 0)
                _hash.AppendPrefix(_file, _offset);
            _file.Position = _offset;
        }
        catch (IOException e)
        {
            Fail($"cannot read the file: {e.Message}");
            return;
        }
        // Pooled: a chunk of 256 KiB is a large-object-heap array, which only a full collection frees.
        for (var i = 0; i < _settings.ChunksInFlight; i++)
            _free.Enqueue(ArrayPool<byte>.Shared.Rent(_settings.ChunkBytes));
        Context.SetReceiveTimeout(_settings.IdleTimeout);
        Pump();
    }

    protected override void PostStop()
    {
        _file?.Dispose();
        _hash?.Dispose();
        // Only buffers no write holds any more go back; one still queued in Akka.IO is left to the GC.
        while (_free.TryDequeue(out var buffer))
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Pump()
    {
        try
        {
            while (!_eof && _free.Count > 0)
            {
                var buffer = _free.Dequeue();
                var n = _file!.Read(buffer, 0, _settings.ChunkBytes);
                if (n == 0)
                {
                    _eof = true;
                    _free.Enqueue(buffer);
                    break;
                }
                _hash?.Append(buffer, 0, n);
                _sent += n;
                _inFlight.Enqueue(buffer);
                _connection.Tell(Tcp.Write.Create(ByteString.FromBytes(buffer, 0, n), ChunkSent.Instance));
            }
        }
        catch (IOException e)
        {
            Fail($"cannot read the file: {e.Message}");
            return;
        }
        if (_eof && _inFlight.Count == 0)
        {
            _session.Tell(new DownloadFinished(_sent, _hash is null ? _known : new DigestValue(_hash.Digest, _hash.FinishHex())));
            Context.Stop(Self);
        }
    }

    private void Fail(string text)
    {
        _session.Tell(new TransferFailed(text));
        Context.Stop(Self);
    }
}
