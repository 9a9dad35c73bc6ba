using ActorChat.Files;
using Xunit;

namespace ActorChat.Tests.Files;

public sealed class FileNamesSpec
{
    [Theory]
    [InlineData("a.txt")]
    [InlineData("报告 2024.pdf")]
    [InlineData("x..y")]
    [InlineData("C:thing")]
    public void Plain_names_are_accepted(string name) => Assert.Null(FileNames.Problem(name));

    [Theory]
    [InlineData("", "empty name")]
    [InlineData(".", "not a file name")]
    [InlineData("..", "not a file name")]
    [InlineData("../../etc/passwd", "no folders or paths")]
    [InlineData("/etc/passwd", "no folders or paths")]
    [InlineData("a/b", "no folders or paths")]
    [InlineData("..\\x", "no folders or paths")]
    [InlineData(".partial", "hidden names are reserved")]
    [InlineData("a\0b", "control characters are not allowed")]
    [InlineData("a\nb", "control characters are not allowed")]
    [InlineData("a\u007fb", "control characters are not allowed")]
    [InlineData(" a", "leading or trailing spaces")]
    public void Seed_traversals_and_odd_names_are_refused_with_a_reason(string name, string reason) =>
        Assert.Equal(reason, FileNames.Problem(name));

    [Fact]
    public void A_name_over_the_byte_limit_is_refused_counting_UTF8_bytes()
    {
        Assert.Null(FileNames.Problem(new string('字', 85))); // 255 bytes
        Assert.Equal("longer than 255 bytes", FileNames.Problem(new string('字', 86)));
        Assert.Equal("longer than 10 bytes", FileNames.Problem("abcdefghijk", maxBytes: 10));
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused() => Assert.Equal("not valid text", FileNames.Problem("a\ud800b"));

    [Fact]
    public void A_link_leading_out_of_the_library_does_not_resolve_but_one_inside_does()
    {
        var root = Directory.CreateTempSubdirectory("names").FullName;
        var outside = Path.GetTempFileName();
        try
        {
            File.WriteAllText(Path.Combine(root, "real.txt"), "x");
            File.CreateSymbolicLink(Path.Combine(root, "inside"), Path.Combine(root, "real.txt"));
            File.CreateSymbolicLink(Path.Combine(root, "escape"), outside);
            File.CreateSymbolicLink(Path.Combine(root, "dangling"), Path.Combine(root, "missing"));
            var real = FileNames.RealFolder(root);
            Assert.Equal(Path.Combine(real, "real.txt"), FileNames.ResolveInside(real, "inside"));
            Assert.Null(FileNames.ResolveInside(real, "escape"));
            Assert.Null(FileNames.ResolveInside(real, "dangling"));
            Assert.Equal(Path.Combine(real, "plain"), FileNames.ResolveInside(real, "plain"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            File.Delete(outside);
        }
    }
}
