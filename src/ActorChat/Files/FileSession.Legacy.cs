using System.Buffers;
using ActorChat.Sockets;
using Akka.Actor;

namespace ActorChat.Files;

/// <summary>The seed's protocol: L, G name, P name, Q, with the pauses its client relies on.</summary>
public sealed partial class FileSession
{
    private void LegacyCommands()
    {
        Receive<SocketRead>(_ =>
        {
            // The seed's server takes each recv as one request; so does this state.
            if (!TakeRead(out var buffer, out var count))
                return;
            var data = buffer.AsSpan(0, count);
            switch (LegacyCodec.Parse(data.ToArray()))
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
                    Close();
                    break;
                case LegacyRequest.SwitchToFramed s:
                    var digest = s.Digest is null ? FileDigest.Sha256 : FileDigest.Parse(s.Digest);
                    if (digest is null)
                    {
                        // Still the legacy state: the client may try again with a digest we offer.
                        ReplyAndRead(FramedCodec.UnknownDigest(s.Digest!));
                        break;
                    }
                    _framedMode = true;
                    _digest = digest;
                    var switchLine = data.IndexOf((byte)'\n');
                    if (switchLine >= 0)
                        _framed.Append(data[(switchLine + 1)..]);
                    Write(FramedCodec.Line(FramedCodec.GreetingFor(s.Digest is null ? null : digest).TrimEnd('\n')));
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
            StartDownload(file, 0, digest: null);
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
            _uploadName = null;
            ReplyAndRead(LegacyCodec.Text(refusal.Text));
            Become(LegacyCommands);
        });
        Receive<UploadReserved>(reserved =>
        {
            Write(LegacyCodec.Text(LegacyCodec.Ok));
            StartTransfer(FileUpload.Props(Self, reserved.TempPath, 0, digest: null, _settings));
            _chunksInFlight = 0;
            Become(LegacyUploading);
            ReadUploadIfRoom();
        });
        IdleCloses();
        ConnectionEvents();
    }

    private void LegacyUploading()
    {
        Receive<SocketRead>(_ =>
        {
            if (!TakeRead(out var buffer, out var count))
                return;
            var endsWithMarker = count >= 2 && buffer[count - 2] == (byte)'#' && buffer[count - 1] == (byte)'#';
            if (_markerHeld)
            {
                // More came after a held `##`: it was file content after all.
                _markerHeld = false;
                Timers.Cancel("quiet");
                ToUpload(EndMarkerBytes);
            }
            if (count == 2 && endsWithMarker)
            {
                // The seed's rule: a read that is exactly `##`, after the client's pause, ends the file.
                ArrayPool<byte>.Shared.Return(buffer);
                FinishLegacyUpload();
                return;
            }
            if (endsWithMarker)
            {
                // The client's pause was shorter than our backlog, so its `##` may have run into
                // the data: hold it back, and call it the marker if the client then stays quiet.
                ToUpload(buffer, count - 2);
                _markerHeld = true;
                Timers.StartSingleTimer("quiet", new QuietElapsed(), _settings.LegacyEndQuiet);
            }
            else
            {
                ToUpload(buffer, count);
            }
            ReadUploadIfRoom();
        });
        Receive<QuietElapsed>(_ => _markerHeld, _ => FinishLegacyUpload());
        Receive<ChunkWritten>(_ =>
        {
            _chunksInFlight--;
            ReadUploadIfRoom();
        });
        StallCloses();
        TransferEvents();
    }

    private void FinishLegacyUpload()
    {
        _markerHeld = false;
        Timers.Cancel("quiet");
        _transfer!.Tell(new FinishUpload(Expected: null));
        Become(AwaitUploadWritten);
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
        Become(LegacyCommands);
        ReadRequest();
    }
}
