using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using ActorChat.Web;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorChat.Hosting;

/// <summary>
/// A running ActorChat node: the web host (Kestrel and Akka.Hosting in one process), its ActorSystem
/// and the services its edges bound.
/// The node executable and the end-to-end tests both start nodes through here.
/// </summary>
public sealed class ActorChatNode : IAsyncDisposable
{
    public const string SystemName = "ActorChat";

    private const string HostLogCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private static readonly Regex EdgeBindFailure = new(@"\] (Bind failed for TCP channel|Failed to bind UDP channel) ");

    private ActorChatNode(IHost host, Config config, IReadOnlyList<ServiceBound> bindings)
    {
        Host = host;
        Config = config;
        Bindings = bindings;
    }

    public IHost Host { get; }
    public Config Config { get; }
    public IReadOnlyList<ServiceBound> Bindings { get; }
    public ActorSystem System => Host.Services.GetRequiredService<ActorSystem>();
    public ActorRegistry Registry => Host.Services.GetRequiredService<ActorRegistry>();

    public ServiceBound Binding(string service) =>
        Bindings.FirstOrDefault(b => b.Service == service)
        ?? throw new InvalidOperationException($"service {service} is not bound on this node");

    /// <summary>
    /// Builds the host from <paramref name="options"/>, starts it and waits for every edge to bind.
    /// Throws <see cref="ConfigError"/> for a problem the user can fix (bad setting, port in use).
    /// </summary>
    public static async Task<ActorChatNode> StartAsync(NodeOptions options, CancellationToken cancellationToken = default)
    {
        var config = NodeConfig.Load(options);
        var features = NodeFeatures.Read(config);
        var edges = new List<EdgeRegistration>();

        // The empty builder: no appsettings, environment variables or default logging; HOCON is the only configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start is logged by the host in full (a page of stack trace) and then thrown; the node reports
        // what was thrown, as one line for a port in use, so the host's copy is dropped until the node is up.
        var started = new StrongBox<bool>();
        builder.Logging.AddFilter(HostLogCategory, level => Volatile.Read(ref started.Value) && level >= LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddAkka(SystemName, (akka, services) =>
        {
            // Akka.IO logs an edge's failed bind with its stack trace; the edge reports it as one line (ConfigError).
            // Before our HOCON, which then decides the loggers and the level over this builder's defaults.
            akka.ConfigureLoggers(loggers => loggers.WithLogFilter(filter => filter.ExcludeMessageRegex(EdgeBindFailure)));
            akka.AddHocon(config, HoconAddMode.Prepend);
            features.Wire(akka, builder.Services, edges);
            akka.AddStartup((system, _) =>
            {
                // No seeds given: this node is the whole cluster until others join it.
                var cluster = Cluster.Get(system);
                if (cluster.Settings.SeedNodes.Count == 0)
                    cluster.Join(cluster.SelfAddress);
            });
        });
        features.WireServices(builder.Services);
        features.WireWeb(builder);

        var host = builder.Build();
        features.MapWeb(host);
        try
        {
            var bindings = new List<ServiceBound>();
            await features.StartHostAsync(host, cancellationToken);
            bindings.AddRange(await WaitForEdges(host, edges, cancellationToken));
            bindings.AddRange(features.HostBindings(host));
            host.Services.GetRequiredService<ActorSystem>().EventStream.Publish(new NodeServices(bindings));
            Volatile.Write(ref started.Value, true);
            return new ActorChatNode(host, config, bindings);
        }
        catch
        {
            await StopQuietly(host);
            throw;
        }
    }

    private static async Task<IReadOnlyList<ServiceBound>> WaitForEdges(
        IHost host, IEnumerable<EdgeRegistration> edges, CancellationToken cancellationToken)
    {
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        var bound = new List<ServiceBound>();
        foreach (var edge in edges)
        {
            var actor = await registry.GetAsync(edge.RegistryKey, cancellationToken);
            var result = await actor.Ask<IBindingResult>(GetBinding.Instance, TimeSpan.FromSeconds(30), cancellationToken);
            switch (result)
            {
                case ServiceBound b:
                    bound.Add(b);
                    break;
                case ServiceBindFailed f:
                    throw new ConfigError($"{f.Service}: {f.Reason}");
            }
        }
        return bound;
    }

    private static async Task StopQuietly(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Already failing; the original exception is the one worth reporting.
        }
        host.Dispose();
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopQuietly(Host);
    }
}
