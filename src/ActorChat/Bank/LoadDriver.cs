using Akka.Actor;

namespace ActorChat.Bank;

/// <summary>What a <see cref="LoadDriver"/> saw: each transfer's outcome, and what was still open when it stopped.</summary>
public sealed record LoadResult(
    IReadOnlyDictionary<string, TransferOutcome> Outcomes,
    IReadOnlyList<TransferPlan> Unfinished,
    int ConflictingReports,
    int Crashes);

/// <summary>
/// Keeps <c>concurrency</c> transfers in flight against the bank, one message each way per transfer
/// (no Ask), re-sends any it has not heard about in a while (same id: idempotent), and optionally
/// kills a random account and the source account of a random in-flight transfer every K starts.
/// </summary>
public sealed class LoadDriver : ReceiveActor, IWithTimers
{
    private readonly IActorRef _bank;
    private readonly IReadOnlyList<TransferPlan> _plan;
    private readonly int _concurrency;
    private readonly int _crashEvery;
    private readonly int _stopAfter;
    private readonly int _accounts;
    private readonly TimeSpan _resendAfter;
    private readonly Action<int>? _onProgress;
    private readonly TaskCompletionSource<LoadResult> _done;
    private readonly Random _random;
    private readonly Dictionary<string, TransferOutcome> _outcomes;
    private readonly Dictionary<string, (TransferPlan Plan, DateTime SentAt)> _inFlight = new();
    private int _next;
    private int _conflicts;
    private int _crashes;

    public LoadDriver(IActorRef bank, IReadOnlyList<TransferPlan> plan, BankLoadOptions options, int stopAfter,
        Action<int>? onProgress, TaskCompletionSource<LoadResult> done)
    {
        _bank = bank;
        _plan = plan;
        _concurrency = Math.Max(1, options.Concurrency);
        _crashEvery = options.CrashEvery;
        _stopAfter = Math.Min(stopAfter, plan.Count);
        // Sized up front: it ends holding every outcome, and growing it step by step re-copies it each time.
        _outcomes = new Dictionary<string, TransferOutcome>(_stopAfter);
        _accounts = options.Accounts;
        _resendAfter = options.ResendAfter;
        _onProgress = onProgress;
        _done = done;
        _random = new Random(options.Seed + plan.Count);

        Receive<TransferCompleted>(Completed);
        Receive<ResendOverdue>(_ => ResendOverdueTransfers());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef bank, IReadOnlyList<TransferPlan> plan, BankLoadOptions options, int stopAfter,
        Action<int>? onProgress, TaskCompletionSource<LoadResult> done) =>
        Akka.Actor.Props.Create(() => new LoadDriver(bank, plan, options, stopAfter, onProgress, done));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("resend", ResendOverdue.Instance, _resendAfter / 3);
        if (_stopAfter == 0)
        {
            Finish();
            return;
        }
        while (_inFlight.Count < _concurrency && _next < _plan.Count)
            StartNext();
    }

    private void Completed(TransferCompleted done)
    {
        if (_outcomes.TryGetValue(done.TransferId, out var earlier))
        {
            // Re-reports are expected after re-sends; a different outcome would break exactly-once.
            if (earlier != done.Outcome)
                _conflicts++;
            return;
        }
        if (!_inFlight.Remove(done.TransferId))
            return;
        _outcomes[done.TransferId] = done.Outcome;
        _onProgress?.Invoke(_outcomes.Count);
        if (_outcomes.Count >= _stopAfter)
        {
            Finish();
            return;
        }
        if (_next < _plan.Count)
            StartNext();
    }

    private void StartNext()
    {
        var transfer = _plan[_next++];
        _inFlight[transfer.Id] = (transfer, DateTime.UtcNow);
        _bank.Tell(new StartTransfer(transfer.Id, transfer.From, transfer.To, transfer.Amount));
        if (_crashEvery > 0 && _next % _crashEvery == 0)
            CrashSomething();
    }

    private void CrashSomething()
    {
        _bank.Tell(new CrashAccount(BankLoad.AccountName(_random.Next(_accounts))));
        // A source killed between its debit and the credit's answer: it must re-drive the transfer.
        var victim = _inFlight.Values.ElementAt(_random.Next(_inFlight.Count)).Plan;
        _bank.Tell(new CrashAccount(victim.From));
        _crashes += 2;
    }

    private void ResendOverdueTransfers()
    {
        var now = DateTime.UtcNow;
        foreach (var (id, (transfer, sentAt)) in _inFlight.ToList())
        {
            if (now - sentAt < _resendAfter)
                continue;
            _inFlight[id] = (transfer, now);
            _bank.Tell(new StartTransfer(transfer.Id, transfer.From, transfer.To, transfer.Amount));
        }
    }

    private void Finish()
    {
        var unfinished = _inFlight.Values.Select(v => v.Plan).Concat(_plan.Skip(_next)).ToList();
        _done.TrySetResult(new LoadResult(_outcomes, unfinished, _conflicts, _crashes));
        Context.Stop(Self);
    }

    private sealed record ResendOverdue
    {
        public static readonly ResendOverdue Instance = new();
    }
}
