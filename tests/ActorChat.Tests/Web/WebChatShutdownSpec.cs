using ActorChat.Chat;
using ActorChat.Hosting;
using ActorChat.Web;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The host's stopping step closes the browser members, unless Akka's own shutdown already has.</summary>
public sealed class WebChatShutdownSpec : TestKit
{
    private static readonly ChatSettings Chat = ChatSettings.From(NodeConfig.Load(new NodeOptions()));

    private (WebChatShutdown Shutdown, Akka.TestKit.TestProbe Edge) WithEdge()
    {
        var edge = CreateTestProbe("edge");
        var registry = new ActorRegistry();
        registry.Register<WebChatEdge>(edge.Ref);
        return (new WebChatShutdown(Sys, registry, Chat), edge);
    }

    [Fact]
    public async Task A_host_stop_tells_the_browser_members_the_closing_notice_first()
    {
        var (shutdown, edge) = WithEdge();
        var stopping = shutdown.StoppingAsync(CancellationToken.None);

        Assert.Equal(new WebChatEdge.CloseMembers(Chat.ClosingNotice), edge.ExpectMsg<WebChatEdge.CloseMembers>());
        Assert.False(stopping.IsCompleted);
        edge.Reply(new WebChatEdge.MembersClosed(2));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task After_akkas_own_shutdown_the_host_stop_asks_nobody_and_is_done_at_once()
    {
        var (shutdown, edge) = WithEdge();
        await CoordinatedShutdown.Get(Sys).Run(CoordinatedShutdown.ClrExitReason.Instance);

        // Synchronously complete: before, it asked the stopped edge and waited out 10 s, twice per node exit.
        Assert.True(shutdown.StoppingAsync(CancellationToken.None).IsCompletedSuccessfully);
    }
}
