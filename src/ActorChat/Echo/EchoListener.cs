using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using ActorChat.Sockets;
using ActorChat.Web;
using Akka;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Echo;

/// <summary>
/// The echo edge: listens on the TCP port (its <see cref="TcpAcceptor"/> child accepts) and gives every accepted
/// client its own <see cref="EchoConnection"/>, which owns the client's socket. One actor shape replaces the seed's six servers (fork, thread, select,
/// poll, epoll, gevent).
/// </summary>
/// <remarks>
/// The echo edge owns its sockets instead of going through Akka.IO, which the chat and file edges use: Akka.IO
/// 1.5's connection actor costs four messages per round trip (read completion, <c>Received</c>, <c>Write</c>,
/// send completion) and twice the CPU of an actor that answers on its own socket (bench/README.md, "Echo,
/// session 6"). Akka.NET's development line has redesigned that connection the same way, with the actor driving
/// its reads, but not in a 1.5 release.
/// </remarks>
public sealed class EchoListener : ReceiveActor
{
    private const string Service = "echo";

    private readonly EchoSettings _settings;
    private readonly IPEndPoint _endpoint;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _open;
    private long _accepted;

    public EchoListener(EchoSettings settings, IPAddress bindAddress)
    {
        _settings = settings;
        _endpoint = new IPEndPoint(bindAddress, settings.Port);
    }

    public static Props Props(EchoSettings settings, IPAddress bindAddress) =>
        Akka.Actor.Props.Create(() => new EchoListener(settings, bindAddress));

    protected override void PreStart()
    {
        Socket socket;
        try
        {
            // Fixed kernel buffers, inherited by every accepted socket (no autotuning to megabytes): a client that
            // never reads pins at most these per connection.
            socket = TcpAcceptor.Listen(_endpoint, _settings.Backlog, _settings.SocketBufferBytes);
        }
        catch (SocketException e)
        {
            var failed = new ServiceBindFailed(Service, TcpAcceptor.Reason(e, _endpoint));
            Become(() => Failed(failed));
            return;
        }
        var binding = new ServiceBound(Service, "tcp", (IPEndPoint)socket.LocalEndPoint!);
        var acceptor = Context.ActorOf(TcpAcceptor.Props(socket, Service), "acceptor");
        Context.Watch(acceptor);
        _log.Info("echo listening on {0}", binding.LocalAddress);
        Become(() => Listening(binding, acceptor));
    }

    // A connection that fails takes only itself down: the client sees its socket close.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_ => Directive.Stop);

    private void Listening(ServiceBound binding, IActorRef acceptor)
    {
        Receive<ClientConnected>(c =>
        {
            var connection = Context.ActorOf(EchoConnection.Props(c.Socket, _settings).WithDispatcher(_settings.Dispatcher));
            Context.Watch(connection);
            _open++;
            _accepted++;
            PublishCounters();
        });
        Receive<Terminated>(t => Equals(t.ActorRef, acceptor), _ =>
        {
            _log.Error("echo: the acceptor on {0} stopped; no new clients are taken", binding.LocalAddress);
            Become(Unbound);
        });
        Receive<Terminated>(_ =>
        {
            _open--;
            PublishCounters();
        });
        Receive<GetBinding>(_ => Sender.Tell(binding));
        Receive<StopListening>(_ =>
        {
            // The acceptor's socket closes when it stops: the port is free once Terminated arrives.
            Context.Stop(acceptor);
            var requester = Sender;
            Become(() =>
            {
                Receive<Terminated>(t => Equals(t.ActorRef, acceptor), _ =>
                {
                    requester.Tell(Done.Instance);
                    Become(Unbound);
                });
                Receive<Terminated>(_ => _open--);
                Receive<ClientConnected>(c => c.Socket.Dispose());
            });
        });
    }

    private void Unbound()
    {
        Receive<ClientConnected>(c => c.Socket.Dispose());
        Receive<Terminated>(_ => _open--);
        Receive<StopListening>(_ => Sender.Tell(Done.Instance));
        Receive<GetBinding>(_ => Sender.Tell(new ServiceBindFailed(Service, "shutting down")));
    }

    private void Failed(ServiceBindFailed failed)
    {
        Receive<GetBinding>(_ => Sender.Tell(failed));
        Receive<StopListening>(_ => Sender.Tell(Done.Instance));
    }

    // Totals for the status page; the status actor turns them into rates.
    private void PublishCounters()
    {
        Context.System.EventStream.Publish(new CounterReport("echo.connections", _open));
        Context.System.EventStream.Publish(new CounterReport("echo.accepted", _accepted));
    }
}
