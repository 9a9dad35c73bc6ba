using System.Globalization;
using System.IO.Hashing;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ActorChat.Files;
using ActorChat.Hosting;
using Akka.Actor;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>The digest a framed session agrees on at the switch: XXH3-128 or SHA-256, SHA-256 when none is named.</summary>
public sealed class FramedDigestSpec(FilesNode node) : IClassFixture<FilesNode>
{
    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Expected(FileDigest digest, byte[] content) => digest == FileDigest.Sha256
        ? Convert.ToHexStringLower(SHA256.HashData(content))
        : XxHash128.HashToUInt128(content).ToString("x32", CultureInfo.InvariantCulture);

    public static TheoryData<string, string, byte[]> DigestsAndAwkwardFiles()
    {
        var data = new TheoryData<string, string, byte[]>();
        foreach (var digest in FileDigest.All)
        {
            data.Add(digest.Name, "empty", []);
            data.Add(digest.Name, "ends-with-marker", [.. RandomBytes(70_000, 1), (byte)'#', (byte)'#']);
            data.Add(digest.Name, "marker-inside", [.. RandomBytes(3000, 2), .. "##"u8.ToArray(), .. RandomBytes(200_000, 3)]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DigestsAndAwkwardFiles))]
    public async Task Either_digest_round_trips_any_file_and_both_ends_report_its_value(string digestName, string file, byte[] content)
    {
        var digest = FileDigest.Parse(digestName)!;
        var name = $"{digestName}-{file}";
        await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", node.Port, digest);
        var put = await client.PutAsync(name, new MemoryStream(content));
        Assert.Equal(Expected(digest, content), put.ServerDigest);
        Assert.True(put.Verified);
        var into = new MemoryStream();
        var get = await client.GetAsync(name, into);
        Assert.Equal(content, into.ToArray());
        Assert.Equal(digest, get.Digest);
        Assert.Equal(Expected(digest, content), get.ServerDigest);
        Assert.True(get.Verified);
    }

    [Fact]
    public void The_xxh128_value_is_the_canonical_one_xxhsum_prints()
    {
        // `xxhsum -H2` of empty input, seed 0.
        using var hasher = FileDigest.XxHash128.Start();
        Assert.Equal("99aa06d3014798d86001c324468d497f", hasher.FinishHex());
    }

    [Fact]
    public void The_original_switch_naming_no_digest_still_gets_SHA256_byte_for_byte()
    {
        File.WriteAllBytes(Path.Combine(node.Root, "old-client.txt"), "abc"u8.ToArray());
        using var socket = Raw();
        socket.Send("FRAMED 1\nGET 0 old-client.txt\n"u8.ToArray());
        var expected = $"OK FRAMED 1\nOK 3\nabcEND {Convert.ToHexStringLower(SHA256.HashData("abc"u8))}\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, expected.Length)));
    }

