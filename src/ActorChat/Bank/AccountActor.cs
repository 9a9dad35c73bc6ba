using Akka.Actor;
using Akka.Persistence;

namespace ActorChat.Bank;

/// <summary>
/// One account, event-sourced: the only place its balance exists. Decisions come from
/// <see cref="AccountState"/>; this actor persists them and replies once they are in the journal.
/// </summary>
public sealed class AccountActor : ReceivePersistentActor
{
    private readonly AccountState _state;

    public AccountActor(string accountId)
    {
        _state = new AccountState(accountId);
        PersistenceId = PersistenceIdFor(accountId);

        Recover<IAccountEvent>(e => _state.Apply(e));

        Command<CrashAccount>(_ => throw new SimulatedCrash(PersistenceId));
        Command<IAccountCommand>(Handle);
    }

    public override string PersistenceId { get; }

    // No snapshots are taken: skip asking the snapshot store on every start.
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    public static string PersistenceIdFor(string accountId) => "account-" + accountId;

    public static Props Props(string accountId) => Akka.Actor.Props.Create(() => new AccountActor(accountId));

    private void Handle(IAccountCommand command)
    {
        var decision = _state.Process(command);
        var sender = Sender;
        if (decision.Events.Count == 0)
        {
            // Queued behind writes still in flight, so nobody hears of a decision the journal might not hold yet.
            DeferAsync(decision.Reply, reply => sender.Tell(reply));
            return;
        }

        // The state moves on at once so the next command (already waiting in the mailbox) is decided
        // against it, and the journal batches many accounts' writes; the reply waits for the write.
        // If a write fails the actor stops and recovers from the journal, dropping the unwritten change.
        foreach (var e in decision.Events)
            _state.Apply(e);
        PersistAllAsync(decision.Events, _ => { });
        DeferAsync(decision.Reply, reply => sender.Tell(reply));
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The state already counts this event: crash so the supervisor restarts us from the journal.
        throw new InvalidOperationException($"{PersistenceId}: event {sequenceNr} rejected by the journal", cause);
    }
}
