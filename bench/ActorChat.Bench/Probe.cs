using System.Diagnostics;
using ActorChat.Bank;
using Akka.Actor;

namespace ActorChat.Bench;

public static class Probe
{
    public static async Task Run()
    {
        var data = Directory.CreateTempSubdirectory("probe-").FullName;
        var settings = BankSettings.Default with { Store = BankStore.Sqlite };
        var system = BankSystem.Start("probe", settings, data);
        var bank = system.ActorOf(BankActor.Props(settings));
        await bank.Ask<AccountBalance>(new OpenAccount("a", 1_000_000));
        await bank.Ask<AccountBalance>(new OpenAccount("b", 0));
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
            await bank.Ask<StepResult>(new ApplyStep("a", "x" + i, TransferStep.Credit, 1));
        Console.WriteLine($"sequential account step: {sw.Elapsed.TotalMilliseconds / 200:F2} ms");
        sw.Restart();
        for (var i = 0; i < 100; i++)
            await bank.Ask<TransferCompleted>(new StartTransfer("p" + i, "a", "b", 1));
        Console.WriteLine($"sequential transfer: {sw.Elapsed.TotalMilliseconds / 100:F2} ms");
        sw.Restart();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => bank.Ask<StepResult>(new ApplyStep("b", "y" + i, TransferStep.Credit, 1))));
        Console.WriteLine($"64 concurrent steps on one account: {sw.Elapsed.TotalMilliseconds:F2} ms");
        await system.Terminate();
    }
}
