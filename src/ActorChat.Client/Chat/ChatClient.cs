using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using ActorChat.Chat;

namespace ActorChat.Client.Chat;

/// <summary>
/// Our chat client: joins with the stock protocol, keeps itself alive with `H name` heartbeats,
/// and shows incoming lines without garbling the one being typed. One loop owns the screen;
/// the socket reader, the keyboard and the heartbeat only post events to it.
/// </summary>
public sealed class ChatClient(IPEndPoint server, IChatTerminal terminal, TimeSpan replyTimeout, TimeSpan heartbeat)
{
    private abstract record Event;
    private sealed record Incoming(string Text) : Event;
    private sealed record Typed(string? Line) : Event;
    private sealed record ServerGone(string Why) : Event;
    private sealed record QuitUnanswered : Event;
    private sealed record Key(ConsoleKeyInfo Info) : Event;

    public async Task<int> RunAsync(string? name, CancellationToken cancellation)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected, so a closed port comes back as "connection refused" instead of silence.
        socket.Connect(server);

        var joined = await Login(socket, name, cancellation);
        if (joined is null)
            return 1;

        terminal.Notice($"您已进入聊天室 as {joined} — type a message, /quit to leave");
        var events = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reader = ReadSocket(socket, events.Writer, stop.Token);
        var typing = terminal.ReadInputAsync(input => events.Writer.TryWrite(input switch
        {
            ConsoleKeyInfo key => new Key(key),
            _ => new Typed(input as string),
        }), stop.Token);
        var beating = Heartbeat(socket, joined, stop.Token);

        using var interrupt = cancellation.Register(() => events.Writer.TryWrite(new Typed(null)));
        try
        {
            return await Converse(socket, joined, events);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(reader, beating);
            // The keyboard reader may sit in a console read that cannot be cancelled; it ends with the process.
            _ = typing;
        }
    }

    private async Task<string?> Login(Socket socket, string? name, CancellationToken cancellation)
    {
        while (true)
        {
            name ??= terminal.Ask("请输入昵称: ");
            if (name is null)
                return null;
            if (name.Length == 0)
            {
                name = null;
                continue;
            }
            Send(socket, new JoinRequest(name));
            string reply;
            try
            {
                reply = await ReceiveOne(socket, replyTimeout, cancellation);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                terminal.Error($"no answer from {server} within {replyTimeout.TotalSeconds:0} s: is the node running?");
                return null;
            }
            catch (SocketException e)
            {
                terminal.Error($"cannot reach {server}: {Describe(e)}");
                return null;
            }
            if (reply == "OK")
                return name;
            terminal.Error(reply.TrimStart('\n'));
            if (!terminal.IsInteractive)
                return null;
            name = null;
        }
    }

    private async Task<int> Converse(Socket socket, string name, Channel<Event> events)
    {
        var quitting = false;
        await foreach (var e in events.Reader.ReadAllAsync(CancellationToken.None))
        {
            switch (e)
            {
                case Incoming { Text: "EXIT" }:
                    terminal.Notice("退出聊天室 (left the room)");
                    return 0;
                case Incoming i:
                    terminal.Show(i.Text.TrimStart('\n'));
                    break;
                case ServerGone gone:
                    terminal.Error(gone.Why);
                    return 1;
                case QuitUnanswered:
                    terminal.Error($"no EXIT from {server}; leaving anyway");
                    return 1;
                case Typed { Line: null or "/quit" } when !quitting:
                    // Ctrl-C, end of input and /quit all leave the way the stock client does: Q, then wait for EXIT.
                    quitting = true;
                    Send(socket, new QuitRequest(name));
                    _ = Task.Delay(replyTimeout, CancellationToken.None)
                        .ContinueWith(_ => events.Writer.TryWrite(new QuitUnanswered()), TaskScheduler.Default);
                    break;
                case Typed { Line: { } line } when !quitting:
                    Send(socket, new SayRequest(name, line));
                    break;
                case Key key when !quitting:
                    if (terminal.Apply(key.Info) is { } typed)
                        events.Writer.TryWrite(new Typed(typed.Trim() == "quit" ? "/quit" : typed));
                    break;
            }
        }
        return 0;
    }

    private async Task ReadSocket(Socket socket, ChannelWriter<Event> events, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation);
                events.TryWrite(new Incoming(Encoding.UTF8.GetString(buffer, 0, n)));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException e)
        {
            events.TryWrite(new ServerGone($"lost {server}: {Describe(e)}"));
        }
    }

    private async Task Heartbeat(Socket socket, string name, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
                Send(socket, new HeartbeatRequest(name));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<string> ReceiveOne(Socket socket, TimeSpan timeout, CancellationToken cancellation)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(timeout);
        var buffer = new byte[2048];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static void Send(Socket socket, IChatRequest request)
    {
        try
        {
            socket.Send(ChatCodec.Encode(request));
        }
        catch (SocketException)
        {
            // The reader reports a dead server; a lost send is the same news.
        }
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused or SocketError.ConnectionReset => "nothing is listening there (connection refused)",
        _ => e.Message,
    };
}
