using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Files;

/// <summary>
/// Owns the file library's listening socket: binds it, tells its parent (<see cref="FilesEdge"/>) whether that
/// worked, then accepts and hands every accepted socket to the parent. The sessions are the parent's children,
/// not this actor's, so a listener that dies takes no connection with it.
/// </summary>
public sealed class FilesListener : UntypedActor, IWithTimers
{
    // Accepts that complete at once are handled in a loop of at most this many before other messages get in.
    private const int AcceptsPerTurn = 16;

    private sealed record AcceptOn
    {
        public static readonly AcceptOn Instance = new();
    }

    private readonly IPEndPoint _endpoint;
    private readonly int _backlog;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SocketAsyncEventArgs _accept = new();
    private Socket? _socket;

    public FilesListener(IPEndPoint endpoint, int backlog)
    {
        _endpoint = endpoint;
        _backlog = backlog;
    }

    public static Props Props(IPEndPoint endpoint, int backlog) =>
        Akka.Actor.Props.Create(() => new FilesListener(endpoint, backlog));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(_endpoint);
            socket.Listen(_backlog);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            Context.Parent.Tell(new ListenerBindFailed(e));
            Context.Stop(Self);
            return;
        }
        _socket = socket;
        var self = Self;
        _accept.Completed += (_, _) => self.Tell(AcceptCompleted.Instance);
        Context.Parent.Tell(new ListenerBound((IPEndPoint)socket.LocalEndPoint!));
        Accept();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case AcceptCompleted:
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
        if (_socket is null)
            return;
        for (var i = 0; i < AcceptsPerTurn; i++)
        {
            _accept.AcceptSocket = null;
            if (_socket.AcceptAsync(_accept))
                return; // pending: AcceptCompleted arrives with the next client
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
            _log.Warning("files: accept failed ({0}); retrying in 100 ms", _accept.SocketError);
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
        _socket?.Dispose();
        _accept.Dispose();
    }
}
