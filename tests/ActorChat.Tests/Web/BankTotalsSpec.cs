using ActorChat.Bank;
using ActorChat.Web;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The bank's read side as a pure fold over journal events: no ActorSystem, no database.</summary>
public sealed class BankTotalsSpec
{
    [Fact]
    public void Applied_refused_and_refunded_transfers_are_counted_and_money_is_conserved()
    {
        var totals = new BankTotals();
        totals.Apply("account-Tom", new AccountOpened("Tom", 10_000));
        totals.Apply("account-Jack", new AccountOpened("Jack", 6_000));

        // Applied: Tom → Jack 2,500.
        totals.Apply("transfer-t1", new TransferStarted("t1", "Tom", "Jack", 2_500));
        totals.Apply("account-Tom", new StepRecorded("t1", TransferStep.Debit, 2_500, true, null));
        totals.Apply("account-Jack", new StepRecorded("t1", TransferStep.Credit, 2_500, true, null));
        totals.Apply("transfer-t1", new TransferEnded("t1", TransferOutcome.Applied));
        // Refused: the debit is refused and recorded as such; nothing moves.
        totals.Apply("transfer-t2", new TransferStarted("t2", "Jack", "Tom", 1_000_000));
        totals.Apply("account-Jack", new StepRecorded("t2", TransferStep.Debit, 1_000_000, false, "insufficient funds"));
        totals.Apply("transfer-t2", new TransferEnded("t2", TransferOutcome.Refused));
        // Refunded: debited, the credit refused, the debit given back.
        totals.Apply("transfer-t3", new TransferStarted("t3", "Tom", "Nobody", 100));
        totals.Apply("account-Tom", new StepRecorded("t3", TransferStep.Debit, 100, true, null));
        totals.Apply("account-Tom", new StepRecorded("t3", TransferStep.Refund, 100, true, null));
        totals.Apply("transfer-t3", new TransferEnded("t3", TransferOutcome.Refunded));
        // Still running.
        totals.Apply("transfer-t4", new TransferStarted("t4", "Tom", "Jack", 1));

        var status = totals.Status();
        Assert.Equal(2, status.Accounts);
        Assert.Equal(16_000, status.TotalMoney);
        Assert.Equal(0, status.Negative);
        Assert.Equal((4L, 1L, 1L, 1L, 1L), (status.TransfersStarted, status.Applied, status.Refused, status.Refunded, status.Pending));
        Assert.Equal([new AccountSummary("Jack", 8_500), new AccountSummary("Tom", 7_500)], totals.Accounts());
        Assert.Equal(new AccountSummary("Jack", 8_500), status.Largest[0]);
    }

    [Fact]
    public void A_change_is_reported_once_and_unrelated_events_change_nothing()
    {
        var totals = new BankTotals();
        Assert.True(totals.TakeChange());
        Assert.False(totals.TakeChange());
        totals.Apply("something-else", "not a bank event");
        Assert.False(totals.TakeChange());
        totals.Apply("account-Ann", new AccountOpened("Ann", 5));
        _ = totals.Status();
        Assert.True(totals.TakeChange());
    }
}
