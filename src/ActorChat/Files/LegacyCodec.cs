using System.Text;

namespace ActorChat.Files;

/// <summary>A request of the seed's protocol (PROTOCOLS.md §2), or the switch to our framed one.</summary>
public abstract record LegacyRequest
{
    public sealed record List : LegacyRequest;
    public sealed record Get(string Name) : LegacyRequest;
    public sealed record Put(string Name) : LegacyRequest;
    public sealed record Quit : LegacyRequest;
    /// <summary>
    /// `FRAMED 1` or `FRAMED 1 digest`: the rest of the connection speaks <see cref="FramedCodec"/>,
    /// checked with the named digest (<see cref="FileDigest"/>; none named: SHA-256).
    /// </summary>
    public sealed record SwitchToFramed(string? Digest = null) : LegacyRequest;
    public sealed record Unknown(string Reason) : LegacyRequest;
}

/// <summary>
/// The seed's wire format. Each request is one `send` of the stock client and so, after its
/// pauses, one read here; `nc` users add a line end, which is trimmed.
/// </summary>
public static class LegacyCodec
{
    public const string Ok = "OK";
    public const string EndMarker = "##";
    public const string NoSuchFile = "文件不存在";
    public const string FileExists = "文件已存在";
    public const string LibraryEmpty = "文件库为空";
    public const string FramedSwitch = "FRAMED 1";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static LegacyRequest Parse(ReadOnlySpan<byte> bytes)
    {
        // Our client may send its first framed request in the same write as the switch.
        if (bytes.StartsWith("FRAMED 1\n"u8))
            return new LegacyRequest.SwitchToFramed();
        if (bytes.StartsWith("FRAMED 1 "u8))
        {
            var nl = bytes.IndexOf((byte)'\n');
            var name = FramedCodec.Decode(nl < 0 ? bytes[9..] : bytes[9..nl]);
            return new LegacyRequest.SwitchToFramed(name?.TrimEnd('\r') ?? "");
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new LegacyRequest.Unknown("request is not UTF-8");
        }
        text = text.TrimEnd('\r', '\n');
        if (text == "L")
            return new LegacyRequest.List();
        if (text == "Q")
            return new LegacyRequest.Quit();
        if (text == FramedSwitch)
            return new LegacyRequest.SwitchToFramed();
        if (text.StartsWith("G ", StringComparison.Ordinal))
            return new LegacyRequest.Get(text[2..]);
        if (text.StartsWith("P ", StringComparison.Ordinal))
            return new LegacyRequest.Put(text[2..]);
        return new LegacyRequest.Unknown("unknown request: use L, G name, P name or Q");
    }

    /// <summary>Whether an upload read is the end marker: exactly `##`, as the seed compares it.</summary>
    public static bool IsEndMarker(ReadOnlySpan<byte> bytes) => bytes.Length == 2 && bytes[0] == '#' && bytes[1] == '#';

    /// <summary>The seed's listing: every name followed by a line end, sent in one write.</summary>
    public static byte[] Listing(IEnumerable<string> names)
    {
        var sb = new StringBuilder();
        foreach (var name in names)
            sb.Append(name).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A refusal for a name the library will not use, kept short for the stock client's recv(128).</summary>
    public static string BadName(string reason) => $"文件名不合法: {reason}";

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
