using System.Net;
using System.Threading.Channels;
using ActorChat.Chat;
using Akka.Actor;

namespace ActorChat.Web;

/// <summary>
/// The chat room's WebSocket edge for one browser: it parses each frame with the UDP edge's codec and hands it to
/// a <see cref="UserSessionActor"/> child, and it is that session's outlet, turning the room's deliveries back
/// into text frames. So a browser member follows exactly the UDP members' rules: the session stamps its own
/// name, refuses `C`/`Q` for other names, and the room tells everyone when it joins or leaves.
/// </summary>
public sealed class WebChatConnection : ReceiveActor
{
    // The room knows this member by (outlet, id); with one member per outlet the id is always the same.
    private const long MemberId = 1;

    private readonly ChatSettings _settings;
    private readonly IActorRef _rooms;
    private readonly ChannelWriter<string> _browser;
    private readonly IPEndPoint _remote;
    private IActorRef? _session;
    private IActorRef? _closer;
    private bool _closed;

    public WebChatConnection(ChatSettings settings, IActorRef rooms, ChannelWriter<string> browser, IPEndPoint remote)
    {
        _settings = settings;
        _rooms = rooms;
        _browser = browser;
        _remote = remote;

        Receive<FromBrowser>(frame => Route(ChatCodec.Parse(frame.Frame, _settings.MaxDatagramBytes)));
        Receive<Redeliver>(r => Route(r.Request));
        Receive<Deliver>(d =>
        {
            if (d.Except != MemberId && d.To.Contains(MemberId))
                Send(d.Output);
        });
        Receive<ReplyTo>(r => Send(r.Output));
        Receive<SessionIdle>(_ =>
        {
            // The session holds no membership and has been idle: retire it; the next frame starts a new one.
            Context.Stop(Sender);
            if (Sender.Equals(_session))
                _session = null;
        });
        Receive<CloseSession>(close =>
        {
            // Node shutdown: the session sends the notice and EXIT through us and leaves its room; then the socket closes.
            _closer = Sender;
            if (_session is null)
                Closed();
            else
                _session.Tell(close);
        });
        Receive<SessionClosed>(_ => Closed());
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_session))
                return;
            _session = null;
            if (_closer is not null)
                Closed();
        });
    }

    public static Props Props(ChatSettings settings, IActorRef rooms, ChannelWriter<string> browser, IPEndPoint remote) =>
        Akka.Actor.Props.Create(() => new WebChatConnection(settings, rooms, browser, remote));

    // A session that throws is stopped: the room sees it die and tells the others.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    // The browser went away: stopping the session (our child) makes the room announce the leave.
    protected override void PostStop() => _browser.TryComplete();

    private void Closed()
    {
        _closer?.Tell(SessionClosed.Instance);
        _closer = null;
        _closed = true;
        // What was queued is still sent; then the endpoint closes the WebSocket.
        _browser.TryComplete();
    }

    private void Route(IChatRequest request)
    {
        if (_closer is not null || _closed)
            return;
        if (request is MalformedRequest bad)
        {
            Send(new ChatError(bad.Reason));
            return;
        }
        if (_session is null)
        {
            _session = Context.ActorOf(UserSessionActor.Props(MemberId, _remote, _settings, _rooms, Self, _settings.DefaultRoom));
            Context.Watch(_session);
        }
        _session.Tell(new FromClient(request));
    }

    private void Send(IChatOutput output)
    {
        // A browser that stops reading is dropped rather than buffered for: the page reconnects if it wants.
        if (!_browser.TryWrite(ChatCodec.Text(output)))
            Context.Stop(Self);
    }
}
