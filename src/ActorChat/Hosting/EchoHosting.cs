using System.Net;
using ActorChat.Echo;
using Akka;
using Akka.Actor;
using Akka.Hosting;

namespace ActorChat.Hosting;

/// <summary>Wires the echo edge into the node.</summary>
public static class EchoHosting
{
    public static AkkaConfigurationBuilder WithEcho(
        this AkkaConfigurationBuilder akka, EchoSettings settings, IPAddress bindAddress, List<EdgeRegistration> edges)
    {
        edges.Add(new EdgeRegistration("echo", typeof(EchoEdge)));
        return akka.WithActors((system, registry) =>
        {
            var listener = system.ActorOf(EchoListener.Props(settings, bindAddress), "echo");
            registry.Register<EchoEdge>(listener);
            // Unbind before the system stops, or the Akka.IO listener dies with its commander.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "echo-unbind",
                async () =>
                {
                    await listener.Ask<Done>(StopListening.Instance, TimeSpan.FromSeconds(5));
                    return Done.Instance;
                });
        });
    }
}
