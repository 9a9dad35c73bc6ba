using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace ActorChat.Web;

/// <summary>
/// Kestrel's socket memory pool with 64 KiB blocks instead of its fixed 4 KiB ones. A 1 MiB response body goes
/// through the connection's output pipe block by block (a lock, a rent, a copy and an iovec per block), so with
/// 4 KiB blocks that is 256 rounds per MiB; with 64 KiB, 16. Blocks are pinned arrays, reused, and kept for reuse
/// up to <see cref="MaxPooledBlocks"/>; idle connections hold none (Kestrel waits for data before renting).
/// </summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}

/// <summary>The pool <see cref="LargeBlockMemoryPoolFactory"/> hands Kestrel.</summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // 256 blocks = 16 MiB kept for reuse at most; beyond that, returned blocks are left to the GC.
    private const int MaxPooledBlocks = 256;

    // Last returned, first rented: that block is likely still in the CPU's cache (Kestrel's own pool is a queue,
    // which hands out the block returned longest ago). With SiteFileCache's 512 KiB write pieces, ~20 % less CPU
    // per 1 MiB response (bench/README.md, Web). Kestrel rents and returns from many threads: a short lock guards it.
    private readonly Stack<Block> _free = new();
    private readonly Lock _gate = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"at most {BlockSize}");
        lock (_gate)
        {
            if (_free.TryPop(out var block))
                return block;
        }
        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
        lock (_gate)
            _free.Clear();
    }

    private void Return(Block block)
    {
        lock (_gate)
        {
            if (_free.Count < MaxPooledBlocks)
                _free.Push(block);
        }
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public Memory<byte> Memory => _array;

        public void Dispose() => pool.Return(this);
    }
}
