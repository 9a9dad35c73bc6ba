using System.Buffers;
using System.Net;
using System.Net.Sockets;
using ActorChat.Sockets;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Files;

/// <summary>
/// One client connection running the file protocol as states (<see cref="ReceiveActor.Become(Action)"/>):
/// waiting for a request, sending a listing, streaming a download, receiving an upload. It
/// starts in the seed's legacy protocol (FileSession.Legacy.cs); a first request `FRAMED 1`
/// switches to <see cref="FramedCodec"/> (FileSession.Framed.cs).
/// The session owns its client's socket and reads only when it wants bytes (the next request, or the
/// next chunk of a legacy upload while fewer than chunks-in-flight are on their way to disk), so nothing
/// queues up in the node while a request is served. A transfer borrows the socket: a download its sending
/// side, a framed upload its reading side, until it says it is done; the session does not touch that side
/// meanwhile.
/// </summary>
public sealed partial class FileSession : ReceiveActor, IWithTimers
{
    private sealed record GapElapsed;
    private sealed record QuietElapsed;

    private static readonly byte[] EndMarkerBytes = System.Text.Encoding.UTF8.GetBytes(LegacyCodec.EndMarker);

    /// <summary>Requests are read into a buffer this big; an upload's bytes go into chunk-bytes buffers.</summary>
    private const int RequestBufferBytes = 16 * 1024;

    private readonly Socket _socket;
    private readonly IActorRef _library;
    private readonly FilesSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FramedLineBuffer _framed = new();
    private readonly SocketAsyncEventArgs _read = new();
    private readonly SocketAsyncEventArgs _send = new();
    private readonly byte[] _requestBuffer = new byte[RequestBufferBytes];
    private readonly Queue<(byte[] Bytes, Action? Then)> _outbox = new();
    private readonly string? _refusal;
    private byte[]? _readInto;
    private int _headSent;
    private bool _pumping;
    private bool _sendPending;
    private bool _reading;
    private bool _closing;
    private bool _shutDown;
    private IActorRef? _transfer;
    private string? _uploadName;
    private int _chunksInFlight;
    private bool _markerHeld;
    private bool _framedMode;
    private FileDigest _digest = FileDigest.Sha256;

    public FileSession(Socket socket, EndPoint remote, IActorRef library, FilesSettings settings, string? refusal = null)
    {
        _socket = socket;
        _library = library;
        _settings = settings;
        _refusal = refusal;
        Remote = remote;
        LegacyCommands();
    }

    private EndPoint Remote { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket socket, EndPoint remote, IActorRef library, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileSession(socket, remote, library, settings, null));

