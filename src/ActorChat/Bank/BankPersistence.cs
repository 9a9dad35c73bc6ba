using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Bank;

/// <summary>The journal and snapshot-store HOCON for a <see cref="BankSettings.Store"/>.</summary>
public static class BankPersistence
{
    /// <summary>The SQLite file the bank uses in <paramref name="dataDirectory"/>.</summary>
    public static string SqliteConnectionString(string dataDirectory, string file) =>
        $"Data Source={Path.Combine(Path.GetFullPath(dataDirectory), file)};Pooling=True";

    /// <summary>
    /// Persistence settings for <paramref name="settings"/>; <paramref name="dataDirectory"/> is created
    /// for SQLite. Placed over the node's configuration, falling back to Akka.Persistence.Sql's defaults.
    /// </summary>
    public static Config Hocon(BankSettings settings, string dataDirectory)
    {
        if (settings.Store == BankStore.Memory)
            return ConfigurationFactory.ParseString("""
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
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
        }
        else
        {
            connectionString = settings.ConnectionString;
            provider = settings.ProviderName;
        }

        var cs = NodeConfig.Quote(connectionString);
        var pn = NodeConfig.Quote(provider);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
              connection-string = {{cs}}
              provider-name = {{pn}}
              auto-initialize = on
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
              connection-string = {{cs}}
              provider-name = {{pn}}
              auto-initialize = on
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }
}
