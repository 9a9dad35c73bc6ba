using System.Text;
using ActorChat.Files;
using Xunit;

namespace ActorChat.Tests.Files;

public sealed class LegacyCodecSpec
{
    private static LegacyRequest Parse(string s) => LegacyCodec.Parse(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void The_stock_clients_requests_parse_as_sent()
    {
        Assert.IsType<LegacyRequest.List>(Parse("L"));
        Assert.IsType<LegacyRequest.Quit>(Parse("Q"));
        Assert.Equal(new LegacyRequest.Get("a.txt"), Parse("G a.txt"));
        Assert.Equal(new LegacyRequest.Put("报告.pdf"), Parse("P 报告.pdf"));
    }

    [Fact]
    public void Line_ends_from_nc_are_trimmed()
    {
        Assert.IsType<LegacyRequest.List>(Parse("L\n"));
        Assert.Equal(new LegacyRequest.Get("a b.txt"), Parse("G a b.txt\r\n"));
    }

    [Fact]
    public void FRAMED_1_switches_protocol_even_with_a_request_behind_it()
    {
        Assert.IsType<LegacyRequest.SwitchToFramed>(Parse("FRAMED 1"));
        Assert.IsType<LegacyRequest.SwitchToFramed>(Parse("FRAMED 1\n"));
        Assert.IsType<LegacyRequest.SwitchToFramed>(Parse("FRAMED 1\nLIST\n"));
        Assert.Null(Assert.IsType<LegacyRequest.SwitchToFramed>(Parse("FRAMED 1\n")).Digest);
        Assert.Equal("xxh128", Assert.IsType<LegacyRequest.SwitchToFramed>(Parse("FRAMED 1 xxh128\nLIST\n")).Digest);
        Assert.Equal("md5", Assert.IsType<LegacyRequest.SwitchToFramed>(Parse("FRAMED 1 md5\r\n")).Digest);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("G")]
    [InlineData("list")]
    public void Anything_else_is_unknown_not_a_crash(string request) => Assert.IsType<LegacyRequest.Unknown>(Parse(request));

    [Fact]
    public void Bytes_that_are_not_UTF8_are_unknown() =>
        Assert.Equal(new LegacyRequest.Unknown("request is not UTF-8"), LegacyCodec.Parse(new byte[] { 0x47, 0x20, 0xff }));

    [Fact]
    public void The_listing_is_each_name_and_a_line_end_as_the_seed_builds_it() =>
        Assert.Equal("a.txt\nb.bin\n"u8.ToArray(), LegacyCodec.Listing(["a.txt", "b.bin"]));

    [Fact]
    public void Only_a_read_that_is_exactly_hash_hash_ends_an_upload()
    {
        Assert.True(LegacyCodec.IsEndMarker("##"u8));
        Assert.False(LegacyCodec.IsEndMarker("x##"u8));
        Assert.False(LegacyCodec.IsEndMarker("#"u8));
    }

    [Fact]
    public void Refusals_fit_the_stock_clients_128_byte_read()
    {
        Assert.True(Encoding.UTF8.GetByteCount(LegacyCodec.BadName("control characters are not allowed")) < 128);
        Assert.Equal("文件不存在", LegacyCodec.NoSuchFile);
        Assert.Equal("文件已存在", LegacyCodec.FileExists);
        Assert.Equal("文件库为空", LegacyCodec.LibraryEmpty);
    }
}
