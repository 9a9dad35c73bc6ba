using System.Diagnostics;
using ActorChat.Bank;
using Akka.Actor;

namespace ActorChat.Scenarios;

public sealed record ActorTransfersReport(long Tom, long Jack, IReadOnlyList<TransferCompleted> Transfers, TimeSpan Elapsed);

/// <summary>dead_lock.py's two opposite transfers done by the bank's actors: no locks, so nothing to deadlock on.</summary>
public static class ActorTransfers
{
    public static async Task<ActorTransfersReport> RunAsync()
    {
        var settings = BankSettings.Default;
        var system = BankSystem.Start("deadlock", settings, Path.GetTempPath());
        try
        {
            var bank = system.ActorOf(BankActor.Props(settings), "bank");
            var timeout = TimeSpan.FromSeconds(10);
            await bank.Ask<AccountBalance>(new OpenAccount("Tom", 10_000), timeout);
            await bank.Ask<AccountBalance>(new OpenAccount("Jack", 6_000), timeout);
            var stopwatch = Stopwatch.StartNew();
            var transfers = await Task.WhenAll(
                bank.Ask<TransferCompleted>(new StartTransfer("tom-to-jack", "Tom", "Jack", 5_000), timeout),
                bank.Ask<TransferCompleted>(new StartTransfer("jack-to-tom", "Jack", "Tom", 200), timeout));
            stopwatch.Stop();
            var tom = await bank.Ask<AccountBalance>(new GetBalance("Tom"), timeout);
            var jack = await bank.Ask<AccountBalance>(new GetBalance("Jack"), timeout);
            return new ActorTransfersReport(tom.Balance, jack.Balance, transfers, stopwatch.Elapsed);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
