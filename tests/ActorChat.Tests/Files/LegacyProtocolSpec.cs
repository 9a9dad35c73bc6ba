using System.Text;
using ActorChat.Files;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>The seed's ftp_client, unmodified, against the actor file server (PROTOCOLS.md §2).</summary>
public sealed class LegacyProtocolSpec(FilesNode node) : IClassFixture<FilesNode>
{
    private string Put(string name, byte[] content)
    {
        File.WriteAllBytes(Path.Combine(node.Root, name), content);
        return name;
    }

    [Fact]
    public void Do_list_gets_OK_alone_then_every_name_with_a_line_end_in_one_read()
    {
        Put("list-a.txt", "a"u8.ToArray());
        Put("list-b.bin", new byte[3]);
        using var client = node.Seed();
        client.Send("L");
        Assert.Equal("OK", client.RecvText(128));
        var names = client.RecvText(4096);
        Assert.EndsWith("\n", names);
        Assert.Contains("list-a.txt\n", names);
        Assert.Contains("list-b.bin\n", names);
        Assert.DoesNotContain(".partial", names);
    }

    [Fact]
    public void Do_get_gets_OK_alone_then_the_bytes_then_hash_hash_alone()
    {
        var content = new byte[200_000];
        new Random(1).NextBytes(content);
        Put("get.bin", content);
        using var client = node.Seed();
        client.Send("G get.bin");
        Assert.Equal("OK", client.RecvText(128));
        Assert.Equal(content, client.DownloadBody());
        // The session is ready for the next request, as the seed's loop expects.
        client.Send("G get.bin");
        Assert.Equal("OK", client.RecvText(128));
        Assert.Equal(content, client.DownloadBody());
    }

    [Fact]
    public void Do_get_of_an_empty_file_is_OK_then_hash_hash()
    {
        Put("empty.txt", []);
        using var client = node.Seed();
        client.Send("G empty.txt");
        Assert.Equal("OK", client.RecvText(128));
        Assert.Empty(client.DownloadBody());
    }

    [Fact]
    public void Do_get_of_a_missing_file_is_told_文件不存在()
    {
        using var client = node.Seed();
        client.Send("G no-such-file");
        Assert.Equal("文件不存在", client.RecvText(128));
    }

    [Fact]
    public async Task Do_put_stores_the_bytes_sent_before_the_pause_and_hash_hash()
    {
        var content = new byte[100_000];
        new Random(2).NextBytes(content);
        using var client = node.Seed();
        client.Send("P put.bin");
        Assert.Equal("OK", client.RecvText(128));
        await client.UploadBody(content);
        // The seed answers nothing after an upload. The next request is typed once the upload has landed, as
        // a person at the stock client would: sent microseconds after `##`, both can arrive in one read, and
        // then neither the seed's server nor ours can tell the marker from file content.
        AwaitAssert(() => Assert.Equal(content, File.ReadAllBytes(Path.Combine(node.Root, "put.bin"))));
        client.Send("G put.bin");
        Assert.Equal("OK", client.RecvText(128));
        Assert.Equal(content, client.DownloadBody());
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(node.Root, "put.bin")));
    }

    [Fact]
    public async Task A_file_ending_in_hash_hash_keeps_its_last_bytes_when_the_stock_client_uploads_it()
    {
        var content = new byte[3002];
        new Random(3).NextBytes(content);
        content[^2] = content[^1] = (byte)'#';
        using var client = node.Seed();
        client.Send("P ends-in-marker.bin");
        Assert.Equal("OK", client.RecvText(128));
        await client.UploadBody(content);
        AwaitAssert(() => Assert.Equal(content, File.ReadAllBytes(Path.Combine(node.Root, "ends-in-marker.bin"))));
    }

    [Fact]
    public void Data_and_hash_hash_run_together_still_end_the_upload_once_the_client_is_quiet()
    {
        // What the seed's server gets wrong when it falls behind the client's 0.1 s pause.
        var content = new byte[70_000];
        new Random(4).NextBytes(content);
        using var client = node.Seed();
        client.Send("P run-together.bin");
        Assert.Equal("OK", client.RecvText(128));
        client.Socket.Send([.. content, (byte)'#', (byte)'#']);
        AwaitAssert(() => Assert.Equal(content, File.ReadAllBytes(Path.Combine(node.Root, "run-together.bin"))));
        client.Send("G run-together.bin");
        Assert.Equal("OK", client.RecvText(128));
        Assert.Equal(content, client.DownloadBody());
    }

    [Fact]
    public void Do_put_of_an_existing_name_is_told_文件已存在()
    {
        Put("exists.txt", "x"u8.ToArray());
        using var client = node.Seed();
        client.Send("P exists.txt");
        Assert.Equal("文件已存在", client.RecvText(128));
        Assert.Equal("x"u8.ToArray(), File.ReadAllBytes(Path.Combine(node.Root, "exists.txt")));
    }

    [Fact]
    public void Do_quit_ends_the_connection()
    {
        using var client = node.Seed();
        client.Send("Q");
        Assert.Empty(client.Recv(128));
    }

    [Theory]
    [InlineData("G ../../../../etc/passwd")]
    [InlineData("G /etc/passwd")]
    [InlineData("P ../escape.txt")]
    [InlineData("P .partial")]
    public void Traversal_is_refused_in_one_line_and_the_session_keeps_serving(string request)
    {
        using var client = node.Seed();
        client.Send(request);
        Assert.StartsWith("文件名不合法", client.RecvText(128));
        client.Send("G no-such-file");
        Assert.Equal("文件不存在", client.RecvText(128));
        Assert.False(File.Exists(Path.Combine(node.Root, "..", "escape.txt")));
    }

    [Fact]
    public void Nc_style_request_with_a_line_end_then_end_of_input_gets_its_whole_answer()
    {
        Put("nc.txt", "via nc"u8.ToArray());
        using var client = node.Seed();
        client.Send("G nc.txt\n");
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var all = new MemoryStream();
        while (client.Recv(65536) is { Length: > 0 } chunk)
            all.Write(chunk);
        Assert.Equal("OKvia nc##", Encoding.UTF8.GetString(all.ToArray()));
    }

    [Fact]
    public void An_unknown_request_gets_a_short_answer_not_silence()
    {
        using var client = node.Seed();
        client.Send("X");
        Assert.StartsWith("unknown request", client.RecvText(128));
    }

    [Fact]
    public void A_client_gone_before_hash_hash_leaves_no_file_behind()
    {
        using (var client = node.Seed())
        {
            client.Send("P cut.bin");
            Assert.Equal("OK", client.RecvText(128));
            client.Socket.Send(new byte[50_000]);
        }
        AwaitAssert(() => Assert.Empty(Directory.GetFiles(node.PartialFolder, "cut.bin")));
        Assert.False(File.Exists(Path.Combine(node.Root, "cut.bin")));
        using var again = node.Seed();
        again.Send("P cut.bin");
        Assert.Equal("OK", again.RecvText(128));
    }

    internal static void AwaitAssert(Action assertion, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                SpinWait.SpinUntil(() => false, 50);
            }
        }
    }
}

/// <summary>The seed's do_list on a library with nothing in it.</summary>
public sealed class EmptyLibrarySpec(FilesNode node) : IClassFixture<FilesNode>
{
    [Fact]
    public void Do_list_on_an_empty_library_is_told_文件库为空_alone()
    {
        using var client = node.Seed();
        client.Send("L");
        Assert.Equal("文件库为空", client.RecvText(128));
        client.Send("G x");
        Assert.Equal("文件不存在", client.RecvText(128));
    }
}
