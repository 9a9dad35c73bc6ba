using Akka.Actor;
using Akka.Pattern;

namespace ActorChat.Bank;

/// <summary>
/// The bank: finds (or creates) the actor for the id in each message and forwards the message to it.
/// Accounts and transfers each sit under their own backoff supervisor, so a crash restarts only that
/// one entity, after a pause, from its journal. Callers of <see cref="StartTransfer"/> are told
/// <see cref="TransferCompleted"/> when the transfer ends; asking again with the same id is safe.
/// (With cluster sharding the two dictionaries below become two shard regions keyed by the same ids.)
/// </summary>
public sealed class BankActor : ReceiveActor
{
    private readonly BankSettings _settings;
    private readonly Dictionary<string, IActorRef> _accounts = new();
    private readonly Dictionary<string, IActorRef> _transfers = new();
    private readonly Dictionary<IActorRef, string> _transferIds = new();
    private readonly Dictionary<string, List<IActorRef>> _waiting = new();
    private long _incarnation;

    public BankActor(BankSettings settings)
    {
        _settings = settings;

        Receive<IAccountCommand>(command => Account(command.AccountId).Forward(command));
        Receive<StartTransfer>(start =>
        {
            AddWaiter(start.TransferId, Sender);
            Transfer(start.TransferId).Forward(start);
        });
        Receive<CrashTransfer>(crash =>
        {
            if (_transfers.TryGetValue(crash.TransferId, out var transfer))
                transfer.Forward(crash);
        });
        Receive<TransferCompleted>(Completed);
        Receive<Terminated>(t =>
        {
            if (_transferIds.Remove(t.ActorRef, out var id) && _transfers.TryGetValue(id, out var current)
                && current.Equals(t.ActorRef))
                _transfers.Remove(id);
        });
    }

    public static Props Props(BankSettings settings) => Akka.Actor.Props.Create(() => new BankActor(settings));

    private void Completed(TransferCompleted done)
    {
        if (_waiting.Remove(done.TransferId, out var waiters))
            foreach (var waiter in waiters)
                waiter.Tell(done);

        // The saga has written its end: let it go. A later StartTransfer with this id starts a fresh
        // incarnation, which recovers the end from the journal and reports it again.
        if (_transfers.Remove(done.TransferId, out var transfer))
            transfer.Tell(new StopTransfer(done.TransferId));
    }

    private void AddWaiter(string transferId, IActorRef waiter)
    {
        if (waiter.IsNobody() || waiter.Equals(Context.System.DeadLetters))
            return;
        if (!_waiting.TryGetValue(transferId, out var list))
            _waiting[transferId] = list = new List<IActorRef>(1);
        // A caller re-asking about the same transfer is told once.
        if (!list.Contains(waiter))
            list.Add(waiter);
    }

    private IActorRef Account(string accountId)
    {
        if (_accounts.TryGetValue(accountId, out var account))
            return account;
        var options = Backoff.OnStop(AccountActor.Props(accountId), "account", _settings.MinBackoff, _settings.MaxBackoff, 0.2, -1)
            .WithSupervisorStrategy(EntityStoppingStrategy.Instance);
        account = Context.ActorOf(BackoffSupervisor.Props(options), "account-" + Uri.EscapeDataString(accountId));
        _accounts[accountId] = account;
        return account;
    }

    private IActorRef Transfer(string transferId)
    {
        if (_transfers.TryGetValue(transferId, out var transfer))
            return transfer;
        var options = Backoff.OnStop(TransferActor.Props(transferId, Self, _settings.StepRetry), "transfer",
                _settings.MinBackoff, _settings.MaxBackoff, 0.2, -1)
            .WithSupervisorStrategy(EntityStoppingStrategy.Instance)
            .WithFinalStopMessage(m => m is StopTransfer);
        // A finished incarnation may still be stopping under the plain name: number each one.
        var name = $"transfer-{Uri.EscapeDataString(transferId)}-{++_incarnation}";
        transfer = Context.Watch(Context.ActorOf(BackoffSupervisor.Props(options), name));
        _transfers[transferId] = transfer;
        _transferIds[transfer] = transferId;
        return transfer;
    }
}
