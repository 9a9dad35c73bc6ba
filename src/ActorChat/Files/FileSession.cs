using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Files;

/// <summary>
/// One client connection running the file protocol as states (<see cref="ReceiveActor.Become(Action)"/>):
/// waiting for a request, sending a listing, streaming a download, receiving an upload. It
/// starts in the seed's legacy protocol; a first request `FRAMED 1` switches to <see cref="FramedCodec"/>.
/// The connection reads in pull mode: the session (or its upload) asks for each next read, so
/// nothing queues up while a request is being served.
/// </summary>
public sealed class FileSession : ReceiveActor, IWithTimers
{
    private sealed record GapElapsed;

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

    public FileSession(IActorRef connection, EndPoint remote, IActorRef library, FilesSettings settings)
    {
        _connection = connection;
        _library = library;
        _settings = settings;
        Remote = remote;
        LegacyCommands();
    }

    private bool _framedMode;
    private bool _closed;

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

    // ---------------------------------------------------------------- legacy (the seed's protocol)

    private void LegacyCommands()
    {
            Receive<Tcp.Received>(r =>
            {
                switch (LegacyCodec.Parse(r.Data.ToArray()))
                {
                    case LegacyRequest.List:
                        _library.Tell(ListFiles.Instance);
                        Become(LegacyListing);
                        break;
                    case LegacyRequest.Get g:
                        _library.Tell(new OpenForRead(g.Name));
                        Become(LegacyOpening);
                        break;
                    case LegacyRequest.Put p:
                        _uploadName = p.Name;
                        _library.Tell(new ReserveUpload(p.Name, Size: null, Resumable: false));
                        Become(LegacyReserving);
                        break;
                    case LegacyRequest.Quit:
                        _connection.Tell(Tcp.Close.Instance);
                        Become(Closing);
                        break;
                    case LegacyRequest.SwitchToFramed:
                        _framedMode = true;
                        var switchLine = r.Data.IndexOf((byte)'\n');
                        if (switchLine >= 0 && switchLine + 1 < r.Data.Count)
                            _framed.Append(r.Data.Slice(switchLine + 1).ToArray());
                        Write(FramedCodec.Line(FramedCodec.Greeting.TrimEnd('\n')));
                        ToFramedCommands();
                        break;
                    case LegacyRequest.Unknown u:
                        ReplyAndRead(LegacyCodec.Text(u.Reason));
                        break;
                }
            });
            IdleCloses();
            ConnectionEvents();
    }

    private void LegacyListing()
    {
        Receive<FileListing>(listing =>
        {
            if (listing.Entries.Count == 0)
            {
                ReplyAndRead(LegacyCodec.Text(LegacyCodec.LibraryEmpty));
                Become(LegacyCommands);
                return;
            }
            // The stock client reads `OK` with recv(128), then the list with one recv(4096): keep them apart.
            var names = LegacyCodec.Listing(listing.Entries.Select(e => e.Name));
            AfterGap(LegacyCodec.Text(LegacyCodec.Ok), () =>
            {
                ReplyAndRead(names);
                Become(LegacyCommands);
            });
        });
        IdleCloses();
        ConnectionEvents();
    }

    private void LegacyOpening()
    {
        Receive<LibraryRefusal>(refusal =>
        {
            ReplyAndRead(LegacyCodec.Text(refusal.Text));
            Become(LegacyCommands);
        });
        Receive<FileReadable>(file => AfterGap(LegacyCodec.Text(LegacyCodec.Ok), () =>
        {
            StartTransfer(FileDownload.Props(_connection, Self, file.Path, 0, hash: false, knownSha256: null, _settings));
            Become(() =>
            {
                Receive<DownloadFinished>(_ =>
                {
                    _transfer = null;
                    // The stock client stops only on a read that is exactly `##`: let the data drain first.
                    Timers.StartSingleTimer("gap", new GapElapsed(), _settings.LegacyGap);
                    Become(() =>
                    {
                        Receive<GapElapsed>(_ =>
                        {
                            ReplyAndRead(LegacyCodec.Text(LegacyCodec.EndMarker));
                            Become(LegacyCommands);
                        });
                        ConnectionEvents();
                    });
                });
                TransferEvents();
            });
        }));
        IdleCloses();
        ConnectionEvents();
    }

