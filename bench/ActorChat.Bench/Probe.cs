using ActorChat.Bank;

namespace ActorChat.Bench;

/// <summary>`probe N`: one in-memory run printing progress every 100 transfers (to see where a run stalls).</summary>
public static class Probe
{
    public static async Task Run(int transfers)
    {
        var last = 0;
        var run = BankRun.RunAsync(new BankLoadOptions { Accounts = 1_000, Concurrency = 64, InitialBalance = 1_000_000, Transfers = transfers },
            BankSettings.Default, Path.GetTempPath(), n => Volatile.Write(ref last, n));
        while (await Task.WhenAny(run, Task.Delay(1000)) != run)
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {Volatile.Read(ref last)} done");
        var report = await run;
        Console.WriteLine($"{report.TransfersPerSecond:N0}/s ok={report.Ok}");
    }
}
