using System.Net.Sockets;
using System.Text;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>A real node in-process serving a fresh temporary library on 127.0.0.1, port 0.</summary>
public sealed class FilesNode : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("actorchat-library").FullName;
    private string DataFolder => Root + "-data";
    public ActorChatNode Node { get; private set; } = null!;
    public int Port => Node.Binding("files").LocalAddress.Port;

    /// <summary>Settings a test class may change (a short resume window, a small connection limit).</summary>
    public string ExtraHocon { get; init; } = "";

    public async Task InitializeAsync()
    {
        Node = await ActorChatNode.StartAsync(new NodeOptions
        {
            ExtraHocon = TestNodes.Loopback + $$"""

                actorchat.node.data = {{NodeConfig.Quote(DataFolder)}}
                actorchat.files.port = 0
                actorchat.files.root = {{NodeConfig.Quote(Root)}}
                actorchat.files.resume-keep = 5s
                # The seed's protocol keeps `OK`, the data and `##` apart by time alone: a reader that is not back
                # in recv() within the gap gets two of them in one read, as a stock client on a starved machine
                # would. At the default 100 ms a test thread stalled by the whole suite on two cores missed it
                # once; the tests check the framing, not the machine's scheduling, so the gap gets room here.
                actorchat.files.legacy-gap = 500ms
                akka.remote.dot-netty.tcp.port = 0
                akka.loglevel = WARNING
                {{ExtraHocon}}
                """,
        });
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Directory.Delete(Root, recursive: true);
        if (Directory.Exists(DataFolder))
            Directory.Delete(DataFolder, recursive: true);
    }

    public string PartialFolder => Path.Combine(Root, ".partial");

    public SeedClient Seed(string source = "127.0.0.1") => new(Port, source);
}

/// <summary>
/// The seed's ftp_client, byte for byte: one send per request, recv(128) for the answer,
/// one recv(4096) for a listing, recv(1024) until a read is exactly `##`, and for an upload
/// 1024-byte sends, a 0.1 s pause, then `##`.
/// </summary>
public sealed class SeedClient : IDisposable
{
    public Socket Socket { get; }

    /// <param name="source">Loopback address to connect from: all of 127/8 is local, so a test can be its own client address.</param>
    public SeedClient(int port, string source = "127.0.0.1")
    {
        Socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000 };
        Socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(source), 0));
        Socket.Connect("127.0.0.1", port);
    }

    /// <summary>True once the server has closed or reset the connection.</summary>
    public bool IsClosedByServer()
    {
        try
        {
            return Recv(128).Length == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Send(string text) => Socket.Send(Encoding.UTF8.GetBytes(text));

    public byte[] Recv(int size)
    {
        var buffer = new byte[size];
        var n = Socket.Receive(buffer);
        return buffer[..n];
    }

    public string RecvText(int size) => Encoding.UTF8.GetString(Recv(size));

    /// <summary>do_get's loop after `OK`: everything up to a read that is exactly `##`.</summary>
    public byte[] DownloadBody()
    {
        var body = new MemoryStream();
        while (true)
        {
            var data = Recv(1024);
            if (data.Length == 0)
                throw new IOException("server closed before ##");
            if (data is [(byte)'#', (byte)'#'])
                return body.ToArray();
            body.Write(data);
        }
    }

    /// <summary>do_put after `OK`: 1024-byte sends, time.sleep(0.1), `##`.</summary>
    public async Task UploadBody(byte[] content)
    {
        for (var i = 0; i < content.Length; i += 1024)
            Socket.Send(content, i, Math.Min(1024, content.Length - i), SocketFlags.None);
        await Task.Delay(100);
        Send("##");
    }

    public void Dispose() => Socket.Dispose();
}
