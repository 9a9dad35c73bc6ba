using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Pattern;

namespace ActorChat.Bank;

/// <summary>The bank's two shard regions (registry keys under Akka.Hosting) and how their entities are made.</summary>
public sealed record BankRegions(IActorRef Accounts, IActorRef Transfers);

/// <summary>
/// Accounts and transfers are Akka.Cluster.Sharding entities: one live incarnation per id somewhere
/// in the cluster, found by the id every message already carries. Their state is in the journal, so
/// when a node dies its entities start again on another node from what they had persisted.
/// </summary>
public static class BankShards
{
    public const string AccountTypeName = "bank-account";
    public const string TransferTypeName = "bank-transfer";

    // Ten shards per node of a large cluster; enough to spread three nodes evenly.
    private const int Shards = 100;

    /// <summary>Routes every <see cref="IAccountCommand"/> by its account id.</summary>
    public sealed class AccountExtractor() : HashCodeMessageExtractor(Shards)
    {
        public override string? EntityId(object message) => message is IAccountCommand command ? command.AccountId : null;
    }

    /// <summary>Routes every <see cref="ITransferCommand"/> by its transfer id.</summary>
    public sealed class TransferExtractor() : HashCodeMessageExtractor(Shards)
    {
        public override string? EntityId(object message) => message is ITransferCommand command ? command.TransferId : null;
    }

    /// <summary>
    /// An account entity is its backoff supervisor: a crash stops the account, which restarts after a
    /// pause and recovers from its journal; messages meanwhile go to dead letters (the saga re-asks).
    /// </summary>
    public static Props AccountEntity(string accountId, BankSettings settings) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(AccountActor.Props(accountId), "account", settings.MinBackoff, settings.MaxBackoff, 0.2, -1)
                .WithSupervisorStrategy(EntityStoppingStrategy.Instance));

    /// <summary>A transfer entity reports the saga's end to whoever asked, then passivates (<see cref="TransferEntity"/>).</summary>
    public static Props TransferEntity(string transferId, IActorRef accounts, BankSettings settings) =>
        Bank.TransferEntity.Props(transferId, accounts, settings);

    /// <summary>Starts both regions outside Akka.Hosting (stand-alone bank systems); returns the running ones if started already.</summary>
    public static async Task<BankRegions> StartAsync(ActorSystem system, BankSettings settings)
    {
        var sharding = ClusterSharding.Get(system);
        var shardingSettings = ClusterShardingSettings.Create(system);
        var accounts = await sharding.StartAsync(AccountTypeName, id => AccountEntity(id, settings), shardingSettings,
            new AccountExtractor());
        var transfers = await sharding.StartAsync(TransferTypeName, id => TransferEntity(id, accounts, settings),
            shardingSettings, new TransferExtractor());
        return new BankRegions(accounts, transfers);
    }
}
