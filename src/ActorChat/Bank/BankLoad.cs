namespace ActorChat.Bank;

/// <summary>A random but reproducible workload: N accounts, M transfers between them.</summary>
public sealed record BankLoadOptions
{
    public int Accounts { get; init; } = 100;
    public int Transfers { get; init; } = 10_000;
    public int Concurrency { get; init; } = 64;
    /// <summary>Kill a random account and the source of a random in-flight transfer after every K started transfers; 0 = never.</summary>
    public int CrashEvery { get; init; }
    /// <summary>Stop the whole actor system half-way and carry on in a new one on the same journal.</summary>
    public bool RestartSystem { get; init; }
    public long InitialBalance { get; init; } = 1_000;
    /// <summary>Share of transfers sent to an account that was never opened: the credit is refused and the source refunded.</summary>
    public double UnknownDestinationShare { get; init; } = 0.01;
    public int Seed { get; init; } = 42;
    /// <summary>Prefix of this run's transfer ids, so a second run on the same journal starts new transfers.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N")[..8];
    /// <summary>Driver re-sends a transfer it has not heard back about after this long (the same id, so it is safe).</summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(3);
}

public sealed record TransferPlan(string Id, string From, string To, long Amount);

public static class BankLoad
{
    public static string AccountName(int i) => $"acc-{i}";

    /// <summary>Accounts that are never opened: credits to them are refused.</summary>
    public static string UnknownAccountName(int i) => $"closed-{i}";

    public static IReadOnlyList<TransferPlan> Plan(BankLoadOptions options)
    {
        var random = new Random(options.Seed);
        var plan = new TransferPlan[options.Transfers];
        for (var i = 0; i < plan.Length; i++)
        {
            var from = random.Next(options.Accounts);
            var to = random.Next(options.Accounts - 1);
            if (to >= from)
                to++;
            var toName = random.NextDouble() < options.UnknownDestinationShare ? UnknownAccountName(to % 4) : AccountName(to);
            // Up to 60% of a starting balance: enough that some transfers are refused for insufficient funds.
            var amount = 1 + random.NextInt64(options.InitialBalance * 6 / 10);
            plan[i] = new TransferPlan($"{options.RunId}-{i}", AccountName(from), toName, amount);
        }
        return plan;
    }
}
