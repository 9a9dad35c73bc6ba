using ActorChat.Chat;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class TokenBucketSpec
{
    [Fact]
    public void A_full_bucket_allows_a_burst_then_refuses()
    {
        var now = TimeSpan.FromSeconds(10);
        var bucket = TokenBucket.Full(rate: 1, burst: 3, now);
        var taken = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            bucket = bucket.TryTake(now, out var ok);
            taken.Add(ok);
        }
        Assert.Equal([true, true, true, false], taken);
    }

    [Fact]
    public void Tokens_come_back_at_the_rate_and_never_exceed_the_burst()
    {
        var start = TimeSpan.Zero;
        var bucket = TokenBucket.Full(rate: 2, burst: 2, start);
        bucket = bucket.TryTake(start, out _).TryTake(start, out _);
        bucket.TryTake(start, out var empty);
        Assert.False(empty);

        bucket = bucket.TryTake(start + TimeSpan.FromSeconds(0.5), out var refilledOne);
        Assert.True(refilledOne);

        bucket = bucket.TryTake(start + TimeSpan.FromSeconds(100), out _);
        Assert.True(bucket.Tokens <= 2);
    }
}
