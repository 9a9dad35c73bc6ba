using System.Text;
using ActorChat.Chat;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class NameRulesSpec
{
    [Theory]
    [InlineData("alice")]
    [InlineData("李雷")]
    [InlineData("a.b-c_d")]
    public void Plain_names_are_accepted(string name) => Assert.Null(NameRules.Check(name, 32));

    [Theory]
    [InlineData("", "为空")]
    [InlineData("管理员", "管理员")]
    [InlineData("我是管理员", "管理员")]
    [InlineData("ali ce", "空格")]
    [InlineData("ali\u3000ce", "空格")]
    [InlineData("ali\tce", "空格")]
    [InlineData("ali\u0001ce", "控制字符")]
    [InlineData("ali\u200Bce", "控制字符")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "太长")]
    public void Bad_names_are_refused_with_a_reason_that_fits_the_stock_clients_128_byte_read(string name, string expected)
    {
        var reason = NameRules.Check(name, 32);
        Assert.NotNull(reason);
        Assert.Contains(expected, reason);
        Assert.True(Encoding.UTF8.GetByteCount(reason) <= 128);
    }

    [Fact]
    public void Length_is_counted_in_utf8_bytes()
    {
        Assert.Null(NameRules.Check(new string('字', 10), 30));
        Assert.NotNull(NameRules.Check(new string('字', 11), 30));
    }
}
