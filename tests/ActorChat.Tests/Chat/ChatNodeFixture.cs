using System.Net;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Chat;

/// <summary>A real node on loopback with the chat room on a free port, shared by a test class.</summary>
public sealed class ChatNodeFixture : IAsyncLifetime
{
    public const string TestHocon = """
        actorchat.node.bind-address = "127.0.0.1"
        actorchat.node.console = off
        actorchat.chat.port = 0
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = WARNING
        """;

    public ActorChatNode Node { get; private set; } = null!;

    public IPEndPoint Chat => Node.Binding("chat").LocalAddress;

    public async Task InitializeAsync()
    {
        Node = await ActorChatNode.StartAsync(new NodeOptions { ExtraHocon = TestHocon });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
    }
}
