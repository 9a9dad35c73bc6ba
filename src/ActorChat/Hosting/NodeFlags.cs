namespace ActorChat.Hosting;

/// <summary>A command-line flag that is nothing but a shorthand for one HOCON path.</summary>
public sealed record NodeFlag(string Name, string Path, string Description, bool IsPort, bool QuoteValue);

/// <summary>
/// The node's shorthand flags. Users and scripts rely on these names: keep them stable.
/// A feature adds its flag here, next to the HOCON key it sets.
/// </summary>
public static class NodeFlags
{
    public static readonly IReadOnlyList<NodeFlag> All =
    [
        new("--chat-port", "actorchat.chat.port", "UDP port of the chat room (default 8888; 0 picks a free port)", IsPort: true, QuoteValue: false),
        new("--files-port", "actorchat.files.port", "TCP port of the file library (default 8080; 0 picks a free port)", IsPort: true, QuoteValue: false),
        new("--files-root", "actorchat.files.root", "library folder (default: library/ beside the data folder)", IsPort: false, QuoteValue: true),
        new("--echo-port", "actorchat.echo.port", "TCP port of the echo server (default 8888; 0 picks a free port)", IsPort: true, QuoteValue: false),
        new("--web-port", "actorchat.web.port", "HTTP port of the web site, API and status page (default 8000; 0 picks a free port)", IsPort: true, QuoteValue: false),
        new("--site", "actorchat.web.site", "folder the web server serves (default: the site/ shipped with the node)", IsPort: false, QuoteValue: true),
        new("--remote-port", "akka.remote.dot-netty.tcp.port", "Akka.Remote port for cluster traffic (default 4053; 0 picks a free port)", IsPort: true, QuoteValue: false),
        new("--data", "actorchat.node.data", "folder for the journal and state (default ./data)", IsPort: false, QuoteValue: true),
    ];
}
