using System.Net;
using ActorChat.Hosting;
using ActorChat.Web;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Echo;

/// <summary>
/// The echo edge: binds the TCP port and gives every accepted client its own <see cref="EchoConnection"/>.
/// One actor shape replaces the seed's six servers (fork, thread, select, poll, epoll, gevent).
/// </summary>
public sealed class EchoListener : ReceiveActor, IWithUnboundedStash
{
    private const string Service = "echo";
    private readonly EchoSettings _settings;
    private readonly IPEndPoint _endpoint;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public EchoListener(EchoSettings settings, IPAddress bindAddress)
    {
        _settings = settings;
        _endpoint = new IPEndPoint(bindAddress, settings.Port);
        Binding();
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(EchoSettings settings, IPAddress bindAddress) =>
        Akka.Actor.Props.Create(() => new EchoListener(settings, bindAddress));

    protected override void PreStart()
    {
        // Small per-connection buffers: the seed reads 1024 bytes at a time, and 10,000 idle clients must stay cheap.
        var tcp = TcpSettings.Create(Context.System) with
        {
            // Akka.IO wants its buffers at least twice the largest chunk it reads.
            MaxFrameSizeBytes = _settings.ChunkBytes,
            ReceiveBufferSize = 2 * _settings.ChunkBytes,
            SendBufferSize = 2 * _settings.ChunkBytes,
        };
        // Fixed kernel buffers (no autotuning to megabytes): a client that never reads pins at most these per connection.
        var options = new Inet.SocketOption[]
        {
            new Inet.SO.ReceiveBufferSize(_settings.SocketBufferBytes),
            new Inet.SO.SendBufferSize(_settings.SocketBufferBytes),
        };
        Context.System.Tcp().Tell(new Tcp.Bind(Self, _endpoint, _settings.Backlog, options) { TcpSettings = tcp });
    }

    // A connection that fails takes only itself down: the client sees its socket close.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_ => Directive.Stop);

    private void Binding()
    {
        Receive<Tcp.Bound>(bound =>
        {
            // Keep the listener so we can Unbind at shutdown.
            var listener = Sender;
            var binding = new ServiceBound(Service, "tcp", (IPEndPoint)bound.LocalAddress);
            _log.Info("echo listening on {0}", bound.LocalAddress);
            Become(() => Listening(listener, binding));
            Stash.UnstashAll();
        });
        Receive<Tcp.CommandFailed>(_ =>
        {
            var failed = new ServiceBindFailed(Service, $"port {_endpoint.Port} is already in use");
            Become(() => Failed(failed));
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private long _open;
    private long _accepted;

    // Totals for the status page; the status actor turns them into rates.
    private void PublishCounters()
    {
        Context.System.EventStream.Publish(new CounterReport("echo.connections", _open));
        Context.System.EventStream.Publish(new CounterReport("echo.accepted", _accepted));
    }

    private void Listening(IActorRef listener, ServiceBound binding)
    {
        Receive<Tcp.Connected>(connected =>
        {
            var connection = Context.ActorOf(EchoConnection.Props(Sender, _settings).WithDispatcher(_settings.Dispatcher));
            Sender.Tell(new Tcp.Register(connection, keepOpenOnPeerClosed: false, useResumeWriting: false));
            Context.Watch(connection);
            _open++;
            _accepted++;
            PublishCounters();
        });
        Receive<Terminated>(_ =>
        {
            _open--;
            PublishCounters();
        });
        Receive<GetBinding>(_ => Sender.Tell(binding));
        Receive<StopListening>(_ =>
        {
            listener.Tell(Tcp.Unbind.Instance);
            var requester = Sender;
            Become(() => Unbinding(requester));
        });
    }

    private void Unbinding(IActorRef requester)
    {
        Receive<Tcp.Unbound>(_ =>
        {
            requester.Tell(Done.Instance);
            Become(Unbound);
        });
        Receive<Tcp.Connected>(_ => Sender.Tell(Tcp.Abort.Instance));
        Receive<GetBinding>(_ => Sender.Tell(new ServiceBindFailed(Service, "shutting down")));
    }

    private void Unbound()
    {
        Receive<StopListening>(_ => Sender.Tell(Done.Instance));
        Receive<GetBinding>(_ => Sender.Tell(new ServiceBindFailed(Service, "shutting down")));
    }

    private void Failed(ServiceBindFailed failed)
    {
        Receive<GetBinding>(_ => Sender.Tell(failed));
        Receive<StopListening>(_ => Sender.Tell(Done.Instance));
    }
}
