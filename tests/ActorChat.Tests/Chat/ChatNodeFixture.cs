using System.Net;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Chat;

/// <summary>A real node on loopback with the chat room on a free port, shared by a test class.</summary>
public sealed class ChatNodeFixture : IAsyncLifetime
{
    /// <summary>A test node's HOCON (fresh data folder each read); see <see cref="TestNodes.Loopback"/>.</summary>
    public static string TestHocon => TestNodes.Loopback;

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
