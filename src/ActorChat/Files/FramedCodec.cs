using System.Globalization;
using System.Text;

namespace ActorChat.Files;

/// <summary>A request of our framed protocol; see <see cref="FramedCodec"/>.</summary>
public abstract record FramedRequest
{
    public sealed record List : FramedRequest;
    /// <summary>Send <paramref name="Name"/> from byte <paramref name="Offset"/> (non-zero to resume).</summary>
    public sealed record Get(long Offset, string Name) : FramedRequest;
    /// <summary>Store <paramref name="Size"/> bytes as <paramref name="Name"/>; the reply says where to resume.</summary>
    public sealed record Put(long Size, string Name) : FramedRequest;
    public sealed record Quit : FramedRequest;
    public sealed record Bad(string Reason) : FramedRequest;
}

/// <summary>
/// Our own client's protocol after it sends `FRAMED 1 digest\n` (answer `OK FRAMED 1 digest\n`, or
/// `ERR unknown digest ...\n`; the connection stays as it was, and whatever came behind the refused
/// switch in the same write is dropped, so a client waits for the answer) or the original `FRAMED 1\n`
/// (answer `OK FRAMED 1\n`, digest SHA-256). The digest (<see cref="FileDigest"/>) then checks every
/// transfer of the session; its value is lower-case hex. Control lines end in `\n`; file bytes are
/// counted, never searched for a marker, so any content round-trips:
/// <code>
/// LIST\n                  → OK n\n then n lines "size name\n"
/// GET offset name\n       → OK size\n, bytes offset..size, END digest-of-whole-file\n  | ERR text\n
/// PUT size name\n         → OK offset\n (bytes already held from a cut upload) | ERR text\n
///   then size-offset bytes and END digest\n → DONE digest\n | ERR text\n
/// QUIT\n                  → the server closes
/// </code>
/// </summary>
public static class FramedCodec
{
    /// <summary>The answer to the original `FRAMED 1`, which names no digest.</summary>
    public const string Greeting = "OK FRAMED 1\n";
    /// <summary>Longest control line accepted: a 255-byte name plus the command and a number.</summary>
    public const int MaxLineBytes = 1024;

    /// <summary>The answer to a switch naming <paramref name="digest"/>; <see cref="Greeting"/> when it named none.</summary>
    public static string GreetingFor(FileDigest? digest) => digest is null ? Greeting : $"OK FRAMED 1 {digest.Name}\n";

    /// <summary>The refusal of a switch naming a digest this server does not offer; the name is cut short.</summary>
    public static byte[] UnknownDigest(string name) =>
        Error($"unknown digest '{(name.Length > 32 ? name[..32] + "…" : name)}': use {FileDigest.Names}");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static FramedRequest Parse(string line)
    {
        line = line.TrimEnd('\r');
        if (line == "LIST")
            return new FramedRequest.List();
        if (line == "QUIT")
            return new FramedRequest.Quit();
        var parts = line.Split(' ', 3);
        if (parts.Length == 3 && parts[0] is "GET" or "PUT")
        {
            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return new FramedRequest.Bad($"{parts[0]}: expected a byte count, got '{parts[1]}'");
            return parts[0] == "GET" ? new FramedRequest.Get(number, parts[2]) : new FramedRequest.Put(number, parts[2]);
        }
        return new FramedRequest.Bad("unknown request: use LIST, GET offset name, PUT size name or QUIT");
    }

    /// <summary>The trailer after an upload's bytes: `END value` of <paramref name="digest"/>; null when the line is anything else.</summary>
    public static string? ParseEnd(string line, FileDigest digest)
    {
        line = line.TrimEnd('\r');
        if (!line.StartsWith("END ", StringComparison.Ordinal))
            return null;
        var value = line[4..];
        return digest.IsValue(value) ? value.ToLowerInvariant() : null;
    }

    public static byte[] Line(string text) => Encoding.UTF8.GetBytes(text + "\n");

    public static byte[] Error(string text) => Line("ERR " + text);

    public static byte[] Listing(IReadOnlyList<(string Name, long Size)> entries)
    {
        var sb = new StringBuilder();
        sb.Append("OK ").Append(entries.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (name, size) in entries)
            sb.Append(size.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(name).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>One "size name" line of a listing.</summary>
    public static (string Name, long Size)? ParseListingLine(string line)
    {
        var space = line.IndexOf(' ');
        if (space <= 0 || !long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            return null;
        return (line[(space + 1)..], size);
    }

    /// <summary>A reply line `OK n`; null when it is not one (the caller shows the line).</summary>
    public static long? ParseOk(string line)
    {
        if (!line.StartsWith("OK ", StringComparison.Ordinal))
            return null;
        return long.TryParse(line.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    internal static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

/// <summary>
/// Bytes received but not yet consumed: control lines are cut out of it, and what follows a
/// `PUT` line in the same read is the start of the file. Bounded by <see cref="FramedCodec.MaxLineBytes"/>
/// plus one read.
/// </summary>
public sealed class FramedLineBuffer
{
    private byte[] _bytes = new byte[256];
    private int _start;
    private int _end;

    public int Count => _end - _start;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_end + data.Length > _bytes.Length)
        {
            var needed = Count + data.Length;
            var target = needed > _bytes.Length ? new byte[Math.Max(needed, _bytes.Length * 2)] : _bytes;
            Buffer.BlockCopy(_bytes, _start, target, 0, Count);
            _end = Count;
            _start = 0;
            _bytes = target;
        }
        data.CopyTo(_bytes.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>
    /// Takes one line without its `\n`. Returns false when no full line is buffered; then
    /// <paramref name="tooLong"/> tells whether the partial line is already over the limit.
    /// A line that is not UTF-8 comes back as null.
    /// </summary>
    public bool TryTakeLine(out string? line, out bool tooLong)
    {
        var span = _bytes.AsSpan(_start, Count);
        var nl = span.IndexOf((byte)'\n');
        if (nl < 0 || nl > FramedCodec.MaxLineBytes)
        {
            line = null;
            tooLong = nl > FramedCodec.MaxLineBytes || (nl < 0 && Count > FramedCodec.MaxLineBytes);
            return false;
        }
        line = FramedCodec.Decode(span[..nl]);
        _start += nl + 1;
        tooLong = false;
        Compact();
        return true;
    }

    /// <summary>Takes up to <paramref name="max"/> raw bytes (file data that arrived with a control line).</summary>
    public byte[] Take(long max)
    {
        var n = (int)Math.Min(max, Count);
        var taken = _bytes.AsSpan(_start, n).ToArray();
        _start += n;
        Compact();
        return taken;
    }

    private void Compact()
    {
        if (_start == _end)
            _start = _end = 0;
    }
}
