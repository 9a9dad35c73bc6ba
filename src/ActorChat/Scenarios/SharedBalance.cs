using Akka.Actor;

namespace ActorChat.Scenarios;

public sealed record SharedBalanceReport(int Iterations, long Expected, long WithActor, long WithoutLock)
{
    public bool ActorExact => WithActor == Expected;
}

/// <summary>
/// value.py: a balance of 5000, "man" adds 1..1000 and "girl" takes 100..800, each 30 times, at once.
/// Done with threads on a shared field without a lock, some updates are lost (read-modify-write races);
/// done by one actor that owns the balance and two actors that send it messages, the result is exact.
/// </summary>
public static class SharedBalance
{
    public const long Opening = 5_000;

    public sealed record Deposit(long Amount);
    public sealed record Withdraw(long Amount);
    public sealed record Finished;
    public sealed record Final(long Balance);

    /// <summary>Owns the balance; answers <see cref="Final"/> to its creator once both spenders have finished.</summary>
    private sealed class BalanceActor : ReceiveActor
    {
        private long _balance = Opening;
        private int _finished;

        public BalanceActor(IActorRef report)
        {
            Receive<Deposit>(d => _balance += d.Amount);
            Receive<Withdraw>(w => _balance -= w.Amount);
            // Messages from one sender arrive in order, so a spender's Finished comes after all its changes.
            Receive<Finished>(_ =>
            {
                if (++_finished == 2)
                    report.Tell(new Final(_balance));
            });
        }
    }

    /// <summary>The seed's amounts, drawn up front so both versions apply the very same changes.</summary>
    public static (long[] Man, long[] Girl) Amounts(int iterations, int seed)
    {
        var random = new Random(seed);
        var man = Enumerable.Range(0, iterations).Select(_ => (long)random.Next(1, 1001)).ToArray();
        var girl = Enumerable.Range(0, iterations).Select(_ => (long)random.Next(100, 801)).ToArray();
        return (man, girl);
    }

    public static async Task<SharedBalanceReport> RunAsync(int iterations, int seed = 7)
    {
        var (man, girl) = Amounts(iterations, seed);
        var expected = Opening + man.Sum() - girl.Sum();
        return new SharedBalanceReport(iterations, expected, await WithActorsAsync(man, girl), WithoutLock(man, girl));
    }

    private static async Task<long> WithActorsAsync(long[] man, long[] girl)
    {
        using var system = ActorSystem.Create("shared-balance", "akka.loglevel = WARNING");
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = system.ActorOf(Props.Create(() => new ResultActor(done)));
        var balance = system.ActorOf(Props.Create(() => new BalanceActor(inbox)), "balance");
        system.ActorOf(Props.Create(() => new Spender(balance, man.Select(a => (object)new Deposit(a)).ToArray())), "man");
        system.ActorOf(Props.Create(() => new Spender(balance, girl.Select(a => (object)new Withdraw(a)).ToArray())), "girl");
        var result = await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await system.Terminate();
        return result;
    }

    private sealed class Spender : ReceiveActor
    {
        public Spender(IActorRef balance, object[] changes)
        {
            foreach (var change in changes)
                balance.Tell(change);
            balance.Tell(new Finished());
        }
    }

    private sealed class ResultActor : ReceiveActor
    {
        public ResultActor(TaskCompletionSource<long> done)
        {
            Receive<Final>(f => done.TrySetResult(f.Balance));
        }
    }

    /// <summary>The race value.py has without Value's lock: two threads doing read, add, write on one field.</summary>
    private static long WithoutLock(long[] man, long[] girl)
    {
        var shared = new StrongBox(Opening);
        using var start = new Barrier(2);
        var threads = new[]
        {
            new Thread(() => { start.SignalAndWait(); foreach (var a in man) Change(shared, a); }),
            new Thread(() => { start.SignalAndWait(); foreach (var a in girl) Change(shared, -a); }),
        };
        foreach (var t in threads)
            t.Start();
        foreach (var t in threads)
            t.Join();
        return shared.Value;
    }

    /// <summary>money.value += amount: read, a moment of other work, write back what was read plus the amount.</summary>
    private static void Change(StrongBox shared, long amount)
    {
        var read = Volatile.Read(ref shared.Value);
        Thread.SpinWait(10);
        Volatile.Write(ref shared.Value, read + amount);
    }

    private sealed class StrongBox(long value)
    {
        public long Value = value;
    }
}
