using ActorChat.Bank;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>The account actors behind the bank (each the home of the transfers it sends), on Akka's in-memory journal.</summary>
public sealed class BankActorSpec : TestKit
{
    private static readonly BankSettings Settings = BankSettings.Default with { StepRetry = TimeSpan.FromMilliseconds(300) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly IActorRef _bank;

    public BankActorSpec() : base(BankSystem.Config(Settings, Path.GetTempPath()))
    {
        _bank = Sys.ActorOf(BankActor.Props(Settings), "bank");
    }

    private void Open(string account, long balance)
    {
        _bank.Tell(new OpenAccount(account, balance));
        ExpectMsg<AccountBalance>(Patience);
    }

    // A probe of its own per question: an answer that comes after its wait cannot be taken for the next one's.
    private long Balance(string account, TimeSpan? wait = null)
    {
        var probe = CreateTestProbe();
        _bank.Tell(new GetBalance(account), probe.Ref);
        return probe.ExpectMsg<AccountBalance>(wait ?? Patience).Balance;
    }

    private TransferCompleted Transfer(string id, string from, string to, long amount)
    {
        _bank.Tell(new StartTransfer(id, from, to, amount));
        return ExpectMsg<TransferCompleted>(Patience);
    }

    [Fact]
    public void Tom_pays_Jack_5000_while_Jack_pays_Tom_200_and_nothing_deadlocks()
    {
        // dead_lock.py: Tom 10000, Jack 6000, the two opposite transfers at once.
        Open("Tom", 10_000);
        Open("Jack", 6_000);
        _bank.Tell(new StartTransfer("t1", "Tom", "Jack", 5_000));
        _bank.Tell(new StartTransfer("t2", "Jack", "Tom", 200));
        var ends = new[] { ExpectMsg<TransferCompleted>(Patience), ExpectMsg<TransferCompleted>(Patience) };
        Assert.All(ends, e => Assert.Equal(TransferOutcome.Applied, e.Outcome));
        Assert.Equal(5_200, Balance("Tom"));
        Assert.Equal(10_800, Balance("Jack"));
    }

    [Fact]
    public void A_transfer_beyond_the_balance_is_refused_and_moves_nothing()
    {
        Open("a", 100);
        Open("b", 0);
        Assert.Equal(TransferOutcome.Refused, Transfer("t1", "a", "b", 101).Outcome);
        Assert.Equal(100, Balance("a"));
        Assert.Equal(0, Balance("b"));
    }

    [Fact]
    public void A_transfer_the_destination_refuses_is_refunded_to_the_source()
    {
        Open("a", 100);
        Assert.Equal(TransferOutcome.Refunded, Transfer("t1", "a", "nobody", 40).Outcome);
        Assert.Equal(100, Balance("a"));
        Assert.Equal(0, Balance("nobody"));
    }

    [Fact]
    public void A_duplicate_credit_is_applied_once()
    {
        Open("a", 100);
        var credit = new CreditTransfer("a", "t1", "b", 30);
        _bank.Tell(credit);
        _bank.Tell(credit);
        // Asked after both credits (same route, so in order): the account took t1's money once.
        Assert.Equal(130, Balance("a"));
    }

    [Fact]
    public void A_duplicate_transfer_reports_the_same_outcome_and_moves_money_once()
    {
        Open("a", 100);
        Open("b", 0);
        var first = Transfer("t1", "a", "b", 60);
        var again = Transfer("t1", "a", "b", 60);
        Assert.Equal(first, again);
        Assert.Equal(40, Balance("a"));
        Assert.Equal(60, Balance("b"));
    }

    [Fact]
    public void A_crashed_account_is_restarted_and_recovers_its_balance_from_the_journal()
    {
        Open("a", 100);
        Open("b", 0);
        Transfer("t1", "a", "b", 25);
        _bank.Tell(new CrashAccount("a"));
        // Asked while the account is down, the question is dropped (dead letters): ask until it is back.
        AwaitAssert(() => Assert.Equal(75, Balance("a", TimeSpan.FromMilliseconds(500))), Patience);
        // The recovered account still knows t1: asking again changes nothing.
        Assert.Equal(TransferOutcome.Applied, Transfer("t1", "a", "b", 25).Outcome);
        Assert.Equal(75, Balance("a"));
        Assert.Equal(25, Balance("b"));
    }

    [Fact]
    public void A_transfer_whose_source_and_destination_crash_mid_flight_ends_once()
    {
        Open("a", 100);
        Open("b", 0);
        _bank.Tell(new StartTransfer("t1", "a", "b", 10));
        _bank.Tell(new CrashAccount("a"));
        _bank.Tell(new CrashAccount("b"));
        var done = ExpectMsg<TransferCompleted>(Patience);
        Assert.Equal(TransferOutcome.Applied, done.Outcome);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(90, Balance("a"));
        Assert.Equal(10, Balance("b"));
    }

    [Fact]
    public void A_source_killed_between_its_debit_and_the_credit_re_drives_the_transfer_when_it_recovers()
    {
        // The source's journal as a kill right after the debit leaves it: opened, debited, nothing else.
        WriteJournal("a", new AccountOpened("a", 100), new TransferDebited("t1", "b", 30));
        Open("b", 0);
        // Nobody asks about t1: the source, woken by anything, finds the open debit and sends the credit.
        Assert.Equal(70, Balance("a"));
        AwaitAssert(() => Assert.Equal(30, Balance("b")), Patience);
        // Asked now, t1 has ended once, applied; nothing moves again.
        Assert.Equal(TransferOutcome.Applied, Transfer("t1", "a", "b", 30).Outcome);
        Assert.Equal(70, Balance("a"));
        Assert.Equal(30, Balance("b"));
    }

    [Fact]
    public void A_source_killed_after_the_debit_to_an_account_that_refuses_refunds_itself_when_it_recovers()
    {
        WriteJournal("a", new AccountOpened("a", 100), new TransferDebited("t1", "nobody", 30));
        AwaitAssert(() => Assert.Equal(100, Balance("a", TimeSpan.FromMilliseconds(500))), Patience);
        Assert.Equal(TransferOutcome.Refunded, Transfer("t1", "a", "nobody", 30).Outcome);
        Assert.Equal(100, Balance("a"));
        Assert.Equal(0, Balance("nobody"));
    }

    [Fact]
    public void A_transfer_whose_end_never_reached_the_journal_is_asked_again_and_ends_the_same_way()
    {
        // The source reports Applied before its end is written. Lose that write: the source holds the
        // debit, the destination the credit. Asked again, the transfer ends Applied and moves nothing more.
        WriteJournal("a", new AccountOpened("a", 100), new TransferDebited("t1", "b", 30));
        Open("b", 0);
        _bank.Tell(new CreditTransfer("b", "t1", "a", 30), ActorRefs.NoSender);
        Assert.Equal(30, Balance("b"));

        Assert.Equal(TransferOutcome.Applied, Transfer("t1", "a", "b", 30).Outcome);
        Assert.Equal(70, Balance("a"));
        Assert.Equal(30, Balance("b"));
    }

    private void WriteJournal(string account, params IAccountEvent[] events)
    {
        Sys.ActorOf(Props.Create(() => new JournalWriter(AccountActor.PersistenceIdFor(account), events, TestActor)));
        ExpectMsg("written", Patience);
    }

    /// <summary>Puts events into a persistence id's journal, as an account killed right after them would have left it.</summary>
    private sealed class JournalWriter : Akka.Persistence.ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, IAccountEvent[] events, IActorRef report)
        {
            PersistenceId = persistenceId;
            Recover<Akka.Persistence.RecoveryCompleted>(_ => PersistAll(events, e =>
            {
                if (!ReferenceEquals(e, events[^1]))
                    return;
                report.Tell("written");
                Context.Stop(Self);
            }));
            CommandAny(_ => { });
        }

        public override string PersistenceId { get; }
    }
}
