using System.Net.Sockets;
using ActorChat.Sockets;
using Akka.Actor;

namespace ActorChat.Echo;

/// <summary>
/// One client of the echo server. The actor owns its socket: every chunk read is answered with the reply,
/// and only then is the next read started. A round trip therefore costs one message, the read's completion
/// (Akka.IO 1.5's connection actor costs four: bench/README.md, "Echo, session 6").
/// A client that sends but never reads fills its kernel buffers; the reply's send then stays pending and no
/// read starts until the kernel takes it, so the node holds one reply for that client, never a queue.
/// Silence longer than the idle timeout resets the connection.
/// </summary>
public sealed class EchoConnection : UntypedActor, IWithTimers
{
    // Silence is checked by a periodic tick rather than Akka's receive timeout, which cancels and schedules a
    // timer on every message. A connection is closed after IdleTicks silent ticks of IdleTimeout/(IdleTicks-1)
    // each, i.e. after 1 to 1.25 idle timeouts of silence.
    private const int IdleTicks = 5;

    // Reads that complete at once (a client that pipelines) are answered in a loop; after this many the actor
    // lets its other messages (the idle tick) in before going on.
    private const int ReadsPerTurn = 16;

    private readonly Socket _socket;
    private readonly byte[] _reply;
    private readonly SocketAsyncEventArgs _read = new();
    private readonly SocketAsyncEventArgs _write = new();
    private readonly TimeSpan _idleTick;
    private int _silentTicks;
    private int _unsent;

    public EchoConnection(Socket socket, EchoSettings settings)
    {
        _socket = socket;
        _reply = settings.Reply;
        _read.SetBuffer(new byte[settings.ChunkBytes], 0, settings.ChunkBytes);
        _write.SetBuffer(_reply, 0, _reply.Length);
        _idleTick = settings.IdleTimeout / (IdleTicks - 1);
    }

    public static Props Props(Socket socket, EchoSettings settings) =>
        Akka.Actor.Props.Create(() => new EchoConnection(socket, settings));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        // The socket engine completes operations on its own threads; all they do is tell the actor.
        var self = Self;
        _read.Completed += (_, _) => self.Tell(SocketRead.Instance);
        _write.Completed += (_, _) => self.Tell(SocketWritten.Instance);
        Timers.StartPeriodicTimer(nameof(IdleTick), IdleTick.Instance, _idleTick);
        Read();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SocketRead:
                if (Answer())
                    Read();
                break;
            case SocketWritten:
                if (Written() && SendReply())
                    Read();
                break;
            case ReadOn:
                Read();
                break;
            case IdleTick when ++_silentTicks >= IdleTicks:
                // Reset, not close: a graceful close would leave a non-reading client's unsent bytes in the kernel.
                _socket.LingerState = new LingerOption(true, 0);
                Context.Stop(Self);
                break;
            case IdleTick:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Read()
    {
        for (var i = 0; i < ReadsPerTurn; i++)
        {
            if (_socket.ReceiveAsync(_read))
                return; // pending: SocketRead arrives when the client sends
            if (!Answer())
                return;
        }
        Self.Tell(ReadOn.Instance);
    }

    /// <summary>Handles a completed read; true when the reply is in the kernel and the next read may start.</summary>
    private bool Answer()
    {
        if (_read.SocketError != SocketError.Success || _read.BytesTransferred == 0)
        {
            // The client closed or reset its side.
            Context.Stop(Self);
            return false;
        }
        _silentTicks = 0;
        _unsent = _reply.Length;
        return SendReply();
    }

    /// <summary>Sends what is left of the reply; true when all of it is in the kernel.</summary>
    private bool SendReply()
    {
        while (_unsent > 0)
        {
            _write.SetBuffer(_reply.Length - _unsent, _unsent);
            if (_socket.SendAsync(_write))
                return false; // the kernel's buffer is full: SocketWritten arrives when it takes the rest
            if (!Written())
                return false;
        }
        return true;
    }

    private bool Written()
    {
        if (_write.SocketError != SocketError.Success)
        {
            Context.Stop(Self);
            return false;
        }
        _unsent -= _write.BytesTransferred;
        return true;
    }

    protected override void PostStop()
    {
        // Closing the socket ends a pending read or send; their completions then reach no one (dead letters,
        // suppressed), and the event args free themselves once those complete.
        _socket.Dispose();
        _read.Dispose();
        _write.Dispose();
    }
}
