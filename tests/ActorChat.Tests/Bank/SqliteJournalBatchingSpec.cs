using System.Data.Common;
using ActorChat.Bank;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Persistence;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Interceptors;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// The SQLite journal puts the events of many accounts written at about the same time into one
/// transaction (Akka.Persistence.Sql batches what arrives while a write is in progress, which it only
/// sees since <see cref="SqliteTuning"/> makes the write asynchronous; before, every event was an
/// INSERT and a transaction of its own).
/// </summary>
public sealed class SqliteJournalBatchingSpec
{
    private const int Writers = 64;

    [Fact]
    public async Task Events_persisted_by_many_accounts_at_once_share_journal_inserts()
    {
        var data = Directory.CreateTempSubdirectory("bank-batching-").FullName;
        var inserts = new InsertCounter();
        var settings = BankSettings.Default with { Store = BankStore.Sqlite };
        var system = ActorSystem.Create("batching", BootstrapSetup.Create()
            .WithConfig(BankSystem.Config(settings, data))
            .And(CountingInserts(BankPersistence.SqliteConnectionString(data, settings.SqliteFile), inserts)));
        try
        {
            // Arrival times depend on the machine: a round whose writes all came one by one proves nothing,
            // so up to five rounds. Unbatched, every round has exactly one INSERT per event.
            var batched = false;
            for (var round = 0; round < 5 && !batched; round++)
            {
                var before = inserts.Count;
                var persisted = Enumerable.Range(0, Writers).Select(i =>
                {
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    system.ActorOf(Props.Create(() => new OneEvent($"batching-{round}-{i}", done)));
                    return done.Task;
                }).ToList();
                await Task.WhenAll(persisted).WaitAsync(TimeSpan.FromSeconds(60));
                batched = inserts.Count - before < Writers;
            }
            Assert.True(batched, $"every event was an INSERT of its own ({inserts.Count} INSERTs)");
        }
        finally
        {
            await system.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static MultiDataOptionsSetup CountingInserts(string connectionString, InsertCounter counter)
    {
        var tuned = (MultiDataOptionsSetup)SqliteTuning.For(connectionString, "NORMAL");
        var setup = new MultiDataOptionsSetup();
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql" })
        {
            Assert.True(tuned.TryGetDataOptionsFor(plugin, out var options));
            setup.AddDataOptions(plugin, options!.UseInterceptor(counter));
        }
        return setup;
    }

    private sealed class InsertCounter : CommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
        {
            if (command.CommandText.Contains("INSERT INTO [journal]", StringComparison.OrdinalIgnoreCase))
                Interlocked.Increment(ref _count);
            return command;
        }
    }

    /// <summary>Persists one bank event as soon as it has recovered, then reports.</summary>
    private sealed class OneEvent : ReceivePersistentActor
    {
        public OneEvent(string id, TaskCompletionSource done)
        {
            PersistenceId = id;
            Recover<RecoveryCompleted>(_ => Persist(new AccountOpened(id, 1), _ =>
            {
                done.TrySetResult();
                Context.Stop(Self);
            }));
        }

        public override string PersistenceId { get; }
    }
}
