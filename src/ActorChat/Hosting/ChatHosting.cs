using ActorChat.Chat;
using Akka;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace ActorChat.Hosting;

/// <summary>Wires the chat room: the room shard region, the UDP edge and their part in shutdown.</summary>
public static class ChatHosting
{
    public static AkkaConfigurationBuilder WithChat(this AkkaConfigurationBuilder akka, ChatSettings settings, List<EdgeRegistration> edges)
    {
        edges.Add(new EdgeRegistration("chat", typeof(UdpChatEdge)));
        return akka
            .WithShardRegion<RoomRegion>(RoomRegion.TypeName, room => RoomActor.Props(room, sharded: true),
                new RoomRegion.MessageExtractor(), new ShardOptions())
            .WithActors((system, registry, _) =>
            {
                var rooms = registry.Get<RoomRegion>();
                var edge = system.ActorOf(UdpChatEdge.Props(settings, rooms), "chat-udp");
                registry.Register<UdpChatEdge>(edge);

                var shutdown = CoordinatedShutdown.Get(system);
                // This node's members hear the closing notice and EXIT, and leave their rooms so the
                // members on other nodes are told, while the socket and the cluster are still up...
                shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "close-chat-members", async () =>
                {
                    await edge.Ask<UdpChatEdge.MembersClosed>(new UdpChatEdge.CloseMembers(settings.ClosingNotice), TimeSpan.FromSeconds(10));
                    return Done.Instance;
                });
                // ...then the port is released (unbinding ourselves also avoids Akka.IO's DeathPactException).
                shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "unbind-chat", async () =>
                {
                    await edge.Ask<UdpChatEdge.ServingStopped>(UdpChatEdge.StopServing.Instance, TimeSpan.FromSeconds(5));
                    return Done.Instance;
                });
            });
    }
}
