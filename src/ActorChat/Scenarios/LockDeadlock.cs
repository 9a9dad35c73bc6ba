using System.Diagnostics;

namespace ActorChat.Scenarios;

/// <summary>One edge of a wait-for cycle: <paramref name="Thread"/> holds one lock and waits for another.</summary>
public sealed record LockWait(string Thread, string Holds, string WaitsFor)
{
    public override string ToString() => $"{Thread} holds {Holds}'s lock and waits for {WaitsFor}'s lock";
}

public sealed record LockDeadlockReport(bool Deadlocked, TimeSpan DetectedAfter, IReadOnlyList<LockWait> Cycle, long Tom, long Jack);

/// <summary>
/// dead_lock.py in C#: each account guarded by its own monitor, each transfer locks its source, takes
/// the money, then locks the destination. Run opposite transfers at once and each thread ends up holding
/// the lock the other waits for. A watchdog finds the cycle in the threads' wait-for graph, reports it,
/// and interrupts the threads so the program can go on (the seed would hang forever).
/// </summary>
public static class LockDeadlock
{
    private sealed class Account(string name, long balance)
    {
        public readonly string Name = name;
        public readonly object Lock = new();
        public long Balance = balance;
    }

    /// <summary>What each transfer thread holds and waits for, kept by the threads for the watchdog.</summary>
    private sealed class WaitGraph
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (string? Holds, string? WaitsFor)> _threads = new();

        public void Set(string thread, string? holds, string? waitsFor)
        {
            lock (_gate)
                _threads[thread] = (holds, waitsFor);
        }

        public IReadOnlyList<LockWait> FindCycle()
        {
            lock (_gate)
            {
                foreach (var start in _threads.Keys)
                {
                    var path = new List<LockWait>();
                    var thread = start;
                    while (_threads.TryGetValue(thread, out var state) && state is { Holds: { } holds, WaitsFor: { } waits })
                    {
                        path.Add(new LockWait(thread, holds, waits));
                        var owner = _threads.FirstOrDefault(t => t.Value.Holds == waits).Key;
                        if (owner is null)
                            break;
                        if (owner == start)
                            return path;
                        if (path.Any(p => p.Thread == owner))
                            break;
                        thread = owner;
                    }
                }
                return [];
            }
        }
    }

    public static LockDeadlockReport Run(TimeSpan detectWithin)
    {
        var tom = new Account("Tom", 10_000);
        var jack = new Account("Jack", 6_000);
        var graph = new WaitGraph();
        // The seed's commented-out sleep(3) between the two locks, made certain: both threads hold
        // their first lock before either asks for its second.
        using var bothHoldOne = new Barrier(2);

        Thread Transfer(Account from, Account to, long amount)
        {
            var name = $"thread {from.Name}→{to.Name} {amount}";
            return new Thread(() =>
            {
                var holdsFrom = false;
                var holdsTo = false;
                try
                {
                    Monitor.Enter(from.Lock, ref holdsFrom);
                    graph.Set(name, from.Name, null);
                    from.Balance -= amount;
                    bothHoldOne.SignalAndWait();
                    graph.Set(name, from.Name, to.Name);
                    Monitor.Enter(to.Lock, ref holdsTo);
                    graph.Set(name, from.Name, null);
                    to.Balance += amount;
                }
                catch (ThreadInterruptedException)
                {
                    // The watchdog broke the deadlock: give up this transfer (its money stays withdrawn).
                }
                finally
                {
                    if (holdsTo)
                        Monitor.Exit(to.Lock);
                    if (holdsFrom)
                        Monitor.Exit(from.Lock);
                    graph.Set(name, null, null);
                }
            }) { Name = name, IsBackground = true };
        }

        var threads = new[] { Transfer(tom, jack, 5_000), Transfer(jack, tom, 200) };
        var stopwatch = Stopwatch.StartNew();
        foreach (var t in threads)
            t.Start();

        IReadOnlyList<LockWait> cycle = [];
        while (stopwatch.Elapsed < detectWithin && threads.Any(t => t.IsAlive))
        {
            // A cycle seen twice, 50 ms apart, with every thread in it blocked: nobody can move again.
            var seen = graph.FindCycle();
            if (seen.Count > 0 && threads.All(t => !t.IsAlive || t.ThreadState.HasFlag(System.Threading.ThreadState.WaitSleepJoin)))
            {
                Thread.Sleep(50);
                if (graph.FindCycle().SequenceEqual(seen))
                {
                    cycle = seen;
                    break;
                }
            }
            Thread.Sleep(10);
        }
        var detectedAfter = stopwatch.Elapsed;

        foreach (var t in threads)
            t.Interrupt();
        foreach (var t in threads)
            t.Join(TimeSpan.FromSeconds(5));
        return new LockDeadlockReport(cycle.Count > 0, detectedAfter, cycle, tom.Balance, jack.Balance);
    }
}
