using ActorChat.Hosting;
using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace ActorChat.Bank;

/// <summary>The journal and snapshot-store HOCON for a <see cref="BankSettings.Store"/>.</summary>
public static class BankPersistence
{
    /// <summary>The SQLite file the bank uses in <paramref name="dataDirectory"/>.</summary>
    public static string SqliteConnectionString(string dataDirectory, string file) =>
        $"Data Source={Path.Combine(Path.GetFullPath(dataDirectory), file)};Pooling=True";

    /// <summary>The actor-system setup the store needs beside its HOCON (SQLite's connection tuning), if any.</summary>
    public static Akka.Actor.Setup.Setup? Setup(BankSettings settings, string dataDirectory) =>
        settings.Store == BankStore.Sqlite
            ? SqliteTuning.For(SqliteConnectionString(dataDirectory, settings.SqliteFile), settings.SqliteSynchronous)
            : null;

    /// <summary>
    /// Persistence settings for <paramref name="settings"/>; <c>replay-filter.mode = off</c> because every
    /// bank entity has one writer (one actor per id) and Akka's replay filter costs an extra actor on the
    /// journal for every recovery, i.e. for every transfer. <paramref name="dataDirectory"/> is created
    /// for SQLite. Placed over the node's configuration, falling back to Akka.Persistence.Sql's defaults.
    /// </summary>
    public static Config Hocon(BankSettings settings, string dataDirectory)
    {
        if (settings.Store == BankStore.Memory)
            return ConfigurationFactory.ParseString($$"""
                akka.persistence.journal.plugin = "{{BankMemoryJournal.PluginId}}"
                {{BankMemoryJournal.Hocon}}
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """);

        string connectionString;
        string provider;
        if (settings.Store == BankStore.Sqlite)
        {
            try
            {
                Directory.CreateDirectory(dataDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigError($"data folder {dataDirectory}: {e.Message}");
            }
            connectionString = SqliteConnectionString(dataDirectory, settings.SqliteFile);
            provider = "SQLite.MS";
            UseWriteAheadLog(connectionString);
        }
        else
        {
            connectionString = settings.ConnectionString;
            provider = settings.ProviderName;
        }

        var cs = NodeConfig.Quote(connectionString);
        var pn = NodeConfig.Quote(provider);
        var parallelism = settings.Store == BankStore.Sqlite ? 1 : 3;
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
              connection-string = {{cs}}
              provider-name = {{pn}}
              auto-initialize = on
              # SQLite has one writer: parallel write batches would only wait on each other's lock.
              parallelism = {{parallelism}}
              replay-filter.mode = off
            }
            # The status page reads the bank back from the same tables (Akka.Persistence.Query).
            akka.persistence.query.journal.sql {
              write-plugin = "akka.persistence.journal.sql"
              connection-string = {{cs}}
              provider-name = {{pn}}
              refresh-interval = 1s
              journal-sequence-retrieval.query-delay = 1s
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
              connection-string = {{cs}}
              provider-name = {{pn}}
              auto-initialize = on
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// In SQLite's default rollback mode a reader (an actor recovering) locks out the writer and the
    /// writer sleeps on SQLITE_BUSY; in WAL mode readers and the writer proceed together. The mode is
    /// stored in the file, so setting it once here is enough.
    /// </summary>
    private static void UseWriteAheadLog(string connectionString)
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            throw new ConfigError($"bank journal {connectionString}: {e.Message}");
        }
    }
}
