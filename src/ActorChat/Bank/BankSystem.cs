using ActorChat.Hosting;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorChat.Bank;

/// <summary>
/// A stand-alone actor system running just the bank (scenarios, tests, benchmarks): the node's own
/// HOCON defaults, a local provider instead of the cluster, and the journal the settings choose.
/// </summary>
public static class BankSystem
{
    public static Config Config(BankSettings settings, string dataDirectory, string? extraHocon = null)
    {
        var local = ConfigurationFactory.ParseString("""
            akka.actor.provider = local
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
