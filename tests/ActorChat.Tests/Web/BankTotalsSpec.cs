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

        // Applied: Tom → Jack 2,500 (the source debits, the destination credits, the source records the end).
        totals.Apply("account-Tom", new TransferDebited("t1", "Jack", 2_500));
        totals.Apply("account-Jack", new CreditDecided("t1", "Tom", 2_500, true, null));
        totals.Apply("account-Tom", new TransferEnded("t1", TransferOutcome.Applied));
        // Refused: recorded as such by the source; nothing moves.
        totals.Apply("account-Jack", new TransferRefused("t2", "Tom", 1_000_000, "insufficient funds"));
        // Refunded: debited, the credit refused (and recorded by the destination), the debit given back.
        totals.Apply("account-Tom", new TransferDebited("t3", "Nobody", 100));
        totals.Apply("account-Nobody", new CreditDecided("t3", "Tom", 100, false, "no such account"));
        totals.Apply("account-Tom", new TransferEnded("t3", TransferOutcome.Refunded));
        // Still running: credited, its end not written yet.
        totals.Apply("account-Tom", new TransferDebited("t4", "Jack", 1));
        totals.Apply("account-Jack", new CreditDecided("t4", "Tom", 1, true, null));

        var status = totals.Status();
        Assert.Equal(2, status.Accounts);
        Assert.Equal(16_000, status.TotalMoney);
        Assert.Equal(0, status.Negative);
        Assert.Equal((4L, 1L, 1L, 1L, 1L), (status.TransfersStarted, status.Applied, status.Refused, status.Refunded, status.Pending));
        Assert.Equal([new AccountSummary("Jack", 8_501), new AccountSummary("Tom", 7_499)], totals.Accounts());
        Assert.Equal(new AccountSummary("Jack", 8_501), status.Largest[0]);
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