    private void LegacyReserving()
    {
        Receive<LibraryRefusal>(refusal =>
        {
            ReplyAndRead(LegacyCodec.Text(refusal.Text));
            Become(LegacyCommands);
        });
        Receive<UploadReserved>(reserved =>
        {
            Write(LegacyCodec.Text(LegacyCodec.Ok));
            StartTransfer(FileUpload.Props(_connection, Self, reserved.TempPath, 0, hash: false, _settings));
            _uploadInFlight = 0;
            _readingHeld = false;
            _connection.Tell(Tcp.ResumeReading.Instance);
            Become(() =>
            {
                Receive<Tcp.Received>(r =>
                {
                    // The seed's rule: a read that is exactly `##`, after the client's pause, ends the file.
                    if (r.Data.Count == 2 && r.Data[0] == (byte)'#' && r.Data[1] == (byte)'#')
                    {
                        _transfer!.Tell(new FinishUpload(ExpectedSha256: null));
                        Become(AwaitUploadWritten);
                    }
                    else
                    {
                        ToUpload(r.Data);
                        ReadIfRoom();
                    }
                });
                UploadWindow(() => true);
                StallCloses();
                TransferEvents();
            });
        });
        IdleCloses();
        ConnectionEvents();
    }

    private void AwaitUploadWritten()
    {
        Receive<UploadWritten>(_ =>
        {
            _transfer = null;
            _library.Tell(new CommitUpload(_uploadName!, null));
            Become(() =>
            {
                Receive<UploadCommitted>(_ => EndUpload(null));
                Receive<LibraryRefusal>(refusal => EndUpload(refusal.Text));
                ConnectionEvents();
            });
        });
        TransferEvents();
    }

    /// <summary>The seed answers nothing after a stored upload; a failure can only be a line before the next request.</summary>
    private void EndUpload(string? failure)
    {
        _uploadName = null;
        if (failure is not null)
            Write(LegacyCodec.Text(failure));
        _connection.Tell(Tcp.ResumeReading.Instance);
        Become(LegacyCommands);
    }

    // ---------------------------------------------------------------- framed (our client's protocol)

    private void ToFramedCommands()
    {
        Become(FramedCommands);
        NextFramedRequest();
    }

    private void FramedCommands()
    {
        Receive<Tcp.Received>(r =>
        {
            _framed.Append(r.Data.ToArray());
            NextFramedRequest();
        });
        IdleCloses();
        ConnectionEvents();
    }

    /// <summary>Serves the next buffered request line, or reads more when none is complete.</summary>
    private void NextFramedRequest()
    {
        if (!_framed.TryTakeLine(out var line, out var tooLong))
        {
            if (tooLong)
            {
                Write(FramedCodec.Error("request line too long"));
                _connection.Tell(Tcp.Close.Instance);
                Become(Closing);
                return;
            }
            _connection.Tell(Tcp.ResumeReading.Instance);
            return;
        }
        var request = line is null ? new FramedRequest.Bad("request is not UTF-8") : FramedCodec.Parse(line);
        switch (request)
        {
            case FramedRequest.List:
                _library.Tell(ListFiles.Instance);
                Become(() =>
                {
                    Receive<FileListing>(listing =>
                    {
                        Write(FramedCodec.Listing(listing.Entries.Select(e => (e.Name, e.Size)).ToList()));
                        ToFramedCommands();
                    });
                    ConnectionEvents();
                });
                break;
            case FramedRequest.Get g:
                _library.Tell(new OpenForRead(g.Name));
                Become(() => FramedOpening(g.Offset));
                break;
            case FramedRequest.Put p:
                _uploadName = p.Name;
                _library.Tell(new ReserveUpload(p.Name, p.Size, Resumable: true));
                Become(() => FramedReserving(p.Size));
                break;
            case FramedRequest.Quit:
                _connection.Tell(Tcp.Close.Instance);
                Become(Closing);
                break;
            case FramedRequest.Bad bad:
                Write(FramedCodec.Error(bad.Reason));
                NextFramedRequest();
                break;
        }
    }

    private void FramedOpening(long offset)
    {
        Receive<LibraryRefusal>(refusal =>
        {
            Write(FramedCodec.Error(refusal.Text));
            ToFramedCommands();
        });
        Receive<FileReadable>(file =>
        {
            if (offset > file.Length)
            {
                Write(FramedCodec.Error($"offset {offset} is past the end ({file.Length} bytes)"));
                ToFramedCommands();
                return;
            }
            Write(FramedCodec.Line($"OK {file.Length}"));
            StartTransfer(FileDownload.Props(_connection, Self, file.Path, offset, hash: true, file.Sha256, _settings));
            Become(() =>
            {
                Receive<DownloadFinished>(done =>
                {
                    _transfer = null;
                    if (file.Sha256 is null && done.Sha256 is not null)
                        _library.Tell(new RememberSha256(file.Name, file.Length, file.LastWriteUtc, done.Sha256));
                    Write(FramedCodec.Line($"END {done.Sha256}"));
                    ToFramedCommands();
                });
                TransferEvents();
            });
        });
        ConnectionEvents();
    }

