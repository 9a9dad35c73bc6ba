using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ActorChat.Hosting;

/// <summary>
/// The services a node runs, each read from its own HOCON section up front so that a bad value
/// stops the node before anything binds. A feature adds itself here and in its own *Hosting.cs.
/// </summary>
public sealed class NodeFeatures
{
    private readonly Config _config;
    private readonly (Bank.BankSettings Settings, string DataDirectory) _bank;

    private NodeFeatures(Config config)
    {
        _config = config;
        _bank = BankHosting.Read(config);
    }

    public static NodeFeatures Read(Config config)
    {
        return new NodeFeatures(config);
    }

    /// <summary>Actors and edges; each edge appends itself to <paramref name="edges"/> in the order its line is printed.</summary>
    public void Wire(AkkaConfigurationBuilder akka, IServiceCollection services, List<EdgeRegistration> edges)
    {
        akka.WithBank(_bank.Settings, _bank.DataDirectory);
    }

    /// <summary>Non-actor services (console reader, web server).</summary>
    public void WireServices(IServiceCollection services)
    {
    }
}
