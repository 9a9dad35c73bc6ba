using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Files;

/// <summary>
/// The file library's TCP edge: binds the port, hands each connection to a <see cref="FileSession"/>
/// child, limits connections per client address, and watches Akka.IO's listener so that a
/// listener that dies is bound again on the same port.
/// Akka.IO creates each accepted connection as a child of its listener actor, and each connection
/// watches this edge (the bind handler), so connections end with either of them; a cut framed
/// transfer resumes on a new connection from the bytes the client already holds.
/// </summary>
public sealed class FilesEdge : ReceiveActor, IWithTimers
{
    public const string Service = "files";
    private const int AcceptBatch = 16;

    private sealed record Rebind;
    internal sealed record UnbindNow;
    /// <summary>The Akka.IO listener actor currently bound (tests stop it to see the edge bind again).</summary>
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
    private IPEndPoint? _bound;
    private bool _unbinding;

    public FilesEdge(FilesSettings settings, IActorRef library, IPAddress bindAddress)
    {
        _settings = settings;
        _library = library;
        _requested = new IPEndPoint(bindAddress, settings.Port);

        Receive<Tcp.Bound>(Bound);
        Receive<Tcp.CommandFailed>(f => f.Cmd is Tcp.Bind, BindFailed);
        Receive<Tcp.Connected>(Connected);
        Receive<Terminated>(Terminated);
        Receive<Rebind>(_ => Bind(_bound ?? _requested));
        Receive<GetBinding>(_ =>
        {
            if (_binding is null)
                _bindingWaiters.Add(Sender);
            else
                Sender.Tell(_binding);
        });
        Receive<GetListener>(_ => Sender.Tell(_listener ?? (object)new Status.Failure(new InvalidOperationException("not bound"))));
        Receive<UnbindNow>(_ =>
        {
            _unbinding = true;
            if (_listener is null)
            {
                Sender.Tell(Done.Instance);
                return;
            }
            _listener.Tell(Tcp.Unbind.Instance);
            var requester = Sender;
            Become(() =>
            {
                Receive<Tcp.Unbound>(_ => requester.Tell(Done.Instance));
                Receive<Terminated>(Terminated);
                Receive<Tcp.Connected>(c => Sender.Tell(Tcp.Abort.Instance));
            });
        });
        // Connections refused for their address are registered here only to be closed.
        Receive<Tcp.ConnectionClosed>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FilesSettings settings, IActorRef library, IPAddress bindAddress) =>
        Akka.Actor.Props.Create(() => new FilesEdge(settings, library, bindAddress));

    protected override void PreStart()
    {
        var self = Self;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "files-unbind",
            () => self.Ask<Done>(new UnbindNow(), TimeSpan.FromSeconds(5)).ContinueWith(_ => Done.Instance));
        Bind(_requested);
    }

    private void Bind(IPEndPoint endpoint)
    {
        // Pull mode: connections read only when asked, which is what bounds an upload's memory.
        // Frames for this bind only: one read or send moves up to frame-bytes (Akka's default is 4k).
        // TcpSettings' Receive/SendBufferSize are not applied to sockets by Akka 1.5.73 (`ss -tm` shows
        // the kernel autotuning them, ~2 MB receive and 4 MB send here), so they are not set.
        var frames = TcpSettings.Create(Context.System) with { MaxFrameSizeBytes = _settings.FrameBytes };
        Context.System.Tcp().Tell(new Tcp.Bind(Self, endpoint, backlog: 256, pullMode: true) { TcpSettings = frames });
    }

    private void Bound(Tcp.Bound bound)
    {
        _listener = Sender;
        Context.Watch(_listener);
        _listener.Tell(new Tcp.ResumeAccepting(AcceptBatch));
        _bound = (IPEndPoint)bound.LocalAddress;
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

    private void BindFailed(Tcp.CommandFailed failed)
    {
        if (_binding is ServiceBound)
        {
            // Re-binding after the listener died: the port may still be held a moment.
            _log.Warning("files: could not bind {0} again, retrying", _bound);
            Timers.StartSingleTimer("rebind", new Rebind(), TimeSpan.FromSeconds(1));
            return;
        }
        var reason = failed.Cause is { HasValue: true, Value: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } }
            ? $"port {_requested.Port} is already in use"
            : $"cannot listen on {_requested}: {(failed.Cause.HasValue ? failed.Cause.Value.Message : "bind failed")}";
        _binding = new ServiceBindFailed(Service, reason);
        foreach (var waiter in _bindingWaiters)
            waiter.Tell(_binding);
        _bindingWaiters.Clear();
    }

    private void Connected(Tcp.Connected connected)
    {
        var address = ((IPEndPoint)connected.RemoteAddress).Address;
        var count = _perAddress.GetValueOrDefault(address);
        if (count >= _settings.MaxConnectionsPerAddress)
        {
            _log.Warning("files: refusing {0}: {1} connections already", connected.RemoteAddress, count);
            Sender.Tell(new Tcp.Register(Self));
            Sender.Tell(Tcp.Write.Create(ByteString.FromString($"too many connections from {address}\n")));
            Sender.Tell(Tcp.Close.Instance);
            return;
        }
        var session = Context.ActorOf(FileSession.Props(Sender, connected.RemoteAddress, _library, _settings));
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
                _log.Warning("files: listener on {0} stopped, binding again", _bound);
                Bind(_bound ?? _requested);
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
