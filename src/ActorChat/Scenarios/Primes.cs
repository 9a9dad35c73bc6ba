using System.Diagnostics;
using Akka.Actor;
using Akka.Routing;

namespace ActorChat.Scenarios;

public sealed record PrimesResult(int Workers, long Sum, int Count, TimeSpan Elapsed);

/// <summary>
/// The seed's prime sum below 100,000 (`Prime(Process)` with 1, 4 and 10 processes). A round-robin router
/// pool of worker actors gets the range in small chunks (so big primes, which cost the most with the
/// seed's trial division, are spread over all workers), and a collector adds the partial sums. Unlike
/// the seed, whose children append to a list the parent never sees, the answer comes back.
/// </summary>
public static class Primes
{
    public const long SumBelow100000 = 454_396_537;

    /// <summary>The seed's isPrime, trial division by every number below n, kept as slow on purpose.</summary>
    public static bool IsPrime(int n)
    {
        if (n <= 1)
            return false;
        for (var i = 2; i < n; i++)
        {
            if (n % i == 0)
                return false;
        }
        return true;
    }

    public sealed record Chunk(int Begin, int End);
    public sealed record PartialSum(long Sum, int Count);

    private sealed class PrimeWorker : ReceiveActor
    {
        public PrimeWorker()
        {
            Receive<Chunk>(c =>
            {
                long sum = 0;
                var count = 0;
                for (var i = c.Begin; i < c.End; i++)
                {
                    if (IsPrime(i))
                    {
                        sum += i;
                        count++;
                    }
                }
                Sender.Tell(new PartialSum(sum, count));
            });
        }
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(int limit, int workers, TaskCompletionSource<(long, int)> done)
        {
            var router = Context.ActorOf(Props.Create<PrimeWorker>().WithRouter(new RoundRobinPool(workers)), "workers");
            const int chunkSize = 500;
            var pending = 0;
            for (var begin = 1; begin <= limit; begin += chunkSize)
            {
                router.Tell(new Chunk(begin, Math.Min(begin + chunkSize, limit + 1)));
                pending++;
            }
            long sum = 0;
            var count = 0;
            Receive<PartialSum>(p =>
            {
                sum += p.Sum;
                count += p.Count;
                if (--pending == 0)
                    done.TrySetResult((sum, count));
            });
        }
    }

    /// <summary>Sum of the primes in 1..limit (the seed's range(1, 100001)) with <paramref name="workers"/> worker actors.</summary>
    public static async Task<PrimesResult> RunAsync(ActorSystem system, int limit, int workers)
    {
        var done = new TaskCompletionSource<(long, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = Stopwatch.StartNew();
        var collector = system.ActorOf(Props.Create(() => new Collector(limit, workers, done)));
        var (sum, count) = await done.Task;
        stopwatch.Stop();
        system.Stop(collector);
        return new PrimesResult(workers, sum, count, stopwatch.Elapsed);
    }
}
