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

/// <summary>
/// The bank on a node: its journal (SQLite in the data folder by default, PostgreSQL shared by
/// several nodes), the account shard region (transfers live in their source accounts), and the bank
/// actor in front of it.
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
            .WithActors((system, registry) =>
            {
                // Accounts move between nodes (rebalance, a node lost): each node must read the same journal.
                if (settings.Store != BankStore.Sql && Akka.Cluster.Cluster.Get(system).Settings.SeedNodes.Count > 0)
                    system.Log.Warning("bank: actorchat.bank.store = {0} is this node's own journal; a bank on several " +
                                       "nodes needs one they share (actorchat.bank.store = postgresql)",
                        settings.Store.ToString().ToLowerInvariant());
                var regions = new BankRegions(registry.Get<BankAccountRegion>());
                registry.Register<BankRegistryKey>(system.ActorOf(BankActor.Props(settings, regions), "bank"));
            });
    }

    public static (BankSettings Settings, string DataDirectory) Read(Config config) =>
        (BankSettings.Read(config), Settings.String(config, "actorchat.node.data"));
}
