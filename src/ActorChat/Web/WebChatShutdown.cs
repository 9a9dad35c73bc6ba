using ActorChat.Chat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActorChat.Web;

/// <summary>
/// When the host stops, Kestrel stops before the ActorSystem does and waits for open requests, so the browser members'
/// sockets would be gone by the time Akka's coordinated shutdown closes the chat members. This closes them first, in
/// the host's "stopping" step, which runs before any service stops: each browser gets the closing notice and EXIT, and
/// the room tells the others it left. (When Akka itself shuts the node down, the same close runs in its
/// before-service-unbind phase, and this one is skipped.)
/// </summary>
public sealed class WebChatShutdown(ActorSystem system, ActorRegistry registry, ChatSettings settings) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // Akka's own shutdown (SIGTERM, Ctrl-C, a downed node) has closed them already, and once the system is gone
        // an ask would only wait out its timeout: the host stops twice on the way out, 10 s each.
        if (CoordinatedShutdown.Get(system).ShutdownReason is not null || !registry.TryGet<WebChatEdge>(out var edge))
            return;
        try
        {
            await edge.Ask<WebChatEdge.MembersClosed>(new WebChatEdge.CloseMembers(settings.ClosingNotice),
                TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            // Shutdown goes on; Kestrel closes what is left.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
