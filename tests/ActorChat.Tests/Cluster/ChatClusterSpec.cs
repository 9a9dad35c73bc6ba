using System.Net;
using ActorChat.Chat;
using ActorChat.Hosting;
using ActorChat.Tests.Chat;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Xunit;

namespace ActorChat.Tests.Cluster;

/// <summary>Three real nodes on loopback forming one cluster: one room, members on every node.</summary>
public sealed class ChatClusterSpec : IAsyncLifetime
{
    private readonly List<ActorChatNode> _nodes = [];

    public async Task InitializeAsync()
    {
        var first = await ActorChatNode.StartAsync(new NodeOptions { ExtraHocon = ChatNodeFixture.TestHocon });
        _nodes.Add(first);
        var seed = Akka.Cluster.Cluster.Get(first.System).SelfAddress;
        for (var i = 0; i < 2; i++)
        {
            _nodes.Add(await ActorChatNode.StartAsync(new NodeOptions
            {
                Seeds = [$"{seed.Host}:{seed.Port}"],
                ExtraHocon = ChatNodeFixture.TestHocon,
            }));
        }
        await Eventually(() => _nodes.All(n =>
            Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    private static async Task Eventually(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(100);
        }
    }

    private static IPEndPoint Chat(ActorChatNode node) => node.Binding("chat").LocalAddress;

    private static async Task<bool> HostsRoom(ActorChatNode node, string room)
    {
        var region = await node.Registry.GetAsync<RoomRegion>();
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.Any(s => s.EntityIds.Contains(room));
    }

    [Fact]
    public async Task Members_on_three_nodes_share_one_room_and_survivors_keep_chatting_when_the_rooms_node_leaves()
    {
        using var alice = new UdpChatClient(Chat(_nodes[0]));
        using var bob = new UdpChatClient(Chat(_nodes[1]));
        using var carol = new UdpChatClient(Chat(_nodes[2]));

        Assert.Equal("OK", await alice.Login("alice"));
        Assert.Equal("OK", await bob.Login("bob"));
        Assert.Equal("\n欢迎 bob 进入聊天室", await alice.Receive());
        Assert.Equal("OK", await carol.Login("carol"));
        Assert.Equal("\n欢迎 carol 进入聊天室", await alice.Receive());
        Assert.Equal("\n欢迎 carol 进入聊天室", await bob.Receive());

        Assert.Equal("该用户存在", await new UdpChatClient(Chat(_nodes[2])).Login("alice"));

        bob.Send("C bob hello from node 2");
        Assert.Equal("\nbob: hello from node 2", await alice.Receive());
        Assert.Equal("\nbob: hello from node 2", await carol.Receive());

        // Stop the node that hosts the room: its member is told and leaves, the room moves.
        var hosts = new List<bool>();
        foreach (var node in _nodes)
            hosts.Add(await HostsRoom(node, "main"));
        var index = hosts.IndexOf(true);
        Assert.True(index >= 0, "some node hosts the room");
        UdpChatClient[] clients = [alice, bob, carol];
        string[] names = ["alice", "bob", "carol"];
        var leaver = clients[index];
        var survivors = Enumerable.Range(0, 3).Where(i => i != index).ToArray();

        await _nodes[index].StopAsync();
        Assert.Equal("\n管理员: 服务器即将关闭 (server shutting down)", await leaver.Receive());
        Assert.Equal("EXIT", await leaver.Receive());
        foreach (var s in survivors)
            Assert.Equal($"\n{names[index]} 退出聊天室", await clients[s].Receive());

        var (first, second) = (survivors[0], survivors[1]);
        clients[first].Send($"C {names[first]} still here?");
        Assert.Equal($"\n{names[first]}: still here?", await clients[second].Receive(2048, 30_000));
        clients[second].Send($"C {names[second]} yes");
        Assert.Equal($"\n{names[second]}: yes", await clients[first].Receive(2048, 30_000));
        Assert.True(await HostsRoom(_nodes[first], "main") || await HostsRoom(_nodes[second], "main"));
    }
}
