using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using ActorChat.Web;
using Akka;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Echo;

/// <summary>
/// The echo edge: binds the TCP port and gives every accepted client its own <see cref="EchoConnection"/>,
/// which owns the client's socket. One actor shape replaces the seed's six servers (fork, thread, select,
/// poll, epoll, gevent).
/// </summary>
/// <remarks>
/// The echo edge owns its sockets instead of going through Akka.IO, which the chat and file edges use: Akka.IO
/// 1.5's connection actor costs four messages per round trip (read completion, <c>Received</c>, <c>Write</c>,
/// send completion) and twice the CPU of an actor that answers on its own socket (bench/README.md, "Echo,
/// session 6"). Akka.NET's development line has redesigned that connection the same way, with the actor driving
/// its reads, but not in a 1.5 release.
/// </remarks>
public sealed class EchoListener : ReceiveActor, IWithTimers
{
    private const string Service = "echo";

    // Accepts that complete at once are handled in a loop of at most this many before other messages get in.
    private const int AcceptsPerTurn = 64;

    private readonly EchoSettings _settings;
    private readonly IPEndPoint _endpoint;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SocketAsyncEventArgs _accept = new();
    private Socket? _socket;
    private long _open;
    private long _accepted;

    public EchoListener(EchoSettings settings, IPAddress bindAddress)
    {
        _settings = settings;
        _endpoint = new IPEndPoint(bindAddress, settings.Port);
    }

    public static Props Props(EchoSettings settings, IPAddress bindAddress) =>
        Akka.Actor.Props.Create(() => new EchoListener(settings, bindAddress));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            // Fixed kernel buffers, inherited by every accepted socket (no autotuning to megabytes): a client that
            // never reads pins at most these per connection.
            ReceiveBufferSize = _settings.SocketBufferBytes,
            SendBufferSize = _settings.SocketBufferBytes,
        };
        try
        {
            socket.Bind(_endpoint);
            socket.Listen(_settings.Backlog);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var reason = e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"port {_endpoint.Port} is already in use"
                : $"port {_endpoint.Port}: {e.Message}";
            Become(() => Failed(new ServiceBindFailed(Service, reason)));
            return;
        }

        _socket = socket;
        var self = Self;
        _accept.Completed += (_, _) => self.Tell(SocketAccepted.Instance);
        var binding = new ServiceBound(Service, "tcp", (IPEndPoint)socket.LocalEndPoint!);
        _log.Info("echo listening on {0}", binding.LocalAddress);
        Become(() => Listening(binding));
        Accept();
    }

    // A connection that fails takes only itself down: the client sees its socket close.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_ => Directive.Stop);

    private void Listening(ServiceBound binding)
    {
        Receive<SocketAccepted>(_ =>
        {
            if (Accepted())
                Accept();
        });
        Receive<ReadOn>(_ => Accept());
        Receive<Terminated>(_ =>
        {
            _open--;
            PublishCounters();
        });
        Receive<GetBinding>(_ => Sender.Tell(binding));
        Receive<StopListening>(_ =>
        {
            // Closing the socket ends the pending accept (its completion is then ignored).
            _socket!.Dispose();
            Sender.Tell(Done.Instance);
            Become(Unbound);
        });
    }

    private void Unbound()
    {
        Receive<SocketAccepted>(_ => _accept.AcceptSocket?.Dispose());
        Receive<ReadOn>(_ => { });
        Receive<Terminated>(_ => _open--);
        Receive<StopListening>(_ => Sender.Tell(Done.Instance));
        Receive<GetBinding>(_ => Sender.Tell(new ServiceBindFailed(Service, "shutting down")));
    }

    private void Failed(ServiceBindFailed failed)
    {
        Receive<GetBinding>(_ => Sender.Tell(failed));
        Receive<StopListening>(_ => Sender.Tell(Done.Instance));
    }

    private void Accept()
    {
        for (var i = 0; i < AcceptsPerTurn; i++)
        {
            _accept.AcceptSocket = null;
            if (_socket!.AcceptAsync(_accept))
                return; // pending: SocketAccepted arrives with the next client
            if (!Accepted())
                return;
        }
        Self.Tell(ReadOn.Instance);
    }

    /// <summary>Handles a completed accept; true when the next accept may start at once.</summary>
    private bool Accepted()
    {
        if (_accept.SocketError != SocketError.Success)
        {
            // Out of file descriptors, say: the kernel keeps the client waiting in the backlog. Try again shortly
            // rather than spin on the same error.
            _log.Warning("echo: accept failed ({0}); retrying in 100 ms", _accept.SocketError);
            Timers.StartSingleTimer(nameof(ReadOn), ReadOn.Instance, TimeSpan.FromMilliseconds(100));
            return false;
        }

        var client = _accept.AcceptSocket!;
        client.NoDelay = true;
        var connection = Context.ActorOf(EchoConnection.Props(client, _settings).WithDispatcher(_settings.Dispatcher));
        Context.Watch(connection);
        _open++;
        _accepted++;
        PublishCounters();
        return true;
    }

    // Totals for the status page; the status actor turns them into rates.
    private void PublishCounters()
    {
        Context.System.EventStream.Publish(new CounterReport("echo.connections", _open));
        Context.System.EventStream.Publish(new CounterReport("echo.accepted", _accepted));
    }

    protected override void PostStop()
    {
        _socket?.Dispose();
        _accept.Dispose();
    }
}
