using ActorChat.Bank;
using Xunit;

namespace ActorChat.Tests.Bank;

public sealed class AccountStateSpec
{
    private static AccountState Opened(long balance)
    {
        var state = new AccountState("tom");
        Run(state, new OpenAccount("tom", balance));
        return state;
    }

    private static object Run(AccountState state, IAccountCommand command)
    {
        var decision = state.Process(command);
        foreach (var e in decision.Events)
            state.Apply(e);
        return decision.Reply;
    }

    [Fact]
    public void A_debit_within_the_balance_is_accepted_and_recorded()
    {
        var state = Opened(10_000);
        var decision = state.Process(new ApplyStep("tom", "t1", TransferStep.Debit, 5_000));
        Assert.Equal([new StepRecorded("t1", TransferStep.Debit, 5_000, true, null)], decision.Events);
        Assert.Equal(10_000, state.Balance); // Process decides, it does not change state
        state.Apply(decision.Events[0]);
        Assert.Equal(5_000, state.Balance);
    }

    [Fact]
    public void A_debit_beyond_the_balance_is_refused_and_the_balance_never_goes_negative()
    {
        var state = Opened(100);
        var reply = Assert.IsType<StepResult>(Run(state, new ApplyStep("tom", "t1", TransferStep.Debit, 101)));
        Assert.False(reply.Accepted);
        Assert.Equal("insufficient funds", reply.Reason);
        Assert.Equal(100, state.Balance);
    }

    [Fact]
    public void A_repeated_step_is_answered_as_before_and_applied_once()
    {
        var state = Opened(100);
        var first = Run(state, new ApplyStep("tom", "t1", TransferStep.Debit, 60));
        var again = state.Process(new ApplyStep("tom", "t1", TransferStep.Debit, 60));
        Assert.Empty(again.Events);
        Assert.Equal(first, again.Reply);
        Assert.Equal(40, state.Balance);
    }

    [Fact]
    public void A_refusal_is_final_even_if_money_arrives_later()
    {
        // Otherwise a retried debit could be accepted after its transfer already ended as refused.
        var state = Opened(10);
        Run(state, new ApplyStep("tom", "t1", TransferStep.Debit, 50));
        Run(state, new ApplyStep("tom", "t2", TransferStep.Credit, 100));
        var again = Assert.IsType<StepResult>(Run(state, new ApplyStep("tom", "t1", TransferStep.Debit, 50)));
        Assert.False(again.Accepted);
        Assert.Equal(110, state.Balance);
    }

    [Fact]
    public void A_credit_to_an_account_never_opened_is_refused()
    {
        var state = new AccountState("ghost");
        var reply = Assert.IsType<StepResult>(Run(state, new ApplyStep("ghost", "t1", TransferStep.Credit, 10)));
        Assert.False(reply.Accepted);
        Assert.Equal("no such account", reply.Reason);
        Assert.Equal(0, state.Balance);
    }

    [Fact]
    public void Only_an_accepted_debit_of_the_same_amount_can_be_refunded()
    {
        var state = Opened(100);
        Assert.False(Assert.IsType<StepResult>(Run(state, new ApplyStep("tom", "t1", TransferStep.Refund, 30))).Accepted);
        Run(state, new ApplyStep("tom", "t2", TransferStep.Debit, 30));
        Assert.True(Assert.IsType<StepResult>(Run(state, new ApplyStep("tom", "t2", TransferStep.Refund, 30))).Accepted);
        Assert.Equal(100, state.Balance);
    }

    [Fact]
    public void Replaying_the_events_rebuilds_the_same_state()
    {
        var live = Opened(100);
        var events = new List<IAccountEvent> { new AccountOpened("tom", 100) };
        foreach (var command in new[]
                 {
                     new ApplyStep("tom", "a", TransferStep.Debit, 70),
                     new ApplyStep("tom", "b", TransferStep.Debit, 70),
                     new ApplyStep("tom", "c", TransferStep.Credit, 5),
                 })
        {
            var decision = live.Process(command);
            foreach (var e in decision.Events)
            {
                live.Apply(e);
                events.Add(e);
            }
        }
        var replayed = new AccountState("tom");
        events.ForEach(replayed.Apply);
        Assert.Equal(live.Snapshot(), replayed.Snapshot());
        Assert.Equal(35, replayed.Balance);
        Assert.Equal(3, replayed.DecidedSteps);
    }
}
