using System.Net.Sockets;

namespace ActorChat.Tests.Files;

/// <summary>Blocking reads for tests that speak the file protocol over a plain socket.</summary>
internal static class SocketReads
{
    /// <summary>Reads until <paramref name="count"/> bytes have arrived or the peer closes (then fewer).</summary>
    public static byte[] ReadAtLeast(Socket socket, int count)
    {
        var received = new MemoryStream();
        var buffer = new byte[65536];
        while (received.Length < count)
        {
            var n = socket.Receive(buffer, 0, (int)Math.Min(buffer.Length, count - received.Length), SocketFlags.None);
            if (n == 0)
                break;
            received.Write(buffer, 0, n);
        }
        return received.ToArray();
    }
}
