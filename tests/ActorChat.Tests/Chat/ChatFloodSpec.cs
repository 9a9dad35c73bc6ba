using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class ChatFloodSpec
{
    [Fact]
    public async Task A_flooding_member_is_cut_to_its_burst_and_the_others_keep_talking()
    {
        await using var node = await ActorChatNode.StartAsync(new NodeOptions
        {
            // Refill so slow it cannot matter during the test: exactly the burst gets through.
            ExtraHocon = ChatNodeFixture.TestHocon + "\nactorchat.chat.flood { rate = 0.001, burst = 5 }",
        });
        var chat = node.Binding("chat").LocalAddress;
        using var alice = new UdpChatClient(chat);
        using var bob = new UdpChatClient(chat);
        using var flooder = new UdpChatClient(chat);
        Assert.Equal("OK", await alice.Login("alice"));
        Assert.Equal("OK", await bob.Login("bob"));
        Assert.Equal("\n欢迎 bob 进入聊天室", await alice.Receive());
        Assert.Equal("OK", await flooder.Login("flooder"));
        Assert.Equal("\n欢迎 flooder 进入聊天室", await alice.Receive());
        Assert.Equal("\n欢迎 flooder 进入聊天室", await bob.Receive());

        for (var i = 0; i < 200; i++)
            flooder.Send($"C flooder spam {i}");
        Assert.Contains("slow down", await flooder.Receive());
        bob.Send("C bob can anyone hear me");

        var seen = new List<string>();
        while (true)
        {
            var line = await alice.Receive();
            if (line == "\nbob: can anyone hear me")
                break;
            seen.Add(line);
        }
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"\nflooder: spam {i}"), seen);
    }
}
