using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class ChatShutdownSpec
{
    [Fact]
    public async Task Stopping_the_node_tells_members_then_sends_EXIT_and_releases_the_port()
    {
        var node = await ActorChatNode.StartAsync(new NodeOptions { ExtraHocon = ChatNodeFixture.TestHocon });
        var chat = node.Binding("chat").LocalAddress;
        using var alice = new UdpChatClient(chat);
        Assert.Equal("OK", await alice.Login("alice"));

        await node.StopAsync();
        Assert.Equal("\n管理员: 服务器即将关闭 (server shutting down)", await alice.Receive());
        Assert.Equal("EXIT", await alice.Receive());
        await node.DisposeAsync();

        // The port is free again: a new node can take it.
        await using var again = await ActorChatNode.StartAsync(new NodeOptions
        {
            ExtraHocon = ChatNodeFixture.TestHocon + $"\nactorchat.chat.port = {chat.Port}",
        });
        Assert.Equal(chat.Port, again.Binding("chat").LocalAddress.Port);
    }
}
