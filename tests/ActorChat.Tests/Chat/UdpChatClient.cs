using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorChat.Tests.Chat;

/// <summary>A test's stand-in for the seed's chat client: one UDP socket, the same reads it makes.</summary>
public sealed class UdpChatClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;

    public UdpChatClient(IPEndPoint server)
    {
        _server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public void Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public void Send(byte[] datagram) => _socket.SendTo(datagram, _server);

    /// <summary>The next datagram, read with a buffer of <paramref name="size"/> bytes as the seed does (recvfrom(128) after L, 2048 after).</summary>
    public async Task<string> Receive(int size = 2048, int timeoutMs = 10_000)
    {
        var buffer = new byte[size];
        using var cts = new CancellationTokenSource(timeoutMs);
        var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.ReceivedBytes);
    }

    /// <summary>True if nothing arrives within <paramref name="ms"/>.</summary>
    public async Task<bool> Quiet(int ms)
    {
        try
        {
            await Receive(2048, ms);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>The stock client's login(): send `L name`, then one recvfrom(128) that must be exactly OK.</summary>
    public async Task<string> Login(string name)
    {
        Send($"L {name}");
        return await Receive(128);
    }

    public void Dispose() => _socket.Dispose();
}
