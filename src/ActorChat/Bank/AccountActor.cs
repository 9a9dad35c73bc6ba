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
        if (decision.Events.Count == 0)
        {
            Sender.Tell(decision.Reply);
            return;
        }

        // Persist (not PersistAsync): later commands wait in the stash until this decision is in the
        // journal, so no answer ever rests on a change the journal might still lose. The journal
        // still batches writes across the many accounts that persist at the same time.
        var sender = Sender;
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, e =>
        {
            _state.Apply(e);
            if (--remaining == 0)
                sender.Tell(decision.Reply);
        });
    }
}
