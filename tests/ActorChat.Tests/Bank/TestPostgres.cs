using ActorChat.Hosting;
using Npgsql;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// A fresh PostgreSQL database for one test, on the server named by ACTORCHAT_TEST_POSTGRES (an Npgsql
/// connection string for a role that may create databases; scripts/test.sh installs, starts and sets
/// it up). Without it these tests fail, saying how to get one: they never pass by skipping.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "ACTORCHAT_TEST_POSTGRES";

    private readonly string _server;

    private TestPostgres(string server, string database)
    {
        _server = server;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = true }.ConnectionString;
    }

    public string Database { get; }

    /// <summary>The new database's connection string: give it to the nodes.</summary>
    public string ConnectionString { get; }

    /// <summary>HOCON selecting this database as the bank's journal.</summary>
    public string BankHocon => $"""
        actorchat.bank.store = postgresql
        actorchat.bank.connection-string = {NodeConfig.Quote(ConnectionString)}
        """;

    public static async Task<TestPostgres> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
            Assert.Fail($"{Variable} is not set: run scripts/test.sh (it installs and starts PostgreSQL and sets it), " +
                        $"or export {Variable}=\"Host=127.0.0.1;Port=5432;Username=...;Password=...;Database=...\" " +
                        "for a role with CREATEDB");
        var database = "bank_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
        await command.ExecuteNonQueryAsync();
        return new TestPostgres(server, database);
    }

    /// <summary>Runs a query on the test database and returns the first column of every row.</summary>
    public async Task<List<T>> Column<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        // FORCE: a node process killed by the test may still hold a connection the server has not noticed is gone.
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