    private void FramedReserving(long size)
    {
        Receive<LibraryRefusal>(refusal =>
        {
            _uploadName = null;
            Write(FramedCodec.Error(refusal.Text));
            ToFramedCommands();
        });
        Receive<UploadReserved>(reserved =>
        {
            Write(FramedCodec.Line($"OK {reserved.Offset}"));
            StartTransfer(FileUpload.Props(_connection, Self, reserved.TempPath, reserved.Offset, hash: true, _settings));
            _uploadRemaining = size - reserved.Offset;
            _uploadInFlight = 0;
            _readingHeld = false;
            Become(FramedUploading);
            // Bytes that came in the same read as the PUT line are the start of the file.
            if (_framed.Count > 0 && _uploadRemaining > 0)
            {
                var head = _framed.Take(_uploadRemaining);
                _uploadRemaining -= head.Length;
                ToUpload(ByteString.FromBytes(head));
            }
            AfterPayload();
        });
        ConnectionEvents();
    }

    private void FramedUploading()
    {
        Receive<Tcp.Received>(r =>
        {
            var data = r.Data;
            if (_uploadRemaining >= data.Count)
            {
                _uploadRemaining -= data.Count;
                if (data.Count > 0)
                    ToUpload(data);
            }
            else
            {
                // The read holds the end of the file and the start of the trailer.
                var payload = (int)_uploadRemaining;
                _uploadRemaining = 0;
                if (payload > 0)
                    ToUpload(data.Slice(0, payload));
                _framed.Append(data.Slice(payload).ToArray());
            }
            AfterPayload();
        });
        UploadWindow(() => _uploadRemaining > 0);
        StallCloses();
        TransferEvents();
    }

    /// <summary>Reads on while file bytes are due; once all have arrived, the next line must be `END sha256`.</summary>
    private void AfterPayload()
    {
        if (_uploadRemaining > 0)
        {
            ReadIfRoom();
            return;
        }
        if (!_framed.TryTakeLine(out var line, out var tooLong))
        {
            if (tooLong)
                FailUpload("expected END sha256 after the file");
            else
                _connection.Tell(Tcp.ResumeReading.Instance);
            return;
        }
        if (line is null || FramedCodec.ParseEnd(line) is not { } sha)
        {
            FailUpload("expected END sha256 after the file");
            return;
        }
        _transfer!.Tell(new FinishUpload(sha));
        Become(() =>
        {
            Receive<UploadWritten>(written =>
            {
                _transfer = null;
                _library.Tell(new CommitUpload(_uploadName!, written.Sha256));
                Become(() =>
                {
                    Receive<UploadCommitted>(_ =>
                    {
                        _uploadName = null;
                        Write(FramedCodec.Line($"DONE {written.Sha256}"));
                        ToFramedCommands();
                    });
                    Receive<LibraryRefusal>(refusal =>
                    {
                        _uploadName = null;
                        Write(FramedCodec.Error(refusal.Text));
                        ToFramedCommands();
                    });
                    ConnectionEvents();
                });
            });
            TransferEvents();
        });
    }

    /// <summary>Hands bytes to the upload and counts them until it says they are on disk.</summary>
    private void ToUpload(ByteString data)
    {
        _uploadInFlight += data.Count;
        _transfer!.Tell(new UploadChunk(data));
    }

    /// <summary>Asks for the next read unless a window of bytes is still on its way to disk.</summary>
    private void ReadIfRoom()
    {
        if (_uploadInFlight < UploadWindowBytes)
            _connection.Tell(Tcp.ResumeReading.Instance);
        else
            _readingHeld = true;
    }

    private void UploadWindow(Func<bool> wantsMore) => Receive<ChunkWritten>(written =>
    {
        _uploadInFlight -= written.Bytes;
        if (_readingHeld && _uploadInFlight < UploadWindowBytes && wantsMore())
        {
            _readingHeld = false;
            _connection.Tell(Tcp.ResumeReading.Instance);
        }
    });

    private long UploadWindowBytes => (long)_settings.ChunkBytes * _settings.ChunksInFlight;

    private void FailUpload(string text)
    {
        Write(FramedCodec.Error(text));
        _library.Tell(new AbandonUpload(_uploadName!));
        _connection.Tell(Tcp.Close.Instance);
        Become(Closing);
    }

    // ---------------------------------------------------------------- shared

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
