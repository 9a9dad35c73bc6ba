using System.Diagnostics;
using ActorChat.Bank;
using Akka.Actor;

namespace ActorChat.Bench;

/// <summary>`steps N [sqlite]`: account credits alone (one journal write and a balance read each, through the shard region, no transfer around them), 64 in flight, to split the cost of a transfer.</summary>
public static class StepProbe
{
    public static async Task Run(int steps, bool sqlite)
    {
        var data = Directory.CreateTempSubdirectory("steps-").FullName;
        var settings = BankSettings.Default with { Store = sqlite ? BankStore.Sqlite : BankStore.Memory };
        var system = BankSystem.Start("steps", settings, data);
        var bank = system.ActorOf(BankActor.Props(settings));
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => bank.Ask<AccountBalance>(new OpenAccount("a" + i, 1_000_000))));
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < steps)
            {
                // The answer goes to the (never opened) source account; the balance read behind it waits for the write.
                bank.Tell(new CreditTransfer("a" + (i % 1000), "s" + i, "bench", 1));
                await bank.Ask<AccountBalance>(new GetBalance("a" + (i % 1000)));
            }
        }));
        Console.WriteLine($"account credits ({(sqlite ? "sqlite" : "memory")}): {steps / sw.Elapsed.TotalSeconds:N0}/s");
        await system.Terminate();
        Directory.Delete(data, true);
    }
}
