using System.Text;
using ActorChat.Chat;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class ChatCodecSpec
{
    private static IChatRequest Parse(string s) => ChatCodec.Parse(Encoding.UTF8.GetBytes(s), 1024);

    [Fact]
    public void L_name_is_a_join() => Assert.Equal(new JoinRequest("alice"), Parse("L alice"));

    [Fact]
    public void C_splits_on_the_first_two_spaces_like_the_seeds_split_with_maxsplit_2() =>
        Assert.Equal(new SayRequest("alice", "hello  big world "), Parse("C alice hello  big world "));

    [Fact]
    public void C_with_the_stock_clients_empty_line_is_an_empty_message() =>
        Assert.Equal(new SayRequest("alice", ""), Parse("C alice "));

    [Fact]
    public void C_without_text_is_an_empty_message() => Assert.Equal(new SayRequest("alice", ""), Parse("C alice"));

    [Fact]
    public void Q_name_is_a_quit() => Assert.Equal(new QuitRequest("alice"), Parse("Q alice"));

    [Fact]
    public void H_name_is_a_heartbeat() => Assert.Equal(new HeartbeatRequest("alice"), Parse("H alice"));

    [Theory]
    [InlineData("L alice\n")]
    [InlineData("L alice\r\n")]
    public void Netcat_line_ends_are_trimmed(string line) => Assert.Equal(new JoinRequest("alice"), Parse(line));

    [Fact]
    public void A_bare_L_is_a_join_with_an_empty_name_for_the_name_rules_to_refuse() =>
        Assert.Equal(new JoinRequest(""), Parse("L"));

    [Theory]
    [InlineData("", "空请求")]
    [InlineData("\n", "空请求")]
    [InlineData("X alice", "未知请求 X")]
    [InlineData("LOGIN alice", "未知请求 LOGIN")]
    [InlineData("l alice", "未知请求 l")]
    public void Malformed_requests_get_a_short_reason(string datagram, string expected)
    {
        var bad = Assert.IsType<MalformedRequest>(Parse(datagram));
        Assert.Contains(expected, bad.Reason);
        Assert.True(Encoding.UTF8.GetByteCount(bad.Reason) < 128);
    }

    [Fact]
    public void Non_utf8_is_malformed() =>
        Assert.Contains("UTF-8", Assert.IsType<MalformedRequest>(ChatCodec.Parse(new byte[] { 0x4C, 0x20, 0xFF, 0xFE }, 1024)).Reason);

    [Fact]
    public void Oversized_datagram_is_malformed_not_cut()
    {
        var big = Encoding.UTF8.GetBytes("C alice " + new string('x', 1100));
        Assert.Contains("1024", Assert.IsType<MalformedRequest>(ChatCodec.Parse(big, 1024)).Reason);
    }

    [Fact]
    public void Outputs_are_the_seeds_bytes()
    {
        Assert.Equal("OK"u8.ToArray(), ChatCodec.Encode(JoinOk.Instance));
        Assert.Equal("EXIT"u8.ToArray(), ChatCodec.Encode(Exit.Instance));
        Assert.Equal("该用户存在", Encoding.UTF8.GetString(ChatCodec.Encode(new JoinRefused(NameRules.NameTaken))));
        Assert.Equal("\n欢迎 bob 进入聊天室", Encoding.UTF8.GetString(ChatCodec.Encode(new MemberJoined("bob"))));
        Assert.Equal("\nbob 退出聊天室", Encoding.UTF8.GetString(ChatCodec.Encode(new MemberLeft("bob"))));
        Assert.Equal("\nbob: hi there", Encoding.UTF8.GetString(ChatCodec.Encode(new MemberSaid("bob", "hi there"))));
        Assert.Equal("\n管理员: closing soon", Encoding.UTF8.GetString(ChatCodec.Encode(new AdminNotice("closing soon"))));
    }

    [Fact]
    public void Requests_round_trip_through_the_client_encoder()
    {
        IChatRequest[] requests = [new JoinRequest("李雷"), new SayRequest("李雷", "你好 world"), new QuitRequest("李雷"), new HeartbeatRequest("李雷")];
        foreach (var request in requests)
            Assert.Equal(request, ChatCodec.Parse(ChatCodec.Encode(request), 1024));
    }
}
