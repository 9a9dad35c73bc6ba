using Akka.Actor;
using Akka.Routing;

namespace ActorChat.Scenarios;

/// <summary>
/// pool.py: Pool(4) runs ten jobs ("Tedu 0".."Tedu 9"), each taking 2 s. A router pool of four worker
/// actors; a worker takes one job at a time (it stashes the next while busy), so never more than four run.
/// </summary>
public static class PoolScenario
{
    private sealed record Job(string Message);
    private sealed record JobDone;
    private sealed record Started(string Message);
    private sealed record Ended(string Line);

    private sealed class Worker : ReceiveActor, IWithStash, IWithTimers
    {
        public Worker(TimeSpan work, IActorRef monitor)
        {
            Idle(work, monitor);
        }

        public IStash Stash { get; set; } = null!;
        public ITimerScheduler Timers { get; set; } = null!;

        private void Idle(TimeSpan work, IActorRef monitor)
        {
            Receive<Job>(job =>
            {
                monitor.Tell(new Started(job.Message));
                Timers.StartSingleTimer("job", new JobDone(), work);
                Become(() =>
                {
                    Receive<Job>(_ => Stash.Stash());
                    Receive<JobDone>(_ =>
                    {
                        monitor.Tell(new Ended($"{DateTime.Now:HH:mm:ss.fff} -- {job.Message}"));
                        Stash.UnstashAll();
                        Become(() => Idle(work, monitor));
                    });
                });
            });
        }
    }

    private sealed class Monitor : ReceiveActor
    {
        public Monitor(int jobs, TaskCompletionSource<TaskLog> done)
        {
            var lines = new List<string>();
            var running = 0;
            var peak = 0;
            Receive<Started>(_ => peak = Math.Max(peak, ++running));
            Receive<Ended>(e =>
            {
                running--;
                lines.Add(e.Line);
                if (lines.Count == jobs)
                    done.TrySetResult(new TaskLog(lines, peak));
            });
        }
    }

    public static async Task<TaskLog> RunAsync(ActorSystem system, int jobs, int workers, TimeSpan work)
    {
        var done = new TaskCompletionSource<TaskLog>(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitor = system.ActorOf(Props.Create(() => new Monitor(jobs, done)));
        var pool = system.ActorOf(Props.Create(() => new Worker(work, monitor)).WithRouter(new RoundRobinPool(workers)));
        for (var i = 0; i < jobs; i++)
            pool.Tell(new Job($"Tedu {i}"));
        var result = await done.Task;
        system.Stop(pool);
        system.Stop(monitor);
        return result;
    }
}
