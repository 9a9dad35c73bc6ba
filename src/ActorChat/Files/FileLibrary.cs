using Akka.Actor;
using Akka.Event;

namespace ActorChat.Files;

/// <summary>
/// Owns the library folder: what is listed, which names are being uploaded, and the rename
/// that makes an upload visible. Uploads are written under the hidden `.partial/` folder and
/// renamed into place only when complete, so a listing never shows half a file; one name has at
/// most one uploader, so of two clients putting the same name one is refused.
/// </summary>
public sealed class FileLibrary : ReceiveActor, IWithTimers
{
    public const string PartialFolder = ".partial";

    private sealed record Reservation(string Name, IActorRef? Owner, long? Size, bool Resumable, string TempPath, int Generation);

    private readonly FilesSettings _settings;
    private readonly string _root;
    private readonly string _partial;
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);
    // Digests already computed, per file and digest, so a repeated framed download costs no hashing
    // here; a file changed behind the library's back no longer matches its length and write time.
    private readonly Dictionary<(string Name, FileDigest Digest), (long Length, DateTime LastWriteUtc, string Hex)> _hashes = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _generation;

    public FileLibrary(FilesSettings settings)
    {
        _settings = settings;
        Directory.CreateDirectory(settings.Root);
        _root = FileNames.RealFolder(settings.Root);
        _partial = Path.Combine(_root, PartialFolder);
        // Leftovers of a node that died mid-upload can never be resumed: their reservations died with it.
        if (Directory.Exists(_partial))
            Directory.Delete(_partial, recursive: true);
        Directory.CreateDirectory(_partial);

        Receive<ListFiles>(_ => Sender.Tell(new FileListing(Scan())));
        Receive<OpenForRead>(Open);
        Receive<ReserveUpload>(Reserve);
        Receive<CommitUpload>(Commit);
        Receive<AbandonUpload>(m => Abandon(m.Name, Sender));
        Receive<ExpirePartial>(Expire);
        Receive<RememberDigest>(m => _hashes[(m.Name, m.Value.Digest)] = (m.Length, m.LastWriteUtc, m.Value.Hex));
        Receive<Terminated>(OwnerGone);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FilesSettings settings) => Akka.Actor.Props.Create(() => new FileLibrary(settings));

    private List<LibraryEntry> Scan()
    {
        var entries = new List<LibraryEntry>();
        foreach (var path in Directory.EnumerateFileSystemEntries(_root))
        {
            var name = Path.GetFileName(path);
            if (FileNames.Problem(name, 255) is not null || FileNames.ResolveInside(_root, name) is not { } real)
                continue;
            var info = new FileInfo(real);
            if (info.Exists)
                entries.Add(new LibraryEntry(name, info.Length));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private void Open(OpenForRead m)
    {
        if (FileNames.Problem(m.Name, _settings.MaxNameBytes) is { } problem)
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.BadName, LegacyCodec.BadName(problem)));
            return;
        }
        var real = FileNames.ResolveInside(_root, m.Name);
        var info = real is null ? null : new FileInfo(real);
        if (info is not { Exists: true })
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.NoSuchFile, LegacyCodec.NoSuchFile));
            return;
        }
        var known = m.Digest is not null && _hashes.TryGetValue((m.Name, m.Digest), out var h)
            && h.Length == info.Length && h.LastWriteUtc == info.LastWriteTimeUtc
            ? new DigestValue(m.Digest, h.Hex)
            : null;
        Sender.Tell(new FileReadable(m.Name, info.FullName, info.Length, info.LastWriteTimeUtc, known));
    }

    private void Reserve(ReserveUpload m)
    {
        if (FileNames.Problem(m.Name, _settings.MaxNameBytes) is { } problem)
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.BadName, LegacyCodec.BadName(problem)));
            return;
        }
        var final = Path.Combine(_root, m.Name);
        if (File.Exists(final) || Directory.Exists(final) || new FileInfo(final).LinkTarget is not null)
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.FileExists, LegacyCodec.FileExists));
            return;
        }
        if (m.Size > _settings.MaxFileBytes)
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.TooLarge, $"文件过大: the limit is {_settings.MaxFileBytes} bytes"));
            return;
        }
        if (FreeBytes() - (m.Size ?? 0) < _settings.FreeDiskFloorBytes)
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.DiskFull, "磁盘空间不足: not enough free disk"));
            return;
        }

        long offset = 0;
        if (_reservations.TryGetValue(m.Name, out var held))
        {
            // A live uploader holds the name: the seed's answer, the name is taken.
            var resumable = held.Owner is null && m.Resumable && held.Resumable && held.Size == m.Size;
            if (held.Owner is not null)
            {
                Sender.Tell(new LibraryRefusal(RefusalKind.FileExists, LegacyCodec.FileExists));
                return;
            }
            if (resumable && File.Exists(held.TempPath))
                offset = new FileInfo(held.TempPath).Length;
            else
                DeleteQuietly(held.TempPath);
        }

        var reservation = new Reservation(m.Name, Sender, m.Size, m.Resumable, Path.Combine(_partial, m.Name), ++_generation);
        _reservations[m.Name] = reservation;
        Context.Watch(Sender);
        if (offset > 0)
            _log.Info("files: resuming upload of {0} at byte {1}", m.Name, offset);
        Sender.Tell(new UploadReserved(m.Name, reservation.TempPath, offset));
    }

    private void Commit(CommitUpload m)
    {
        if (!_reservations.TryGetValue(m.Name, out var held) || !Equals(held.Owner, Sender))
        {
            Sender.Tell(new LibraryRefusal(RefusalKind.Failed, "no upload in progress for this name"));
            return;
        }
        _reservations.Remove(m.Name);
        ForgetOwnerIfIdle(Sender);
        try
        {
            // No overwrite: a file copied into the folder meanwhile wins over the upload.
            var final = Path.Combine(_root, m.Name);
            File.Move(held.TempPath, final, overwrite: false);
            _log.Info("files: stored {0}", m.Name);
            var stored = new FileInfo(final);
            foreach (var digest in FileDigest.All)
                _hashes.Remove((m.Name, digest));
            if (m.Digest is not null)
                _hashes[(m.Name, m.Digest.Digest)] = (stored.Length, stored.LastWriteTimeUtc, m.Digest.Hex);
            Sender.Tell(new UploadCommitted(m.Name));
        }
        catch (IOException e)
        {
            DeleteQuietly(held.TempPath);
            var exists = File.Exists(Path.Combine(_root, m.Name));
            _log.Warning("files: could not store {0}: {1}", m.Name, e.Message);
            Sender.Tell(exists
                ? new LibraryRefusal(RefusalKind.FileExists, LegacyCodec.FileExists)
                : new LibraryRefusal(RefusalKind.Failed, "could not store the file"));
        }
    }

    private void Abandon(string name, IActorRef owner)
    {
        if (!_reservations.TryGetValue(name, out var held) || !Equals(held.Owner, owner))
            return;
        _reservations.Remove(name);
        DeleteQuietly(held.TempPath);
        ForgetOwnerIfIdle(owner);
    }

    private void OwnerGone(Terminated t)
    {
        foreach (var held in _reservations.Values.Where(r => Equals(r.Owner, t.ActorRef)).ToList())
        {
            if (held.Resumable)
            {
                // The client may come back with the same PUT and carry on from what was written.
                _reservations[held.Name] = held with { Owner = null };
                Timers.StartSingleTimer($"expire {held.Name}", new ExpirePartial(held.Name, held.Generation), _settings.ResumeKeep);
            }
            else
            {
                _reservations.Remove(held.Name);
                DeleteQuietly(held.TempPath);
            }
        }
    }

    private void Expire(ExpirePartial m)
    {
        if (_reservations.TryGetValue(m.Name, out var held) && held.Owner is null && held.Generation == m.Generation)
        {
            _reservations.Remove(m.Name);
            DeleteQuietly(held.TempPath);
            _log.Info("files: discarded the partial upload of {0}", m.Name);
        }
    }

    private void ForgetOwnerIfIdle(IActorRef owner)
    {
        if (!_reservations.Values.Any(r => Equals(r.Owner, owner)))
            Context.Unwatch(owner);
    }

    private long FreeBytes()
    {
        try
        {
            return new DriveInfo(_root).AvailableFreeSpace;
        }
        catch (Exception)
        {
            return long.MaxValue;
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            _log.Warning("files: could not delete {0}: {1}", path, e.Message);
        }
    }
}
