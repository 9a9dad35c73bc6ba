using ActorChat.Bank;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>The account and transfer actors behind the bank, on Akka's in-memory journal.</summary>
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

    private long Balance(string account, TimeSpan? wait = null)
    {
        _bank.Tell(new GetBalance(account));
        return ExpectMsg<AccountBalance>(wait ?? Patience).Balance;
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
    public void A_duplicate_step_is_answered_again_but_applied_once()
    {
        Open("a", 100);
        var debit = new ApplyStep("a", "t1", TransferStep.Debit, 30);
        _bank.Tell(debit);
        var first = ExpectMsg<StepResult>(Patience);
        _bank.Tell(debit);
        Assert.Equal(first, ExpectMsg<StepResult>(Patience));
        Assert.True(first.Accepted);
        Assert.Equal(70, Balance("a"));
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
        // The recovered account still knows t1's debit: asking again changes nothing.
        _bank.Tell(new ApplyStep("a", "t1", TransferStep.Debit, 25));
        Assert.True(ExpectMsg<StepResult>(Patience).Accepted);
        Assert.Equal(75, Balance("a"));
    }

    [Fact]
    public void A_transfer_crashed_mid_flight_resumes_from_its_journal_and_ends_once()
    {
        Open("a", 100);
        Open("b", 0);
        _bank.Tell(new StartTransfer("t1", "a", "b", 10));
        _bank.Tell(new CrashTransfer("t1"));
        _bank.Tell(new CrashAccount("b"));
        var done = ExpectMsg<TransferCompleted>(Patience);
        Assert.Equal(TransferOutcome.Applied, done.Outcome);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(90, Balance("a"));
        Assert.Equal(10, Balance("b"));
    }

    [Fact]
    public void A_transfer_whose_end_never_reached_the_journal_walks_its_steps_again_to_the_same_outcome()
    {
        // A transfer reports its outcome before its end is written. Lose that write: the journal holds the
        // start, the accounts hold the debit and the credit. Asked again, the transfer must end Applied
        // and move nothing more.
        Open("a", 100);
        Open("b", 0);
        Sys.ActorOf(Props.Create(() => new JournalWriter(TransferActor.PersistenceIdFor("t1"), new TransferStarted("t1", "a", "b", 30), TestActor)));
        ExpectMsg("written", Patience);
        _bank.Tell(new ApplyStep("a", "t1", TransferStep.Debit, 30));
        Assert.True(ExpectMsg<StepResult>(Patience).Accepted);
        _bank.Tell(new ApplyStep("b", "t1", TransferStep.Credit, 30));
        Assert.True(ExpectMsg<StepResult>(Patience).Accepted);

        Assert.Equal(TransferOutcome.Applied, Transfer("t1", "a", "b", 30).Outcome);
        Assert.Equal(70, Balance("a"));
        Assert.Equal(30, Balance("b"));
    }

    /// <summary>Puts one event into a persistence id's journal, as a transfer that crashed right after it would have.</summary>
    private sealed class JournalWriter : Akka.Persistence.ReceivePersistentActor
    {
        public JournalWriter(string persistenceId, object @event, IActorRef report)
        {
            PersistenceId = persistenceId;
            Recover<Akka.Persistence.RecoveryCompleted>(_ => Persist(@event, _ =>
            {
                report.Tell("written");
                Context.Stop(Self);
            }));
            CommandAny(_ => { });
        }

        public override string PersistenceId { get; }
    }
}
