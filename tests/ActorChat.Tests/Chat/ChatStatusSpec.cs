using System.Text.Json;
using Xunit;

namespace ActorChat.Tests.Chat;

/// <summary>The chat room on the node's live status page (issue 5): its members and its datagram counters.</summary>
public sealed class ChatStatusSpec
{
    [Fact]
    public async Task The_status_api_shows_the_room_with_its_members_and_counts_chat_datagrams()
    {
        await using var node = await TestNodes.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.Binding("web").LocalAddress.Port}") };
        using var alice = new UdpChatClient(node.Binding("chat").LocalAddress);
        using var bob = new UdpChatClient(node.Binding("chat").LocalAddress);
        Assert.Equal("OK", await alice.Login("alice"));
        Assert.Equal("OK", await bob.Login("bob"));
        alice.Send("C alice hi");
        Assert.Equal("\nalice: hi", await bob.Receive());

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
            var root = status.RootElement;
            var sections = root.GetProperty("sections");
            var counters = root.GetProperty("counters").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("total").GetInt64());
            if (sections.TryGetProperty("room:main", out var room)
                && room.GetProperty("members").EnumerateArray().Select(m => m.GetString()).SequenceEqual(["alice", "bob"])
                && counters.GetValueOrDefault("chat.datagrams.in") >= 3
                && counters.GetValueOrDefault("chat.datagrams.out") >= 4)
                break;
            Assert.True(DateTime.UtcNow < deadline, root.ToString());
            await Task.Delay(200);
        }
    }
}
