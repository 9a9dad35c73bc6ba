using System.Text;
using ActorChat.Files;
using Xunit;

namespace ActorChat.Tests.Files;

public sealed class FramedCodecSpec
{
    [Fact]
    public void Requests_parse_with_their_numbers_and_names()
    {
        Assert.IsType<FramedRequest.List>(FramedCodec.Parse("LIST"));
        Assert.IsType<FramedRequest.Quit>(FramedCodec.Parse("QUIT\r"));
        Assert.Equal(new FramedRequest.Get(10, "a b.bin"), FramedCodec.Parse("GET 10 a b.bin"));
        Assert.Equal(new FramedRequest.Put(0, "x"), FramedCodec.Parse("PUT 0 x"));
    }

    [Theory]
    [InlineData("GET -1 x")]
    [InlineData("PUT 1e3 x")]
    [InlineData("PUT 99999999999999999999 x")]
    [InlineData("GET 1")]
    [InlineData("DELETE x")]
    public void Malformed_requests_are_bad_with_a_reason(string line) => Assert.IsType<FramedRequest.Bad>(FramedCodec.Parse(line));

    [Fact]
    public void End_trailer_needs_a_hex_value_as_long_as_the_sessions_digest()
    {
        var sha = new string('a', 64);
        Assert.Equal(sha, FramedCodec.ParseEnd("END " + sha.ToUpperInvariant(), FileDigest.Sha256));
        Assert.Null(FramedCodec.ParseEnd("END abc", FileDigest.Sha256));
        Assert.Null(FramedCodec.ParseEnd("DONE " + sha, FileDigest.Sha256));
        Assert.Null(FramedCodec.ParseEnd("END " + sha, FileDigest.XxHash128));
        var xxh = new string('b', 32);
        Assert.Equal(xxh, FramedCodec.ParseEnd("END " + xxh, FileDigest.XxHash128));
        Assert.Null(FramedCodec.ParseEnd("END " + xxh, FileDigest.Sha256));
        Assert.Null(FramedCodec.ParseEnd("END " + new string('g', 32), FileDigest.XxHash128));
    }

    [Fact]
    public void Listing_round_trips_names_with_spaces()
    {
        var bytes = FramedCodec.Listing([("a b.txt", 12), ("c", 0)]);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        Assert.Equal(2, FramedCodec.ParseOk(lines[0]));
        Assert.Equal(("a b.txt", 12L), FramedCodec.ParseListingLine(lines[1]));
        Assert.Equal(("c", 0L), FramedCodec.ParseListingLine(lines[2]));
    }

    [Fact]
    public void Line_buffer_cuts_lines_and_hands_back_the_raw_bytes_after_them()
    {
        var buffer = new FramedLineBuffer();
        buffer.Append("PUT 4 x\n##"u8);
        buffer.Append("\n#END"u8);
        Assert.True(buffer.TryTakeLine(out var line, out _));
        Assert.Equal("PUT 4 x", line);
        Assert.Equal("##\n#"u8.ToArray(), buffer.Take(4));
        Assert.False(buffer.TryTakeLine(out _, out var tooLong));
        Assert.False(tooLong);
        Assert.Equal(3, buffer.Count);
    }

    [Fact]
    public void Line_buffer_reports_a_line_over_the_limit()
    {
        var buffer = new FramedLineBuffer();
        buffer.Append(new byte[FramedCodec.MaxLineBytes + 1]);
        Assert.False(buffer.TryTakeLine(out _, out var tooLong));
        Assert.True(tooLong);
    }

    [Fact]
    public void A_line_that_is_not_UTF8_comes_back_null()
    {
        var buffer = new FramedLineBuffer();
        buffer.Append(new byte[] { 0xff, 0xfe, (byte)'\n' });
        Assert.True(buffer.TryTakeLine(out var line, out _));
        Assert.Null(line);
    }
}
