using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using ActorChat.Sockets;
using Akka;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Files;

/// <summary>
/// The file library's TCP edge: keeps a <see cref="TcpAcceptor"/> listening on the port, gives each accepted
/// connection to a <see cref="FileSession"/> child, limits connections per client address, and listens
/// again on the same port when the acceptor dies. The sessions are this edge's children, so transfers
/// go on while the acceptor is replaced.
/// </summary>
/// <remarks>
/// The sessions own their sockets instead of going through Akka.IO (as the echo edge does): a framed upload
/// reads the socket straight into the buffer it writes, and a download goes from the file to the socket by
/// <c>sendfile</c>, which Akka.IO 1.5 cannot do (no <c>Tcp.WriteFile</c> on .NET, a fresh array and a copy per
/// read). bench/README.md, "File library", "Session 7".
/// </remarks>
public sealed class FilesEdge : ReceiveActor, IWithTimers
{
    public const string Service = "files";
    private const int Backlog = 256;

    private sealed record Rebind;
    internal sealed record UnbindNow;
    /// <summary>The acceptor currently listening (tests stop it to see the edge listen again).</summary>
    internal sealed record GetListener;

    private readonly FilesSettings _settings;
    private readonly IActorRef _library;
    private readonly IPEndPoint _requested;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, IPAddress> _sessions = new();
    private readonly Dictionary<IPAddress, int> _perAddress = new();
    private IBindingResult? _binding;
    private IActorRef? _listener;
    private IPEndPoint? _bound;
    private bool _unbinding;

    public FilesEdge(FilesSettings settings, IActorRef library, IPAddress bindAddress)
    {
        _settings = settings;
        _library = library;
        _requested = new IPEndPoint(bindAddress, settings.Port);

        Receive<ClientConnected>(Connected);
        Receive<Terminated>(Terminated);
        Receive<Rebind>(_ => Listen());
        Receive<GetBinding>(_ => Sender.Tell(_binding!));
        Receive<GetListener>(_ => Sender.Tell(_listener ?? (object)new Status.Failure(new InvalidOperationException("not listening"))));
        Receive<UnbindNow>(_ =>
        {
            _unbinding = true;
            if (_listener is null)
            {
                Sender.Tell(Done.Instance);
                return;
            }
            // The acceptor's socket closes when it stops: the port is free once Terminated arrives.
            var listener = _listener;
            Context.Stop(listener);
            var requester = Sender;
            Become(() =>
            {
                Receive<Terminated>(t =>
                {
                    if (Equals(t.ActorRef, listener))
                        requester.Tell(Done.Instance);
                    Terminated(t);
                });
                Receive<ClientConnected>(c => c.Socket.Dispose());
            });
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FilesSettings settings, IActorRef library, IPAddress bindAddress) =>
        Akka.Actor.Props.Create(() => new FilesEdge(settings, library, bindAddress));

    // A session that fails takes only itself down: its client sees the socket close.
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        var self = Self;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "files-unbind",
            () => self.Ask<Done>(new UnbindNow(), TimeSpan.FromSeconds(5)).ContinueWith(_ => Done.Instance));
        Listen();
    }

    /// <summary>Listens on the requested port, or again on the port bound first when the acceptor died.</summary>
    private void Listen()
    {
        var endpoint = _bound ?? _requested;
        Socket socket;
        try
        {
            socket = TcpAcceptor.Listen(endpoint, Backlog);
        }
        catch (SocketException e)
        {
            if (_bound is null)
            {
                _binding = new ServiceBindFailed(Service, TcpAcceptor.Reason(e, endpoint));
                return;
            }
            // Listening again after the acceptor died: the port may still be held a moment.
            _log.Warning("files: could not listen on {0} again, retrying", endpoint);
            Timers.StartSingleTimer("rebind", new Rebind(), TimeSpan.FromSeconds(1));
            return;
        }
        if (_bound is null)
        {
            _bound = (IPEndPoint)socket.LocalEndPoint!;
            _binding = new ServiceBound(Service, "tcp", _bound);
        }
        else
        {
            _log.Warning("files: listening again on {0}", _bound);
        }
        _listener = Context.ActorOf(TcpAcceptor.Props(socket, Service));
        Context.Watch(_listener);
    }

    private void Connected(ClientConnected connected)
    {
        var socket = connected.Socket;
        EndPoint remote;
        try
        {
            remote = socket.RemoteEndPoint!;
        }
        catch (SocketException)
        {
            // Reset before we got to it.
            socket.Dispose();
            return;
        }
        var address = ((IPEndPoint)remote).Address;
        var count = _perAddress.GetValueOrDefault(address);
        if (count >= _settings.MaxConnectionsPerAddress)
        {
            _log.Warning("files: refusing {0}: {1} connections already", remote, count);
            Context.ActorOf(FileSession.Refusing(socket, $"too many connections from {address}\n", _settings));
            return;
        }
        var session = Context.ActorOf(FileSession.Props(socket, remote, _library, _settings));
        Context.Watch(session);
        _sessions[session] = address;
        _perAddress[address] = count + 1;
    }

    private void Terminated(Terminated t)
    {
        if (Equals(t.ActorRef, _listener))
        {
            _listener = null;
            if (!_unbinding)
            {
                _log.Warning("files: acceptor on {0} stopped, listening again", _bound);
                Listen();
            }
            return;
        }
        if (_sessions.Remove(t.ActorRef, out var address))
        {
            if (--_perAddress[address] == 0)
                _perAddress.Remove(address);
        }
    }
}
