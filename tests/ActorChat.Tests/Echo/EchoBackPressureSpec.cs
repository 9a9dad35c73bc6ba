using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Echo;

/// <summary>Clients that misbehave: one that goes silent, one that sends and never reads.</summary>
public sealed class EchoBackPressureSpec : IAsyncLifetime
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
        await socket.SendAsync("hi"u8.ToArray());
        var buffer = new byte[16];
        Assert.Equal("OK", Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer)));

        // Then silence: the server ends the connection (EOF or reset), well after 2 s and long before 30 s.
        var started = DateTime.UtcNow;
        var closed = await ReadUntilClosed(socket).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(closed);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Client_that_never_reads_is_stopped_by_its_own_buffers_and_others_are_still_served()
    {
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            SendBufferSize = 64 * 1024,
            ReceiveBufferSize = 4 * 1024,
        };
        await flooder.ConnectAsync(_echo);

        // Send 16-byte chunks and never read the OKs. A server that kept reading would queue an OK per
        // chunk for ever; ours reads on only once its last OK is written, so our sends soon stall.
        const long cap = 256L * 1024 * 1024;
        var chunk = new byte[16];
        long sent = 0;
        var stalled = false;
        while (sent < cap)
        {
            using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                sent += await flooder.SendAsync(chunk, SocketFlags.None, stall.Token);
            }
            catch (OperationCanceledException)
            {
                stalled = true;
                break;
            }
        }
        Assert.True(stalled, $"sent {sent} bytes and the server was still reading");

        // The stuck client does not stop anyone else.
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await other.ConnectAsync(_echo);
        await other.SendAsync("hello"u8.ToArray());
        var buffer = new byte[16];
        var n = await other.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("OK", Encoding.ASCII.GetString(buffer, 0, n));
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
