using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ActorChat.Files;
using Akka.Actor;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>Our client's framed protocol: counted bytes and SHA-256, so any file round-trips and a cut transfer resumes.</summary>
public sealed class FramedProtocolSpec(FilesNode node) : IClassFixture<FilesNode>
{
    private Task<FramedFileClient> Connect() => FramedFileClient.ConnectAsync("127.0.0.1", node.Port);

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<(byte[] Bytes, TransferResult Result)> Download(FramedFileClient client, string name)
    {
        var into = new MemoryStream();
        var result = await client.GetAsync(name, into);
        return (into.ToArray(), result);
    }

    public static TheoryData<string, byte[]> AwkwardFiles() => new()
    {
        { "zero", [] },
        { "just-marker", "##"u8.ToArray() },
        { "ends-with-marker", [.. RandomBytes(5000, 3), (byte)'#', (byte)'#'] },
        { "marker-inside", [.. RandomBytes(3000, 4), .. "##"u8.ToArray(), .. RandomBytes(3000, 5)] },
        { "line-ends", "END 0\nOK 1\n\n"u8.ToArray() },
        { "random-1mb", RandomBytes(1 << 20, 6) },
    };

    [Theory]
    [MemberData(nameof(AwkwardFiles))]
    public async Task Any_binary_file_round_trips_exactly_even_with_hash_hash_inside_or_at_the_end(string name, byte[] content)
    {
        await using var client = await Connect();
        var put = await client.PutAsync(name, new MemoryStream(content));
        Assert.True(put.Verified);
        var (bytes, get) = await Download(client, name);
        Assert.Equal(content, bytes);
        Assert.True(get.Verified);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), get.ServerDigest);
        Assert.Contains(await client.ListAsync(), e => e.Name == name && e.Size == content.Length);
    }

    [Fact]
    public async Task A_file_replaced_behind_the_librarys_back_is_served_with_its_new_checksum()
    {
        var path = Path.Combine(node.Root, "replaced.bin");
        await File.WriteAllBytesAsync(path, RandomBytes(10_000, 20));
        await using var client = await Connect();
        Assert.True((await Download(client, "replaced.bin")).Result.Verified);
        var second = RandomBytes(10_000, 21);
        await File.WriteAllBytesAsync(path, second);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        var (bytes, result) = await Download(client, "replaced.bin");
        Assert.Equal(second, bytes);
        Assert.True(result.Verified);
    }

    [Fact]
    public void The_switch_and_the_first_requests_may_arrive_in_one_write()
    {
        File.WriteAllBytes(Path.Combine(node.Root, "pipelined.txt"), "abc"u8.ToArray());
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000 };
        socket.Connect("127.0.0.1", node.Port);
        socket.Send("FRAMED 1\nGET 0 pipelined.txt\nGET 2 pipelined.txt\n"u8.ToArray());
        var sha = Convert.ToHexStringLower(SHA256.HashData("abc"u8));
        var expected = $"{FramedCodec.Greeting}OK 3\nabcEND {sha}\nOK 3\ncEND {sha}\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, expected.Length)));
    }

    [Fact]
    public async Task A_64_MB_file_goes_up_and_comes_back_with_the_same_SHA256()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = RandomBytes(64 << 20, 7);
            await File.WriteAllBytesAsync(path, content);
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            await using var client = await Connect();
            await using (var source = File.OpenRead(path))
                Assert.Equal(sha, (await client.PutAsync("large.bin", source)).ServerDigest);
            await using var sink = new HashingSink();
            var get = await client.GetAsync("large.bin", sink);
            Assert.Equal(sha, get.ServerDigest);
            Assert.Equal(sha, sink.Sha256());
            Assert.Equal(64L << 20, sink.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_download_cut_midway_resumes_from_the_bytes_already_held()
    {
        var content = RandomBytes(3 << 20, 8);
        await File.WriteAllBytesAsync(Path.Combine(node.Root, "resume-get.bin"), content);
        byte[] held;
        using (var raw = RawFramed())
        {
            raw.Send(Encoding.ASCII.GetBytes("GET 0 resume-get.bin\n"));
            held = SocketReads.ReadAtLeast(raw, "OK 3145728\n".Length + 500_000)["OK 3145728\n".Length..];
        }
        var partial = new MemoryStream();
        partial.Write(held);
        await using var client = await Connect();
        var result = await client.GetAsync("resume-get.bin", partial, offset: held.Length);
        Assert.True(result.Verified);
        Assert.Equal(content.Length - held.Length, result.BytesMoved);
        Assert.Equal(content, partial.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a file on disk, read from the offset the server gives
    public async Task An_upload_cut_midway_is_invisible_then_resumes_where_it_stopped(bool fromFile)
    {
        var content = RandomBytes(2 << 20, 9);
        var name = fromFile ? "resume-put-file.bin" : "resume-put.bin";
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, content);
        using (var raw = RawFramed())
        {
            raw.Send(Encoding.ASCII.GetBytes($"PUT {content.Length} {name}\n"));
            Assert.Equal("OK 0\n", Encoding.ASCII.GetString(SocketReads.ReadAtLeast(raw, 5)));
            raw.Send(content, 0, 1 << 20, SocketFlags.None);
            await using var lister = await Connect();
            Assert.DoesNotContain(await lister.ListAsync(), e => e.Name == name);
        }
        Assert.False(File.Exists(Path.Combine(node.Root, name)));

        // The library learns of the cut when the session stops; until then the name is held.
        TransferResult? result = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (result is null)
        {
            await using var client = await Connect();
            try
            {
                await using var source = fromFile ? File.OpenRead(path) : (Stream)new MemoryStream(content);
                result = await client.PutAsync(name, source);
            }
            catch (FilesRefusedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(result.Verified);
        Assert.True(result.BytesMoved < content.Length, $"sent {result.BytesMoved} of {content.Length}: nothing was resumed");
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(node.Root, name)));
        File.Delete(path);
    }

    [Fact]
    public async Task A_cut_upload_nobody_resumes_is_deleted_after_the_resume_window()
    {
        using (var raw = RawFramed())
        {
            raw.Send(Encoding.ASCII.GetBytes("PUT 100000 abandoned.bin\n"));
            Assert.Equal("OK 0\n", Encoding.ASCII.GetString(SocketReads.ReadAtLeast(raw, 5)));
            raw.Send(new byte[40_000]);
            LegacyProtocolSpec.AwaitAssert(() => Assert.True(File.Exists(Path.Combine(node.PartialFolder, "abandoned.bin"))));
        }
        // resume-keep is 5 s in these tests.
        LegacyProtocolSpec.AwaitAssert(() => Assert.False(File.Exists(Path.Combine(node.PartialFolder, "abandoned.bin"))), seconds: 20);
        Assert.False(File.Exists(Path.Combine(node.Root, "abandoned.bin")));
    }

    [Fact]
    public async Task A_wrong_checksum_stores_nothing()
    {
        using var raw = RawFramed();
        raw.Send(Encoding.ASCII.GetBytes("PUT 3 bad-sum.bin\nabcEND " + new string('0', 64) + "\n"));
        var reply = Encoding.UTF8.GetString(SocketReads.ReadAtLeast(raw, "OK 0\nERR sha256 mismatch".Length));
        Assert.StartsWith("OK 0\nERR sha256 mismatch", reply);
        await using var client = await Connect();
        Assert.DoesNotContain(await client.ListAsync(), e => e.Name == "bad-sum.bin");
        LegacyProtocolSpec.AwaitAssert(() => Assert.False(File.Exists(Path.Combine(node.PartialFolder, "bad-sum.bin"))));
    }

    [Theory]
    [InlineData("../x", "no folders or paths")]
    [InlineData("/etc/passwd", "no folders or paths")]
    [InlineData("..", "not a file name")]
    [InlineData(".partial", "hidden names are reserved")]
    [InlineData("a\u0001b", "control characters are not allowed")]
    public async Task Bad_names_are_refused_for_get_and_put_and_the_session_stays_usable(string name, string reason)
    {
        await using var client = await Connect();
        var get = await Assert.ThrowsAsync<FilesRefusedException>(() => client.GetAsync(name, new MemoryStream()));
        Assert.Equal(LegacyCodec.BadName(reason), get.Message);
        var put = await Assert.ThrowsAsync<FilesRefusedException>(() => client.PutAsync(name, new MemoryStream([1, 2])));
        Assert.Equal(LegacyCodec.BadName(reason), put.Message);
        Assert.NotNull(await client.ListAsync());
    }

    [Fact]
    public async Task An_over_long_name_is_refused()
    {
        await using var client = await Connect();
        var e = await Assert.ThrowsAsync<FilesRefusedException>(() => client.GetAsync(new string('x', 256), new MemoryStream()));
        Assert.Equal(LegacyCodec.BadName("longer than 255 bytes"), e.Message);
    }

    [Fact]
    public async Task A_link_leading_out_of_the_library_is_neither_listed_nor_served()
    {
        var outside = Path.GetTempFileName();
        await File.WriteAllTextAsync(outside, "secret");
        try
        {
            File.CreateSymbolicLink(Path.Combine(node.Root, "escape-link"), outside);
            await using var client = await Connect();
            Assert.DoesNotContain(await client.ListAsync(), e => e.Name == "escape-link");
            var e = await Assert.ThrowsAsync<FilesRefusedException>(() => client.GetAsync("escape-link", new MemoryStream()));
            Assert.Equal(LegacyCodec.NoSuchFile, e.Message);
            await Assert.ThrowsAsync<FilesRefusedException>(() => client.PutAsync("escape-link", new MemoryStream([1])));
            Assert.Equal("secret", await File.ReadAllTextAsync(outside));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task Of_two_uploads_of_one_name_the_first_wins_and_the_second_is_told_文件已存在()
    {
        using var first = RawFramed();
        first.Send(Encoding.ASCII.GetBytes("PUT 2 same.bin\n"));
        Assert.Equal("OK 0\n", Encoding.ASCII.GetString(SocketReads.ReadAtLeast(first, 5)));

        await using var second = await Connect();
        var refused = await Assert.ThrowsAsync<FilesRefusedException>(() => second.PutAsync("same.bin", new MemoryStream([9, 9])));
        Assert.Equal(LegacyCodec.FileExists, refused.Message);

        first.Send([1, 2, .. Encoding.ASCII.GetBytes($"END {Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2 }))}\n")]);
        Assert.StartsWith("DONE ", Encoding.ASCII.GetString(SocketReads.ReadAtLeast(first, 5)));
        Assert.Equal([1, 2], await File.ReadAllBytesAsync(Path.Combine(node.Root, "same.bin")));
    }

    [Fact]
    public async Task Fifty_concurrent_clients_each_get_the_right_bytes()
    {
        var files = Enumerable.Range(0, 5).Select(i => RandomBytes(300_000 + i, 100 + i)).ToArray();
        for (var i = 0; i < files.Length; i++)
            await File.WriteAllBytesAsync(Path.Combine(node.Root, $"many-{i}.bin"), files[i]);
        var downloads = Enumerable.Range(0, 50).Select(async c =>
        {
            await using var client = await Connect();
            var (bytes, result) = await Download(client, $"many-{c % 5}.bin");
            return (c, bytes, result);
        });
        foreach (var (c, bytes, result) in await Task.WhenAll(downloads))
        {
            Assert.Equal(files[c % 5], bytes);
            Assert.True(result.Verified);
        }
    }

    [Fact]
    public async Task A_client_that_stops_reading_holds_back_only_its_own_download()
    {
        await File.WriteAllBytesAsync(Path.Combine(node.Root, "slow-reader.bin"), RandomBytes(16 << 20, 30));
        var other = RandomBytes(1 << 20, 31);
        await File.WriteAllBytesAsync(Path.Combine(node.Root, "other-reader.bin"), other);
        using var stalled = RawFramed();
        stalled.Send("GET 0 slow-reader.bin\n"u8.ToArray());
        SocketReads.ReadAtLeast(stalled, 100_000);
        // The stalled download sits on full socket buffers; everyone else carries on.
        await using var client = await Connect();
        for (var i = 0; i < 3; i++)
        {
            var (bytes, result) = await Download(client, "other-reader.bin");
            Assert.Equal(other, bytes);
            Assert.True(result.Verified);
        }
    }

    [Fact]
    public async Task A_listener_that_dies_is_bound_again_on_the_same_port()
    {
        var port = node.Port;
        var edge = await node.Node.Registry.GetAsync<FilesEdge>();
        var listener = await edge.Ask<IActorRef>(new FilesEdge.GetListener(), TimeSpan.FromSeconds(10));
        listener.Tell(PoisonPill.Instance);
        await Eventually.Holds(async () =>
        {
            var now = await edge.Ask<IActorRef>(new FilesEdge.GetListener(), TimeSpan.FromSeconds(10));
            Assert.NotEqual(listener, now);
        });
        await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", port);
        Assert.NotNull(await client.ListAsync());
    }

    [Fact]
    public async Task A_download_under_way_when_the_listener_dies_goes_on_to_its_end()
    {
        // The issue: "if it dies it is re-bound, and existing transfers go on". Sessions are the edge's
        // children, not the listener's, so the connection outlives it.
        var content = RandomBytes(32 << 20, 40);
        await File.WriteAllBytesAsync(Path.Combine(node.Root, "listener-cut.bin"), content);
        var edge = await node.Node.Registry.GetAsync<FilesEdge>();
        var listener = await edge.Ask<IActorRef>(new FilesEdge.GetListener(), TimeSpan.FromSeconds(10));
        using var raw = RawFramed(receiveBuffer: 64 * 1024);
        var header = $"OK {content.Length}\n";
        var trailer = $"END {Convert.ToHexStringLower(SHA256.HashData(content))}\n";
        raw.Send(Encoding.ASCII.GetBytes("GET 0 listener-cut.bin\n"));
        var start = SocketReads.ReadAtLeast(raw, header.Length + 500_000);
        listener.Tell(PoisonPill.Instance);
        await Eventually.Holds(async () =>
        {
            var now = await edge.Ask<IActorRef>(new FilesEdge.GetListener(), TimeSpan.FromSeconds(10));
            Assert.NotEqual(listener, now);
        });
        var rest = SocketReads.ReadAtLeast(raw, header.Length + content.Length + trailer.Length - start.Length);
        var all = start.Concat(rest).ToArray();
        Assert.Equal(header, Encoding.ASCII.GetString(all, 0, header.Length));
        Assert.Equal(content, all.AsSpan(header.Length, content.Length).ToArray());
        Assert.Equal(trailer, Encoding.ASCII.GetString(all, header.Length + content.Length, trailer.Length));
        // And the new listener serves new clients meanwhile.
        await using var client = await Connect();
        Assert.NotNull(await client.ListAsync());
    }

    private Socket RawFramed(int? receiveBuffer = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000 };
        if (receiveBuffer is { } bytes)
            socket.ReceiveBufferSize = bytes;
        socket.Connect("127.0.0.1", node.Port);
        socket.Send("FRAMED 1\n"u8.ToArray());
        Assert.Equal(FramedCodec.Greeting, Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, FramedCodec.Greeting.Length)));
        return socket;
    }

    /// <summary>A write-only stream that keeps the SHA-256 and length, so a large download needs no memory.</summary>
    private sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());
        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            _length += count;
        }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