    [Fact]
    public void A_switch_naming_a_digest_is_answered_with_it_and_transfers_report_it()
    {
        File.WriteAllBytes(Path.Combine(node.Root, "named.txt"), "abc##"u8.ToArray());
        using var socket = Raw();
        socket.Send("FRAMED 1 xxh128\nGET 0 named.txt\n"u8.ToArray());
        var expected = $"OK FRAMED 1 xxh128\nOK 5\nabc##END {Expected(FileDigest.XxHash128, "abc##"u8.ToArray())}\n";
        Assert.Equal(expected, Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, expected.Length)));
    }

    [Fact]
    public void An_unknown_digest_is_refused_in_one_line_and_the_connection_can_switch_again()
    {
        using var socket = Raw();
        socket.Send("FRAMED 1 md5\n"u8.ToArray());
        var refusal = "ERR unknown digest 'md5': use xxh128 or sha256\n";
        Assert.Equal(refusal, Encoding.UTF8.GetString(SocketReads.ReadAtLeast(socket, Encoding.UTF8.GetByteCount(refusal))));
        socket.Send("FRAMED 1 sha256\n"u8.ToArray());
        Assert.Equal("OK FRAMED 1 sha256\n", Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, "OK FRAMED 1 sha256\n".Length)));
        socket.Send("LIST\n"u8.ToArray());
        Assert.StartsWith("OK ", Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, 3)));
    }

    [Fact]
    public async Task An_upload_whose_xxh128_does_not_match_is_refused_and_nothing_is_visible()
    {
        using (var socket = Raw())
        {
            socket.Send("FRAMED 1 xxh128\n"u8.ToArray());
            SocketReads.ReadAtLeast(socket, "OK FRAMED 1 xxh128\n".Length);
            socket.Send(Encoding.ASCII.GetBytes($"PUT 3 bad-xxh.bin\nabcEND {new string('0', 32)}\n"));
            var reply = Encoding.UTF8.GetString(SocketReads.ReadAtLeast(socket, "OK 0\nERR xxh128 mismatch".Length));
            Assert.StartsWith("OK 0\nERR xxh128 mismatch", reply);
        }
        await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", node.Port, FileDigest.XxHash128);
        Assert.DoesNotContain(await client.ListAsync(), e => e.Name == "bad-xxh.bin");
        Assert.False(File.Exists(Path.Combine(node.Root, "bad-xxh.bin")));
        LegacyProtocolSpec.AwaitAssert(() => Assert.False(File.Exists(Path.Combine(node.PartialFolder, "bad-xxh.bin"))));
    }

    [Fact]
    public async Task A_SHA256_trailer_in_an_xxh128_session_is_refused_as_the_wrong_trailer()
    {
        using var socket = Raw();
        socket.Send("FRAMED 1 xxh128\n"u8.ToArray());
        SocketReads.ReadAtLeast(socket, "OK FRAMED 1 xxh128\n".Length);
        socket.Send(Encoding.ASCII.GetBytes($"PUT 3 sha-in-xxh.bin\nabcEND {Convert.ToHexStringLower(SHA256.HashData("abc"u8))}\n"));
        var reply = Encoding.UTF8.GetString(SocketReads.ReadAtLeast(socket, "OK 0\nERR expected END xxh128".Length));
        Assert.StartsWith("OK 0\nERR expected END xxh128", reply);
        await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", node.Port, FileDigest.XxHash128);
        Assert.DoesNotContain(await client.ListAsync(), e => e.Name == "sha-in-xxh.bin");
    }

    [Theory]
    [InlineData("xxh128")]
    [InlineData("sha256")]
    public async Task A_cut_download_and_a_cut_upload_resume_and_verify_the_whole_file(string digestName)
    {
        var digest = FileDigest.Parse(digestName)!;
        var content = RandomBytes(2 << 20, 50);
        var get = $"resume-get-{digestName}.bin";
        await File.WriteAllBytesAsync(Path.Combine(node.Root, get), content);
        var held = new MemoryStream();
        using (var socket = Raw())
        {
            socket.Send(Encoding.ASCII.GetBytes($"FRAMED 1 {digestName}\nGET 0 {get}\n"));
            var head = $"OK FRAMED 1 {digestName}\nOK {content.Length}\n";
            held.Write(SocketReads.ReadAtLeast(socket, head.Length + 300_000).AsSpan(head.Length));
        }
        await using (var client = await FramedFileClient.ConnectAsync("127.0.0.1", node.Port, digest))
        {
            var offset = held.Length;
            var result = await client.GetAsync(get, held, offset);
            Assert.True(result.Verified);
            Assert.Equal(Expected(digest, content), result.ServerDigest);
            Assert.Equal(content.Length - offset, result.BytesMoved);
            Assert.Equal(content, held.ToArray());
        }

        var put = $"resume-put-{digestName}.bin";
        using (var socket = Raw())
        {
            socket.Send(Encoding.ASCII.GetBytes($"FRAMED 1 {digestName}\nPUT {content.Length} {put}\n"));
            var head = $"OK FRAMED 1 {digestName}\nOK 0\n";
            Assert.Equal(head, Encoding.ASCII.GetString(SocketReads.ReadAtLeast(socket, head.Length)));
            socket.Send(content, 0, 1 << 20, SocketFlags.None);
            LegacyProtocolSpec.AwaitAssert(() => Assert.True(new FileInfo(Path.Combine(node.PartialFolder, put)).Length > 0));
        }
        // The library learns of the cut when the session stops; until then the name is held.
        TransferResult? resumed = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (resumed is null)
        {
            await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", node.Port, digest);
            try
            {
                resumed = await client.PutAsync(put, new MemoryStream(content));
            }
            catch (FilesRefusedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        Assert.True(resumed.Verified);
        Assert.Equal(Expected(digest, content), resumed.ServerDigest);
        Assert.True(resumed.BytesMoved < content.Length, $"sent {resumed.BytesMoved} of {content.Length}: nothing was resumed");
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(node.Root, put)));
    }

    [Fact]
    public async Task The_library_remembers_each_digest_of_a_file_until_the_file_changes()
    {
        var path = Path.Combine(node.Root, "remembered.bin");
        var content = RandomBytes(100_000, 60);
        await File.WriteAllBytesAsync(path, content);
        var library = await node.Node.Registry.GetAsync<FilesHosting.LibraryKey>();
        async Task<DigestValue?> Known(FileDigest digest) =>
            (await library.Ask<FileReadable>(new OpenForRead("remembered.bin", digest), TimeSpan.FromSeconds(10))).Known;

        Assert.Null(await Known(FileDigest.XxHash128));
        await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", node.Port, FileDigest.XxHash128);
        Assert.True((await client.GetAsync("remembered.bin", new MemoryStream())).Verified);
        // The session tells the library after it answered the client: wait for it.
        await Eventually.Holds(async () =>
            Assert.Equal(new DigestValue(FileDigest.XxHash128, Expected(FileDigest.XxHash128, content)), await Known(FileDigest.XxHash128)));
        Assert.Null(await Known(FileDigest.Sha256));

        var changed = RandomBytes(100_000, 61);
        await File.WriteAllBytesAsync(path, changed);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Null(await Known(FileDigest.XxHash128));
        var into = new MemoryStream();
        var again = await client.GetAsync("remembered.bin", into);
        Assert.Equal(changed, into.ToArray());
        Assert.Equal(Expected(FileDigest.XxHash128, changed), again.ServerDigest);
    }

    private Socket Raw()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000 };
        socket.Connect("127.0.0.1", node.Port);
        return socket;
    }
}
