using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;

namespace ActorChat.Bank;

/// <summary>
/// One account, event-sourced: the only place its balance exists, and the home of every transfer it is
/// the source of (decisions come from <see cref="AccountState"/>). A transfer costs two journal writes
/// on the way (the source's debit, the destination's credit); the source's end of an applied transfer
/// rides along with its next write. No actor is created for a transfer and nothing is recovered.
/// </summary>
public sealed class AccountActor : ReceivePersistentActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private readonly AccountState _state;
    private readonly IActorRef _accounts;
    private readonly TimeSpan _creditRetry;
    private readonly Dictionary<string, List<IActorRef>> _waiting = new();
    private readonly Dictionary<string, DateTime> _creditSentAt = new();
    private readonly List<IAccountEvent> _unwrittenEnds = new();
    // Group commit bookkeeping: writes handed to the journal and made durable, and the answers waiting
    // for the writes issued before them.
    private readonly Queue<(long After, IActorRef To, object Reply)> _deferred = new();
    private long _writesIssued;
    private long _writesDone;
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
        Command<RetryCredits>(_ =>
        {
            WriteEnds();
            SendCredits(DateTime.UtcNow - _creditRetry);
        });
        Command<StartTransfer>(Start);
        Command<CreditTransfer>(Credit);
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
                Answer(Sender, decision.Reply);
            return;
        }

        var sender = Sender;
        Write(decision.Events, () => sender.Tell(decision.Reply!));
    }

    /// <summary>The destination's side: decide once, answer the source through the region.</summary>
    private void Credit(CreditTransfer credit)
    {
        var decision = _state.Process(credit);
        if (decision.Events.Count == 0)
            Answer(_accounts, decision.Reply!);
        else
            Write(decision.Events, () => _accounts.Tell(decision.Reply!));
    }

    /// <summary>
    /// Group commit: applies <paramref name="events"/> at once, so the next command is decided against
    /// them, and persists them with PersistAllAsync: while one write of this account is in the journal,
    /// the decisions of the commands behind it pile up and go to the journal together as its next write.
    /// Nothing leaves the account before it is durable: <paramref name="persisted"/> (the answer, the
    /// credit to send) runs only once these events are in the journal. That is safe because an account's
    /// writes reach the journal in order and a failed write stops the account: no later decision can be
    /// durable without the earlier ones it was made against (a debit never spends a credit the journal
    /// lost). Applied ends not yet written ride first in the same write (they are applied already).
    /// </summary>
    private void Write(IReadOnlyList<IAccountEvent> events, Action persisted)
    {
        foreach (var e in events)
            _state.Apply(e);
        // An array: PersistAllAsync copies any other sequence into one first.
        IAccountEvent[] batch = _unwrittenEnds.Count == 0 ? [.. events] : [.. _unwrittenEnds, .. events];
        _unwrittenEnds.Clear();
        var last = batch[^1];
        var write = ++_writesIssued;
        PersistAllAsync(batch, e =>
        {
            if (!ReferenceEquals(e, last))
                return;
            _writesDone = write; // handlers run in write order
            persisted();
            while (_deferred.Count > 0 && _deferred.Peek().After <= _writesDone)
            {
                var (_, to, reply) = _deferred.Dequeue();
                to.Tell(reply);
            }
        });
    }

    /// <summary>
    /// An answer that needs no write of its own may still rest on decisions whose write is in flight
    /// (a repeated transfer refused a moment ago, a balance just debited): it waits for those writes.
    /// (Not DeferAsync: a write batch holding only a deferred message reaches Akka.Persistence.Sql as an
    /// empty write, which it counts as a failure until the journal's circuit breaker opens.)
    /// </summary>
    private void Answer(IActorRef to, object reply)
    {
        if (_writesDone == _writesIssued)
            to.Tell(reply);
        else
            _deferred.Enqueue((_writesIssued, to, reply));
    }

    private void Start(StartTransfer start)
    {
        var decision = _state.Process(start);
        if (decision.Events.Count == 0)
        {
            if (decision.Reply is not null)
                Answer(Sender, decision.Reply);
            else
                Wait(start.TransferId, Sender); // still open: told when it ends
            return;
        }

        var sender = Sender;
        if (decision.Events[0] is TransferDebited pending)
        {
            // Open from now on but not yet durable: the retry tick must not send its credit (never "sent before" anything).
            _creditSentAt[pending.TransferId] = DateTime.MaxValue;
            Wait(pending.TransferId, sender);
        }
        Write(decision.Events, () =>
        {
            if (decision.Events[0] is TransferDebited debited)
            {
                // The debit is in the journal before the credit is asked: money never arrives unpaid.
                if (_state.OpenTransfer(debited.TransferId) is { } open)
                    SendCredit(open);
            }
            else
            {
                sender.Tell(decision.Reply!);
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
            // Decided by the destination's journal already: report now; the end rides with this account's
            // next write (or the retry tick's). If it is lost, the next incarnation re-sends the credit,
            // gets the same answer and ends the transfer again, the same way.
            _state.Apply(ended);
            _unwrittenEnds.Add(ended);
            StartRetryTimer();
            Report(ended.TransferId);
            return;
        }
        // A refund gives money back: it is in the journal before anyone can spend it.
        Write(decision.Events, () => Report(ended.TransferId));
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
        if (_state.OpenTransfers.Count == 0 && _unwrittenEnds.Count == 0)
            Timers.Cancel(RetryTimer);
    }

    /// <summary>Writes the applied ends still waiting for a ride (an account with nothing else to persist).</summary>
    private void WriteEnds()
    {
        if (_unwrittenEnds.Count == 0)
            return;
        PersistAllAsync(_unwrittenEnds.ToArray(), static _ => { });
        _unwrittenEnds.Clear();
    }

    private void SendCredit(OutgoingTransfer open)
    {
        _creditSentAt[open.TransferId] = DateTime.UtcNow;
        _accounts.Tell(_state.CreditFor(open));
        // Answers are lost while the destination restarts; asking again is safe (it decides once).
        StartRetryTimer();
    }

    private void StartRetryTimer()
    {
        if (!Timers.IsTimerActive(RetryTimer))
            Timers.StartPeriodicTimer(RetryTimer, RetryCredits.Instance, _creditRetry);
    }

    /// <summary>
    /// Events are applied when decided (see <see cref="Write"/>): one the journal rejects would leave this
    /// incarnation ahead of its journal, so it crashes and the next one recovers what the journal holds.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        throw new InvalidOperationException($"{PersistenceId}: event {sequenceNr} rejected by the journal", cause);
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