    /// <summary>A connection over the limit: it is told <paramref name="line"/> and closed.</summary>
    public static Props Refusing(Socket socket, string line, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileSession(socket, new IPEndPoint(IPAddress.None, 0), ActorRefs.Nobody, settings, line));

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        // The socket engine completes operations on its own threads; all they do is tell the session.
        var self = Self;
        _read.Completed += (_, _) => self.Tell(SocketRead.Instance);
        _send.Completed += (_, _) => self.Tell(SocketWritten.Instance);
        Context.SetReceiveTimeout(_settings.IdleTimeout);
        if (_refusal is not null)
        {
            Write(System.Text.Encoding.UTF8.GetBytes(_refusal));
            Close();
            return;
        }
        ReadRequest();
    }

    protected override void PostStop()
    {
        // A session that stops for any reason takes its connection with it. A pending read or send ends with the
        // socket; its completion then reaches no one, and a buffer it held is left to the GC, not the pool.
        _socket.Dispose();
        _read.Dispose();
        _send.Dispose();
    }

    // ---- reading

    /// <summary>Reads the next bytes of a request (<see cref="SocketRead"/> arrives with them).</summary>
    private void ReadRequest() => Read(_requestBuffer, _requestBuffer.Length);

    private void Read(byte[] buffer, int count)
    {
        if (_reading)
            return;
        _reading = true;
        _readInto = buffer;
        _read.SetBuffer(buffer, 0, count);
        // Completed at once: handled as a message like any other read, so every state sees reads one way.
        if (!_socket.ReceiveAsync(_read))
            Self.Tell(SocketRead.Instance);
    }

    /// <summary>
    /// The bytes of the read that just completed, in the buffer it was started with; false when the client
    /// closed or reset its side, and then the session is stopping.
    /// </summary>
    private bool TakeRead(out byte[] buffer, out int count)
    {
        _reading = false;
        buffer = _readInto!;
        _readInto = null;
        count = _read.BytesTransferred;
        if (_read.SocketError == SocketError.Success && count > 0)
            return true;
        Context.Stop(Self);
        return false;
    }

    /// <summary>Request bytes just read, appended to the line buffer; false when the client is gone.</summary>
    private bool TakeRequestBytes()
    {
        if (!TakeRead(out var buffer, out var count))
            return false;
        _framed.Append(buffer.AsSpan(0, count));
        return true;
    }

    // ---- writing

    private void Write(byte[] bytes) => Write(bytes, null);

    private void ReplyAndRead(byte[] bytes)
    {
        Write(bytes);
        ReadRequest();
    }

    /// <summary>Queues <paramref name="bytes"/>; <paramref name="then"/> runs once the kernel has taken all of them.</summary>
    private void Write(byte[] bytes, Action? then)
    {
        _outbox.Enqueue((bytes, then));
        if (!_pumping && !_sendPending)
            SendQueued();
    }

    /// <summary>Runs <paramref name="then"/> once everything written so far is in the kernel.</summary>
    private void AfterWritten(Action then) => Write([], then);

    private void SendQueued()
    {
        _pumping = true;
        try
        {
            while (_outbox.TryPeek(out var head))
            {
                while (_headSent < head.Bytes.Length)
                {
                    _send.SetBuffer(head.Bytes, _headSent, head.Bytes.Length - _headSent);
                    if (_socket.SendAsync(_send))
                    {
                        _sendPending = true; // the kernel's buffer is full: SocketWritten arrives when it takes more
                        return;
                    }
                    if (!Sent())
                        return;
                }
                _outbox.Dequeue();
                _headSent = 0;
                head.Then?.Invoke();
            }
            if (_closing && !_shutDown)
                ShutDownSending();
        }
        finally
        {
            _pumping = false;
        }
    }

    /// <summary>Counts a completed send; false when the client is gone (the session then stops).</summary>
    private bool Sent()
    {
        _sendPending = false;
        if (_send.SocketError != SocketError.Success)
        {
            Context.Stop(Self);
            return false;
        }
        _headSent += _send.BytesTransferred;
        return true;
    }

    // ---- closing

    /// <summary>Closes gracefully: what was written is sent, then the client sees the end of the stream.</summary>
    private void Close()
    {
        _closing = true;
        Become(Closing);
        if (!_pumping && !_sendPending && _outbox.Count == 0)
            ShutDownSending();
    }

    private void ShutDownSending()
    {
        _shutDown = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            Context.Stop(Self);
            return;
        }
        // Reading on until the client closes its side keeps its unread requests from turning our close into a reset.
        ReadRequest();
    }

    private void Closing()
    {
        Receive<SocketRead>(_ =>
        {
            if (TakeRead(out var _, out var _) && _shutDown)
                ReadRequest();
        });
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        ConnectionEvents();
    }

    // ---- transfers

    private void StartTransfer(Props props)
    {
        _transfer = Context.ActorOf(props);
        Context.Watch(_transfer);
    }

    /// <summary>Starts a download once everything written so far is in the kernel: the download then borrows the socket.</summary>
    private void StartDownload(FileReadable file, long offset, FileDigest? digest)
    {
        AfterWritten(() => StartTransfer(FileDownload.Props(_socket, Self, file.Path, offset, digest, file.Known, _settings)));
    }

    private void TransferEvents()
    {
        Receive<TransferFailed>(failed =>
        {
            _log.Warning("files: {0}: {1}", Remote, failed.Text);
            // A failed upload is discarded now: the client is told why and is not invited to resume it.
            if (_uploadName is not null)
                _library.Tell(new AbandonUpload(_uploadName));
            Write(_framedMode ? FramedCodec.Error(failed.Text) : LegacyCodec.Text(failed.Text));
            Close();
        });
        Receive<Terminated>(t => Equals(t.ActorRef, _transfer), _ =>
        {
            _log.Error("files: {0}: transfer stopped unexpectedly", Remote);
            Context.Stop(Self);
        });
        // The transfer watches its own progress; the session waits.
        Receive<ReceiveTimeout>(_ => { });
        ConnectionEvents();
    }

    private void IdleCloses() => Receive<ReceiveTimeout>(_ =>
    {
        _log.Info("files: {0} idle for {1}, closing", Remote, _settings.IdleTimeout);
        Close();
    });

    private void StallCloses() => Receive<ReceiveTimeout>(_ => Stalled());

    private void Stalled()
    {
        _log.Warning("files: {0} stalled mid-upload for {1}, discarding it", Remote, _settings.IdleTimeout);
        if (_uploadName is not null)
            _library.Tell(new AbandonUpload(_uploadName));
        Context.Stop(Self);
    }

    /// <summary>What every state handles: sends completing, and late or stray messages.</summary>
    private void ConnectionEvents()
    {
        // A read no state asked for (none should be): request bytes are kept for the next request.
        Receive<SocketRead>(_ =>
        {
            var intoRequests = ReferenceEquals(_readInto, _requestBuffer);
            if (TakeRead(out var buffer, out var count) && intoRequests)
                _framed.Append(buffer.AsSpan(0, count));
        });
        Receive<SocketWritten>(_ =>
        {
            if (Sent())
                SendQueued();
        });
        Receive<Terminated>(_ => { });
        Receive<ChunkWritten>(_ => _chunksInFlight--);
        Receive<GapElapsed>(_ => { });
        Receive<QuietElapsed>(_ => { });
    }

    /// <summary>Writes <paramref name="bytes"/>, waits until the socket took them, pauses the legacy gap, then runs <paramref name="then"/>.</summary>
    private void AfterGap(byte[] bytes, Action then)
    {
        Write(bytes, () => Timers.StartSingleTimer("gap", new GapElapsed(), _settings.LegacyGap));
        Become(() =>
        {
            Receive<GapElapsed>(_ => then());
            IdleCloses();
            ConnectionEvents();
        });
    }

    // ---- uploads

    /// <summary>Starts the next read of legacy upload bytes into a fresh chunk unless a window of chunks is on its way to disk.</summary>
    private void ReadUploadIfRoom()
    {
        if (_reading || _chunksInFlight >= _settings.ChunksInFlight)
            return;
        var buffer = ArrayPool<byte>.Shared.Rent(_settings.ChunkBytes);
        Read(buffer, _settings.ChunkBytes);
    }

    /// <summary>Hands <paramref name="count"/> bytes at the start of the rented <paramref name="buffer"/> to the upload.</summary>
    private void ToUpload(byte[] buffer, int count)
    {
        _chunksInFlight++;
        _transfer!.Tell(new UploadChunk(buffer, count));
    }

    /// <summary>Hands a copy of <paramref name="bytes"/> to the upload.</summary>
    private void ToUpload(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(buffer);
        ToUpload(buffer, bytes.Length);
    }
}
