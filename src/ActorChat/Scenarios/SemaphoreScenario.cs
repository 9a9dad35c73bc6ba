using Akka.Actor;

namespace ActorChat.Scenarios;

/// <summary>sem.py: ten tasks, at most three at once, each "saves the universe" after a pause.</summary>
public static class SemaphoreScenario
{
    private sealed record Finished(string Line);

    /// <summary>One task: waits for a permit, works (a scheduled message, no sleeping thread), releases it.</summary>
    private sealed class TaskActor : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public TaskActor(string name, IActorRef limiter, TimeSpan work, IActorRef log)
        {
            limiter.Tell(new Limiter.Acquire(name));
            Receive<Limiter.Granted>(_ =>
            {
                log.Tell($"{name} 执行任务 (running)");
                Timers.StartSingleTimer("work", "done", work);
            });
            Receive<string>(_ =>
            {
                limiter.Tell(new Limiter.Release(name));
                log.Tell(new Finished($"{name} 拯救了宇宙 (saved the universe)"));
                Context.Stop(Self);
            });
        }
    }

    private sealed class Log : ReceiveActor
    {
        public Log(int tasks, TaskCompletionSource<List<string>> done)
        {
            var lines = new List<string>();
            var finished = 0;
            Receive<string>(lines.Add);
            Receive<Finished>(f =>
            {
                lines.Add(f.Line);
                if (++finished == tasks)
                    done.TrySetResult(lines);
            });
        }
    }

    public static async Task<TaskLog> RunAsync(ActorSystem system, int tasks, int permits, TimeSpan work)
    {
        var done = new TaskCompletionSource<List<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = system.ActorOf(Props.Create(() => new Log(tasks, done)));
        var limiter = system.ActorOf(Limiter.Props(permits));
        for (var i = 0; i < tasks; i++)
        {
            var name = $"task {i}";
            system.ActorOf(Props.Create(() => new TaskActor(name, limiter, work, log)));
        }
        var lines = await done.Task;
        var peak = await limiter.Ask<int>(new Limiter.GetPeak(), TimeSpan.FromSeconds(10));
        system.Stop(limiter);
        system.Stop(log);
        return new TaskLog(lines, peak);
    }
}
