using ActorChat.Sockets;
using Akka.Actor;

namespace ActorChat.Files;

/// <summary>Our client's protocol: counted bytes, the digest agreed at the switch, and resume offsets.</summary>
public sealed partial class FileSession
{
    private void ToFramedCommands()
    {
        Become(FramedCommands);
        NextFramedRequest();
    }

    private void FramedCommands()
    {
        Receive<SocketRead>(_ =>
        {
            if (TakeRequestBytes())
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
                Close();
                return;
            }
            ReadRequest();
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
                _library.Tell(new OpenForRead(g.Name, _digest));
                Become(() => FramedOpening(g.Offset));
                break;
            case FramedRequest.Put p:
                _uploadName = p.Name;
                _library.Tell(new ReserveUpload(p.Name, p.Size, Resumable: true));
                Become(() => FramedReserving(p.Size));
                break;
            case FramedRequest.Quit:
                Close();
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
            StartDownload(file, offset, _digest);
            Become(() =>
            {
                Receive<DownloadFinished>(done =>
                {
                    _transfer = null;
                    if (file.Known is null && done.Digest is not null)
                        _library.Tell(new RememberDigest(file.Name, file.Length, file.LastWriteUtc, done.Digest));
                    Write(FramedCodec.Line($"END {done.Digest?.Hex}"));
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
            // Bytes that came in the same read as the PUT line are the start of the file; the upload reads the rest.
            var remaining = Math.Max(0, size - reserved.Offset);
            var head = _framed.Take(remaining);
            StartTransfer(FileUpload.FromSocket(Self, reserved.TempPath, reserved.Offset, _digest, _settings, _socket, head, remaining - head.Length));
            Become(FramedUploading);
        });
        ConnectionEvents();
    }

    /// <summary>The upload has the socket's reading side until it has all the file's bytes.</summary>
    private void FramedUploading()
    {
        Receive<UploadReceived>(_ =>
        {
            Become(FramedTrailer);
            NextTrailerLine();
        });
        Receive<ClientClosed>(_ => Context.Stop(Self));
        Receive<UploadStalled>(_ => Stalled());
        TransferEvents();
    }

    private void FramedTrailer()
    {
        Receive<SocketRead>(_ =>
        {
            if (TakeRequestBytes())
                NextTrailerLine();
        });
        StallCloses();
        TransferEvents();
    }

    private void NextTrailerLine()
    {
        if (!_framed.TryTakeLine(out var line, out var tooLong))
        {
            if (tooLong)
                FailUpload($"expected END {_digest.Name} after the file");
            else
                ReadRequest();
            return;
        }
        if (line is null || FramedCodec.ParseEnd(line, _digest) is not { } expected)
        {
            FailUpload($"expected END {_digest.Name} after the file");
            return;
        }
        _transfer!.Tell(new FinishUpload(expected));
        Become(() =>
        {
            Receive<UploadWritten>(written =>
            {
                _transfer = null;
                _library.Tell(new CommitUpload(_uploadName!, written.Digest));
                Become(() =>
                {
                    Receive<UploadCommitted>(_ =>
                    {
                        _uploadName = null;
                        Write(FramedCodec.Line($"DONE {written.Digest?.Hex}"));
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

    private void FailUpload(string text)
    {
        Write(FramedCodec.Error(text));
        _library.Tell(new AbandonUpload(_uploadName!));
        Close();
    }
}
