using ActorChat.Bank;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using LinqToDB.Data;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>The journal's SQLite connections carry the configured pragmas every time the pool hands one out.</summary>
public sealed class SqliteTuningSpec
{
    [Fact]
    public void Every_journal_connection_from_the_pool_runs_with_the_configured_synchronous_mode()
    {
        var data = Directory.CreateTempSubdirectory("bank-tuning-").FullName;
        try
        {
            var connectionString = BankPersistence.SqliteConnectionString(data, "bank.db");
            var setup = (MultiDataOptionsSetup)SqliteTuning.For(connectionString, "NORMAL");
            Assert.True(setup.TryGetDataOptionsFor("akka.persistence.journal.sql", out var options));

            // SQLite's default is FULL (2); NORMAL is 1. The pragma is set once per pooled handle, so the
            // second and third connections get a handle tuned earlier and must still report NORMAL.
            for (var i = 0; i < 3; i++)
            {
                using var connection = new DataConnection(options!);
                Assert.Equal(1, connection.Execute<int>("PRAGMA synchronous;"));
                Assert.Equal(30000, connection.Execute<int>("PRAGMA busy_timeout;"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
