using ActorChat.Hosting;

namespace ActorChat.Tests;

/// <summary>Starts real nodes for tests: loopback only, every service on port 0 (free ports), quiet logs.</summary>
public static class TestNodes
{
    /// <summary>
    /// HOCON for a test node: each read gives a fresh data folder, so nodes never share a journal
    /// or a library. Settings placed after it win.
    /// </summary>
    public static string Loopback => $$"""
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = WARNING
        actorchat.node.bind-address = "127.0.0.1"
        actorchat.node.console = off
        actorchat.node.data = {{NodeConfig.Quote(Directory.CreateTempSubdirectory("actorchat-test-").FullName)}}
        actorchat.files.root = {{NodeConfig.Quote(Directory.CreateTempSubdirectory("actorchat-library-").FullName)}}
        actorchat.chat.port = 0
        actorchat.echo.port = 0
        actorchat.files.port = 0
        actorchat.web.port = 0
        """;

    /// <summary>The same for a node started as a process (the executable's own flags).</summary>
    public static IEnumerable<string> ProcessArguments =>
    [
        "--chat-port", "0", "--echo-port", "0", "--files-port", "0", "--web-port", "0", "--remote-port", "0",
        "--no-console", "--data", Directory.CreateTempSubdirectory("actorchat-test-").FullName,
        "--files-root", Directory.CreateTempSubdirectory("actorchat-library-").FullName,
        "--set", "actorchat.node.bind-address=127.0.0.1",
    ];

    /// <summary>
    /// Downing for node processes that a test kills: the dead node is downed in seconds, but a live one
    /// starved of CPU by the other processes on two cores is not (a 10 s heartbeat pause). With that pause
    /// the survivors may notice the death seconds apart; each notice restarts stable-after, and the
    /// resolver downs EVERY node when no decision comes within stable-after + down-all-when-unstable
    /// (by default max(3/4 of stable-after, 4 s)), so that window must outlast the detectors' spread.
    /// </summary>
    public static IEnumerable<string> KillableClusterArguments =>
    [
        "--set", "akka.cluster.split-brain-resolver.stable-after=2s",
        "--set", "akka.cluster.failure-detector.acceptable-heartbeat-pause=10s",
        "--set", "akka.cluster.split-brain-resolver.down-all-when-unstable=15s",
    ];

    public static Task<ActorChatNode> StartAsync(string extraHocon = "") =>
        ActorChatNode.StartAsync(new NodeOptions { ExtraHocon = Loopback + "\n" + extraHocon });
}
