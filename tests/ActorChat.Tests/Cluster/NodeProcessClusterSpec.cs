using System.Diagnostics;
using System.Text.Json;
using ActorChat.Tests.Chat;
using Xunit;

namespace ActorChat.Tests.Cluster;

/// <summary>Three node processes on loopback; one is killed with SIGKILL and the others carry on.</summary>
public sealed class NodeProcessClusterSpec : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];

    private static Task<NodeProcess> Start(params string[] extra) =>
        NodeProcess.StartAsync(TestNodes.KillableClusterArguments.Concat(extra));

    public async Task InitializeAsync()
    {
        _nodes.AddRange(await NodeProcess.StartClusterAsync(3, Start));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    /// <summary>
    /// Logs in, asking again while the answer is a refusal (the name is still held), and waiting
    /// through silence: while the dead node's shards move, the region holds the request.
    /// </summary>
    private static async Task<string> LoginWhenFree(UdpChatClient client, string name, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        client.Send($"L {name}");
        while (true)
        {
            string reply;
            try
            {
                reply = await client.Receive(128, 5_000);
            }
            catch (OperationCanceledException) when (DateTime.UtcNow < deadline)
            {
                continue;
            }
            if (reply == "OK" || DateTime.UtcNow > deadline)
                return reply;
            await Task.Delay(500);
            client.Send($"L {name}");
        }
    }

    [Fact]
    public async Task Stock_clients_on_three_node_processes_chat_and_survive_one_node_killed_with_sigkill()
    {
        using var alice = new UdpChatClient(_nodes[0].Chat);
        using var bob = new UdpChatClient(_nodes[1].Chat);
        using var carol = new UdpChatClient(_nodes[2].Chat);

        // The first join on a node that is still joining the cluster waits for the room: a longer read.
        Assert.Equal("OK", await alice.Login("alice"));
        bob.Send("L bob");
        Assert.Equal("OK", await bob.Receive(128, 60_000));
        Assert.Equal("\n欢迎 bob 进入聊天室", await alice.Receive());
        carol.Send("L carol");
        Assert.Equal("OK", await carol.Receive(128, 60_000));
        Assert.Equal("\n欢迎 carol 进入聊天室", await alice.Receive());
        Assert.Equal("\n欢迎 carol 进入聊天室", await bob.Receive());

        carol.Send("C carol hi from node 3");
        Assert.Equal("\ncarol: hi from node 3", await alice.Receive());
        Assert.Equal("\ncarol: hi from node 3", await bob.Receive());

        await _nodes[2].KillAsync();

        // Once the split-brain resolver downs the dead node, carol's name is free again:
        // either her room saw her session die, or the room itself moved and was rebuilt without her.
        using var newcomer = new UdpChatClient(_nodes[0].Chat);
        Assert.Equal("OK", await LoginWhenFree(newcomer, "carol", TimeSpan.FromSeconds(90)));

        // If the room lived on the dead node, it restarted empty and the survivors' sessions rejoin it
        // as they each learn of the death: chat once the room holds them again.
        Assert.Equal(["alice", "bob", "carol"], await MembersOnceRestored(_nodes[0], 3, TimeSpan.FromSeconds(60)));

        alice.Send("C alice still here");
        Assert.Equal("\nalice: still here", await ReceiveSkippingNotices(bob));
        bob.Send("C bob me too");
        Assert.Equal("\nbob: me too", await ReceiveSkippingNotices(alice));
    }

    /// <summary>The room's members as <c>/api/rooms</c> on <paramref name="node"/> gives them, once there are <paramref name="count"/>.</summary>
    private static async Task<string[]> MembersOnceRestored(NodeProcess node, int count, TimeSpan within)
    {
        using var http = new HttpClient { BaseAddress = node.Web, Timeout = TimeSpan.FromSeconds(15) };
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            using var rooms = JsonDocument.Parse(await http.GetStringAsync("/api/rooms"));
            var members = rooms.RootElement[0].GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray();
            if (members.Length >= count || DateTime.UtcNow > deadline)
                return members;
            await Task.Delay(200);
        }
    }

    /// <summary>The next chat line, passing over join and leave notices the failure produced.</summary>
    private static async Task<string> ReceiveSkippingNotices(UdpChatClient client)
    {
        while (true)
        {
            var line = await client.Receive(2048, 30_000);
            if (!line.EndsWith("聊天室", StringComparison.Ordinal))
                return line;
        }
    }
}
