using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Bank;

/// <summary>Where the bank's journal lives.</summary>
public enum BankStore
{
    /// <summary>A SQLite file in the node's data folder: the embedded default.</summary>
    Sqlite,
    /// <summary>Any database Akka.Persistence.Sql (linq2db) speaks, from connection-string and provider-name.</summary>
    Sql,
    /// <summary>Akka's in-memory journal: lost when the actor system stops (tests, benchmarks).</summary>
    Memory,
}

/// <summary>The bank's settings, read once from <c>actorchat.bank</c> (hocon/bank.hocon).</summary>
public sealed record BankSettings(
    BankStore Store,
    string SqliteFile,
    string SqliteSynchronous,
    string ConnectionString,
    string ProviderName,
    TimeSpan StepRetry,
    TimeSpan MinBackoff,
    TimeSpan MaxBackoff)
{
    /// <summary>While a caller waits for a transfer, the bank actor asks it again this often (a crashed node's transfers resume).</summary>
    public TimeSpan Reask { get; init; } = TimeSpan.FromSeconds(5);

    public static BankSettings Default { get; } = new(BankStore.Memory, "bank.db", "NORMAL", "", "SQLite.MS",
        TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

    public static BankSettings Read(Config config)
    {
        var store = Settings.String(config, "actorchat.bank.store") switch
        {
            "sqlite" => BankStore.Sqlite,
            "sql" or "postgresql" => BankStore.Sql,
            "memory" => BankStore.Memory,
            var other => throw new ConfigError($"actorchat.bank.store: expected sqlite, postgresql, sql or memory, got '{other}'"),
        };
        var settings = new BankSettings(
            store,
            Settings.String(config, "actorchat.bank.sqlite-file"),
            Synchronous(Settings.String(config, "actorchat.bank.sqlite-synchronous")),
            Settings.String(config, "actorchat.bank.connection-string", allowEmpty: true),
            // "postgresql" is "sql" with linq2db's PostgreSQL provider (Npgsql), whatever provider-name says.
            Settings.String(config, "actorchat.bank.store") == "postgresql" ? "PostgreSQL" : Settings.String(config, "actorchat.bank.provider-name"),
            Settings.Duration(config, "actorchat.bank.step-retry"),
            Settings.Duration(config, "actorchat.bank.backoff.min"),
            Settings.Duration(config, "actorchat.bank.backoff.max"))
        {
            Reask = Settings.Duration(config, "actorchat.bank.reask"),
        };
        if (settings.MaxBackoff < settings.MinBackoff)
            throw new ConfigError("actorchat.bank.backoff.max: must not be shorter than backoff.min");
        if (store == BankStore.Sql && settings.ConnectionString.Length == 0)
            throw new ConfigError($"actorchat.bank.connection-string: required when actorchat.bank.store = {Settings.String(config, "actorchat.bank.store")}");
        return settings;
    }

    private static string Synchronous(string value) => value.ToUpperInvariant() switch
    {
        "NORMAL" or "FULL" or "EXTRA" or "OFF" => value.ToUpperInvariant(),
        _ => throw new ConfigError($"actorchat.bank.sqlite-synchronous: expected normal, full, extra or off, got '{value}'"),
    };
}
