using Akka.Actor;
using Akka.Event;

namespace ActorChat.Files;

/// <summary>What a session asks of the <see cref="FileLibrary"/>.</summary>
public interface IFileLibraryCommand;

public sealed record ListFiles : IFileLibraryCommand
{
    public static readonly ListFiles Instance = new();
}

public sealed record LibraryEntry(string Name, long Size);

public sealed record FileListing(IReadOnlyList<LibraryEntry> Entries);

/// <summary>Open <paramref name="Name"/> for reading; a framed download names the <paramref name="Digest"/> it will report.</summary>
public sealed record OpenForRead(string Name, FileDigest? Digest = null) : IFileLibraryCommand;

/// <summary>A digest and its value in lower-case hex.</summary>
public sealed record DigestValue(FileDigest Digest, string Hex);

/// <summary>
/// The file may be read from <paramref name="Path"/>; it had <paramref name="Length"/> bytes when granted.
/// <paramref name="Known"/> is the asked digest's value when the file is unchanged since the library last saw it hashed that way.
/// </summary>
public sealed record FileReadable(string Name, string Path, long Length, DateTime LastWriteUtc, DigestValue? Known);

/// <summary>A whole read of the file as it was at <paramref name="LastWriteUtc"/> hashed to <paramref name="Value"/>.</summary>
public sealed record RememberDigest(string Name, long Length, DateTime LastWriteUtc, DigestValue Value) : IFileLibraryCommand;

/// <summary>
/// Reserve <paramref name="Name"/> for an upload by the sender. <paramref name="Size"/> is known in
/// framed mode only; a <paramref name="Resumable"/> upload's partial file outlives a cut connection.
/// </summary>
public sealed record ReserveUpload(string Name, long? Size, bool Resumable) : IFileLibraryCommand;

/// <summary>Write to <paramref name="TempPath"/> from <paramref name="Offset"/> (bytes kept from an earlier attempt).</summary>
public sealed record UploadReserved(string Name, string TempPath, long Offset);

/// <summary>The sender's upload of <paramref name="Name"/> is complete: rename it into place. Framed uploads bring their digest.</summary>
public sealed record CommitUpload(string Name, DigestValue? Digest) : IFileLibraryCommand;

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

/// <summary>
/// <paramref name="Count"/> bytes from the client for the upload, at the start of <paramref name="Rented"/>, an array
/// rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>. The session read them straight into it and hands it
/// over with this message: only the upload touches it from then on, and it returns it to the pool once written.
/// </summary>
public sealed record UploadChunk(byte[] Rented, int Count) : IFileTransferMessage;

/// <summary>
/// The upload has put one more chunk on disk: the session may start one more read. It is no sign of
/// life from the client, so it leaves the session's idle timer alone.
/// </summary>
public sealed record ChunkWritten : IFileTransferMessage, INotInfluenceReceiveTimeout
{
    public static readonly ChunkWritten Instance = new();
}

/// <summary>A framed upload has read and written all its bytes from the session's socket, which is the session's again.</summary>
public sealed record UploadReceived : IFileTransferMessage
{
    public static readonly UploadReceived Instance = new();
}

/// <summary>The client sent nothing for the idle timeout in the middle of a framed upload.</summary>
public sealed record UploadStalled : IFileTransferMessage
{
    public static readonly UploadStalled Instance = new();
}

/// <summary>The client closed or reset the connection while a transfer had the socket.</summary>
public sealed record ClientClosed : IFileTransferMessage
{
    public static readonly ClientClosed Instance = new();
}

/// <summary>No more bytes: flush, and when <paramref name="Expected"/> is given, check it against the upload's digest.</summary>
public sealed record FinishUpload(string? Expected) : IFileTransferMessage;

/// <summary>The upload is flushed; <paramref name="Digest"/> is null when it was not hashed (legacy mode).</summary>
public sealed record UploadWritten(long Length, DigestValue? Digest) : IFileTransferMessage;

public sealed record DownloadFinished(long BytesSent, DigestValue? Digest) : IFileTransferMessage;

/// <summary>A transfer gave up; <paramref name="Text"/> is a short reason the client may see.</summary>
public sealed record TransferFailed(string Text) : IFileTransferMessage;
