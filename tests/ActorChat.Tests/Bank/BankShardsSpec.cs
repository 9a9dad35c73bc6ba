using ActorChat.Bank;
using Akka.Cluster.Sharding;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// The account extractor reuses its shard-id strings instead of formatting one per message; the mapping
/// must stay Akka's own, or nodes of different builds would disagree about where an account lives.
/// </summary>
public sealed class BankShardsSpec
{
    [Fact]
    public void Account_shard_ids_are_the_ones_akkas_hash_code_extractor_gives()
    {
        IMessageExtractor ours = new BankShards.AccountExtractor();
        var akkas = HashCodeMessageExtractor.Create(100, m => ((IAccountCommand)m).AccountId, m => m);
        for (var i = 0; i < 10_000; i++)
        {
            var account = i % 3 == 0 ? $"acc-{i}" : $"客户-{i}-{Guid.NewGuid():N}";
            Assert.Equal(akkas.ShardId(account, null), ours.ShardId(account, null));
        }
        Assert.Equal(100, Enumerable.Range(0, 10_000).Select(i => ours.ShardId($"acc-{i}", null)).Distinct().Count());
    }
}
