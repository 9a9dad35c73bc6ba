using System.Text;
using ActorChat.Files;
using Xunit;

namespace ActorChat.Tests.Files;

public sealed class LimitedFilesNode() : IAsyncLifetime
{
    public FilesNode Inner { get; } = new()
    {
        ExtraHocon = """
            actorchat.files.max-connections-per-address = 3
            actorchat.files.idle-timeout = 1s
            actorchat.files.max-file-size = 10000
            """,
    };

    public Task InitializeAsync() => Inner.InitializeAsync();
    public Task DisposeAsync() => Inner.DisposeAsync();
}

/// <summary>The limits in hocon/files.hocon, set small: connections per address, idle timeout, file size.</summary>
public sealed class FilesLimitsSpec(LimitedFilesNode limited) : IClassFixture<LimitedFilesNode>
{
    private FilesNode Node => limited.Inner;

    [Fact]
    public void A_connection_over_the_per_address_limit_is_told_so_and_closed_and_the_others_keep_working()
    {
        // Its own client address, so connections of the other tests do not count.
        const string source = "127.0.0.3";
        using var a = Node.Seed(source);
        using var b = Node.Seed(source);
        using var c = Node.Seed(source);
        using (var d = Node.Seed(source))
        {
            Assert.StartsWith("too many connections", d.RecvText(128));
            Assert.True(d.IsClosedByServer());
        }
        using var elsewhere = Node.Seed("127.0.0.4");
        elsewhere.Send("G none");
        Assert.Equal(LegacyCodec.NoSuchFile, elsewhere.RecvText(128));
        a.Send("G none");
        Assert.Equal(LegacyCodec.NoSuchFile, a.RecvText(128));
        a.Dispose();
        LegacyProtocolSpec.AwaitAssert(() =>
        {
            using var e = Node.Seed(source);
            e.Send("G none");
            Assert.Equal(LegacyCodec.NoSuchFile, e.RecvText(128));
        });
    }

    [Fact]
    public void A_silent_connection_is_closed_after_the_idle_timeout()
    {
        using var client = Node.Seed();
        // Recv blocks until the server closes (idle-timeout 1 s), well inside the 20 s receive timeout.
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public void A_stock_upload_past_the_size_limit_is_cut_off_and_nothing_is_kept()
    {
        using var client = Node.Seed();
        client.Send("P too-big.bin");
        Assert.Equal("OK", client.RecvText(128));
        try
        {
            for (var i = 0; i < 40; i++)
                client.Socket.Send(new byte[1024]);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server may close while we are still sending: that is the point.
        }
        Assert.StartsWith("文件过大", client.RecvText(128));
        LegacyProtocolSpec.AwaitAssert(() => Assert.False(File.Exists(Path.Combine(Node.PartialFolder, "too-big.bin"))));
        Assert.False(File.Exists(Path.Combine(Node.Root, "too-big.bin")));
    }

    [Fact]
    public async Task A_framed_upload_declaring_more_than_the_limit_is_refused_before_any_byte()
    {
        await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", Node.Port);
        var e = await Assert.ThrowsAsync<FilesRefusedException>(() => client.PutAsync("big.bin", new MemoryStream(new byte[10001])));
        Assert.StartsWith("文件过大", e.Message);
        Assert.True((await client.PutAsync("fits.bin", new MemoryStream(new byte[10000]))).Verified);
    }

    [Fact]
    public void A_framed_upload_that_stalls_past_the_idle_timeout_is_discarded()
    {
        using var client = Node.Seed();
        client.Send("FRAMED 1\n");
        Assert.Equal(FramedCodec.Greeting, client.RecvText(128));
        client.Socket.Send(Encoding.ASCII.GetBytes("PUT 5000 stalled.bin\n"));
        Assert.Equal("OK 0\n", client.RecvText(128));
        client.Socket.Send(new byte[1000]);
        Assert.True(client.IsClosedByServer());
        LegacyProtocolSpec.AwaitAssert(() => Assert.False(File.Exists(Path.Combine(Node.PartialFolder, "stalled.bin"))));
        Assert.False(File.Exists(Path.Combine(Node.Root, "stalled.bin")));
    }
}
