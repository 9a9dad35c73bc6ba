using System.Net;
using System.Threading.Channels;
using ActorChat.Chat;
using Akka.Actor;

namespace ActorChat.Web;

/// <summary>
/// Parent of every browser's <see cref="WebChatConnection"/>: it lets the node's shutdown reach the browser members
/// the way the UDP edge reaches its own (closing notice, EXIT, leave notices to the others) before Kestrel closes
/// their sockets.
/// </summary>
public sealed class WebChatEdge : ReceiveActor
{
    /// <summary>A browser opened `/chat/ws`: answered with the <see cref="IActorRef"/> of its connection actor.</summary>
    public sealed record OpenConnection(ChannelWriter<string> Browser, IPEndPoint Remote);

    /// <summary>Node shutdown: close every browser member with <paramref name="Notice"/>; answered with <see cref="MembersClosed"/>.</summary>
    public sealed record CloseMembers(string Notice);

    public sealed record MembersClosed(int Connections);

    public WebChatEdge(ChatSettings settings, IActorRef rooms)
    {
        Receive<OpenConnection>(open =>
            Sender.Tell(Context.ActorOf(WebChatConnection.Props(settings, rooms, open.Browser, open.Remote))));
        Receive<CloseMembers>(close =>
        {
            var connections = Context.GetChildren().ToList();
            Task.WhenAll(connections.Select(c => Close(c, close.Notice)))
                .PipeTo(Sender, success: () => new MembersClosed(connections.Count));
        });
    }

    // A browser that went away meanwhile has nothing left to close; the others are still waited for.
    private static async Task Close(IActorRef connection, string notice)
    {
        try
        {
            await connection.Ask<SessionClosed>(new CloseSession(notice), TimeSpan.FromSeconds(5));
        }
        catch (AskTimeoutException)
        {
        }
    }

    public static Props Props(ChatSettings settings, IActorRef rooms) =>
        Akka.Actor.Props.Create(() => new WebChatEdge(settings, rooms));

    // One browser's failure is that browser's: stop its connection, its session leaves the room.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
