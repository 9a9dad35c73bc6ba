using ActorChat.Hosting;

namespace ActorChat.Tests;

/// <summary>Starts a real node on loopback with every service on port 0 (free ports), quiet logs.</summary>
public static class TestNodes
{
    public const string Loopback = """
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = WARNING
        actorchat.node.bind-address = "127.0.0.1"
        actorchat.node.console = off
        actorchat.echo.port = 0
        actorchat.web.port = 0
        """;

    public static Task<ActorChatNode> StartAsync(string extraHocon = "") =>
        ActorChatNode.StartAsync(new NodeOptions { ExtraHocon = Loopback + "\n" + extraHocon });
}
