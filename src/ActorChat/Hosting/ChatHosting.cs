using ActorChat.Chat;
using Akka;
using Akka.Actor;
using Akka.Hosting;

namespace ActorChat.Hosting;

/// <summary>Wires the chat room: the rooms directory, the UDP edge and their part in shutdown.</summary>
public static class ChatHosting
{
    public static AkkaConfigurationBuilder WithChat(this AkkaConfigurationBuilder akka, ChatSettings settings, List<EdgeRegistration> edges)
    {
        edges.Add(new EdgeRegistration("chat", typeof(UdpChatEdge)));
        return akka.WithActors((system, registry, _) =>
        {
            var rooms = system.ActorOf(RoomsActor.Props(), "rooms");
            registry.Register<RoomsActor>(rooms);
            var edge = system.ActorOf(UdpChatEdge.Props(settings, rooms), "chat-udp");
            registry.Register<UdpChatEdge>(edge);

            var shutdown = CoordinatedShutdown.Get(system);
            // Members hear the closing notice and EXIT while the socket is still open...
            shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "close-chat-rooms", async () =>
            {
                await rooms.Ask<RoomsClosed>(new CloseAllRooms(settings.ClosingNotice), TimeSpan.FromSeconds(5));
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
