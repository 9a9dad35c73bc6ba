using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Chat;

/// <summary>
/// One client address: its name once joined, its flood bucket and its liveness. Everything the
/// client posts goes out under the name this session joined with, so no one can speak or quit
/// as another member. States: idle → joining → member → leaving → idle.
/// </summary>
public sealed class UserSessionActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private sealed record LivenessTick
    {
        public static readonly LivenessTick Instance = new();
    }

    private sealed record RoomRetry
    {
        public static readonly RoomRetry Instance = new();
    }

    private readonly long _id;
    private readonly IPEndPoint _endpoint;
    private readonly ChatSettings _settings;
    private readonly IActorRef _rooms;
    private readonly IActorRef _outlet;
    private readonly string _room;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private string _name = "";
    private TokenBucket _bucket;
    private TimeSpan _lastHeard;
    private TimeSpan? _lastFloodWarning;
    private bool _heartbeats;
    private IActorRef? _roomActor;
    private IActorRef? _closer;
    private IRoomCommand? _awaiting;
    private LeaveReason _leaving;

    public UserSessionActor(long id, IPEndPoint endpoint, ChatSettings settings, IActorRef rooms, IActorRef outlet, string room)
    {
        _id = id;
        _endpoint = endpoint;
        _settings = settings;
        _rooms = rooms;
        _outlet = outlet;
        _room = room;
        Idle();
    }

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    /// <summary>How long a session with no member may sit before it asks the edge to retire it.</summary>
    public static readonly TimeSpan IdleRetirement = TimeSpan.FromMinutes(2);

    public static Props Props(long id, IPEndPoint endpoint, ChatSettings settings, IActorRef rooms, IActorRef outlet, string room) =>
        Akka.Actor.Props.Create(() => new UserSessionActor(id, endpoint, settings, rooms, outlet, room));

    private void Idle()
    {
        Context.SetReceiveTimeout(IdleRetirement);
        Receive<FromClient>(m => m.Request is JoinRequest, m => TryJoin(((JoinRequest)m.Request).Name));
        Receive<FromClient>(_ => Reply(new ChatError("错误: 您还没有进入聊天室 (join first: L name)")));
        Receive<CloseSession>(_ => Sender.Tell(SessionClosed.Instance));
        Receive<ReceiveTimeout>(_ =>
        {
            Context.SetReceiveTimeout(null);
            Context.Parent.Tell(new SessionIdle(_id));
            Become(Retiring);
        });
        Receive<Terminated>(_ => { });
        Strays();
    }

    private void TryJoin(string name)
    {
        if (NameRules.Check(name, _settings.MaxNameBytes) is { } reason)
        {
            Reply(new JoinRefused(reason));
            return;
        }
        _name = name;
        AskRoom(new JoinRoom(_room, name, _id, Self, _outlet));
        Context.SetReceiveTimeout(null);
        Become(Joining);
    }

    private void Joining()
    {
        Receive<JoinAccepted>(a => a.Name == _name, _ =>
        {
            Answered();
            WatchRoom(Sender);
            _bucket = TokenBucket.Full(_settings.FloodRate, _settings.FloodBurst, _clock.Elapsed);
            _lastHeard = _clock.Elapsed;
            _heartbeats = false;
            var tick = TimeSpan.FromTicks(Math.Min(_settings.HeartbeatTimeout.Ticks, _settings.IdleTimeout.Ticks) / 3);
            Timers.StartPeriodicTimer(nameof(LivenessTick), LivenessTick.Instance, tick);
            Stash.UnstashAll();
            Become(Member);
        });
        Receive<JoinRejected>(r => r.Name == _name, _ =>
        {
            Answered();
            Stash.UnstashAll();
            Become(Idle);
        });
        WaitingForTheRoom();
    }

    /// <summary>
    /// While the room has not answered yet, the client's requests and a close wait their turn;
    /// liveness ticks and the death of a room we no longer watch mean nothing.
    /// </summary>
    private void WaitingForTheRoom()
    {
        Receive<FromClient>(_ => Stash.Stash());
        Receive<CloseSession>(_ => Stash.Stash());
        Receive<RoomRetry>(_ =>
        {
            _log.Info("Room {0} has not answered {1} for {2}; asking again", _room, _name, _settings.RoomRetry);
            _rooms.Tell(_awaiting);
        });
        Receive<LivenessTick>(_ => { });
        Receive<Terminated>(_ => { });
        Strays();
    }

    /// <summary>
    /// Asks the room through its region, and again every room-retry until it answers: while a lost
    /// node is being downed, the region can still route to that node's region and the request is
    /// lost. The room answers a repeated request as it answered the first.
    /// </summary>
    private void AskRoom(IRoomCommand command)
    {
        _awaiting = command;
        _rooms.Tell(command);
        Timers.StartPeriodicTimer(nameof(RoomRetry), RoomRetry.Instance, _settings.RoomRetry);
    }

    private void Answered()
    {
        Timers.Cancel(nameof(RoomRetry));
        _awaiting = null;
    }

    /// <summary>
    /// Answers to requests asked twice arrive after the first answer was acted on. A room that accepted
    /// a join this session no longer wants (it was refused meanwhile, or moved on) is told to let go,
    /// so the room never holds a member no session speaks for.
    /// </summary>
    private void Strays()
    {
        Receive<JoinAccepted>(a =>
        {
            if (_roomActor is not null && a.Name == _name)
                return;
            _log.Warning("Room {0} accepted {1} late; leaving it", _room, a.Name);
            Sender.Tell(new LeaveRoom(a.Room, a.Name, LeaveReason.Replaced));
        });
        Receive<JoinRejected>(_ => { });
        Receive<LeftRoom>(_ => { });
    }

    /// <summary>
    /// The room is a sharded entity: if it stops while we are in it (rebalance, its node lost),
    /// we rejoin and the region starts it again, wherever it now lives.
    /// </summary>
    private void WatchRoom(IActorRef room)
    {
        if (room.Equals(_roomActor))
            return;
        if (_roomActor is not null)
            Context.Unwatch(_roomActor);
        _roomActor = room;
        Context.Watch(room);
    }

    private void Rejoining()
    {
        Receive<JoinAccepted>(a => a.Name == _name, _ =>
        {
            Answered();
            WatchRoom(Sender);
            Stash.UnstashAll();
            Become(Member);
        });
        Receive<JoinRejected>(r => r.Name == _name, _ =>
        {
            Answered();
            // Someone took the name while the room was moving: this client is out.
            _log.Warning("{0} could not rejoin room {1}: name taken meanwhile", _name, _room);
            Timers.Cancel(nameof(LivenessTick));
            Reply(new ChatError("错误: 聊天室已重启, 您的昵称已被占用 (room restarted; name taken)"));
            Reply(Exit.Instance);
            _name = "";
            Stash.UnstashAll();
            Become(Idle);
        });
        WaitingForTheRoom();
    }

    private void Member()
    {
        Receive<FromClient>(m =>
        {
            _lastHeard = _clock.Elapsed;
            switch (m.Request)
            {
                case SayRequest say when say.Name != _name:
                    Reply(new ChatError("错误: 不能以他人名义发言 (not your name)"));
                    break;
                case SayRequest say:
                    Say(say.Text);
                    break;
                case QuitRequest quit when quit.Name != _name:
                    Reply(new ChatError("错误: 不能让他人退出 (not your name)"));
                    break;
                case QuitRequest:
                    Leave(LeaveReason.Quit);
                    break;
                case HeartbeatRequest:
                    _heartbeats = true;
                    break;
                case JoinRequest join when join.Name == _name:
                    // Our OK was lost and the client asked again: same answer.
                    Reply(JoinOk.Instance);
                    break;
                case JoinRequest:
                    // A new client reusing a dead client's address and port: the old member is gone.
                    Stash.Stash();
                    Leave(LeaveReason.Replaced);
                    break;
            }
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_roomActor), _ =>
        {
            _log.Info("Room {0} moved; {1} rejoins", _room, _name);
            _roomActor = null;
            AskRoom(new JoinRoom(_room, _name, _id, Self, _outlet, Rejoin: true));
            Become(Rejoining);
        });
        Receive<CloseSession>(close =>
        {
            _closer = Sender;
            Reply(new AdminNotice(close.Notice));
            Reply(Exit.Instance);
            Leave(LeaveReason.NodeLeaving);
        });
        Receive<LivenessTick>(_ =>
        {
            var silent = _clock.Elapsed - _lastHeard;
            var limit = _heartbeats ? _settings.HeartbeatTimeout : _settings.IdleTimeout;
            if (silent <= limit)
                return;
            _log.Info("{0} at {1} silent for {2}: dropping", _name, _endpoint, silent);
            Leave(LeaveReason.Expired);
        });
        Receive<Terminated>(_ => { });
        Strays();
    }

    private void Say(string text)
    {
        var now = _clock.Elapsed;
        _bucket = _bucket.TryTake(now, out var allowed);
        if (allowed)
        {
            // Straight to the room entity that accepted us: the hot path skips the region and shard
            // hops. If the room moves, we see it stop and rejoin through the region.
            (_roomActor ?? _rooms).Tell(new PostToRoom(_room, _name, text));
            return;
        }
        // One warning a second at most: the warning must not become a flood of its own.
        if (now - _lastFloodWarning < TimeSpan.FromSeconds(1))
            return;
        _lastFloodWarning = now;
        Reply(new ChatError("错误: 发言太快, 消息已丢弃 (slow down)"));
    }

    private void Leave(LeaveReason reason)
    {
        Timers.Cancel(nameof(LivenessTick));
        if (_roomActor is not null)
            Context.Unwatch(_roomActor);
        _roomActor = null;
        _leaving = reason;
        AskRoom(new LeaveRoom(_room, _name, reason));
        Become(Leaving);
    }

    private void Leaving()
    {
        Receive<LeftRoom>(l => l.Name == _name, left =>
        {
            Answered();
            // A room that no longer held us sent no EXIT; the client that quit still gets one.
            if (!left.WasMember && _leaving is LeaveReason.Quit or LeaveReason.Expired)
                Reply(Exit.Instance);
            _name = "";
            _closer?.Tell(SessionClosed.Instance);
            _closer = null;
            Stash.UnstashAll();
            Become(Idle);
        });
        WaitingForTheRoom();
    }

    private void Retiring()
    {
        Receive<FromClient>(m => Context.Parent.Tell(new Redeliver(_endpoint, m.Request)));
        Receive<CloseSession>(_ => Sender.Tell(SessionClosed.Instance));
        Receive<Terminated>(_ => { });
        Strays();
    }

    private void Reply(IChatOutput output) => _outlet.Tell(new ReplyTo(_id, output));
}
