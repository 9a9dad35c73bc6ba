using ActorChat.Bank;
using Akka.Configuration;
using Akka.Hosting;

namespace ActorChat.Hosting;

/// <summary>Registry key of the node's bank actor (<see cref="BankActor"/>): send it account and transfer commands.</summary>
public sealed class BankRegistryKey;

/// <summary>The bank on a node: its journal (SQLite in the data folder by default) and the bank actor.</summary>
public static class BankHosting
{
    public static AkkaConfigurationBuilder WithBank(this AkkaConfigurationBuilder akka, BankSettings settings, string dataDirectory)
    {
        // Appended: a user's --set akka.persistence... still wins over the bank's defaults.
        akka.AddHocon(BankPersistence.Hocon(settings, dataDirectory), HoconAddMode.Append);
        if (BankPersistence.Setup(settings, dataDirectory) is { } setup)
            akka.AddSetup(setup);
        return akka.WithActors((system, registry) =>
            registry.Register<BankRegistryKey>(system.ActorOf(BankActor.Props(settings), "bank")));
    }

    public static (BankSettings Settings, string DataDirectory) Read(Config config) =>
        (BankSettings.Read(config), Settings.String(config, "actorchat.node.data"));
}
