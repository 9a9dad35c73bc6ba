using Akka.Actor;

namespace ActorChat.Scenarios;

/// <summary>
/// The seed's orphans and zombies (fork, wait, SIGCHLD) in actor terms. A parent learns of a child's
/// end through DeathWatch (Terminated) instead of wait(); a failing child is restarted, stopped or
/// escalated by its parent's supervisor strategy instead of lingering as a zombie; and a stopping parent
/// stops its children first, so there are no orphans.
/// </summary>
public static class SupervisionScenario
{
    public sealed record Fail(string Why);
    public sealed record Count;
    public sealed record Counted(int Value);
    public sealed record StopYourself;

    /// <summary>A child with a counter: a restart gives it a fresh one, which shows that state was reset.</summary>
    private sealed class Child : ReceiveActor
    {
        private readonly IActorRef _log;
        private int _count;

        public Child(IActorRef log)
        {
            _log = log;
            Receive<Count>(_ => Sender.Tell(new Counted(++_count)));
            Receive<Fail>(f => throw new InvalidOperationException(f.Why));
            Receive<StopYourself>(_ => Context.Stop(Self));
        }

        protected override void PostStop() => _log.Tell($"{Self.Path.Name}: stopped");

        protected override void PostRestart(Exception reason) => _log.Tell($"{Self.Path.Name}: restarted after '{reason.Message}', counter back to 0");
    }

    /// <summary>Starts one child, watches it, and handles its failures with <paramref name="directive"/>.</summary>
    private sealed class Parent : ReceiveActor
    {
        private readonly Directive _directive;
        private readonly IActorRef _log;

        public Parent(Directive directive, IActorRef log)
        {
            _directive = directive;
            _log = log;
            var child = Context.Watch(Context.ActorOf(Props.Create(() => new Child(log)), "child"));
            Receive<Terminated>(t => log.Tell($"{Self.Path.Name}: Terminated({t.ActorRef.Path.Name}) received — the wait() that leaves no zombie"));
            ReceiveAny(m => child.Forward(m));
        }

        // Not logged by Akka: the scenario prints its own line for each decision.
        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(-1, -1, e =>
        {
            _log.Tell($"{Self.Path.Name}: child failed with '{e.Message}' → {_directive}");
            return _directive;
        }, loggingEnabled: false);

        protected override void PostStop() => _log.Tell($"{Self.Path.Name}: stopped");

        protected override void PreRestart(Exception reason, object message)
        {
            _log.Tell($"{Self.Path.Name}: restarting after an escalated failure; its children are stopped first");
            base.PreRestart(reason, message);
        }
    }

    /// <summary>Above the escalating parent: restarts it (and with it, its children).</summary>
    private sealed class GrandParent : ReceiveActor
    {
        public GrandParent(IActorRef log)
        {
            var parent = Context.ActorOf(Props.Create(() => new Parent(Directive.Escalate, log)), "escalating-parent");
            ReceiveAny(m => parent.Forward(m));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(-1, -1, _ => Directive.Restart, loggingEnabled: false);
    }

    private sealed record GetLines;

    /// <summary>Owns the lines; hands out copies, so nothing outside it touches the list.</summary>
    private sealed class Log : ReceiveActor
    {
        public Log()
        {
            var lines = new List<string>();
            Receive<string>(lines.Add);
            Receive<GetLines>(_ => Sender.Tell(lines.ToArray()));
        }
    }

    public static async Task<IReadOnlyList<string>> RunAsync(ActorSystem system)
    {
        var log = system.ActorOf(Props.Create(() => new Log()), "supervision-log");
        var timeout = TimeSpan.FromSeconds(10);

        async Task Note(string line)
        {
            // Wait until everything logged so far is in, so the heading lands after it.
            await log.Ask<string[]>(new GetLines(), timeout);
            log.Tell(line);
        }

        await Note("1. restart: the child fails, its parent restarts it");
        var restarting = system.ActorOf(Props.Create(() => new Parent(Directive.Restart, log)), "restarting-parent");
        await restarting.Ask<Counted>(new Count(), timeout);
        await restarting.Ask<Counted>(new Count(), timeout);
        restarting.Tell(new Fail("bad input"));
        var after = await restarting.Ask<Counted>(new Count(), timeout);
        await Note($"   count after restart: {after.Value} (was 2 before)");

        await Note("2. stop: the child fails, its parent stops it and is told through DeathWatch");
        var stopping = system.ActorOf(Props.Create(() => new Parent(Directive.Stop, log)), "stopping-parent");
        stopping.Tell(new Fail("disk gone"));
        await Until(lines => lines.Any(l => l.StartsWith("stopping-parent: Terminated")));

        await Note("3. escalate: the parent cannot decide, its own parent restarts it, children included");
        var grand = system.ActorOf(Props.Create(() => new GrandParent(log)), "grandparent");
        await grand.Ask<Counted>(new Count(), timeout);
        grand.Tell(new Fail("unknown state"));
        await Until(lines => lines.Any(l => l.Contains("restarting after an escalated failure")));

        await Note("4. a parent stops: its children stop first, so no orphan outlives it");
        var parent = system.ActorOf(Props.Create(() => new Parent(Directive.Restart, log)), "stopping-family");
        await parent.Ask<Counted>(new Count(), timeout);
        await parent.GracefulStop(timeout);
        await Until(lines => lines.Any(l => l == "stopping-family: stopped"));

        system.Stop(restarting);
        system.Stop(grand);
        var result = await log.Ask<string[]>(new GetLines(), timeout);
        system.Stop(log);
        return result;

        async Task Until(Func<string[], bool> condition)
        {
            for (var i = 0; i < 500 && !condition(await log.Ask<string[]>(new GetLines(), timeout)); i++)
                await Task.Delay(10);
        }
    }

    /// <summary>The scenario's own check: each strategy did what it says.</summary>
    public static bool Check(IReadOnlyList<string> lines) =>
        lines.Any(l => l == "   count after restart: 1 (was 2 before)")
        && lines.Any(l => l.StartsWith("stopping-parent: Terminated(child)", StringComparison.Ordinal))
        && lines.Any(l => l.Contains("restarting after an escalated failure", StringComparison.Ordinal))
        && Index(lines, "child: stopped", after: "4.") < Index(lines, "stopping-family: stopped", after: "4.");

    private static int Index(IReadOnlyList<string> lines, string line, string after)
    {
        var start = lines.ToList().FindIndex(l => l.StartsWith(after, StringComparison.Ordinal));
        var i = lines.ToList().FindIndex(start + 1, l => l == line);
        return i < 0 ? int.MaxValue : i;
    }
}
