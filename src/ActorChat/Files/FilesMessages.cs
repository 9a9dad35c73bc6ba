using Akka.Actor;
using Akka.IO;
using ByteString = Akka.IO.ByteString;

namespace ActorChat.Files;

/// <summary>What a session asks of the <see cref="FileLibrary"/>.</summary>
public interface IFileLibraryCommand;

public sealed record ListFiles : IFileLibraryCommand
{
    public static readonly ListFiles Instance = new();
}

public sealed record LibraryEntry(string Name, long Size);

public sealed record FileListing(IReadOnlyList<LibraryEntry> Entries);

public sealed record OpenForRead(string Name) : IFileLibraryCommand;

/// <summary>
/// The file may be read from <paramref name="Path"/>; it had <paramref name="Length"/> bytes when granted.
/// <paramref name="Sha256"/> is known when the file is unchanged since the library last saw it hashed.
/// </summary>
public sealed record FileReadable(string Name, string Path, long Length, DateTime LastWriteUtc, string? Sha256);

/// <summary>A whole read of the file as it was at <paramref name="LastWriteUtc"/> hashed to <paramref name="Sha256"/>.</summary>
public sealed record RememberSha256(string Name, long Length, DateTime LastWriteUtc, string Sha256) : IFileLibraryCommand;

/// <summary>
/// Reserve <paramref name="Name"/> for an upload by the sender. <paramref name="Size"/> is known in
/// framed mode only; a <paramref name="Resumable"/> upload's partial file outlives a cut connection.
/// </summary>
public sealed record ReserveUpload(string Name, long? Size, bool Resumable) : IFileLibraryCommand;

/// <summary>Write to <paramref name="TempPath"/> from <paramref name="Offset"/> (bytes kept from an earlier attempt).</summary>
public sealed record UploadReserved(string Name, string TempPath, long Offset);

/// <summary>The sender's upload of <paramref name="Name"/> is complete: rename it into place. Framed uploads bring their SHA-256.</summary>
public sealed record CommitUpload(string Name, string? Sha256) : IFileLibraryCommand;

public sealed record UploadCommitted(string Name);

/// <summary>Forget the sender's upload of <paramref name="Name"/> and delete what was written.</summary>
public sealed record AbandonUpload(string Name) : IFileLibraryCommand;

/// <summary>A partial upload kept for resuming has waited long enough.</summary>
internal sealed record ExpirePartial(string Name, int Generation) : IFileLibraryCommand;

public enum RefusalKind
{
    NoSuchFile,
    FileExists,
    BadName,
    TooLarge,
    DiskFull,
    Failed,
}

/// <summary>The library says no; <paramref name="Text"/> is the line the client sees.</summary>
public sealed record LibraryRefusal(RefusalKind Kind, string Text);

/// <summary>Messages between a session and its transfer child.</summary>
public interface IFileTransferMessage;

/// <summary>Bytes from the client for the upload.</summary>
public sealed record UploadChunk(ByteString Data) : IFileTransferMessage;

/// <summary>
/// The upload has put <paramref name="Bytes"/> more on disk: the session may read that much more.
/// It is no sign of life from the client, so it leaves the session's idle timer alone (re-arming
/// it on every chunk was a timer registration per read).
/// </summary>
public sealed record ChunkWritten(long Bytes) : IFileTransferMessage, INotInfluenceReceiveTimeout;

/// <summary>No more bytes: flush, and when <paramref name="ExpectedSha256"/> is given, check it.</summary>
public sealed record FinishUpload(string? ExpectedSha256) : IFileTransferMessage;

public sealed record UploadWritten(long Length, string Sha256) : IFileTransferMessage;

public sealed record DownloadFinished(long BytesSent, string? Sha256) : IFileTransferMessage;

/// <summary>A transfer gave up; <paramref name="Text"/> is a short reason the client may see.</summary>
public sealed record TransferFailed(string Text) : IFileTransferMessage;

/// <summary>The ack Akka.IO returns for one chunk of a download once the socket has taken it.</summary>
internal sealed class ChunkSent : Tcp.Event
{
    public static readonly ChunkSent Instance = new();
}

/// <summary>The ack for a control write the session waits on before its legacy pause.</summary>
internal sealed class ControlSent : Tcp.Event
{
    public static readonly ControlSent Instance = new();
}
