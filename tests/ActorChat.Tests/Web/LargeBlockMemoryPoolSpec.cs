using ActorChat.Web;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The 64 KiB-block pool Kestrel's sockets use (the whole site and API run on it in the other web specs).</summary>
public sealed class LargeBlockMemoryPoolSpec
{
    [Fact]
    public void Blocks_are_64_KiB_and_a_returned_block_is_handed_out_again()
    {
        using var pool = (LargeBlockMemoryPool)new LargeBlockMemoryPoolFactory().Create();
        Assert.Equal(64 * 1024, pool.MaxBufferSize);

        var first = pool.Rent(100);
        Assert.Equal(64 * 1024, first.Memory.Length);
        first.Memory.Span.Fill(7);
        var second = pool.Rent();
        Assert.False(first.Memory.Span.Overlaps(second.Memory.Span));

        var memory = first.Memory;
        first.Dispose();
        using var third = pool.Rent();
        Assert.True(third.Memory.Span.Overlaps(memory.Span));
        second.Dispose();
    }

    [Fact]
    public void The_block_returned_last_is_rented_first()
    {
        // The one most likely still in the CPU's cache.
        using var pool = new LargeBlockMemoryPoolFactory().Create();
        var older = pool.Rent();
        var newer = pool.Rent();
        var newerMemory = newer.Memory;
        older.Dispose();
        newer.Dispose();
        using var next = pool.Rent();
        Assert.True(next.Memory.Span.Overlaps(newerMemory.Span));
    }

    [Fact]
    public void A_request_for_more_than_a_block_is_refused()
    {
        using var pool = new LargeBlockMemoryPoolFactory().Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(64 * 1024 + 1));
    }
}
