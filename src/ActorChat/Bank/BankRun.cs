using System.Diagnostics;
using Akka.Actor;

namespace ActorChat.Bank;

/// <summary>The outcome of a <see cref="BankRun"/> and its invariant checks.</summary>
public sealed record BankReport(
    int Transfers,
    int Applied,
    int Refused,
    int Refunded,
    TimeSpan Elapsed,
    long TotalBefore,
    long TotalAfter,
    IReadOnlyList<string> NegativeAccounts,
    IReadOnlyList<string> MismatchedAccounts,
    int Unfinished,
    int ConflictingReports,
    int Crashes,
    int SystemRestarts)
{
    public double TransfersPerSecond => Transfers / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public IReadOnlyList<string> Violations
    {
        get
        {
            var v = new List<string>();
            if (TotalAfter != TotalBefore)
                v.Add($"total money changed: {TotalBefore} before, {TotalAfter} after");
            if (NegativeAccounts.Count > 0)
                v.Add($"negative balance: {string.Join(", ", NegativeAccounts.Take(5))}");
            if (MismatchedAccounts.Count > 0)
                v.Add($"balance differs from the transfers' outcomes (a step applied twice or lost): {string.Join(", ", MismatchedAccounts.Take(5))}");
            if (Unfinished > 0)
                v.Add($"{Unfinished} transfers never ended");
            if (ConflictingReports > 0)
                v.Add($"{ConflictingReports} transfers reported two different outcomes");
            return v;
        }
    }

    public bool Ok => Violations.Count == 0;
}

/// <summary>
/// Runs a <see cref="BankLoadOptions"/> workload end to end: opens the accounts, drives the transfers
/// (optionally restarting the whole actor system half-way), then checks the invariants from the
/// accounts' own balances: money is conserved, no balance is negative, and every balance equals its
/// opening balance plus exactly the transfers that ended Applied (so nothing was applied twice,
/// lost, or refunded without a debit).
/// </summary>
public static class BankRun
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static async Task<BankReport> RunAsync(BankLoadOptions options, BankSettings settings, string dataDirectory,
        Action<int>? onProgress = null, string? extraHocon = null)
    {
        if (options.Accounts < 2)
            throw new ArgumentException("a bank run needs at least 2 accounts", nameof(options));
        if (options.RestartSystem && settings.Store == BankStore.Memory)
            throw new ArgumentException("restarting the actor system needs a journal that outlives it (sqlite or sql)", nameof(options));

        var plan = BankLoad.Plan(options);
        var accounts = Enumerable.Range(0, options.Accounts).Select(BankLoad.AccountName).ToList();
        var unknown = plan.Select(p => p.To).Where(a => !a.StartsWith("acc-", StringComparison.Ordinal)).Distinct().ToList();
        var outcomes = new Dictionary<string, TransferOutcome>();
        var conflicts = 0;
        var crashes = 0;
        var restarts = 0;

        var system = BankSystem.Start("bank", settings, dataDirectory, extraHocon);
        try
        {
            var bank = system.ActorOf(BankActor.Props(settings), "bank");
            // On a journal from an earlier run the accounts are already open: start from what they hold.
            var opened = await Task.WhenAll(accounts.Concat(unknown)
                .Select(a => bank.Ask<AccountBalance>(a.StartsWith("acc-", StringComparison.Ordinal)
                    ? new OpenAccount(a, options.InitialBalance)
                    : new GetBalance(a), AskTimeout)));
            var totalBefore = opened.Sum(b => b.Balance);

            var stopwatch = Stopwatch.StartNew();
            IReadOnlyList<TransferPlan> remaining = plan;
            if (options.RestartSystem)
            {
                var first = await Drive(system, settings, remaining, options, plan.Count / 2, onProgress, 0);
                Merge(first);
                remaining = first.Unfinished;
                // Stop mid-flight: transfers that were half-way resume from the journal in the new system.
                await system.Terminate();
                system = BankSystem.Start("bank", settings, dataDirectory, extraHocon);
                bank = system.ActorOf(BankActor.Props(settings), "bank");
                restarts++;
            }
            var last = await Drive(system, settings, remaining, options, remaining.Count, onProgress, outcomes.Count);
            Merge(last);
            stopwatch.Stop();

            var balances = await Task.WhenAll(accounts.Concat(unknown)
                .Select(a => bank.Ask<AccountBalance>(new GetBalance(a), AskTimeout)));
            var expected = opened.ToDictionary(b => b.AccountId, b => b.Balance);
            foreach (var p in plan)
            {
                if (outcomes.TryGetValue(p.Id, out var outcome) && outcome == TransferOutcome.Applied)
                {
                    expected[p.From] -= p.Amount;
                    expected[p.To] = expected.GetValueOrDefault(p.To) + p.Amount;
                }
            }

            return new BankReport(
                plan.Count,
                outcomes.Values.Count(o => o == TransferOutcome.Applied),
                outcomes.Values.Count(o => o == TransferOutcome.Refused),
                outcomes.Values.Count(o => o == TransferOutcome.Refunded),
                stopwatch.Elapsed,
                totalBefore,
                balances.Sum(b => b.Balance),
                balances.Where(b => b.Balance < 0).Select(b => $"{b.AccountId}={b.Balance}").ToList(),
                balances.Where(b => b.Balance != expected.GetValueOrDefault(b.AccountId))
                    .Select(b => $"{b.AccountId} has {b.Balance}, expected {expected.GetValueOrDefault(b.AccountId)}").ToList(),
                plan.Count - outcomes.Count,
                conflicts,
                crashes,
                restarts);
        }
        finally
        {
            await system.Terminate();
        }

        void Merge(LoadResult result)
        {
            foreach (var (id, outcome) in result.Outcomes)
            {
                if (outcomes.TryGetValue(id, out var earlier) && earlier != outcome)
                    conflicts++;
                outcomes[id] = outcome;
            }
            conflicts += result.ConflictingReports;
            crashes += result.Crashes;
        }
    }

    /// <summary>
    /// The driver talks to the account region itself, as any client inside the cluster may: it re-sends
    /// what it has not heard about (the bank actor's re-ask, for callers that do not), and it saves the
    /// two hops through the bank actor on every transfer.
    /// </summary>
    private static async Task<LoadResult> Drive(ActorSystem system, BankSettings settings, IReadOnlyList<TransferPlan> plan,
        BankLoadOptions options, int stopAfter, Action<int>? onProgress, int doneBefore)
    {
        var regions = await BankShards.StartAsync(system, settings);
        var done = new TaskCompletionSource<LoadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<int>? progress = onProgress is null ? null : n => onProgress(doneBefore + n);
        system.ActorOf(LoadDriver.Props(regions.Accounts, plan, options, stopAfter, progress, done));
        return await done.Task;
    }
}
