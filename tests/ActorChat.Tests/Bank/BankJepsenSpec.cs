using ActorChat.Bank;
using Xunit;
using Xunit.Abstractions;

namespace ActorChat.Tests.Bank;

/// <summary>
/// Jepsen-style: thousands of concurrent random transfers while accounts (sources mid-transfer too) are killed at
/// random points; at quiescence money is conserved, no balance is negative, and every balance equals
/// what the reported outcomes say (nothing applied twice, nothing lost).
/// </summary>
public sealed class BankJepsenSpec(ITestOutputHelper output)
{
    private static readonly BankSettings Fast = BankSettings.Default with
    {
        StepRetry = TimeSpan.FromMilliseconds(300),
        MinBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private void Check(BankReport report)
    {
        output.WriteLine($"{report.Transfers} transfers in {report.Elapsed.TotalSeconds:F1}s: applied {report.Applied}, " +
                         $"refused {report.Refused}, refunded {report.Refunded}, {report.Crashes} crashes, {report.SystemRestarts} restarts");
        Assert.Empty(report.Violations);
        Assert.Equal(report.TotalBefore, report.TotalAfter);
        Assert.Equal(report.Transfers, report.Applied + report.Refused + report.Refunded);
        Assert.True(report.Applied > 0 && report.Refused > 0 && report.Refunded > 0,
            "the workload should exercise every outcome");
    }

    [Fact]
    public async Task Thousands_of_transfers_with_actors_killed_at_random_conserve_money_in_memory()
    {
        var report = await BankRun.RunAsync(new BankLoadOptions
        {
            Accounts = 40,
            Transfers = 4_000,
            Concurrency = 64,
            CrashEvery = 40,
            ResendAfter = TimeSpan.FromSeconds(1),
        }, Fast, Path.GetTempPath());
        Check(report);
        Assert.True(report.Crashes >= 100);
    }

    [Fact]
    public async Task Transfers_survive_a_restart_of_the_whole_actor_system_on_sqlite()
    {
        var data = Directory.CreateTempSubdirectory("bank-jepsen-").FullName;
        try
        {
            var report = await BankRun.RunAsync(new BankLoadOptions
            {
                Accounts = 20,
                Transfers = 1_000,
                Concurrency = 32,
                CrashEvery = 50,
                RestartSystem = true,
                ResendAfter = TimeSpan.FromSeconds(2),
            }, Fast with { Store = BankStore.Sqlite }, data);
            Check(report);
            Assert.Equal(1, report.SystemRestarts);
            Assert.True(File.Exists(Path.Combine(data, "bank.db")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
