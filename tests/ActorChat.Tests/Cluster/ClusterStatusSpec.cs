using System.Net;
using System.Text.Json;
using ActorChat.Chat;
using ActorChat.Hosting;
using ActorChat.Tests.Chat;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Xunit;

namespace ActorChat.Tests.Cluster;

/// <summary>Two nodes in one cluster: each node's status API shows both members and which node hosts the room.</summary>
public sealed class ClusterStatusSpec : IAsyncLifetime
{
    private readonly List<ActorChatNode> _nodes = [];

    public async Task InitializeAsync()
    {
        var first = await TestNodes.StartAsync();
        _nodes.Add(first);
        var seed = Akka.Cluster.Cluster.Get(first.System).SelfAddress;
        _nodes.Add(await ActorChatNode.StartAsync(new NodeOptions { Seeds = [$"{seed.Host}:{seed.Port}"], ExtraHocon = TestNodes.Loopback + "\nakka.cluster.roles = [backup]" }));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_nodes.All(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2))
        {
            Assert.True(DateTime.UtcNow < deadline, "the two nodes did not form a cluster");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task Every_node_shows_both_members_with_their_roles_and_the_node_hosting_the_room()
    {
        using var alice = new UdpChatClient(_nodes[1].Binding("chat").LocalAddress);
        Assert.Equal("OK", await alice.Login("alice"));
        var host = await HostOf("main");

        foreach (var node in _nodes)
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://{node.Binding("web").LocalAddress}/"), Timeout = TimeSpan.FromSeconds(30) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var last = "";
            while (true)
            {
                using var status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
                last = status.RootElement.ToString();
                var members = status.RootElement.GetProperty("members").EnumerateArray()
                    .Count(m => m.GetProperty("status").GetString() == "Up");
                var roles = status.RootElement.GetProperty("members").EnumerateArray()
                    .SelectMany(m => m.GetProperty("roles").EnumerateArray()).Select(r => r.GetString()).ToList();
                if (members == 2 && roles.Contains("backup") && status.RootElement.GetProperty("sections").TryGetProperty("room:main", out var room)
                                 && room.GetProperty("node").GetString() == host
                                 && room.GetProperty("members").EnumerateArray().Any(m => m.GetString() == "alice"))
                    break;
                Assert.True(DateTime.UtcNow < deadline, $"node {node.Binding("web").LocalAddress}: {last}");
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The address of the node whose shard region holds the room entity.</summary>
    private async Task<string> HostOf(string room)
    {
        foreach (var node in _nodes)
        {
            var region = await node.Registry.GetAsync<RoomRegion>();
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
            if (state.Shards.Any(s => s.EntityIds.Contains(room)))
                return Akka.Cluster.Cluster.Get(node.System).SelfAddress.ToString();
        }
        throw new InvalidOperationException($"no node hosts room {room}");
    }
}
