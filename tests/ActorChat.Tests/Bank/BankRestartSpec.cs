using ActorChat.Bank;
using Akka.Actor;
using Akka.Persistence;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// A whole actor system stops between a source's debit and the credit, on SQLite; the next system on
/// the same file finishes the transfer as soon as the source wakes, without anyone asking about it.
/// </summary>
public sealed class BankRestartSpec : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly BankSettings Sqlite = BankSettings.Default with
    {
        Store = BankStore.Sqlite,
        StepRetry = TimeSpan.FromMilliseconds(300),
    };

    private readonly string _data = Directory.CreateTempSubdirectory("bank-restart-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private async Task InSystem(Func<ActorSystem, IActorRef, Task> run)
    {
        var system = BankSystem.Start("bank", Sqlite, _data);
        try
        {
            await run(system, system.ActorOf(BankActor.Props(Sqlite), "bank"));
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<long> Balance(IActorRef bank, string account) =>
        (await bank.Ask<AccountBalance>(new GetBalance(account), Patience)).Balance;

    [Fact]
    public async Task A_debit_left_open_by_a_stopped_system_is_credited_by_the_next_one_without_a_re_ask()
    {
        await InSystem(async (_, bank) =>
        {
            await bank.Ask<AccountBalance>(new OpenAccount("a", 100), Patience);
            await bank.Ask<AccountBalance>(new OpenAccount("b", 0), Patience);
        });
        // The system stopped right after a's debit of t1 reached the journal: nothing else did.
        await InSystem(async (system, _) =>
        {
            var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new DebitWriter(AccountActor.PersistenceIdFor("a"),
                new TransferDebited("t1", "b", 30), written)));
            await written.Task.WaitAsync(Patience);
        });

        await InSystem(async (_, bank) =>
        {
            // Waking the source (any message) re-sends t1's credit.
            Assert.Equal(70, await Balance(bank, "a"));
            var deadline = DateTime.UtcNow + Patience;
            while (await Balance(bank, "b") != 30)
            {
                Assert.True(DateTime.UtcNow < deadline, "the open debit was never credited");
                await Task.Delay(50);
            }
            var done = await bank.Ask<TransferCompleted>(new StartTransfer("t1", "a", "b", 30), Patience);
            Assert.Equal(TransferOutcome.Applied, done.Outcome);
            Assert.Equal(70, await Balance(bank, "a"));
            Assert.Equal(30, await Balance(bank, "b"));
        });
    }

    /// <summary>Appends one event after whatever the persistence id already holds.</summary>
    private sealed class DebitWriter : ReceivePersistentActor
    {
        public DebitWriter(string persistenceId, IAccountEvent @event, TaskCompletionSource written)
        {
            PersistenceId = persistenceId;
            Recover<IAccountEvent>(_ => { });
            Recover<RecoveryCompleted>(_ => Persist(@event, _ =>
            {
                written.TrySetResult();
                Context.Stop(Self);
            }));
            CommandAny(_ => { });
        }

        public override string PersistenceId { get; }
    }
}
