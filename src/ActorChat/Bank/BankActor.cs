using Akka.Actor;

namespace ActorChat.Bank;

/// <summary>
/// The bank as one address on each node: account commands and transfers go to the account shard
/// region (a transfer to its source account), wherever in the cluster the account lives. Callers of
/// <see cref="StartTransfer"/> are told <see cref="TransferCompleted"/> when the transfer ends; asking
/// again with the same id is safe. While a caller waits, this actor asks the transfer again every
/// <see cref="BankSettings.Reask"/>, so a transfer whose source's node died mid-way resumes on another
/// node (from the source's journal) and still ends, applied, refused or refunded, once.
/// </summary>
public sealed class BankActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private const string ReaskTimer = "reask";
    private readonly BankSettings _settings;
    private readonly Dictionary<string, Waiting> _waiting = new();
    private IActorRef _accounts = ActorRefs.Nobody;

    public BankActor(BankSettings settings, BankRegions? regions)
    {
        _settings = settings;
        if (regions is null)
        {
            // Stand-alone: start (or find) the regions first; commands wait in the stash meanwhile.
            Receive<BankRegions>(started =>
            {
                Ready(started);
                Stash.UnstashAll();
            });
            Receive<Status.Failure>(failure => throw new InvalidOperationException("the bank's shard regions did not start", failure.Cause));
            ReceiveAny(_ => Stash.Stash());
        }
        else
        {
            Ready(regions);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    /// <summary>A bank that starts the shard regions itself (scenarios, tests, benchmarks: a cluster of one).</summary>
    public static Props Props(BankSettings settings) => Akka.Actor.Props.Create(() => new BankActor(settings, null));

    /// <summary>A bank in front of regions started elsewhere (the node, through Akka.Hosting).</summary>
    public static Props Props(BankSettings settings, BankRegions regions) =>
        Akka.Actor.Props.Create(() => new BankActor(settings, regions));

    protected override void PreStart()
    {
        if (!_accounts.IsNobody())
            return;
        // A system nobody told to join anything is a cluster of one (sharding needs a cluster).
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        if (cluster.Settings.SeedNodes.Count == 0 && cluster.State.Members.Count == 0)
            cluster.Join(cluster.SelfAddress);
        BankShards.StartAsync(Context.System, _settings).PipeTo(Self);
    }

    private void Ready(BankRegions regions)
    {
        _accounts = regions.Accounts;
        Become(() =>
        {
            Receive<TransferCompleted>(Completed);
            Receive<StartTransfer>(Start);
            Receive<IAccountCommand>(command => _accounts.Forward(command));
            Receive<Reask>(_ => ReaskOverdue());
        });
        Timers.StartPeriodicTimer(ReaskTimer, Reask.Instance, _settings.Reask);
    }

    private void Start(StartTransfer start)
    {
        if (!_waiting.TryGetValue(start.TransferId, out var waiting))
            _waiting[start.TransferId] = waiting = new Waiting(start, new List<IActorRef>(1));
        // A caller re-asking about the same transfer is told once.
        if (!Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters) && !waiting.Callers.Contains(Sender))
            waiting.Callers.Add(Sender);
        waiting.AskedAt = DateTime.UtcNow;
        _accounts.Tell(start);
    }

    private void Completed(TransferCompleted done)
    {
        if (_waiting.Remove(done.TransferId, out var waiting))
            foreach (var caller in waiting.Callers)
                caller.Tell(done);
    }

    private void ReaskOverdue()
    {
        var due = DateTime.UtcNow - _settings.Reask;
        foreach (var waiting in _waiting.Values)
        {
            if (waiting.AskedAt > due)
                continue;
            waiting.AskedAt = DateTime.UtcNow;
            _accounts.Tell(waiting.Start);
        }
    }

    private sealed class Waiting(StartTransfer start, List<IActorRef> callers)
    {
        public StartTransfer Start { get; } = start;
        public List<IActorRef> Callers { get; } = callers;
        public DateTime AskedAt { get; set; }
    }

    private sealed record Reask
    {
        public static readonly Reask Instance = new();
    }
}
