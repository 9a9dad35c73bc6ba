using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Pattern;

namespace ActorChat.Bank;

/// <summary>
/// The sharded entity of one transfer: the saga (<see cref="TransferActor"/>) under its backoff
/// supervisor, and the callers waiting for its end. Every sender of a <see cref="StartTransfer"/>,
/// on whatever node, is told <see cref="TransferCompleted"/> once the end is in the journal; then the
/// entity passivates. A later <see cref="StartTransfer"/> with the same id starts a new incarnation,
/// which recovers the end and reports the same outcome again. Waiters live in memory only: if this
/// node dies they are gone, and the transfer resumes when someone asks again (the bank actor on
/// every node does, for its waiting callers).
/// </summary>
public sealed class TransferEntity : ReceiveActor
{
    private readonly List<IActorRef> _waiting = new(1);
    private readonly IActorRef _saga;
    private bool _started;
    private bool _ended;

    public TransferEntity(string transferId, IActorRef accounts, BankSettings settings)
    {
        var options = Backoff.OnStop(TransferActor.Props(transferId, accounts, settings.StepRetry), "transfer",
                settings.MinBackoff, settings.MaxBackoff, 0.2, -1)
            .WithSupervisorStrategy(EntityStoppingStrategy.Instance);
        _saga = Context.ActorOf(BackoffSupervisor.Props(options), "saga");

        // The saga's reports reach us through its supervisor.
        Receive<TransferCompleted>(Completed);
        Receive<StartTransfer>(start =>
        {
            _started = true;
            if (!Sender.IsNobody() && !Sender.Equals(Context.System.DeadLetters) && !_waiting.Contains(Sender))
                _waiting.Add(Sender);
            _saga.Forward(start);
        });
        Receive<CrashTransfer>(crash =>
        {
            if (_started && !_ended)
                _saga.Forward(crash);
            else if (!_started)
                Passivate();
        });
        Receive<Stop>(_ => Context.Stop(Self));
    }

    public static Props Props(string transferId, IActorRef accounts, BankSettings settings) =>
        Akka.Actor.Props.Create(() => new TransferEntity(transferId, accounts, settings));

    private void Completed(TransferCompleted done)
    {
        foreach (var waiter in _waiting)
            waiter.Tell(done);
        _waiting.Clear();
        if (!_ended)
            Passivate();
        _ended = true;
    }

    // Messages that arrive while passivating are kept by the shard for the next incarnation.
    private void Passivate() => Context.Parent.Tell(new Passivate(Stop.Instance));

    private sealed record Stop
    {
        public static readonly Stop Instance = new();
    }
}
