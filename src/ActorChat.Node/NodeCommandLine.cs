using System.CommandLine;
using ActorChat.Hosting;
using Microsoft.Extensions.DependencyInjection;
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

        var stopping = node.Host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = ReportJoining(cluster, node.Config.GetStringList("akka.cluster.seed-nodes"), stopping);

        await node.Host.WaitForShutdownAsync();
        await node.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// Akka retries unreachable seeds by itself; this only makes sure the user sees that it is
    /// waiting, and when it is in, instead of a node that looks ready but serves no cluster.
    /// </summary>
    private static async Task ReportJoining(Akka.Cluster.Cluster cluster, IList<string> seeds, CancellationToken stopping)
    {
        if (seeds.Count == 0)
            return;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var waited = false;
        try
        {
            while (await Task.WhenAny(up.Task, Task.Delay(TimeSpan.FromSeconds(10), stopping)) != up.Task)
            {
                waited = true;
                Console.WriteLine($"cluster: cannot reach {string.Join(", ", seeds)} yet; still trying");
            }
            if (waited)
                Console.WriteLine($"cluster: joined, {cluster.State.Members.Count} members");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"actorchat: {message}");
        return 2;
    }
}
