using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using Akka;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Files;

/// <summary>
/// The file library's TCP edge: keeps a <see cref="FilesListener"/> bound to the port, gives each accepted
/// connection to a <see cref="FileSession"/> child, limits connections per client address, and binds a new
/// listener on the same port when the listener dies. The sessions are this edge's children, so transfers
/// go on while the listener is replaced.
/// </summary>
/// <remarks>
/// The sessions own their sockets instead of going through Akka.IO (as the echo edge does): a session reads an
/// upload straight into the buffers it hands to the upload's writer, and a download goes from the file to the
/// socket by <c>sendfile</c>, which Akka.IO 1.5 cannot do (no <c>Tcp.WriteFile</c> on .NET, a fresh array and a
/// copy per read). bench/README.md, "Files, session 7".
/// </remarks>
public sealed class FilesEdge : ReceiveActor, IWithTimers
{
    public const string Service = "files";
    private const int Backlog = 256;

    private sealed record Rebind;
    internal sealed record UnbindNow;
    /// <summary>The listener actor currently bound (tests stop it to see the edge bind again).</summary>
    internal sealed record GetListener;

    private readonly FilesSettings _settings;
    private readonly IActorRef _library;
    private readonly IPEndPoint _requested;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, IPAddress> _sessions = new();
    private readonly Dictionary<IPAddress, int> _perAddress = new();
    private readonly List<IActorRef> _bindingWaiters = new();
    private IBindingResult? _binding;
    private IActorRef? _listener;
    private bool _listening;
    private IPEndPoint? _bound;
    private bool _unbinding;

    public FilesEdge(FilesSettings settings, IActorRef library, IPAddress bindAddress)
    {
        _settings = settings;
        _library = library;
        _requested = new IPEndPoint(bindAddress, settings.Port);

        Receive<ListenerBound>(Bound);
        Receive<ListenerBindFailed>(BindFailed);
        Receive<ClientConnected>(Connected);
        Receive<Terminated>(Terminated);
        Receive<Rebind>(_ => Listen(_bound ?? _requested));
        Receive<GetBinding>(_ =>
        {
            if (_binding is null)
                _bindingWaiters.Add(Sender);
            else
                Sender.Tell(_binding);
        });
        Receive<GetListener>(_ => Sender.Tell(_listening ? _listener! : new Status.Failure(new InvalidOperationException("not bound"))));
        Receive<UnbindNow>(_ =>
        {
            _unbinding = true;
            if (_listener is null)
            {
                Sender.Tell(Done.Instance);
                return;
            }
            // The listener's socket closes when it stops: the port is free once Terminated arrives.
            Context.Stop(_listener);
            var requester = Sender;
            Become(() =>
            {
                Receive<Terminated>(t =>
                {
                    if (Equals(t.ActorRef, _listener))
                        requester.Tell(Done.Instance);
                    Terminated(t);
                });
                Receive<ClientConnected>(c => c.Socket.Dispose());
                Receive<ListenerBound>(_ => { });
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
        Listen(_requested);
    }

    private void Listen(IPEndPoint endpoint)
    {
        _listening = false;
        _listener = Context.ActorOf(FilesListener.Props(endpoint, Backlog));
        Context.Watch(_listener);
    }

    private void Bound(ListenerBound bound)
    {
        _listening = true;
        _bound = bound.Address;
        if (_binding is null)
        {
            _binding = new ServiceBound(Service, "tcp", _bound);
            foreach (var waiter in _bindingWaiters)
                waiter.Tell(_binding);
            _bindingWaiters.Clear();
        }
        else
        {
            _log.Warning("files: listener bound again on {0}", _bound);
        }
    }

    private void BindFailed(ListenerBindFailed failed)
    {
        // The listener stops itself; its Terminated must not bind again at once.
        Context.Unwatch(_listener);
        _listener = null;
        if (_binding is ServiceBound)
        {
            // Re-binding after the listener died: the port may still be held a moment.
            _log.Warning("files: could not bind {0} again, retrying", _bound);
            Timers.StartSingleTimer("rebind", new Rebind(), TimeSpan.FromSeconds(1));
            return;
        }
        var reason = failed.Cause.SocketErrorCode == SocketError.AddressAlreadyInUse
            ? $"port {_requested.Port} is already in use"
            : $"cannot listen on {_requested}: {failed.Cause.Message}";
        _binding = new ServiceBindFailed(Service, reason);
        foreach (var waiter in _bindingWaiters)
            waiter.Tell(_binding);
        _bindingWaiters.Clear();
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
            _listening = false;
            if (!_unbinding)
            {
                _log.Warning("files: listener on {0} stopped, binding again", _bound);
                Listen(_bound ?? _requested);
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
