using ActorChat.Bank;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// Group commit: an account keeps deciding while one of its writes is in the journal (each decision made
/// against the ones before it) and writes what piled up as its next write; nobody hears of a decision
/// before it is in the journal. The journal here is paused on purpose (<see cref="HeldJournal"/>).
/// </summary>
public sealed class AccountGroupCommitSpec : TestKit
{
    private static readonly BankSettings Settings = BankSettings.Default with { StepRetry = TimeSpan.FromMilliseconds(300) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly IActorRef _bank;
    private readonly IActorRef _journal;

    public AccountGroupCommitSpec() : base(BankSystem.Config(Settings, Path.GetTempPath(), HeldJournal.Hocon))
    {
        _bank = Sys.ActorOf(BankActor.Props(Settings), "bank");
        _journal = Persistence.Instance.Apply(Sys).JournalFor(null);
    }

    private void Open(string account, long balance)
    {
        _bank.Tell(new OpenAccount(account, balance));
        ExpectMsg<AccountBalance>(Patience);
    }

    private long Balance(string account)
    {
        var probe = CreateTestProbe();
        _bank.Tell(new GetBalance(account), probe.Ref);
        return probe.ExpectMsg<AccountBalance>(Patience).Balance;
    }

    private void HoldJournal()
    {
        _journal.Tell(HeldJournal.Hold.Instance);
        ExpectMsg<HeldJournal.Hold>(Patience);
    }

    private void ReleaseJournal()
    {
        _journal.Tell(HeldJournal.Release.Instance);
        ExpectMsg<HeldJournal.Release>(Patience);
    }

    /// <summary>Waits until the journal holds <paramref name="writes"/> writes (a debit that reached it).</summary>
    private void AwaitHeld(int writes) =>
        AwaitAssert(() =>
        {
            _journal.Tell(HeldJournal.HeldCount.Instance);
            Assert.Equal(writes, ExpectMsg<int>(Patience));
        }, Patience);

    [Fact]
    public void Transfers_behind_a_debit_in_flight_are_decided_against_it_and_answered_only_once_it_is_durable()
    {
        Open("a", 100);
        Open("b", 0);
        HoldJournal();
        var caller = CreateTestProbe();
        _bank.Tell(new StartTransfer("t1", "a", "b", 60), caller.Ref);
        AwaitHeld(1); // t1's debit is in the journal's hands, not yet written
        _bank.Tell(new StartTransfer("t2", "a", "b", 60), caller.Ref); // 40 left once t1 is written: refused
        _bank.Tell(new StartTransfer("t2", "a", "b", 60), caller.Ref); // the same refusal, asked again
        _bank.Tell(new StartTransfer("t3", "a", "b", 30), caller.Ref); // fits in the 40
        caller.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // nothing is durable yet, so nobody is told anything
        ReleaseJournal();

        var ends = Enumerable.Range(0, 3).Select(_ => caller.ExpectMsg<TransferCompleted>(Patience))
            .GroupBy(e => e.TransferId).ToDictionary(g => g.Key, g => g.Select(e => e.Outcome).Distinct().Single());
        Assert.Equal(TransferOutcome.Applied, ends["t1"]);
        Assert.Equal(TransferOutcome.Refused, ends["t2"]);
        Assert.Equal(TransferOutcome.Applied, ends["t3"]);
        Assert.Equal(10, Balance("a"));
        Assert.Equal(90, Balance("b"));
    }

    [Fact]
    public void A_balance_asked_while_a_debit_is_in_flight_is_answered_after_the_debit_is_durable()
    {
        Open("a", 100);
        Open("b", 0);
        HoldJournal();
        _bank.Tell(new StartTransfer("t1", "a", "b", 70));
        AwaitHeld(1);
        var asker = CreateTestProbe();
        _bank.Tell(new GetBalance("a"), asker.Ref);
        asker.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // 30 is not yet true in the journal
        ReleaseJournal();
        Assert.Equal(30, asker.ExpectMsg<AccountBalance>(Patience).Balance);
        Assert.Equal(TransferOutcome.Applied, ExpectMsg<TransferCompleted>(Patience).Outcome);
        // The wait is the account's own: no event-less write reached the journal (SQL journals fail those).
        _journal.Tell(HeldJournal.EmptyWrites.Instance);
        Assert.Equal(0, ExpectMsg<int>(Patience));
    }

    [Fact]
    public void Money_credited_while_a_debit_is_in_flight_can_be_spent_and_no_balance_goes_negative()
    {
        Open("a", 100);
        Open("b", 0);
        Open("c", 50);
        HoldJournal();
        var caller = CreateTestProbe();
        _bank.Tell(new StartTransfer("t1", "a", "b", 100), caller.Ref); // a: 0 once written
        AwaitHeld(1);
        _bank.Tell(new StartTransfer("t2", "c", "a", 50), caller.Ref); // c's debit: held too
        AwaitHeld(2);
        ReleaseJournal(); // from here writes pass: c's credit to a lands while a may still be writing
        _bank.Tell(new StartTransfer("t3", "a", "b", 50), caller.Ref); // a has 50 only if t2 arrived first
        var ends = Enumerable.Range(0, 3).Select(_ => caller.ExpectMsg<TransferCompleted>(Patience)).ToDictionary(e => e.TransferId, e => e.Outcome);
        Assert.Equal(TransferOutcome.Applied, ends["t1"]);
        Assert.Equal(TransferOutcome.Applied, ends["t2"]);
        var spent = ends["t3"] == TransferOutcome.Applied ? 50 : 0;
        Assert.Equal(50 - spent, Balance("a"));
        Assert.Equal(100 + spent, Balance("b"));
        Assert.Equal(0, Balance("c"));
    }
}
