using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Chat;

/// <summary>The seed's chat client's exact exchange against a real node over real UDP.</summary>
public sealed class ChatEndToEndSpec(ChatNodeFixture fixture) : IClassFixture<ChatNodeFixture>
{
    private UdpChatClient Client() => new(fixture.Chat);

    [Fact]
    public async Task Three_stock_clients_login_chat_and_quit_with_the_seeds_bytes()
    {
        using var alice = Client();
        using var bob = Client();
        using var carol = Client();

        Assert.Equal("OK", await alice.Login("e2e-alice"));
        Assert.Equal("OK", await bob.Login("e2e-bob"));
        Assert.Equal("\n欢迎 e2e-bob 进入聊天室", await alice.Receive());
        Assert.Equal("OK", await carol.Login("e2e-carol"));
        Assert.Equal("\n欢迎 e2e-carol 进入聊天室", await alice.Receive());
        Assert.Equal("\n欢迎 e2e-carol 进入聊天室", await bob.Receive());

        alice.Send("C e2e-alice hello, 大家好");
        Assert.Equal("\ne2e-alice: hello, 大家好", await bob.Receive());
        Assert.Equal("\ne2e-alice: hello, 大家好", await carol.Receive());

        carol.Send("Q e2e-carol");
        Assert.Equal("EXIT", await carol.Receive());
        Assert.Equal("\ne2e-carol 退出聊天室", await alice.Receive());
        Assert.Equal("\ne2e-carol 退出聊天室", await bob.Receive());

        bob.Send("C e2e-bob still here");
        Assert.Equal("\ne2e-bob: still here", await alice.Receive());
        Assert.True(await carol.Quiet(300), "the leaver must not get messages after EXIT");
        Assert.True(await bob.Quiet(100), "the speaker does not get its own message");

        alice.Send("Q e2e-alice");
        Assert.Equal("EXIT", await alice.Receive());
        Assert.Equal("\ne2e-alice 退出聊天室", await bob.Receive());
        bob.Send("Q e2e-bob");
        Assert.Equal("EXIT", await bob.Receive());
    }

    [Fact]
    public async Task Do_login_refuses_a_taken_name_with_the_seeds_text_and_the_client_may_try_again()
    {
        using var first = Client();
        using var second = Client();
        Assert.Equal("OK", await first.Login("e2e-dup"));
        Assert.Equal("该用户存在", await second.Login("e2e-dup"));
        Assert.Equal("OK", await second.Login("e2e-dup2"));
        Assert.Equal("\n欢迎 e2e-dup2 进入聊天室", await first.Receive());
        first.Send("Q e2e-dup");
        second.Send("Q e2e-dup2");
    }

    [Fact]
    public async Task A_garbage_burst_from_a_fourth_socket_changes_nothing_for_the_members()
    {
        using var alice = Client();
        using var bob = Client();
        using var mallory = Client();
        Assert.Equal("OK", await alice.Login("e2e-g-alice"));
        Assert.Equal("OK", await bob.Login("e2e-g-bob"));
        Assert.Equal("\n欢迎 e2e-g-bob 进入聊天室", await alice.Receive());

        byte[][] garbage =
        [
            [], [0xFF, 0xFE, 0x00], "X"u8.ToArray(), "C"u8.ToArray(), "Q"u8.ToArray(), "C e2e-g-alice I am alice"u8.ToArray(),
            "Q e2e-g-bob"u8.ToArray(), new byte[1500], "\n"u8.ToArray(), "L 管理员"u8.ToArray(),
        ];
        for (var round = 0; round < 20; round++)
            foreach (var datagram in garbage)
                mallory.Send(datagram);

        // Every bad datagram is answered to its sender with a short error; the first few tell why.
        Assert.Contains("空请求", await mallory.Receive());
        Assert.Contains("UTF-8", await mallory.Receive());
        Assert.Contains("未知请求 X", await mallory.Receive());

        alice.Send("C e2e-g-alice after the storm");
        Assert.Equal("\ne2e-g-alice: after the storm", await bob.Receive());
        Assert.True(await alice.Quiet(300), "members saw none of the garbage");
        bob.Send("C e2e-g-bob me too");
        Assert.Equal("\ne2e-g-bob: me too", await alice.Receive());
        alice.Send("Q e2e-g-alice");
        bob.Send("Q e2e-g-bob");
    }

    [Fact]
    public async Task Impersonation_over_the_wire_is_refused_and_the_victim_stays()
    {
        using var alice = Client();
        using var mallory = Client();
        Assert.Equal("OK", await alice.Login("e2e-i-alice"));
        Assert.Equal("OK", await mallory.Login("e2e-i-mallory"));
        Assert.Equal("\n欢迎 e2e-i-mallory 进入聊天室", await alice.Receive());

        mallory.Send("Q e2e-i-alice");
        Assert.Contains("not your name", await mallory.Receive());
        mallory.Send("C e2e-i-alice I quit");
        Assert.Contains("not your name", await mallory.Receive());
        Assert.True(await alice.Quiet(300));

        mallory.Send("C e2e-i-mallory hi");
        Assert.Equal("\ne2e-i-mallory: hi", await alice.Receive());
        alice.Send("Q e2e-i-alice");
        Assert.Equal("EXIT", await alice.Receive());
        mallory.Send("Q e2e-i-mallory");
    }

    [Fact]
    public async Task Admin_notice_reaches_every_member_as_the_seeds_admin_line()
    {
        using var alice = Client();
        Assert.Equal("OK", await alice.Login("e2e-a-alice"));
        var rooms = await fixture.Node.Registry.GetAsync<ActorChat.Chat.RoomRegion>();
        rooms.Tell(new ActorChat.Chat.AnnounceToRoom("main", "系统维护"), Akka.Actor.ActorRefs.NoSender);
        Assert.Equal("\n管理员: 系统维护", await alice.Receive());
        alice.Send("Q e2e-a-alice");
    }

    [Fact]
    public async Task A_port_already_in_use_is_one_clear_error()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var e = await Assert.ThrowsAsync<ConfigError>(() => ActorChatNode.StartAsync(new NodeOptions
        {
            ExtraHocon = ChatNodeFixture.TestHocon + $"\nactorchat.chat.port = {port}",
        }));
        Assert.Equal($"chat: cannot bind udp 127.0.0.1:{port}: port in use or not permitted", e.Message);
    }
}
