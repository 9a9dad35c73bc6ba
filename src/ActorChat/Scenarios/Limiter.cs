using Akka.Actor;

namespace ActorChat.Scenarios;

public sealed record TaskLog(IReadOnlyList<string> Lines, int Peak);

/// <summary>
/// sem.py's Semaphore(3) as an actor: tasks ask for a permit, at most <c>permits</c> are out at once,
/// the rest wait in the limiter's queue (not blocked on a kernel object), and it records the peak.
/// </summary>
public sealed class Limiter : ReceiveActor
{
    public sealed record Acquire(string Task);
    public sealed record Granted;
    public sealed record Release(string Task);
    public sealed record GetPeak;

    private readonly Queue<IActorRef> _waiting = new();
    private int _inUse;
    private int _peak;

    public Limiter(int permits)
    {
        Receive<Acquire>(_ =>
        {
            if (_inUse < permits)
                Grant(Sender);
            else
                _waiting.Enqueue(Sender);
        });
        Receive<Release>(_ =>
        {
            _inUse--;
            if (_waiting.Count > 0)
                Grant(_waiting.Dequeue());
        });
        Receive<GetPeak>(_ => Sender.Tell(_peak));
    }

    private void Grant(IActorRef task)
    {
        _inUse++;
        _peak = Math.Max(_peak, _inUse);
        task.Tell(new Granted());
    }

    public static Props Props(int permits) => Akka.Actor.Props.Create(() => new Limiter(permits));
}
