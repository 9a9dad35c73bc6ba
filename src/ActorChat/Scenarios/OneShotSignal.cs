using Akka.Actor;

namespace ActorChat.Scenarios;

/// <summary>
/// thread_event.py's Event as an actor: set once with a value; anyone who asks for it gets it as
/// soon as it is set. Waiting is an Ask with a timeout, so a late value is a timeout, never a blocked thread.
/// </summary>
public sealed class OneShotSignal : ReceiveActor
{
    public sealed record Set(string Value);
    public sealed record Wait;

    public OneShotSignal()
    {
        var waiting = new List<IActorRef>();
        Receive<Wait>(_ => waiting.Add(Sender));
        Receive<Set>(set =>
        {
            foreach (var w in waiting)
                w.Tell(set.Value);
            Become(() =>
            {
                Receive<Wait>(_ => Sender.Tell(set.Value));
                Receive<Set>(_ => { });
            });
        });
    }
}

public sealed record EventResult(IReadOnlyList<string> Lines, bool RecognisedInTime);

/// <summary>天王盖地虎: 杨子荣 must give the password within 0.5 s or "打死他!!".</summary>
public static class EventScenario
{
    public static async Task<EventResult> RunAsync(ActorSystem system, TimeSpan answerAfter, TimeSpan wait)
    {
        var lines = new List<string> { "杨子荣前来拜上头 (Yang Zirong arrives)" };
        var signal = system.ActorOf(Props.Create<OneShotSignal>());
        var yang = system.ActorOf(Props.Create(() => new Answerer(signal, answerAfter)));
        string? password;
        try
        {
            password = await signal.Ask<string>(new OneShotSignal.Wait(), wait);
        }
        catch (AskTimeoutException)
        {
            password = null;
        }
        var ok = password == "天王盖地虎";
        if (ok)
        {
            lines.Add("宝塔镇河妖");
            lines.Add("你是自己人. (you are one of us)");
        }
        else
        {
            lines.Add("打死他!! (too late: get him!)");
        }
        system.Stop(yang);
        system.Stop(signal);
        return new EventResult(lines, ok);
    }

    /// <summary>Gives the password after a delay (the seed gives it at once; the delay shows the timeout).</summary>
    private sealed class Answerer : ReceiveActor, IWithTimers
    {
        private readonly TimeSpan _after;

        public Answerer(IActorRef signal, TimeSpan after)
        {
            _after = after;
            Receive<string>(_ => signal.Tell(new OneShotSignal.Set("天王盖地虎")));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartSingleTimer("answer", "answer", _after);
    }
}
