using Akka.Actor;
using Akka.IO;

namespace ActorChat.Echo;

/// <summary>
/// One client of the echo server: every chunk received is answered with the reply (`OK`).
/// At most one reply is in flight: while it waits for the kernel the actor reads nothing more, so a
/// client that never reads fills its own socket buffers and then stops, instead of making the node queue
/// replies without bound. Silence longer than the idle timeout closes the connection.
/// </summary>
public sealed class EchoConnection : ReceiveActor
{
    private readonly IActorRef _connection;
    private readonly Tcp.Write _reply;
    private bool _writing;
    private int _unanswered;

    public EchoConnection(IActorRef connection, EchoSettings settings)
    {
        _connection = connection;
        _reply = Tcp.Write.Create(ByteString.FromBytes(settings.Reply), ReplyWritten.Instance);
        Context.SetReceiveTimeout(settings.IdleTimeout);

        Receive<Tcp.Received>(_ =>
        {
            if (_writing)
            {
                // Only reachable if the peer sent again before our reply left: answer once this one is written.
                _unanswered++;
                return;
            }
            _writing = true;
            _connection.Tell(_reply);
            // Read the next chunk while the reply is being written; a second chunk waits for the ack.
            _connection.Tell(Tcp.ResumeReading.Instance);
        });
        Receive<ReplyWritten>(_ =>
        {
            _writing = false;
            if (_unanswered == 0)
                return;
            _unanswered--;
            _writing = true;
            _connection.Tell(_reply);
            if (_unanswered == 0)
                _connection.Tell(Tcp.ResumeReading.Instance);
        });
        Receive<ReceiveTimeout>(_ =>
        {
            // Abort, not Close: Close would wait for a reply a non-reading client will never take.
            _connection.Tell(Tcp.Abort.Instance);
            Context.Stop(Self);
        });
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Terminated>(_ => Context.Stop(Self));
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
    }

    public static Props Props(IActorRef connection, EchoSettings settings) =>
        Akka.Actor.Props.Create(() => new EchoConnection(connection, settings));

    protected override void PreStart()
    {
        Context.Watch(_connection);
        // Pull mode: nothing is read until we ask.
        _connection.Tell(Tcp.ResumeReading.Instance);
    }

    protected override void PostStop()
    {
        _connection.Tell(Tcp.Close.Instance);
    }
}
