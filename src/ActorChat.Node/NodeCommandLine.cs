using System.CommandLine;
using ActorChat.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActorChat.Node;

/// <summary>The node's command line: shorthand flags from <see cref="NodeFlags"/>, config layering, and `scenario`.</summary>
public static class NodeCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("ActorChat node: the course's chat room, file, echo and web servers as Akka.NET actors.");

        var flags = NodeFlags.All.Select(f => (Flag: f, Option: new Option<string>(f.Name) { Description = f.Description })).ToList();
        foreach (var (_, option) in flags)
            root.Options.Add(option);

        var seed = new Option<string[]>("--seed")
        {
            Description = "host:port of a node to join (repeatable); without it the node forms a cluster of one",
            AllowMultipleArgumentsPerToken = false,
        };
        var noConsole = new Option<bool>("--no-console") { Description = "do not read admin notices from the console (for running as a service)" };
        var configFiles = new Option<string[]>("--config") { Description = "extra HOCON file over the defaults (repeatable)" };
        var sets = new Option<string[]>("--set") { Description = "path=value over everything else (repeatable), e.g. --set actorchat.chat.flood.rate=1000" };
        root.Options.Add(seed);
        root.Options.Add(noConsole);
        root.Options.Add(configFiles);
        root.Options.Add(sets);
        root.Subcommands.Add(ScenarioCommand.Build());

        root.SetAction(async (parse, cancellationToken) =>
        {
            NodeOptions options;
            try
            {
                var values = new Dictionary<string, string>();
                foreach (var (flag, option) in flags)
                {
                    if (parse.GetValue(option) is not { } value)
                        continue;
                    if (flag.IsPort && (!int.TryParse(value, out var port) || port is < 0 or > 65535))
                        throw new ConfigError($"{flag.Name} {value}: expected a port from 0 to 65535");
                    values[flag.Path] = flag.QuoteValue ? NodeConfig.Quote(value) : value;
                }
                if (parse.GetValue(noConsole))
                    values["actorchat.node.console"] = "off";
                options = new NodeOptions
                {
                    Flags = values,
                    Seeds = parse.GetValue(seed) ?? [],
                    ConfigFiles = parse.GetValue(configFiles) ?? [],
                    Sets = parse.GetValue(sets) ?? [],
                };
            }
            catch (ConfigError e)
            {
                return Fail(e.Message);
            }
            return await RunNode(options);
        });

        return root;
    }

    private static async Task<int> RunNode(NodeOptions options)
    {
        ActorChatNode node;
        try
        {
            node = await ActorChatNode.StartAsync(options);
        }
        catch (ConfigError e)
        {
            return Fail(e.Message);
        }

        foreach (var binding in node.Bindings)
            Console.WriteLine(binding);
        var cluster = Akka.Cluster.Cluster.Get(node.System);
        Console.WriteLine($"{"node",-6} tcp  {cluster.SelfAddress}");
        Console.WriteLine("ready");

        await node.Host.WaitForShutdownAsync();
        await node.DisposeAsync();
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"actorchat: {message}");
        return 2;
    }
}
