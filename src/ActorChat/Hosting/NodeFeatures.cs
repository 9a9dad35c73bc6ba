using System.Net;
using ActorChat.Chat;
using ActorChat.Echo;
using ActorChat.Files;
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
    private NodeFeatures(Config config)
    {
        Config = config;
        BindAddress = Settings.Address(config, "actorchat.node.bind-address");
        Console = Settings.Bool(config, "actorchat.node.console");
        Chat = ChatSettings.From(config);
        Echo = EchoSettings.Read(config);
        Files = FilesSettings.Read(config);
        Web = WebSettings.Read(config);
        Bank = BankHosting.Read(config);
    }

    public Config Config { get; }
    public IPAddress BindAddress { get; }
    public bool Console { get; }
    public ChatSettings Chat { get; }
    public EchoSettings Echo { get; }
    public FilesSettings Files { get; }
    public WebSettings Web { get; }
    public (Bank.BankSettings Settings, string DataDirectory) Bank { get; }

    public static NodeFeatures Read(Config config) => new(config);

    /// <summary>Actors and edges; each edge appends itself to <paramref name="edges"/> in the order its line is printed.</summary>
    public void Wire(AkkaConfigurationBuilder akka, IServiceCollection services, List<EdgeRegistration> edges)
    {
        akka.WithChat(Chat, edges);
        akka.WithEcho(Echo, BindAddress, edges);
        akka.WithFiles(Files, BindAddress, edges);
        akka.WithBank(Bank.Settings, Bank.DataDirectory);
        akka.WithWeb(Web);
    }

    /// <summary>Non-actor services (console reader, web server).</summary>
    public void WireServices(IServiceCollection services)
    {
        services.AddSingleton(Chat);
        if (Console)
            services.AddHostedService<AdminConsole>();
    }

    /// <summary>Kestrel and its services (the web server runs in the node's own host).</summary>
    public void WireWeb(WebApplicationBuilder builder) => builder.AddWeb(Web, BindAddress);

    /// <summary>Middleware and endpoints, once the host is built.</summary>
    public void MapWeb(WebApplication app) => app.MapWeb(Web);

    public Task StartHostAsync(WebApplication app, CancellationToken cancellationToken) =>
        WebHosting.StartAsync(app, Web, cancellationToken);

    /// <summary>Services bound by the host itself rather than by an edge actor.</summary>
    public IEnumerable<ServiceBound> HostBindings(WebApplication app) => [WebHosting.Binding(app)];
}
