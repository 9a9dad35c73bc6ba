using System.Security.Cryptography;
using ActorChat.Files;
using ActorChat.Hosting;
using Akka.Actor;
using System.Buffers;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>The upload actor as a session drives it: chunks in, "on disk" reports back, then the checked finish.</summary>
public sealed class FileUploadSpec : TestKit
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorchat-upload-spec").FullName;

    /// <summary>What the session hands over: bytes at the start of an array rented from the shared pool.</summary>
    private static UploadChunk Chunk(ReadOnlySpan<byte> bytes)
    {
        var rented = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(rented);
        return new UploadChunk(rented, bytes.Length);
    }

    [Fact]
    public void Every_chunk_on_disk_is_reported_and_the_file_is_checked_at_the_end()
    {
        var settings = FilesSettings.Read(NodeConfig.Load(new NodeOptions())) with { ChunkBytes = 1024, ChunksInFlight = 4 };
        var path = Path.Combine(_folder, ".upload.part");
        var content = RandomNumberGenerator.GetBytes(8 * 512);
        var upload = Sys.ActorOf(FileUpload.Props(TestActor, path, offset: 0, FileDigest.Sha256, settings));

        for (var i = 0; i < 8; i++)
            upload.Tell(Chunk(content.AsSpan(i * 512, 512)));
        for (var i = 0; i < 8; i++)
            ExpectMsg<ChunkWritten>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        upload.Tell(new FinishUpload(sha));
        var written = ExpectMsg<UploadWritten>();
        Assert.Equal(content.Length, written.Length);
        Assert.Equal(new DigestValue(FileDigest.Sha256, sha), written.Digest);
        Assert.Equal(content, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_wrong_checksum_stores_nothing()
    {
        var settings = FilesSettings.Read(NodeConfig.Load(new NodeOptions())) with { ChunkBytes = 1024, ChunksInFlight = 4 };
        var path = Path.Combine(_folder, ".bad.part");
        var upload = Sys.ActorOf(FileUpload.Props(TestActor, path, offset: 0, FileDigest.Sha256, settings));

        upload.Tell(Chunk(new byte[700]));
        ExpectMsg<ChunkWritten>();
        upload.Tell(new FinishUpload(new string('0', 64)));
        Assert.Equal("sha256 mismatch: the file was not stored", ExpectMsg<TransferFailed>().Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Bytes_left_past_the_offset_by_an_earlier_write_are_cut_before_the_upload_goes_on(int offset)
    {
        // The temporary file is no longer truncated unconditionally (ext4 would flush it on close); a
        // leftover longer than the agreed offset must still be cut, or stale bytes would end the file.
        var settings = FilesSettings.Read(NodeConfig.Load(new NodeOptions()));
        var path = Path.Combine(_folder, ".resumed.part");
        var earlier = RandomNumberGenerator.GetBytes(3000);
        File.WriteAllBytes(path, earlier);
        var rest = RandomNumberGenerator.GetBytes(500);
        var whole = earlier.Take(offset).Concat(rest).ToArray();
        var upload = Sys.ActorOf(FileUpload.Props(TestActor, path, offset, FileDigest.Sha256, settings));

        upload.Tell(Chunk(rest));
        ExpectMsg<ChunkWritten>();
        upload.Tell(new FinishUpload(Convert.ToHexStringLower(SHA256.HashData(whole))));
        Assert.Equal(whole.Length, ExpectMsg<UploadWritten>().Length);
        Assert.Equal(whole, File.ReadAllBytes(path));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            Directory.Delete(_folder, recursive: true);
    }
}
