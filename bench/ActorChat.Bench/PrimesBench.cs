using System.Diagnostics;
using ActorChat.Scenarios;
using Akka.Actor;

namespace ActorChat.Bench;

/// <summary>
/// `primes [limit] [runs]`: the primes scenario with 1 and 2 workers (median of runs), and the seed's
/// single-process Python program (bench/primes_seed.py) timed in the same run.
/// </summary>
public static class PrimesBench
{
    public static async Task<int> Run(int limit, int runs)
    {
        var system = ActorSystem.Create("primes-bench", "akka.loglevel = WARNING");
        try
        {
            await Scenarios.Primes.RunAsync(system, Math.Min(limit, 10_000), 2); // JIT warm-up
            var one = new List<double>();
            var two = new List<double>();
            long sum = 0;
            for (var i = 0; i < runs; i++)
            {
                var r1 = await Scenarios.Primes.RunAsync(system, limit, 1);
                var r2 = await Scenarios.Primes.RunAsync(system, limit, 2);
                one.Add(r1.Elapsed.TotalSeconds);
                two.Add(r2.Elapsed.TotalSeconds);
                sum = r1.Sum;
                Console.WriteLine($"run {i + 1}: 1 worker {r1.Elapsed.TotalSeconds:F3} s, 2 workers {r2.Elapsed.TotalSeconds:F3} s, speed-up {r1.Elapsed / r2.Elapsed:F2}×");
            }
            var m1 = Median(one);
            var m2 = Median(two);
            Console.WriteLine($"median: 1 worker {m1:F3} s, 2 workers {m2:F3} s, speed-up {m1 / m2:F2}× (sum {sum:N0})");

            var script = Path.Combine(AppContext.BaseDirectory, "primes_seed.py");
            var python = Process.Start(new ProcessStartInfo("python3", $"\"{script}\" {limit}") { RedirectStandardOutput = true })!;
            var output = (await python.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
            await python.WaitForExitAsync();
            var pySeconds = double.Parse(output[1], System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"seed's single-process Python: {pySeconds:F3} s (sum {long.Parse(output[0]):N0}); one actor worker is {pySeconds / m1:F1}× faster");
            return long.Parse(output[0]) == sum ? 0 : 1;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
}
