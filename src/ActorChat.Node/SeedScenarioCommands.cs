using System.CommandLine;
using ActorChat.Scenarios;
using Akka.Actor;

namespace ActorChat.Node;

/// <summary>The course's small programs (issue 6) as `scenario` subcommands; defaults are the seed's values.</summary>
public static class SeedScenarioCommands
{
    public static readonly (string Name, string Summary)[] Summaries =
    [
        ("primes", "Prime(Process): sum of primes to 100,000 by a router pool of workers; timing table and speed-up"),
        ("pool", "pool.py: Pool(4) drains 10 jobs with four worker actors; never more than 4 at once"),
        ("semaphore", "sem.py: Semaphore(3) as a limiter actor; 10 tasks, peak concurrency printed"),
        ("queue", "queue_0.py: Queue(5) as a stream queue with back-pressure; the producer waits when 5 are waiting"),
        ("pipe", "pipe.py: app1 asks app2 for its login, an Ask with a timeout instead of a blocking pipe"),
        ("event", "thread_event.py: 天王盖地虎 within 0.5 s through a one-shot signal actor, or 打死他"),
        ("split-copy", "copy a file's two halves with two actors in parallel; the copy matches by SHA-256"),
        ("supervision", "orphans and zombies: DeathWatch instead of wait(), restart/stop/escalate, children stop first"),
    ];

    public static IEnumerable<Command> Build() =>
        [Primes(), Pool(), Semaphore(), Queue(), Pipe(), Event(), SplitCopyCommand(), Supervision()];

    private static string Summary(string name) => Summaries.First(s => s.Name == name).Summary;

    private static ActorSystem NewSystem(string name) =>
        ActorSystem.Create(name, "akka.loglevel = WARNING\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off");

