using Akka.Actor;
using Akka.IO;

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
                _library.Tell(new OpenForRead(g.Name, _digest));
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
            StartTransfer(FileDownload.Props(_connection, Self, file.Path, offset, _digest, file.Known, _settings));
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
            StartTransfer(FileUpload.Props(Self, reserved.TempPath, reserved.Offset, _digest, _settings));
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

    /// <summary>Reads on while file bytes are due; once all have arrived, the next line must be `END digest`.</summary>
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
                FailUpload($"expected END {_digest.Name} after the file");
            else
                _connection.Tell(Tcp.ResumeReading.Instance);
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
}
