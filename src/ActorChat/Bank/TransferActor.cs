using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorChat.Bank;

/// <summary>
/// One transfer, a persistent saga (<see cref="TransferSaga"/>). It reports <see cref="TransferCompleted"/>
/// to its parent once the outcome is decided (see <see cref="End"/>); restarted after a crash, it recovers
/// and carries on from the debit by itself. Step commands go to <c>accounts</c> (the bank today, a shard region later).
/// </summary>
public sealed class TransferActor : ReceivePersistentActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private readonly TransferSaga _saga;
    private readonly IActorRef _accounts;
    private readonly TimeSpan _stepRetry;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public TransferActor(string transferId, IActorRef accounts, TimeSpan stepRetry)
    {
        _saga = new TransferSaga(transferId);
        _accounts = accounts;
        _stepRetry = stepRetry;
        PersistenceId = PersistenceIdFor(transferId);

        Recover<ITransferEvent>(e => _saga.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_saga.Completion is { } done)
                Context.Parent.Tell(done);
            else
                SendPendingStep();
        });

        Command<StartTransfer>(start =>
        {
            if (_saga.Completion is { } done)
            {
                Context.Parent.Tell(done);
                return;
            }
            Act(_saga.Start(start));
        });
        Command<StepResult>(result => Act(_saga.OnStepResult(result)));
        Command<RetryStep>(_ => SendPendingStep());
        Command<CrashTransfer>(_ => throw new SimulatedCrash(PersistenceId));
        Command<StopTransfer>(_ => Context.Stop(Self));
    }

    public override string PersistenceId { get; }
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);
    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string transferId) => "transfer-" + transferId;

    public static Props Props(string transferId, IActorRef accounts, TimeSpan stepRetry) =>
        Akka.Actor.Props.Create(() => new TransferActor(transferId, accounts, stepRetry));

    private void Act(SagaDecision decision)
    {
        // A decision holds at most one event: the start or the end.
        switch (decision.Events.Count > 0 ? decision.Events[0] : null)
        {
            case TransferEnded ended:
                End(ended);
                break;
            case TransferStarted started:
                // The start must be in the journal before the debit is asked: a transfer restarted after
                // a crash finds it there and carries on, so a debited source is never left unanswered.
                Persist(started, e =>
                {
                    _saga.Apply(e);
                    SendPendingStep();
                });
                break;
            default:
                if (decision.Send is not null)
                    SendPendingStep();
                break;
        }
    }

    /// <summary>
    /// The outcome is already fixed by what the accounts have in their journals (each answers a repeated
    /// step with its first decision), so it is reported now and the end is written behind it: nothing
    /// waits on that write. If it is lost (a crash before it lands), the next incarnation asks the
    /// accounts again from the debit, gets the same answers and reaches the same end.
    /// </summary>
    private void End(TransferEnded ended)
    {
        _saga.Apply(ended);
        Timers.Cancel(RetryTimer);
        Context.Parent.Tell(_saga.Completion!);
        PersistAsync(ended, static _ => { });
    }

    private void SendPendingStep()
    {
        if (_saga.PendingStep is not { } step)
            return;
        _accounts.Tell(step);
        // Answers can be lost while an account restarts; asking again is safe because steps are idempotent.
        Timers.StartSingleTimer(RetryTimer, RetryStep.Instance, _stepRetry);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _log.Error(reason, "{0}: recovery failed", PersistenceId);
        base.OnRecoveryFailure(reason, message);
    }

    private sealed record RetryStep
    {
        public static readonly RetryStep Instance = new();
    }
}

/// <summary>The bank's "you're done" to a transfer's backoff supervisor (its final-stop message).</summary>
public sealed record StopTransfer(string TransferId) : ITransferCommand;