    private static async Task<int> With(string name, Func<ActorSystem, Task<bool>> run)
    {
        var system = NewSystem(name);
        try
        {
            var ok = await run(system);
            Console.WriteLine(ok ? "ok" : "FAILED");
            return ok ? 0 : 1;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static Command Primes()
    {
        var limit = new Option<int>("--limit") { Description = "sum the primes in 1..N", DefaultValueFactory = _ => 100_000 };
        var workers = new Option<string>("--workers") { Description = "worker counts to time, comma-separated", DefaultValueFactory = _ => "1,4,10" };
        var command = new Command("primes", Summary("primes")) { limit, workers };
        command.SetAction(async parse =>
        {
            var n = parse.GetValue(limit);
            int[] counts;
            try
            {
                counts = parse.GetValue(workers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(int.Parse).ToArray();
            }
            catch (FormatException)
            {
                Console.Error.WriteLine("actorchat: scenario primes: --workers expects numbers such as 1,4,10");
                return 2;
            }
            if (n < 1 || counts.Length == 0 || counts.Any(c => c < 1))
            {
                Console.Error.WriteLine("actorchat: scenario primes: need --limit ≥ 1 and worker counts ≥ 1");
                return 2;
            }
            Console.WriteLine($"Sum of the primes in 1..{n:N0} with the seed's isPrime (trial division). A round-robin pool of");
            Console.WriteLine("worker actors takes chunks of 500 numbers; a collector adds the partial sums (the seed's child");
            Console.WriteLine($"processes append to a list the parent never sees). {Environment.ProcessorCount} cores here.");
            return await With("primes", async system =>
            {
                var results = new List<PrimesResult>();
                foreach (var c in counts)
                    results.Add(await Scenarios.Primes.RunAsync(system, n, c));
                var one = results.FirstOrDefault(r => r.Workers == 1);
                Console.WriteLine($"{"workers",8} {"sum",14} {"primes",8} {"seconds",9} {"speed-up",9}");
                foreach (var r in results)
                    Console.WriteLine($"{r.Workers,8} {r.Sum,14:N0} {r.Count,8:N0} {r.Elapsed.TotalSeconds,9:F3} " +
                                      $"{(one is null ? "" : $"{one.Elapsed / r.Elapsed:F2}×"),9}");
                var same = results.All(r => r.Sum == results[0].Sum);
                return same && (n != 100_000 || results[0].Sum == Scenarios.Primes.SumBelow100000);
            });
        });
        return command;
    }

    private static Command Pool()
    {
        var jobs = new Option<int>("--jobs") { DefaultValueFactory = _ => 10, Description = "jobs to run" };
        var size = new Option<int>("--size") { DefaultValueFactory = _ => 4, Description = "workers in the pool" };
        var ms = new Option<int>("--job-ms") { DefaultValueFactory = _ => 2000, Description = "how long each job takes" };
        var command = new Command("pool", Summary("pool")) { jobs, size, ms };
        command.SetAction(parse => With("pool", async system =>
        {
            Console.WriteLine("A router pool of worker actors; each takes one job at a time and stashes the next until done.");
            var r = await PoolScenario.RunAsync(system, parse.GetValue(jobs), parse.GetValue(size), TimeSpan.FromMilliseconds(parse.GetValue(ms)));
            r.Lines.ToList().ForEach(Console.WriteLine);
            Console.WriteLine($"peak jobs at once: {r.Peak} (limit {parse.GetValue(size)})");
            return r.Peak <= parse.GetValue(size) && r.Lines.Count == parse.GetValue(jobs);
        }));
        return command;
    }

    private static Command Semaphore()
    {
        var tasks = new Option<int>("--tasks") { DefaultValueFactory = _ => 10, Description = "tasks to run" };
        var permits = new Option<int>("--permits") { DefaultValueFactory = _ => 3, Description = "tasks allowed at once" };
        var ms = new Option<int>("--task-ms") { DefaultValueFactory = _ => 2000, Description = "how long each task works" };
        var command = new Command("semaphore", Summary("semaphore")) { tasks, permits, ms };
        command.SetAction(parse => With("semaphore", async system =>
        {
            Console.WriteLine("A limiter actor hands out permits and queues the tasks that must wait; nobody blocks a thread.");
            var r = await SemaphoreScenario.RunAsync(system, parse.GetValue(tasks), parse.GetValue(permits), TimeSpan.FromMilliseconds(parse.GetValue(ms)));
            r.Lines.ToList().ForEach(Console.WriteLine);
            Console.WriteLine($"peak tasks at once: {r.Peak} (limit {parse.GetValue(permits)})");
            return r.Peak <= parse.GetValue(permits);
        }));
        return command;
    }

    private static Command Queue()
    {
        var items = new Option<int>("--items") { DefaultValueFactory = _ => 10, Description = "pairs the producer puts" };
        var capacity = new Option<int>("--capacity") { DefaultValueFactory = _ => 5, Description = "queue size" };
        var ms = new Option<int>("--handle-ms") { DefaultValueFactory = _ => 2000, Description = "time the consumer takes per pair" };
        var command = new Command("queue", Summary("queue")) { items, capacity, ms };
        command.SetAction(parse => With("queue", async system =>
        {
            Console.WriteLine("Source.Queue(capacity, Backpressure) → consumer: an offer completes only when there is room.");
            var r = await QueueScenario.RunAsync(system, parse.GetValue(items), parse.GetValue(capacity), TimeSpan.FromMilliseconds(parse.GetValue(ms)));
            r.Sums.ToList().ForEach(s => Console.WriteLine($"x + y =  {s}"));
            Console.WriteLine($"most pairs waiting in the queue: {r.MaxWaiting} (capacity {parse.GetValue(capacity)}); the producer waited {r.ProducerWaits} times");
            return r.MaxWaiting <= parse.GetValue(capacity) && r.Sums.Count == parse.GetValue(items);
        }));
        return command;
    }

    private static Command Pipe()
    {
        var think = new Option<int>("--app2-ms") { DefaultValueFactory = _ => 0, Description = "how long app2 takes to answer" };
        var timeout = new Option<int>("--timeout-ms") { DefaultValueFactory = _ => 1000, Description = "how long app1 waits" };
        var command = new Command("pipe", Summary("pipe")) { think, timeout };
        command.SetAction(parse => With("pipe", async system =>
        {
            var r = await PipeScenario.RunAsync(system, TimeSpan.FromMilliseconds(parse.GetValue(think)), TimeSpan.FromMilliseconds(parse.GetValue(timeout)));
            r.Lines.ToList().ForEach(Console.WriteLine);
            // The check: app1 logs in exactly when app2 answers in time.
            return (r.Credentials is not null) == (parse.GetValue(think) < parse.GetValue(timeout));
        }));
        return command;
    }

    private static Command Event()
    {
        var answer = new Option<int>("--answer-ms") { DefaultValueFactory = _ => 0, Description = "when 杨子荣 gives the password" };
        var wait = new Option<int>("--wait-ms") { DefaultValueFactory = _ => 500, Description = "how long the guard waits (the seed: 0.5 s)" };
        var command = new Command("event", Summary("event")) { answer, wait };
        command.SetAction(parse => With("event", async system =>
        {
            var r = await EventScenario.RunAsync(system, TimeSpan.FromMilliseconds(parse.GetValue(answer)), TimeSpan.FromMilliseconds(parse.GetValue(wait)));
            r.Lines.ToList().ForEach(Console.WriteLine);
            return r.RecognisedInTime == (parse.GetValue(answer) < parse.GetValue(wait));
        }));
        return command;
    }

    private static Command SplitCopyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "file to copy" };
        var to = new Option<string?>("--to") { Description = "destination (default FILE.copy)" };
        var command = new Command("split-copy", Summary("split-copy")) { file, to };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(file)!;
            if (!File.Exists(source))
            {
                Console.Error.WriteLine($"actorchat: scenario split-copy: {source}: no such file");
                return Task.FromResult(2);
            }
            return With("split-copy", async system =>
            {
                var r = await SplitCopy.RunAsync(system, source, parse.GetValue(to) ?? source + ".copy");
                Console.WriteLine($"two actors copied {r.Bytes:N0} bytes into {r.Copy}");
                Console.WriteLine($"source sha256 {r.SourceSha256}");
                Console.WriteLine($"copy   sha256 {r.CopySha256}");
                return r.Matches;
            });
        });
        return command;
    }

    private static Command Supervision()
    {
        var command = new Command("supervision", Summary("supervision"));
        command.SetAction(_ => With("supervision", async system =>
        {
            var lines = await SupervisionScenario.RunAsync(system);
            lines.ToList().ForEach(Console.WriteLine);
            return SupervisionScenario.Check(lines);
        }));
        return command;
    }
}
