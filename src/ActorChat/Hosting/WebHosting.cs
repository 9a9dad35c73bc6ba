using System.Net;
using ActorChat.Chat;
using ActorChat.Web;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorChat.Hosting;

/// <summary>Wires Kestrel, the site, the API and the status actor into the node.</summary>
public static class WebHosting
{
    /// <summary>The web's actors: the status actor, the publishers of the library and bank sections, the browser chat edge.</summary>
    public static AkkaConfigurationBuilder WithWeb(this AkkaConfigurationBuilder akka, WebSettings settings) =>
        akka.WithActors((system, registry, resolver) =>
        {
            registry.Register<StatusActor>(StartStatus(system, settings.StatusInterval, "status"));
            if (registry.TryGet<FilesHosting.LibraryKey>(out var library))
                system.ActorOf(LibraryStatusPublisher.Props(library, settings.SectionRefresh), "status-library");
            registry.Register<BankStatusPublisher>(system.ActorOf(BankStatusPublisher.Props(settings.SectionRefresh), "status-bank"));

            var chat = resolver.GetService<ChatSettings>();
            var edge = system.ActorOf(WebChatEdge.Props(chat, registry.Get<RoomRegion>()), "chat-web");
            registry.Register<WebChatEdge>(edge);
            // Browser members are closed like the UDP members, in the same phase (see ChatHosting).
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "close-web-chat-members", async () =>
            {
                await edge.Ask<WebChatEdge.MembersClosed>(new WebChatEdge.CloseMembers(chat.ClosingNotice), TimeSpan.FromSeconds(10));
                return Done.Instance;
            });
        });

    /// <summary>
    /// Starts the status actor already subscribed to what features publish. Publishers send a section only
    /// when it changes, so one published between <c>ActorOf</c> and the actor's <c>PreStart</c> would be
    /// lost for good (seen: the library section of a node whose library never changed).
    /// </summary>
    public static IActorRef StartStatus(ActorSystem system, TimeSpan interval, string name)
    {
        var status = system.ActorOf(StatusActor.Props(interval), name);
        foreach (var topic in StatusActor.Topics)
            system.EventStream.Subscribe(status, topic);
        return status;
    }

    public static void AddWeb(this WebApplicationBuilder builder, WebSettings settings, IPAddress bindAddress)
    {
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(bindAddress, settings.Port);
            kestrel.AddServerHeader = false;
        });
        // Kestrel's socket transport takes its memory pool from here: 64 KiB blocks instead of 4 KiB (LargeBlockMemoryPool).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.Services.AddRoutingCore();
        // actorchat.web.inline-scheduling (hocon/web.hocon says when it is safe).
        builder.Services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = settings.InlineScheduling);
        // While its logger is on at any level, ASP.NET Core's hosting starts an Activity and a logging scope for
        // every request; it only logs request start and finish (Information) and start-up errors, which are also
        // thrown. That per-request work was 4 % of the node's CPU for a cached 1 KiB file (perf; bench/README.md, Web).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddHostedService<WebChatShutdown>();
        builder.Services.AddBadRequestAnswers();
    }

    public static void MapWeb(this WebApplication app, WebSettings settings)
    {
        app.UseSite(settings);
        app.UseBadRequestAnswers();
        app.MapActorChatApi();
        app.MapWebChat();
        app.MapLibrary();
        app.MapBankApi();
    }

    /// <summary>Starts the host (Akka first, then Kestrel); a web port in use becomes one clear line.</summary>
    public static async Task StartAsync(WebApplication app, WebSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException
                                    { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                                    || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigError($"web: port {settings.Port} is already in use");
        }
    }

    /// <summary>The address Kestrel really bound (port 0 resolved).</summary>
    public static ServiceBound Binding(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no addresses");
        var uri = new Uri(addresses.Addresses.First());
        return new ServiceBound("web", "tcp", new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port));
    }
}
