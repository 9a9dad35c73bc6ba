using System.Text;

namespace ActorChat.Chat;

/// <summary>
/// The seed's chat protocol as pure functions: datagram bytes to <see cref="IChatRequest"/>, and
/// <see cref="IChatOutput"/> to datagram bytes, byte for byte what the stock client expects.
/// </summary>
public static class ChatCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IChatRequest Parse(ReadOnlySpan<byte> datagram, int maxBytes)
    {
        if (datagram.Length > maxBytes)
            return new MalformedRequest($"错误: 请求太长 (request over {maxBytes} bytes)");
        string text;
        try
        {
            text = StrictUtf8.GetString(datagram);
        }
        catch (DecoderFallbackException)
        {
            return new MalformedRequest("错误: 请求不是 UTF-8 文本 (not UTF-8)");
        }

        // nc sends its line with "\n" or "\r\n"; the stock client sends none.
        text = text.TrimEnd('\r', '\n');
        if (text.Length == 0)
            return new MalformedRequest("错误: 空请求 (empty request)");

        var verb = text[0];
        if (text.Length > 1 && text[1] != ' ')
            return Unknown(text);
        var rest = text.Length > 2 ? text[2..] : "";
        switch (verb)
        {
            case 'L':
                return new JoinRequest(rest);
            case 'Q':
                return new QuitRequest(rest);
            case 'H':
                return new HeartbeatRequest(rest);
            case 'C':
                // The seed splits on the first two spaces: everything after the name is the text.
                var space = rest.IndexOf(' ');
                return space < 0 ? new SayRequest(rest, "") : new SayRequest(rest[..space], rest[(space + 1)..]);
            default:
                return Unknown(text);
        }
    }

    private static MalformedRequest Unknown(string text)
    {
        var word = text.Split(' ', 2)[0];
        if (word.Length > 8)
            word = word[..8] + "…";
        return new MalformedRequest($"错误: 未知请求 {word} (expected L, C or Q)");
    }

    public static string Text(IChatOutput output) => output switch
    {
        JoinOk => "OK",
        JoinRefused r => r.Reason,
        Exit => "EXIT",
        MemberJoined j => $"\n欢迎 {j.Name} 进入聊天室",
        MemberLeft l => $"\n{l.Name} 退出聊天室",
        MemberSaid s => $"\n{s.Name}: {s.Text}",
        AdminNotice a => $"\n管理员: {a.Text}",
        ChatError e => $"\n{e.Text}",
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "not a chat output"),
    };

    public static byte[] Encode(IChatOutput output) => Encoding.UTF8.GetBytes(Text(output));

    /// <summary>Requests as a client writes them (our console client, tests and the load generator).</summary>
    public static byte[] Encode(IChatRequest request) => Encoding.UTF8.GetBytes(request switch
    {
        JoinRequest j => $"L {j.Name}",
        SayRequest s => $"C {s.Name} {s.Text}",
        QuitRequest q => $"Q {q.Name}",
        HeartbeatRequest h => $"H {h.Name}",
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "not a request a client sends"),
    });
}
