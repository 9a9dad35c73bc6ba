using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ActorChat.Chat;

/// <summary>
/// A member's address, kept both as an endpoint and as the raw sockaddr bytes sendmmsg(2) wants,
/// encoded once when the member arrives instead of once per datagram.
/// </summary>
public sealed class DatagramTarget
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    public DatagramTarget(IPEndPoint endpoint, AddressFamily socketFamily)
    {
        EndPoint = endpoint;
        SockAddr = Encode(endpoint, socketFamily);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) in Linux layout.</summary>
    public byte[] SockAddr { get; }

    private static byte[] Encode(IPEndPoint endpoint, AddressFamily socketFamily)
    {
        var address = endpoint.Address;
        if (socketFamily == AddressFamily.InterNetworkV6 && address.AddressFamily == AddressFamily.InterNetwork)
            address = address.MapToIPv6();

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var sa = new byte[16];
            BitConverter.TryWriteBytes(sa.AsSpan(0, 2), AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(sa.AsSpan(2, 2), (ushort)endpoint.Port);
            address.TryWriteBytes(sa.AsSpan(4, 4), out _);
            return sa;
        }

        var sa6 = new byte[28];
        BitConverter.TryWriteBytes(sa6.AsSpan(0, 2), AfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(sa6.AsSpan(2, 2), (ushort)endpoint.Port);
        address.TryWriteBytes(sa6.AsSpan(8, 16), out _);
        BitConverter.TryWriteBytes(sa6.AsSpan(24, 4), (uint)address.ScopeId);
        return sa6;
    }
}
