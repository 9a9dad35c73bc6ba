using ActorChat.Hosting;

namespace ActorChat.Web;

/// <summary>What the status page shows, gathered by <see cref="StatusActor"/> from the EventStream.</summary>
public interface IStatusProtocol;

/// <summary>
/// A feature's running total (datagrams, messages, bytes, open connections), published on the EventStream
/// whenever it changes or periodically. The status actor turns totals into per-second rates.
/// </summary>
public sealed record CounterReport(string Name, long Total) : IStatusProtocol;

/// <summary>
/// A feature's own part of the status (rooms and their members, the file library, accounts), published on
/// the EventStream when it changes; the latest value per name is shown as JSON. This is where a feature
/// plugs into the status page and <c>/api/status</c> without the web code knowing its types.
/// </summary>
public sealed record StatusSection(string Name, object Value) : IStatusProtocol;

/// <summary>
/// A cluster-wide section (a room: hosted on one node, shown on every node's page), sent by the status actor of the
/// node where it was published to the status actors of the other members, as JSON so any value crosses the wire.
/// </summary>
public sealed record PeerSection(string Name, string Json, string Origin) : IStatusProtocol;

/// <summary>
/// Published by the status actor the first time anyone looks at the status (a page or /api/status): a section that
/// is costly to keep (the bank's journal read) starts on it, so a node nobody watches does not pay for it.
/// </summary>
public sealed record StatusWatched : IStatusProtocol
{
    public static readonly StatusWatched Instance = new();
}

/// <summary>Published once the node has bound every service.</summary>
public sealed record NodeServices(IReadOnlyList<ServiceBound> Bindings) : IStatusProtocol;

/// <summary>Send me a <see cref="StatusSnapshot"/> now and at every status interval until I stop.</summary>
public sealed record SubscribeStatus(Akka.Actor.IActorRef Subscriber) : IStatusProtocol;

/// <summary>Answered with the current <see cref="StatusSnapshot"/>.</summary>
public sealed record GetStatus : IStatusProtocol
{
    public static readonly GetStatus Instance = new();
}

public sealed record MemberInfo(string Address, string Status, IReadOnlyList<string> Roles);

public sealed record CounterInfo(string Name, long Total, double PerSecond);

public sealed record ServiceInfo(string Service, string Transport, string Address);

/// <summary>One picture of the node, pushed to every status page; serialized as JSON as is.</summary>
public sealed record StatusSnapshot(
    string Node,
    DateTimeOffset At,
    double UptimeSeconds,
    IReadOnlyList<ServiceInfo> Services,
    IReadOnlyList<MemberInfo> Members,
    IReadOnlyList<CounterInfo> Counters,
    IReadOnlyDictionary<string, object> Sections) : IStatusProtocol;
