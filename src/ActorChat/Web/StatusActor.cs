using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;

namespace ActorChat.Web;

/// <summary>
/// Owns what the status page shows: cluster members from cluster events, counters and sections from the
/// EventStream. Every status interval it pushes a snapshot to each subscribed page; nothing reads its state
/// except through messages. Room sections are cluster-wide: a room lives on one node, so the status actors tell each
/// other about the rooms their node hosts and every page shows every room with its node.
/// </summary>
public sealed class StatusActor : ReceiveActor, IWithTimers
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Counter(long total)
    {
        public long Total = total;
        public long PreviousTotal = total;
        public double PerSecond;
    }

    private readonly TimeSpan _interval;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly SortedDictionary<string, MemberInfo> _members = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, object> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sectionOrigins = new(StringComparer.Ordinal);
    private readonly Address _self;
    private readonly HashSet<IActorRef> _subscribers = [];
    private IReadOnlyList<ServiceInfo> _services = [];
    private DateTimeOffset _lastTick = DateTimeOffset.UtcNow;
    private bool _watched;

    public StatusActor(TimeSpan interval)
    {
        _interval = interval;
        _self = Cluster.Get(Context.System).SelfAddress;

        Receive<ClusterEvent.MemberRemoved>(e =>
        {
            // The node is gone, and so are the rooms it hosted (they reappear from their new node).
            var address = e.Member.Address.ToString();
            _members.Remove(address);
            foreach (var name in _sectionOrigins.Where(o => o.Value == address).Select(o => o.Key).ToList())
            {
                _sections.Remove(name);
                _sectionOrigins.Remove(name);
            }
        });
        Receive<ClusterEvent.MemberUp>(e =>
        {
            SetMember(e.Member);
            // A node that just came up has not heard of the rooms hosted here.
            if (!e.Member.Address.Equals(_self))
                foreach (var (name, value) in _sections.Where(s => IsClusterWide(s.Key) && IsLocal(s.Key)).ToList())
                    Peer(e.Member.Address).Tell(new PeerSection(name, JsonSerializer.Serialize(value, JsonSerializerOptions.Web), _self.ToString()));
        });
        Receive<ClusterEvent.IMemberEvent>(e => SetMember(e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => _members[e.Member.Address.ToString()] = Describe(e.Member, "Unreachable"));
        Receive<ClusterEvent.ReachableMember>(e => SetMember(e.Member));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });

        Receive<CounterReport>(c =>
        {
            if (_counters.TryGetValue(c.Name, out var counter))
                counter.Total = c.Total;
            else
                _counters[c.Name] = new Counter(c.Total);
        });
        Receive<StatusSection>(s =>
        {
            _sections[s.Name] = s.Value;
            _sectionOrigins[s.Name] = _self.ToString();
            if (!IsClusterWide(s.Name))
                return;
            var peer = new PeerSection(s.Name, JsonSerializer.Serialize(s.Value, JsonSerializerOptions.Web), _self.ToString());
            foreach (var member in Cluster.Get(Context.System).State.Members)
                if (member.Status == MemberStatus.Up && !member.Address.Equals(_self))
                    Peer(member.Address).Tell(peer);
        });
        Receive<PeerSection>(p =>
        {
            using var json = JsonDocument.Parse(p.Json);
            _sections[p.Name] = json.RootElement.Clone();
            _sectionOrigins[p.Name] = p.Origin;
        });
        Receive<NodeServices>(n => _services = n.Bindings
            .Select(b => new ServiceInfo(b.Service, b.Transport, b.LocalAddress.ToString())).ToList());

        Receive<SubscribeStatus>(s =>
        {
            Watched();
            if (_subscribers.Add(s.Subscriber))
                Context.Watch(s.Subscriber);
            s.Subscriber.Tell(Snapshot());
        });
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<GetStatus>(_ =>
        {
            Watched();
            Sender.Tell(Snapshot());
        });
        Receive<Tick>(_ => OnTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan interval) => Akka.Actor.Props.Create(() => new StatusActor(interval));

    /// <summary>What the status actor follows on the EventStream.</summary>
    public static readonly Type[] Topics = [typeof(CounterReport), typeof(StatusSection), typeof(NodeServices)];

    protected override void PreStart()
    {
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        // Again here for a restart (PostStop unsubscribes); subscribing twice is a no-op.
        foreach (var topic in Topics)
            Context.System.EventStream.Subscribe(Self, topic);
        Timers.StartPeriodicTimer("tick", Tick.Instance, _interval);
    }

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private void OnTick()
    {
        var now = DateTimeOffset.UtcNow;
        var seconds = Math.Max((now - _lastTick).TotalSeconds, 0.001);
        _lastTick = now;
        foreach (var counter in _counters.Values)
        {
            counter.PerSecond = Math.Max(0, (counter.Total - counter.PreviousTotal) / seconds);
            counter.PreviousTotal = counter.Total;
        }
        if (_subscribers.Count == 0)
            return;
        var snapshot = Snapshot();
        foreach (var subscriber in _subscribers)
            subscriber.Tell(snapshot);
    }

    private void Watched()
    {
        if (_watched)
            return;
        _watched = true;
        Context.System.EventStream.Publish(StatusWatched.Instance);
    }

    /// <summary>Sections about something that lives in one place in the cluster: the rooms.</summary>
    private static bool IsClusterWide(string name) => name.StartsWith("room:", StringComparison.Ordinal);

    private bool IsLocal(string name) => _sectionOrigins.TryGetValue(name, out var origin) && origin == _self.ToString();

    private ActorSelection Peer(Address address) => Context.ActorSelection(Self.Path.ToStringWithAddress(address));

    private void SetMember(Member member) =>
        _members[member.Address.ToString()] = Describe(member, member.Status.ToString());

    private static MemberInfo Describe(Member member, string status) =>
        new(member.Address.ToString(), status, member.Roles.Order(StringComparer.Ordinal).ToList());

    private StatusSnapshot Snapshot() => new(
        Cluster.Get(Context.System).SelfAddress.ToString(),
        DateTimeOffset.UtcNow,
        Math.Round((DateTimeOffset.UtcNow - _started).TotalSeconds, 1),
        _services,
        _members.Values.ToList(),
        _counters.Select(c => new CounterInfo(c.Key, c.Value.Total, Math.Round(c.Value.PerSecond, 1))).ToList(),
        new Dictionary<string, object>(_sections));
}
