using ActorChat.Bank;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>One account's rules as a pure state machine: the source side and the destination side of transfers.</summary>
public sealed class AccountStateSpec
{
    private static AccountState Opened(long balance)
    {
        var state = new AccountState("tom");
        Run(state, new OpenAccount("tom", balance));
        return state;
    }

    private static object? Run(AccountState state, IAccountCommand command) => Applied(state, state.Process(command));

    private static object? Applied(AccountState state, AccountDecision decision)
    {
        foreach (var e in decision.Events)
            state.Apply(e);
        return decision.Reply;
    }

    [Fact]
    public void A_transfer_within_the_balance_is_debited_and_stays_open_until_the_destination_answers()
    {
        var state = Opened(10_000);
        var decision = state.Process(new StartTransfer("t1", "tom", "jack", 5_000));
        Assert.Equal([new TransferDebited("t1", "jack", 5_000)], decision.Events);
        Assert.Null(decision.Reply);
        Assert.Equal(10_000, state.Balance); // Process decides, it does not change state
        Applied(state, decision);
        Assert.Equal(5_000, state.Balance);
        Assert.Equal(new CreditTransfer("jack", "t1", "tom", 5_000), state.CreditFor(Assert.Single(state.OpenTransfers)));
        Assert.Null(state.Completion("t1"));

        Applied(state, state.OnCreditResult(new CreditResult("tom", "t1", "jack", true, null)));
        Assert.Empty(state.OpenTransfers);
        Assert.Equal(new TransferCompleted("t1", "tom", "jack", 5_000, TransferOutcome.Applied), state.Completion("t1"));
        Assert.Equal(5_000, state.Balance);
    }

    [Fact]
    public void A_transfer_beyond_the_balance_is_refused_and_the_balance_never_goes_negative()
    {
        var state = Opened(100);
        var reply = Assert.IsType<TransferCompleted>(Run(state, new StartTransfer("t1", "tom", "jack", 101)));
        Assert.Equal(TransferOutcome.Refused, reply.Outcome);
        Assert.Equal(100, state.Balance);
        Assert.Empty(state.OpenTransfers);
    }

    [Fact]
    public void A_refused_credit_refunds_the_source()
    {
        var state = Opened(100);
        Run(state, new StartTransfer("t1", "tom", "nobody", 30));
        Assert.Equal(70, state.Balance);
        Applied(state, state.OnCreditResult(new CreditResult("tom", "t1", "nobody", false, "no such account")));
        Assert.Equal(100, state.Balance);
        Assert.Equal(TransferOutcome.Refunded, state.Completion("t1")!.Outcome);
    }

    [Fact]
    public void A_repeated_transfer_is_answered_as_before_and_applied_once()
    {
        var state = Opened(100);
        Run(state, new StartTransfer("t1", "tom", "jack", 60));
        // Still open: nothing new to persist, nothing to answer yet (the caller waits for the end).
        Assert.Equal(AccountDecision.Nothing, state.Process(new StartTransfer("t1", "tom", "jack", 60)));
        Applied(state, state.OnCreditResult(new CreditResult("tom", "t1", "jack", true, null)));
        // A late duplicate answer changes nothing.
        Assert.Empty(state.OnCreditResult(new CreditResult("tom", "t1", "jack", true, null)).Events);
        var again = state.Process(new StartTransfer("t1", "tom", "jack", 60));
        Assert.Empty(again.Events);
        Assert.Equal(TransferOutcome.Applied, Assert.IsType<TransferCompleted>(again.Reply).Outcome);
        Assert.Equal(40, state.Balance);
    }

    [Fact]
    public void A_refusal_is_final_even_if_money_arrives_later()
    {
        // Otherwise a re-asked transfer could be applied after it was already reported refused.
        var state = Opened(10);
        Run(state, new StartTransfer("t1", "tom", "jack", 50));
        Run(state, new CreditTransfer("tom", "t2", "jack", 100));
        var again = Assert.IsType<TransferCompleted>(Run(state, new StartTransfer("t1", "tom", "jack", 50)));
        Assert.Equal(TransferOutcome.Refused, again.Outcome);
        Assert.Equal(110, state.Balance);
    }

    [Fact]
    public void A_credit_is_decided_once_and_a_credit_to_an_account_never_opened_is_refused_for_good()
    {
        var ghost = new AccountState("ghost");
        var refused = Assert.IsType<CreditResult>(Run(ghost, new CreditTransfer("ghost", "t1", "tom", 10)));
        Assert.False(refused.Accepted);
        Assert.Equal("no such account", refused.Reason);
        // Opened afterwards, it still refuses t1 (the source has refunded it) and takes new credits.
        Run(ghost, new OpenAccount("ghost", 0));
        Assert.Equal(refused, Run(ghost, new CreditTransfer("ghost", "t1", "tom", 10)));
        Assert.True(Assert.IsType<CreditResult>(Run(ghost, new CreditTransfer("ghost", "t2", "tom", 10))).Accepted);
        var repeated = ghost.Process(new CreditTransfer("ghost", "t2", "tom", 10));
        Assert.Empty(repeated.Events);
        Assert.Equal(10, ghost.Balance);
    }

    [Fact]
    public void Two_sources_reusing_one_transfer_id_are_two_credits_so_no_debit_goes_unpaid()
    {
        var jack = new AccountState("jack");
        Run(jack, new OpenAccount("jack", 0));
        Assert.True(Assert.IsType<CreditResult>(Run(jack, new CreditTransfer("jack", "t1", "tom", 10))).Accepted);
        var other = Assert.IsType<CreditResult>(Run(jack, new CreditTransfer("jack", "t1", "ann", 5)));
        Assert.True(other.Accepted);
        Assert.Equal("ann", other.AccountId); // answered to its own source
        Assert.Equal(15, jack.Balance);
    }

    [Fact]
    public void Replaying_the_events_rebuilds_the_same_state_and_the_open_transfers()
    {
        var live = Opened(100);
        var events = new List<IAccountEvent> { new AccountOpened("tom", 100) };
        void Keep(AccountDecision decision)
        {
            foreach (var e in decision.Events)
            {
                live.Apply(e);
                events.Add(e);
            }
        }
        Keep(live.Process(new StartTransfer("a", "tom", "jack", 70)));
        Keep(live.Process(new StartTransfer("b", "tom", "jack", 70))); // refused
        Keep(live.Process(new CreditTransfer("tom", "c", "jack", 5)));
        Keep(live.Process(new StartTransfer("d", "tom", "ann", 20)));
        Keep(live.OnCreditResult(new CreditResult("tom", "a", "jack", true, null)));

        var replayed = new AccountState("tom");
        events.ForEach(replayed.Apply);
        Assert.Equal(live.Snapshot(), replayed.Snapshot());
        Assert.Equal(15, replayed.Balance);
        // "d" was debited but never answered: the recovered account re-sends its credit.
        Assert.Equal("d", Assert.Single(replayed.OpenTransfers).TransferId);
        Assert.Equal(TransferOutcome.Refused, replayed.Completion("b")!.Outcome);
    }
}
