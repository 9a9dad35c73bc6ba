using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Pattern;
using Akka.Util;
using System.Globalization;

namespace ActorChat.Bank;

/// <summary>The bank's shard region (a registry key under Akka.Hosting): every account, and so every transfer.</summary>
public sealed record BankRegions(IActorRef Accounts);

/// <summary>
/// Accounts are Akka.Cluster.Sharding entities: one live incarnation per id somewhere in the cluster,
/// found by the id every message already carries. A transfer lives in its source account, so sharding
/// accounts shards transfers too. State is in the journal, so when a node dies its accounts start again
/// on another node from what they had persisted, and re-send the credits of their open transfers.
/// </summary>
public static class BankShards
{
    public const string AccountTypeName = "bank-account";

    // Ten shards per node of a large cluster; enough to spread three nodes evenly.
    private const int Shards = 100;

    /// <summary>Routes every <see cref="IAccountCommand"/> by its account id.</summary>
    public sealed class AccountExtractor() : HashCodeMessageExtractor(Shards)
    {
        // Akka's ShardId formats the number into a new string for every message; the same numbers, made once.
        private static readonly string[] ShardIds = Enumerable.Range(0, Shards).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        public override string? EntityId(object message) => message is IAccountCommand command ? command.AccountId : null;

        /// <summary>Akka's own mapping (MurmurHash of the entity id modulo the shard count), so every node agrees.</summary>
        public override string ShardId(string entityId, object? messageHint = null) =>
            ShardIds[Math.Abs(MurmurHash.StringHash(entityId)) % Shards];
    }

    /// <summary>
    /// An account entity is its backoff supervisor: a crash stops the account, which restarts after a
    /// pause and recovers from its journal; messages meanwhile go to dead letters (senders ask again).
    /// </summary>
    public static Props AccountEntity(string accountId, BankSettings settings) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(AccountActor.Props(accountId, settings.StepRetry), "account", settings.MinBackoff, settings.MaxBackoff, 0.2, -1)
                .WithSupervisorStrategy(EntityStoppingStrategy.Instance));

    /// <summary>Starts the region outside Akka.Hosting (stand-alone bank systems); returns the running one if started already.</summary>
    public static async Task<BankRegions> StartAsync(ActorSystem system, BankSettings settings)
    {
        var accounts = await ClusterSharding.Get(system).StartAsync(AccountTypeName, id => AccountEntity(id, settings),
            ClusterShardingSettings.Create(system), new AccountExtractor());
        return new BankRegions(accounts);
    }
}
