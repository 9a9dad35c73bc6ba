namespace ActorChat.Bank;

public enum SagaPhase
{
    New,
    Debiting,
    Crediting,
    Refunding,
    Ended,
}

/// <summary>What the saga does next: events to persist (then <see cref="TransferSaga.Apply"/>), or a step to send.</summary>
public sealed record SagaDecision(IReadOnlyList<ITransferEvent> Events, ApplyStep? Send)
{
    public static readonly SagaDecision Nothing = new([], null);
}

/// <summary>
/// The transfer saga as a pure state machine: debit the source, credit the destination, refund the
/// source if the credit is refused. Only the start and the end are persisted. The steps in between
/// need no events of their own because accounts answer a repeated step with the decision they made
/// the first time: after a crash the saga simply asks again from the debit and walks the same path.
/// </summary>
public sealed class TransferSaga
{
    public TransferSaga(string transferId)
    {
        TransferId = transferId;
    }

    public string TransferId { get; }
    public SagaPhase Phase { get; private set; } = SagaPhase.New;
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public long Amount { get; private set; }
    public TransferOutcome? Outcome { get; private set; }

    public TransferCompleted? Completion =>
        Outcome is { } outcome ? new TransferCompleted(TransferId, From, To, Amount, outcome) : null;

    /// <summary>The step the saga is waiting on; sent again after recovery or when an answer is overdue.</summary>
    public ApplyStep? PendingStep => Phase switch
    {
        SagaPhase.Debiting => new ApplyStep(From, TransferId, TransferStep.Debit, Amount),
        SagaPhase.Crediting => new ApplyStep(To, TransferId, TransferStep.Credit, Amount),
        SagaPhase.Refunding => new ApplyStep(From, TransferId, TransferStep.Refund, Amount),
        _ => null,
    };

    public SagaDecision Start(StartTransfer start) =>
        Phase == SagaPhase.New
            ? new SagaDecision([new TransferStarted(TransferId, start.From, start.To, start.Amount)], null)
            : SagaDecision.Nothing;

    public void Apply(ITransferEvent @event)
    {
        switch (@event)
        {
            case TransferStarted started:
                (From, To, Amount) = (started.From, started.To, started.Amount);
                Phase = SagaPhase.Debiting;
                break;
            case TransferEnded ended:
                Outcome = ended.Outcome;
                Phase = SagaPhase.Ended;
                break;
            default:
                throw new ArgumentException($"transfer cannot apply {@event.GetType().Name}", nameof(@event));
        }
    }

    /// <summary>
    /// An account's answer. Answers to anything but the pending step (a late duplicate of an earlier
    /// one, say) are ignored. Moving from debit to credit to refund is not persisted: see the class comment.
    /// </summary>
    public SagaDecision OnStepResult(StepResult result)
    {
        if (PendingStep is not { } pending || result.TransferId != TransferId || result.Step != pending.Step
            || result.AccountId != pending.AccountId)
            return SagaDecision.Nothing;

        switch (Phase, result.Accepted)
        {
            case (SagaPhase.Debiting, true):
                Phase = SagaPhase.Crediting;
                return new SagaDecision([], PendingStep);
            case (SagaPhase.Debiting, false):
                return Ended(TransferOutcome.Refused);
            case (SagaPhase.Crediting, true):
                return Ended(TransferOutcome.Applied);
            case (SagaPhase.Crediting, false):
                Phase = SagaPhase.Refunding;
                return new SagaDecision([], PendingStep);
            case (SagaPhase.Refunding, true):
                return Ended(TransferOutcome.Refunded);
            default:
                // The source accepted our debit, so it cannot refuse its refund: this is a bug, not a business case.
                throw new InvalidOperationException(
                    $"transfer {TransferId}: account {result.AccountId} refused the refund ({result.Reason})");
        }
    }

    private SagaDecision Ended(TransferOutcome outcome) => new([new TransferEnded(TransferId, outcome)], null);
}
