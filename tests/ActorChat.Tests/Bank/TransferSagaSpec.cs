using ActorChat.Bank;
using Xunit;

namespace ActorChat.Tests.Bank;

public sealed class TransferSagaSpec
{
    private static TransferSaga Started(string from = "tom", string to = "jack", long amount = 5_000)
    {
        var saga = new TransferSaga("t1");
        var decision = saga.Start(new StartTransfer("t1", from, to, amount));
        Assert.Equal([new TransferStarted("t1", from, to, amount)], decision.Events);
        saga.Apply(decision.Events[0]);
        return saga;
    }

    private static StepResult Answer(ApplyStep step, bool accepted) =>
        new(step.AccountId, step.TransferId, step.Step, accepted, accepted ? null : "no");

    private static void ApplyAll(TransferSaga saga, SagaDecision decision)
    {
        foreach (var e in decision.Events)
            saga.Apply(e);
    }

    [Fact]
    public void Debit_then_credit_ends_applied()
    {
        var saga = Started();
        Assert.Equal(new ApplyStep("tom", "t1", TransferStep.Debit, 5_000), saga.PendingStep);
        var next = saga.OnStepResult(Answer(saga.PendingStep!, true));
        Assert.Equal(new ApplyStep("jack", "t1", TransferStep.Credit, 5_000), next.Send);
        ApplyAll(saga, saga.OnStepResult(Answer(saga.PendingStep!, true)));
        Assert.Equal(new TransferCompleted("t1", "tom", "jack", 5_000, TransferOutcome.Applied), saga.Completion);
        Assert.Null(saga.PendingStep);
    }

    [Fact]
    public void A_refused_debit_ends_refused_without_touching_the_destination()
    {
        var saga = Started();
        var decision = saga.OnStepResult(Answer(saga.PendingStep!, false));
        Assert.Equal([new TransferEnded("t1", TransferOutcome.Refused)], decision.Events);
        Assert.Null(decision.Send);
    }

    [Fact]
    public void A_refused_credit_refunds_the_source_and_ends_refunded()
    {
        var saga = Started();
        saga.OnStepResult(Answer(saga.PendingStep!, true));
        var refund = saga.OnStepResult(Answer(saga.PendingStep!, false));
        Assert.Equal(new ApplyStep("tom", "t1", TransferStep.Refund, 5_000), refund.Send);
        ApplyAll(saga, saga.OnStepResult(Answer(saga.PendingStep!, true)));
        Assert.Equal(TransferOutcome.Refunded, saga.Outcome);
    }

    [Fact]
    public void A_late_duplicate_answer_to_an_earlier_step_is_ignored()
    {
        var saga = Started();
        var debit = saga.PendingStep!;
        saga.OnStepResult(Answer(debit, true));
        Assert.Same(SagaDecision.Nothing, saga.OnStepResult(Answer(debit, true)));
        Assert.Equal(SagaPhase.Crediting, saga.Phase);
    }

    [Fact]
    public void After_recovery_the_saga_starts_again_from_the_debit()
    {
        var recovered = new TransferSaga("t1");
        recovered.Apply(new TransferStarted("t1", "tom", "jack", 10));
        Assert.Equal(TransferStep.Debit, recovered.PendingStep!.Step);

        var ended = new TransferSaga("t1");
        ended.Apply(new TransferStarted("t1", "tom", "jack", 10));
        ended.Apply(new TransferEnded("t1", TransferOutcome.Refunded));
        Assert.Null(ended.PendingStep);
        Assert.Equal(TransferOutcome.Refunded, ended.Completion!.Outcome);
        Assert.Empty(ended.Start(new StartTransfer("t1", "tom", "jack", 10)).Events);
    }
}
