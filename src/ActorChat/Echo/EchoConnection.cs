using Akka.Actor;
using Akka.IO;

namespace ActorChat.Echo;

/// <summary>
/// One client of the echo server: every chunk received is answered with the reply (`OK`).
/// Replies are written without an ack except every <see cref="AckEvery"/>th, so a well-behaved client costs
/// no extra messages. If the kernel stops taking replies (a client that never reads), unconfirmed replies
/// pile up to <c>2 × AckEvery</c> and the actor suspends reading: the client's own buffers fill and its sends
/// stop, and the node holds a few dozen bytes for it, never an unbounded queue. Silence longer than the
/// idle timeout closes the connection.
/// </summary>
public sealed class EchoConnection : ReceiveActor, IWithTimers
{
    internal const int AckEvery = 32;

    // Silence is checked by a periodic tick rather than Akka's receive timeout, which cancels and schedules a
    // timer on every message (~3% of the node's CPU per round trip under load). A connection is closed after
    // IdleTicks silent ticks of IdleTimeout/(IdleTicks-1) each, i.e. after 1 to 1.25 idle timeouts of silence.
    private const int IdleTicks = 5;
    private int _silentTicks;

    private readonly IActorRef _connection;
    private readonly ByteString _replyBytes;
    private readonly Tcp.Write _reply;
    private readonly TimeSpan _idleTick;
    private long _written;
    private long _confirmed;
    private bool _suspended;

    public EchoConnection(IActorRef connection, EchoSettings settings)
    {
        _connection = connection;
        _replyBytes = ByteString.FromBytes(settings.Reply);
        _reply = Tcp.Write.Create(_replyBytes);
        _idleTick = settings.IdleTimeout / (IdleTicks - 1);

        Receive<Tcp.Received>(_ =>
        {
            _silentTicks = 0;
            _written++;
            _connection.Tell(_written % AckEvery == 0
                ? Tcp.Write.Create(_replyBytes, new ReplyWritten(_written))
                : _reply);
            if (!_suspended && _written - _confirmed >= 2 * AckEvery)
            {
                // The kernel has not confirmed a whole batch: the client is not reading. Stop reading it too.
                _suspended = true;
                _connection.Tell(Tcp.SuspendReading.Instance);
            }
        });
        Receive<ReplyWritten>(ack =>
        {
            _confirmed = ack.Count;
            if (_suspended && _written - _confirmed < AckEvery)
            {
                _suspended = false;
                _connection.Tell(Tcp.ResumeReading.Instance);
            }
        });
        Receive<IdleTick>(_ =>
        {
            if (++_silentTicks < IdleTicks)
                return;
            // Abort, not Close: Close would wait for replies a non-reading client will never take.
            _connection.Tell(Tcp.Abort.Instance);
            Context.Stop(Self);
        });
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Terminated>(_ => Context.Stop(Self));
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
    }

    public static Props Props(IActorRef connection, EchoSettings settings) =>
        Akka.Actor.Props.Create(() => new EchoConnection(connection, settings));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Context.Watch(_connection);
        Timers.StartPeriodicTimer(nameof(IdleTick), IdleTick.Instance, _idleTick);
    }

    protected override void PostStop() => _connection.Tell(Tcp.Close.Instance);
}
