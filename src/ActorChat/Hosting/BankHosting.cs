using ActorChat.Bank;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;

namespace ActorChat.Hosting;

/// <summary>Registry key of the node's bank actor (<see cref="BankActor"/>): send it account and transfer commands.</summary>
public sealed class BankRegistryKey;

/// <summary>Registry key of the account shard region (<see cref="BankShards.AccountTypeName"/>).</summary>
public sealed class BankAccountRegion;

/// <summary>Registry key of the transfer shard region (<see cref="BankShards.TransferTypeName"/>).</summary>
public sealed class BankTransferRegion;

/// <summary>
/// The bank on a node: its journal (SQLite in the data folder by default, PostgreSQL shared by
/// several nodes), the account and transfer shard regions, and the bank actor in front of them.
/// </summary>
public static class BankHosting
{
    public static AkkaConfigurationBuilder WithBank(this AkkaConfigurationBuilder akka, BankSettings settings, string dataDirectory)
    {
        // Appended: a user's --set akka.persistence... still wins over the bank's defaults.
        akka.AddHocon(BankPersistence.Hocon(settings, dataDirectory), HoconAddMode.Append);
        if (BankPersistence.Setup(settings, dataDirectory) is { } setup)
            akka.AddSetup(setup);
        return akka
            .WithShardRegion<BankAccountRegion>(BankShards.AccountTypeName,
                id => BankShards.AccountEntity(id, settings), new BankShards.AccountExtractor(), new ShardOptions())
            .WithShardRegion<BankTransferRegion>(BankShards.TransferTypeName,
                (_, registry) => id => BankShards.TransferEntity(id, registry.Get<BankAccountRegion>(), settings),
                new BankShards.TransferExtractor(), new ShardOptions())
            .WithActors((system, registry) =>
            {
                // Accounts move between nodes (rebalance, a node lost): each node must read the same journal.
                if (settings.Store != BankStore.Sql && Akka.Cluster.Cluster.Get(system).Settings.SeedNodes.Count > 0)
                    system.Log.Warning("bank: actorchat.bank.store = {0} is this node's own journal; a bank on several " +
                                       "nodes needs one they share (actorchat.bank.store = postgresql)",
                        settings.Store.ToString().ToLowerInvariant());
                var regions = new BankRegions(registry.Get<BankAccountRegion>(), registry.Get<BankTransferRegion>());
                registry.Register<BankRegistryKey>(system.ActorOf(BankActor.Props(settings, regions), "bank"));
            });
    }

    public static (BankSettings Settings, string DataDirectory) Read(Config config) =>
        (BankSettings.Read(config), Settings.String(config, "actorchat.node.data"));
}
