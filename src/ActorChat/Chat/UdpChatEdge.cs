using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using ActorChat.Web;

namespace ActorChat.Chat;

/// <summary>
/// The chat room's UDP edge: Akka.IO binds the socket and delivers datagrams; this actor parses
/// each once with <see cref="ChatCodec"/>, hands it to the user-session actor that owns the
/// sender's address, and turns the room's <see cref="Deliver"/> fan-outs back into datagrams.
/// Nothing past this actor sees bytes or addresses.
/// </summary>
public sealed class UdpChatEdge : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    /// <summary>Node shutdown: stop receiving and release the port; answered with <see cref="ServingStopped"/>.</summary>
    public sealed record StopServing
    {
        public static readonly StopServing Instance = new();
    }

    public sealed record ServingStopped
    {
        public static readonly ServingStopped Instance = new();
    }

    /// <summary>
    /// Node shutdown, first step: every member on this edge hears <paramref name="Notice"/>, gets
    /// EXIT and leaves its room (so members on other nodes are told). Answered with <see cref="MembersClosed"/>.
    /// </summary>
    public sealed record CloseMembers(string Notice);

    public sealed record MembersClosed(int Sessions);

    private sealed record SocketReady(Socket Socket);

    private sealed record ReportCounters
    {
        public static readonly ReportCounters Instance = new();
    }

    /// <summary>
    /// Akka.IO owns the socket; this option sizes its buffers before bind and hands it to the edge
    /// after bind, so fan-outs can go out in sendmmsg batches from the same port the clients use.
    /// </summary>
    private sealed class ChatSocketOption(IActorRef owner, ChatSettings settings) : Inet.SocketOptionV2
    {
        public override void BeforeDatagramBind(Socket socket)
        {
            socket.SendBufferSize = settings.SendBufferBytes;
            socket.ReceiveBufferSize = settings.ReceiveBufferBytes;
        }

        public override void AfterBind(Socket socket) => owner.Tell(new SocketReady(socket));
    }

    private readonly ChatSettings _settings;
    private readonly IActorRef _rooms;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IPEndPoint _requested;
    private readonly List<IActorRef> _bindingWaiters = [];
    private readonly Dictionary<IPEndPoint, IActorRef> _sessions = new();
    private readonly Dictionary<long, DatagramTarget> _targets = new();
    private readonly Dictionary<IActorRef, (long Id, IPEndPoint Endpoint)> _bySession = new();
    private readonly List<DatagramTarget> _scratch = [];

    private IBindingResult? _binding;
    private IActorRef? _listener;
    private Socket? _socket;
    private DatagramSender? _sender;
    private long _nextId;
    private long _received;
    private (long In, long Out) _reported;
    private IActorRef? _stopRequester;

    public UdpChatEdge(ChatSettings settings, IActorRef rooms)
    {
        _settings = settings;
        _rooms = rooms;
        _requested = new IPEndPoint(settings.BindAddress, settings.Port);
        Context.System.Udp().Tell(new Udp.Bind(Self, _requested, [new ChatSocketOption(Self, settings)]));
        Binding();
    }

    public IStash Stash { get; set; } = null!;
    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ChatSettings settings, IActorRef rooms) =>
        Akka.Actor.Props.Create(() => new UdpChatEdge(settings, rooms));

    // A session that throws is stopped, not restarted: the room sees it die and tells the others.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Binding()
    {
        Receive<SocketReady>(ready => _socket = ready.Socket);
        Receive<Udp.Bound>(bound =>
        {
            _listener = Sender;
            if (_socket is null)
                throw new InvalidOperationException("Akka.IO bound without handing over its socket");
            _sender = new DatagramSender(_socket, _settings.SendBatch);
            var local = (IPEndPoint)bound.LocalAddress;
            _log.Info("Chat room listening on udp {0}", local);
            Answer(new ServiceBound("chat", "udp", local));
            Timers.StartPeriodicTimer(nameof(ReportCounters), ReportCounters.Instance, TimeSpan.FromSeconds(1));
            Stash.UnstashAll();
            Become(Serving);
        });
        Receive<Udp.CommandFailed>(_ =>
        {
            Answer(new ServiceBindFailed("chat", $"cannot bind udp {_requested}: port in use or not permitted"));
            Become(Failed);
        });
        Receive<GetBinding>(_ => _bindingWaiters.Add(Sender));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Failed()
    {
        Receive<GetBinding>(_ => Sender.Tell(_binding));
        // Shutdown's first step still asks: there is nobody to close (it would otherwise wait out the phase).
        Receive<CloseMembers>(_ => Sender.Tell(new MembersClosed(0)));
        Receive<StopServing>(_ => Sender.Tell(ServingStopped.Instance));
    }

    private void Serving()
    {
        Receive<Udp.Received>(r =>
        {
            _received++;
            Route((IPEndPoint)r.Sender, ChatCodec.Parse(r.Data.ToArray(), _settings.MaxDatagramBytes));
        });
        Receive<ReportCounters>(_ =>
        {
            // The status page turns these totals into datagrams per second; quiet rooms publish nothing.
            var now = (_received, _sender?.Sent ?? _reported.Out);
            if (now == _reported)
                return;
            _reported = now;
            Context.System.EventStream.Publish(new CounterReport("chat.datagrams.in", now.Item1));
            Context.System.EventStream.Publish(new CounterReport("chat.datagrams.out", now.Item2));
        });
        Receive<Deliver>(Deliver);
        Receive<ReplyTo>(r =>
        {
            if (_targets.TryGetValue(r.MemberId, out var target))
                SendTo(r.Output, target);
        });
        Receive<Redeliver>(r => Route(r.From, r.Request));
        Receive<SessionIdle>(_ => Forget(Sender, stop: true));
        Receive<Terminated>(t => Forget(t.ActorRef, stop: false));
        Receive<GetBinding>(_ => Sender.Tell(_binding));
        Receive<CloseMembers>(close =>
        {
            var sessions = _bySession.Keys.ToList();
            Task.WhenAll(sessions.Select(s => s.Ask<SessionClosed>(new CloseSession(close.Notice), TimeSpan.FromSeconds(5))))
                .PipeTo(Sender, success: _ => new MembersClosed(sessions.Count));
        });
        Receive<StopServing>(_ =>
        {
            _stopRequester = Sender;
            // Stop sending before Akka.IO closes the socket under us.
            _sender?.Dispose();
            _sender = null;
            _listener?.Tell(Udp.Unbind.Instance);
            Become(Unbinding);
        });
    }

    private void Unbinding()
    {
        Receive<Udp.Unbound>(_ =>
        {
            _log.Info("Chat room stopped listening on udp {0}", _binding is ServiceBound b ? b.LocalAddress : _requested);
            _stopRequester?.Tell(ServingStopped.Instance);
        });
        Receive<GetBinding>(_ => Sender.Tell(_binding));
        ReceiveAny(_ => { });
    }

    private void Route(IPEndPoint from, IChatRequest request)
    {
        if (request is MalformedRequest bad)
        {
            SendOnce(from, new ChatError(bad.Reason));
            return;
        }
        if (_sessions.TryGetValue(from, out var session))
        {
            session.Tell(new FromClient(request));
            return;
        }
        if (request is not JoinRequest)
        {
            SendOnce(from, new ChatError("错误: 您还没有进入聊天室 (join first: L name)"));
            return;
        }

        var id = ++_nextId;
        session = Context.ActorOf(UserSessionActor.Props(id, from, _settings, _rooms, Self, _settings.DefaultRoom), $"session-{id}");
        Context.Watch(session);
        _sessions.Add(from, session);
        _targets.Add(id, new DatagramTarget(from, _socket!.AddressFamily));
        _bySession.Add(session, (id, from));
        session.Tell(new FromClient(request));
    }

    private void Deliver(Deliver deliver)
    {
        _scratch.Clear();
        foreach (var id in deliver.To)
        {
            if (id != deliver.Except && _targets.TryGetValue(id, out var target))
                _scratch.Add(target);
        }
        if (_scratch.Count > 0)
            _sender?.Send(ChatCodec.Encode(deliver.Output), _scratch);
    }

    private void SendTo(IChatOutput output, DatagramTarget target)
    {
        _scratch.Clear();
        _scratch.Add(target);
        _sender?.Send(ChatCodec.Encode(output), _scratch);
    }

    /// <summary>For addresses with no session (garbage, requests before joining): nothing to remember.</summary>
    private void SendOnce(IPEndPoint to, IChatOutput output)
    {
        try
        {
            _socket?.SendTo(ChatCodec.Encode(output), to);
        }
        catch (SocketException e)
        {
            _log.Debug("Could not answer {0}: {1}", to, e.SocketErrorCode);
        }
    }

    private void Forget(IActorRef session, bool stop)
    {
        if (!_bySession.Remove(session, out var entry))
            return;
        _sessions.Remove(entry.Endpoint);
        _targets.Remove(entry.Id);
        Context.Unwatch(session);
        if (stop)
            Context.Stop(session);
    }

    private void Answer(IBindingResult result)
    {
        _binding = result;
        foreach (var waiter in _bindingWaiters)
            waiter.Tell(result);
        _bindingWaiters.Clear();
    }

    protected override void PostStop()
    {
        _sender?.Dispose();
    }
}
