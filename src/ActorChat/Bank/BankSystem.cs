using ActorChat.Hosting;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorChat.Bank;

/// <summary>
/// A stand-alone actor system running just the bank (scenarios, tests, benchmarks): the node's own
/// HOCON defaults, the journal the settings choose, and a cluster of one on a free loopback port
/// (accounts and transfers are sharded entities; <see cref="BankActor"/> joins it to itself).
/// </summary>
public static class BankSystem
{
    public static Config Config(BankSettings settings, string dataDirectory, string? extraHocon = null)
    {
        var local = ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
            akka.remote.dot-netty.tcp.port = 0
            akka.cluster.seed-nodes = []
            akka.loglevel = WARNING
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """);
        var config = local.WithFallback(BankPersistence.Hocon(settings, dataDirectory)).WithFallback(NodeConfig.Defaults());
        return extraHocon is null ? config : ConfigurationFactory.ParseString(extraHocon).WithFallback(config);
    }

    public static ActorSystem Start(string name, BankSettings settings, string dataDirectory, string? extraHocon = null)
    {
        var bootstrap = BootstrapSetup.Create().WithConfig(Config(settings, dataDirectory, extraHocon));
        var setup = BankPersistence.Setup(settings, dataDirectory);
        var system = ActorSystem.Create(name, setup is null ? ActorSystemSetup.Create(bootstrap) : bootstrap.And(setup));
        StartScheduler(system);
        return system;
    }

    /// <summary>
    /// Akka's scheduler starts on first use and whoever uses it first blocks until it has. When a
    /// thousand persistent actors start recovering at once they all arrive there together, block every
    /// thread-pool thread, and the run stalls (seen here on 2 cores). Using it once first avoids that.
    /// </summary>
    public static void StartScheduler(ActorSystem system) =>
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(1), static () => { });
}
