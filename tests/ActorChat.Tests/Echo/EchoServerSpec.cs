using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Echo;

/// <summary>The echo service over real sockets, against what the seed's tcp_client.py does.</summary>
public sealed class EchoServerSpec : IAsyncLifetime
{
    private ActorChatNode _node = null!;
    private IPEndPoint _echo = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNodes.StartAsync();
        _echo = _node.Binding("echo").LocalAddress;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Seed_tcp_client_sends_each_line_and_prints_Server_OK()
    {
        // tcp_client.py: sockfd.send(data.encode()); data = sockfd.recv(1024); print("Server:", data.decode())
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_echo);
        var buffer = new byte[1024];
        foreach (var line in new[] { "hello", "你好, 世界", new string('x', 1000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(line));
            var n = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("OK", Encoding.UTF8.GetString(buffer, 0, n));
        }
        // An empty line ends the seed client: it closes, and the server closes its side too.
        socket.Shutdown(SocketShutdown.Send);
        var end = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, end);
    }

    [Fact]
    public async Task Holds_1000_concurrent_connections_and_answers_each_one()
    {
        const int clients = 1000;
        var sockets = new Socket[clients];
        try
        {
            for (var i = 0; i < clients; i++)
            {
                sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await sockets[i].ConnectAsync(_echo);
            }
            // Every connection open at once, then each one asks twice: all of them are served.
            for (var round = 0; round < 2; round++)
            {
                var answers = await Task.WhenAll(sockets.Select(async s =>
                {
                    await s.SendAsync("ping"u8.ToArray());
                    var buffer = new byte[16];
                    var n = await s.ReceiveAsync(buffer);
                    return Encoding.ASCII.GetString(buffer, 0, n);
                })).WaitAsync(TimeSpan.FromSeconds(60));
                Assert.All(answers, a => Assert.Equal("OK", a));
            }
        }
        finally
        {
            foreach (var s in sockets)
                s?.Dispose();
        }
    }

    [Fact]
    public async Task A_client_that_sends_many_chunks_without_waiting_gets_an_OK_for_every_chunk_read()
    {
        // 64 KiB at once: the server reads at most 1 KiB per chunk (the seed's recv(1024)), so at least 64 reads
        // complete without waiting, more than one turn of the connection's read loop, and each is answered.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_echo);
        await socket.SendAsync(new byte[64 * 1024]);
        var replies = new StringBuilder();
        var buffer = new byte[4096];
        while (replies.Length < 2 * 64)
        {
            var n = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, n);
            replies.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        Assert.Matches("^(OK)+$", replies.ToString());
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

        // Send 1 KiB chunks (the server's read size) and never read the OKs. A server that kept reading would queue an
        // OK per chunk for ever. Ours fills its fixed 16 KiB socket buffer with OKs (about 20 MB of our chunks), then
        // stops reading once 64 replies are unconfirmed, so our sends stall well before 64 MB.
        const long cap = 64L * 1024 * 1024;
        var chunk = new byte[1024];
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
}
