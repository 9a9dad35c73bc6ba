using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using ActorChat.Client.Chat;
using Xunit;

namespace ActorChat.Tests.Chat;

/// <summary>Our console client against a real node, with a scripted terminal in place of the keyboard.</summary>
public sealed class ChatClientSpec(ChatNodeFixture fixture) : IClassFixture<ChatNodeFixture>
{
    private sealed class ScriptTerminal : IChatTerminal
    {
        public readonly Channel<string?> Input = Channel.CreateUnbounded<string?>();
        public readonly Channel<string> Shown = Channel.CreateUnbounded<string>();
        public readonly Channel<string> Errors = Channel.CreateUnbounded<string>();

        public bool IsInteractive => false;
        public string? Ask(string prompt) => null;
        public string? Apply(ConsoleKeyInfo key) => null;

        public async Task ReadInputAsync(Action<object?> post, CancellationToken cancellation)
        {
            await foreach (var line in Input.Reader.ReadAllAsync(cancellation))
                post(line);
        }

        public void Show(string text) => Shown.Writer.TryWrite(text);
        public void Notice(string text) => Shown.Writer.TryWrite("* " + text);
        public void Error(string text) => Errors.Writer.TryWrite(text);
    }

    private static async Task<string> Next(Channel<string> channel)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await channel.Reader.ReadAsync(cts.Token);
    }

    [Fact]
    public async Task Client_joins_shows_messages_sends_lines_and_quit_leaves_cleanly()
    {
        using var bob = new UdpChatClient(fixture.Chat);
        Assert.Equal("OK", await bob.Login("cl-bob"));

        var terminal = new ScriptTerminal();
        var client = new ChatClient(fixture.Chat, terminal, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        var run = client.RunAsync("cl-carol", CancellationToken.None);

        Assert.StartsWith("* 您已进入聊天室", await Next(terminal.Shown));
        Assert.Equal("\n欢迎 cl-carol 进入聊天室", await bob.Receive());
        bob.Send("C cl-bob hi carol");
        Assert.Equal("cl-bob: hi carol", await Next(terminal.Shown));

        terminal.Input.Writer.TryWrite("hi bob");
        Assert.Equal("\ncl-carol: hi bob", await bob.Receive());

        terminal.Input.Writer.TryWrite("/quit");
        Assert.Equal("\ncl-carol 退出聊天室", await bob.Receive());
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        bob.Send("Q cl-bob");
    }

    [Fact]
    public async Task A_refused_name_is_reported_and_a_scripted_run_stops()
    {
        using var holder = new UdpChatClient(fixture.Chat);
        Assert.Equal("OK", await holder.Login("cl-taken"));

        var terminal = new ScriptTerminal();
        var client = new ChatClient(fixture.Chat, terminal, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        Assert.Equal(1, await client.RunAsync("cl-taken", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("该用户存在", await Next(terminal.Errors));
        holder.Send("Q cl-taken");
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_within_seconds()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var terminal = new ScriptTerminal();
        var client = new ChatClient(new IPEndPoint(IPAddress.Loopback, port), terminal, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));
        Assert.Equal(1, await client.RunAsync("nobody", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains($"127.0.0.1:{port}", await Next(terminal.Errors));
    }
}
