using System.Diagnostics;
using ActorChat.Bank;

namespace ActorChat.Bench;

/// <summary>
/// The classic fix for dead_lock.py without actors: every transfer takes both accounts' monitors in a
/// global order (by account number), so no cycle of waits can form. The baseline the actors are measured against.
/// </summary>
public static class LockOrderingBank
{
    private sealed class Account(long balance)
    {
        public long Balance = balance;
    }

    public static (double PerSecond, bool Conserved) Run(BankLoadOptions options, IReadOnlyList<TransferPlan> plan)
    {
        var index = new Dictionary<string, int>();
        var accounts = new List<Account>();
        foreach (var name in plan.SelectMany(p => new[] { p.From, p.To }).Distinct())
        {
            index[name] = accounts.Count;
            // Accounts never opened get nothing, as in the actor version (no refunds to model here).
            accounts.Add(new Account(name.StartsWith("acc-", StringComparison.Ordinal) ? options.InitialBalance : 0));
        }
        var total = accounts.Sum(a => a.Balance);
        var next = -1;
        var threads = Enumerable.Range(0, options.Concurrency).Select(_ => new Thread(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Count)
            {
                var p = plan[i];
                var (a, b) = (index[p.From], index[p.To]);
                if (!p.To.StartsWith("acc-", StringComparison.Ordinal))
                    continue;
                var (first, second) = a < b ? (accounts[a], accounts[b]) : (accounts[b], accounts[a]);
                lock (first)
                lock (second)
                {
                    if (accounts[a].Balance < p.Amount)
                        continue;
                    accounts[a].Balance -= p.Amount;
                    accounts[b].Balance += p.Amount;
                }
            }
        })).ToList();
        var stopwatch = Stopwatch.StartNew();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        stopwatch.Stop();
        return (plan.Count / stopwatch.Elapsed.TotalSeconds, accounts.Sum(a => a.Balance) == total && accounts.All(a => a.Balance >= 0));
    }
}
