using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Sockets;

/// <summary>The acceptor took <paramref name="Socket"/> off the backlog; whoever receives this owns it.</summary>
public sealed record ClientConnected(Socket Socket);

/// <summary>
/// Owns a listening socket (see <see cref="Listen"/>) and hands every accepted socket to its parent as
/// <see cref="ClientConnected"/>. The echo and file edges own their connections' sockets; this is their shared
/// accept loop. Stopping the acceptor closes the listening socket and frees the port; the connections already
/// handed over are the parent's and go on.
/// </summary>
public sealed class TcpAcceptor : UntypedActor, IWithTimers
{
    // Accepts that complete at once are handled in a loop of at most this many before other messages get in.
    private const int AcceptsPerTurn = 64;

    private sealed record AcceptOn
    {
        public static readonly AcceptOn Instance = new();
    }

    private readonly Socket _socket;
    private readonly string _service;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SocketAsyncEventArgs _accept = new();

    public TcpAcceptor(Socket listening, string service)
    {
        _socket = listening;
        _service = service;
    }

    /// <summary>Accepts on <paramref name="listening"/> (bound and listening, now owned by the acceptor) for the parent.</summary>
    public static Props Props(Socket listening, string service) =>
        Akka.Actor.Props.Create(() => new TcpAcceptor(listening, service));

    /// <summary>
    /// A socket bound to <paramref name="endpoint"/> and listening. <paramref name="bufferBytes"/> fixes the kernel
    /// buffers every accepted socket inherits (null: the kernel's autotuning). Throws <see cref="SocketException"/>.
    /// </summary>
    public static Socket Listen(IPEndPoint endpoint, int backlog, int? bufferBytes = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (bufferBytes is { } bytes)
            {
                socket.ReceiveBufferSize = bytes;
                socket.SendBufferSize = bytes;
            }
            socket.Bind(endpoint);
            socket.Listen(backlog);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The one line a user sees when <see cref="Listen"/> failed.</summary>
    public static string Reason(SocketException e, IPEndPoint endpoint) =>
        e.SocketErrorCode == SocketError.AddressAlreadyInUse
            ? $"port {endpoint.Port} is already in use"
            : $"cannot listen on {endpoint}: {e.Message}";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var self = Self;
        _accept.Completed += (_, _) => self.Tell(SocketAccepted.Instance);
        Accept();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SocketAccepted:
                if (Accepted())
                    Accept();
                break;
            case AcceptOn:
                Accept();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Accept()
    {
        for (var i = 0; i < AcceptsPerTurn; i++)
        {
            _accept.AcceptSocket = null;
            if (_socket.AcceptAsync(_accept))
                return; // pending: SocketAccepted arrives with the next client
            if (!Accepted())
                return;
        }
        Self.Tell(AcceptOn.Instance);
    }

    /// <summary>Handles a completed accept; true when the next accept may start at once.</summary>
    private bool Accepted()
    {
        if (_accept.SocketError != SocketError.Success)
        {
            // Out of file descriptors, say: the kernel keeps the client waiting in the backlog. Try again shortly
            // rather than spin on the same error.
            _log.Warning("{0}: accept failed ({1}); retrying in 100 ms", _service, _accept.SocketError);
            Timers.StartSingleTimer(nameof(AcceptOn), AcceptOn.Instance, TimeSpan.FromMilliseconds(100));
            return false;
        }
        var client = _accept.AcceptSocket!;
        client.NoDelay = true;
        Context.Parent.Tell(new ClientConnected(client));
        return true;
    }

    protected override void PostStop()
    {
        // Closing the socket ends the pending accept; its completion then reaches no one.
        _socket.Dispose();
        _accept.Dispose();
    }
}
