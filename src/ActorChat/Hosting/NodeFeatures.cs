using System.Net;
using ActorChat.Echo;
using ActorChat.Web;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ActorChat.Hosting;

/// <summary>
/// The services a node runs, each read from its own HOCON section up front so that a bad value
/// stops the node before anything binds. A feature adds itself here and in its own *Hosting.cs.
/// </summary>
public sealed class NodeFeatures
{
    private readonly Config _config;

    private readonly IPAddress _bindAddress;
    private readonly EchoSettings _echo;
    private readonly WebSettings _web;

    private NodeFeatures(Config config)
    {
        _config = config;
        _bindAddress = BindAddress(config);
        _echo = EchoSettings.Read(config);
        _web = WebSettings.Read(config);
    }

    public static NodeFeatures Read(Config config)
    {
        return new NodeFeatures(config);
    }

    private static IPAddress BindAddress(Config config)
    {
        var text = Settings.String(config, "actorchat.node.bind-address");
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new ConfigError($"actorchat.node.bind-address: expected an IP address, got '{text}'");
    }

    /// <summary>Actors and edges; each edge appends itself to <paramref name="edges"/> in the order its line is printed.</summary>
    public void Wire(AkkaConfigurationBuilder akka, IServiceCollection services, List<EdgeRegistration> edges)
    {
        akka.WithEcho(_echo, _bindAddress, edges);
        akka.WithStatus(_web);
    }

    /// <summary>Non-actor services (console reader, web server).</summary>
    public void WireServices(IServiceCollection services)
    {
    }

    /// <summary>Kestrel and its services (the web server runs in the node's own host).</summary>
    public void WireWeb(WebApplicationBuilder builder) => builder.AddWeb(_web, _bindAddress);

    /// <summary>Middleware and endpoints, once the host is built.</summary>
    public void MapWeb(WebApplication app) => app.MapWeb(_web);

    public Task StartHostAsync(WebApplication app, CancellationToken cancellationToken) =>
        WebHosting.StartAsync(app, _web, cancellationToken);

    /// <summary>Services bound by the host itself rather than by an edge actor.</summary>
    public IEnumerable<ServiceBound> HostBindings(WebApplication app) => [WebHosting.Binding(app)];
}
