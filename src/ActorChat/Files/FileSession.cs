using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Files;

/// <summary>
/// One client connection running the file protocol as states (<see cref="ReceiveActor.Become(Action)"/>):
/// waiting for a request, sending a listing, streaming a download, receiving an upload. It
/// starts in the seed's legacy protocol (FileSession.Legacy.cs); a first request `FRAMED 1`
/// switches to <see cref="FramedCodec"/> (FileSession.Framed.cs).
/// The connection reads in pull mode: the session asks for each next read, so nothing queues up
/// while a request is being served, and an upload holds at most a window of bytes in memory.
/// </summary>
public sealed partial class FileSession : ReceiveActor, IWithTimers
{
    private sealed record GapElapsed;
    private sealed record QuietElapsed;

    private static readonly ByteString EndMarkerBytes = ByteString.FromString(LegacyCodec.EndMarker);

    private readonly IActorRef _connection;
    private readonly IActorRef _library;
    private readonly FilesSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FramedLineBuffer _framed = new();
    private IActorRef? _transfer;
    private string? _uploadName;
    private long _uploadRemaining;
    private long _uploadInFlight;
    private bool _readingHeld;
    private bool _markerHeld;
    private bool _framedMode;
    private FileDigest _digest = FileDigest.Sha256;
    private bool _closed;

    public FileSession(IActorRef connection, EndPoint remote, IActorRef library, FilesSettings settings)
    {
        _connection = connection;
        _library = library;
        _settings = settings;
        Remote = remote;
        LegacyCommands();
    }

    private EndPoint Remote { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef connection, EndPoint remote, IActorRef library, FilesSettings settings) =>
        Akka.Actor.Props.Create(() => new FileSession(connection, remote, library, settings));

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        Context.Watch(_connection);
        _connection.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false, useResumeWriting: false));
        _connection.Tell(Tcp.ResumeReading.Instance);
        Context.SetReceiveTimeout(_settings.IdleTimeout);
    }

    protected override void PostStop()
    {
        // A session that stops for any reason takes its connection with it.
        if (!_closed)
            _connection.Tell(Tcp.Abort.Instance);
    }

    private void StartTransfer(Props props)
    {
        _transfer = Context.ActorOf(props);
        Context.Watch(_transfer);
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
            _connection.Tell(Tcp.Close.Instance);
            Become(Closing);
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
        _connection.Tell(Tcp.Close.Instance);
        Become(Closing);
    });

    private void StallCloses() => Receive<ReceiveTimeout>(_ =>
    {
        _log.Warning("files: {0} stalled mid-upload for {1}, discarding it", Remote, _settings.IdleTimeout);
        if (_uploadName is not null)
            _library.Tell(new AbandonUpload(_uploadName));
        Context.Stop(Self);
    });

    private void ConnectionEvents()
    {
        Receive<Tcp.ConnectionClosed>(_ =>
        {
            _closed = true;
            Context.Stop(Self);
        });
        Receive<Terminated>(t => Equals(t.ActorRef, _connection), _ =>
        {
            _closed = true;
            Context.Stop(Self);
        });
        Receive<Terminated>(_ => { });
        Receive<ControlSent>(_ => { });
        Receive<ChunkWritten>(_ => { });
        Receive<GapElapsed>(_ => { });
        Receive<QuietElapsed>(_ => { });
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
    }

    private void Closing()
    {
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        Receive<Tcp.Received>(_ => { });
        ConnectionEvents();
    }

    private void Write(byte[] bytes) => _connection.Tell(Tcp.Write.Create(ByteString.FromBytes(bytes)));

    private void ReplyAndRead(byte[] bytes)
    {
        Write(bytes);
        _connection.Tell(Tcp.ResumeReading.Instance);
    }

    /// <summary>Writes <paramref name="bytes"/>, waits until the socket took them, pauses the legacy gap, then runs <paramref name="then"/>.</summary>
    private void AfterGap(byte[] bytes, Action then)
    {
        _connection.Tell(Tcp.Write.Create(ByteString.FromBytes(bytes), ControlSent.Instance));
        Become(() =>
        {
            Receive<ControlSent>(_ =>
            {
                Timers.StartSingleTimer("gap", new GapElapsed(), _settings.LegacyGap);
                Become(() =>
                {
                    Receive<GapElapsed>(_ => then());
                    IdleCloses();
                    ConnectionEvents();
                });
            });
            IdleCloses();
            ConnectionEvents();
        });
    }
}
