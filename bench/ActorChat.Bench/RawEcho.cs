using System.Net;
using System.Net.Sockets;

namespace ActorChat.Bench;

/// <summary>
/// The echo benchmark's .NET reference: the same `OK` reply as the node's echo service, written the way a
/// careful .NET programmer would without actors (one async receive/send loop per connection, no allocation
/// per round trip). Run in the same process settings as the node (inline socket completions, workstation GC),
/// it shows what the runtime's own socket engine reaches on this machine, beside the C ceiling.
/// </summary>
static class RawEcho
{
    public static async Task Run(int port)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(4096);
        Console.WriteLine($"raw .NET echo on {port}, inline completions {Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "0"}, server GC {System.Runtime.GCSettings.IsServerGC}");
        while (true)
        {
            var client = await listener.AcceptAsync();
            client.NoDelay = true;
            _ = Serve(client);
        }
    }

    private static async Task Serve(Socket client)
    {
        var buffer = new byte[1024];
        var reply = "OK"u8.ToArray();
        try
        {
            while (await client.ReceiveAsync(buffer, SocketFlags.None) > 0)
                await client.SendAsync(reply, SocketFlags.None);
        }
        catch (SocketException)
        {
            // The load generator closing its connections at the end of a run.
        }
        finally
        {
            client.Dispose();
        }
    }
}
