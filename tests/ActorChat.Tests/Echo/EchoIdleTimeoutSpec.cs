using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Echo;

/// <summary>A client that goes silent is closed after the idle timeout.</summary>
public sealed class EchoIdleTimeoutSpec : IAsyncLifetime
{
    private ActorChatNode _node = null!;
    private IPEndPoint _echo = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNodes.StartAsync("actorchat.echo.idle-timeout = 2s");
        _echo = _node.Binding("echo").LocalAddress;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Idle_connection_is_closed_by_the_server_after_the_idle_timeout()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_echo);
        // The server cannot hear "hi" before we send it, so its 2 s of silence end no sooner than 2 s from now.
        var sent = DateTime.UtcNow;
        await socket.SendAsync("hi"u8.ToArray());
        var buffer = new byte[16];
        Assert.Equal("OK", Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer)));

        // Then silence: the server ends the connection (EOF or reset), after 2 s and long before 30 s.
        var closed = await ReadUntilClosed(socket).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(closed);
        Assert.True(DateTime.UtcNow - sent >= TimeSpan.FromSeconds(1.9), $"closed after {DateTime.UtcNow - sent}");
    }

    private static async Task<bool> ReadUntilClosed(Socket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0) { }
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
