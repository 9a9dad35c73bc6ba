using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;

namespace ActorChat.Bank;

/// <summary>
/// One account, event-sourced: the only place its balance exists, and the home of every transfer it is
/// the source of (decisions come from <see cref="AccountState"/>). A transfer costs two writes on the
/// way (the source's debit, the destination's credit) and the source's end written behind the answer;
/// no actor is created for it and nothing is recovered per transfer.
/// </summary>
public sealed class AccountActor : ReceivePersistentActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private readonly AccountState _state;
    private readonly IActorRef _accounts;
    private readonly TimeSpan _creditRetry;
    private readonly Dictionary<string, List<IActorRef>> _waiting = new();
    private readonly Dictionary<string, DateTime> _creditSentAt = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="creditRetry">An open transfer's credit is sent again after this long without an answer.</param>
    public AccountActor(string accountId, TimeSpan creditRetry)
    {
        _state = new AccountState(accountId);
        // Credits go to the destination wherever it lives: through the account shard region.
        _accounts = ClusterSharding.Get(Context.System).ShardRegion(BankShards.AccountTypeName);
        _creditRetry = creditRetry;
        PersistenceId = PersistenceIdFor(accountId);

        Recover<IAccountEvent>(e => _state.Apply(e));
        // Transfers debited before a crash, a kill or a system restart carry on from here.
        Recover<RecoveryCompleted>(_ => SendCredits(DateTime.MaxValue));

        Command<CrashAccount>(_ => throw new SimulatedCrash(PersistenceId));
        Command<CreditResult>(CreditAnswered);
        Command<RetryCredits>(_ => SendCredits(DateTime.UtcNow - _creditRetry));
        Command<StartTransfer>(Start);
        Command<IAccountCommand>(Handle);
    }

    public override string PersistenceId { get; }
    public ITimerScheduler Timers { get; set; } = null!;

    // No snapshots are taken: skip asking the snapshot store on every start.
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    public static string PersistenceIdFor(string accountId) => "account-" + accountId;

    public static Props Props(string accountId, TimeSpan creditRetry) =>
        Akka.Actor.Props.Create(() => new AccountActor(accountId, creditRetry));

    private void Handle(IAccountCommand command)
    {
        var decision = _state.Process(command);
        if (decision.Events.Count == 0)
        {
            if (decision.Reply is not null)
                Sender.Tell(decision.Reply);
            return;
        }

        // Persist (not PersistAsync): later commands wait in the stash until this decision is in the
        // journal, so no answer ever rests on a change the journal might still lose. The journal
        // still batches writes across the many accounts that persist at the same time.
        var sender = Sender;
        PersistAll(decision.Events, e =>
        {
            _state.Apply(e);
            if (decision.Reply is not null && ReferenceEquals(e, decision.Events[^1]))
                sender.Tell(decision.Reply);
        });
    }

    private void Start(StartTransfer start)
    {
        var decision = _state.Process(start);
        if (decision.Events.Count == 0)
        {
            if (decision.Reply is not null)
                Sender.Tell(decision.Reply);
            else
                Wait(start.TransferId, Sender); // still open: told when it ends
            return;
        }

        var sender = Sender;
        Persist(decision.Events[0], e =>
        {
            _state.Apply(e);
            if (e is TransferDebited debited)
            {
                // The debit is in the journal before the credit is asked: money never arrives unpaid.
                Wait(debited.TransferId, sender);
                SendCredit(_state.OpenTransfer(debited.TransferId)!);
            }
            else if (decision.Reply is not null)
            {
                sender.Tell(decision.Reply);
            }
        });
    }

    private void CreditAnswered(CreditResult result)
    {
        var decision = _state.OnCreditResult(result);
        if (decision.Events.Count == 0)
            return;
        _creditSentAt.Remove(result.TransferId);
        var ended = (TransferEnded)decision.Events[0];
        if (ended.Outcome == TransferOutcome.Applied)
        {
            // Decided by the destination's journal already: report now, write the end behind it. If that
            // write is lost, the next incarnation re-sends the credit, gets the same answer, writes it again.
            _state.Apply(ended);
            PersistAsync(ended, static _ => { });
            Report(ended.TransferId);
            return;
        }
        // A refund gives money back: it is in the journal before anyone can spend it.
        Persist(ended, e =>
        {
            _state.Apply(e);
            Report(ended.TransferId);
        });
    }

    private void Report(string transferId)
    {
        if (!_waiting.Remove(transferId, out var waiters))
            return;
        var done = _state.Completion(transferId)!;
        foreach (var waiter in waiters)
            waiter.Tell(done);
    }

    private void Wait(string transferId, IActorRef caller)
    {
        if (caller.IsNobody() || caller.Equals(Context.System.DeadLetters))
            return;
        if (!_waiting.TryGetValue(transferId, out var waiters))
            _waiting[transferId] = waiters = new List<IActorRef>(1);
        if (!waiters.Contains(caller))
            waiters.Add(caller);
    }

    /// <summary>Sends the credit of every open transfer last sent before <paramref name="sentBefore"/>.</summary>
    private void SendCredits(DateTime sentBefore)
    {
        foreach (var open in _state.OpenTransfers)
        {
            if (!_creditSentAt.TryGetValue(open.TransferId, out var sentAt) || sentAt < sentBefore)
                SendCredit(open);
        }
        if (_state.OpenTransfers.Count == 0)
            Timers.Cancel(RetryTimer);
    }

    private void SendCredit(OutgoingTransfer open)
    {
        _creditSentAt[open.TransferId] = DateTime.UtcNow;
        _accounts.Tell(_state.CreditFor(open));
        // Answers are lost while the destination restarts; asking again is safe (it decides once).
        if (!Timers.IsTimerActive(RetryTimer))
            Timers.StartPeriodicTimer(RetryTimer, RetryCredits.Instance, _creditRetry);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "{0}: recovery failed", PersistenceId);
        base.OnRecoveryFailure(reason, message);
    }

    private sealed record RetryCredits
    {
        public static readonly RetryCredits Instance = new();
    }
}
