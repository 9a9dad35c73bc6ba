using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace ActorChat.Tests.Cluster;

/// <summary>
/// A node run as its own process (the real executable, test ports and folders from
/// <see cref="TestNodes.ProcessArguments"/>), with the endpoints it printed before <c>ready</c>.
/// Its output goes to <c>nodeproc-PID.log</c> (stderr) and <c>.log.out</c> (stdout, Akka's log) in
/// the temp folder, so a failing run can be read afterwards.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private NodeProcess(Process process, IPEndPoint chat, Uri web, int remotePort)
    {
        Process = process;
        Chat = chat;
        Web = web;
        RemotePort = remotePort;
    }

    public Process Process { get; }
    public IPEndPoint Chat { get; }
    public Uri Web { get; }
    public int RemotePort { get; }

    /// <summary>The node executable with exactly <paramref name="args"/>, its standard streams redirected.</summary>
    public static Process Launch(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actorchat-node.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    public static async Task<NodeProcess> StartAsync(IEnumerable<string> extra)
    {
        var process = Launch(TestNodes.ProcessArguments.Concat(extra));
        var log = Path.Combine(Path.GetTempPath(), $"nodeproc-{process.Id}.log");
        _ = Keep(process.StandardError, log);

        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            lines.Add(line);
            if (line == "ready")
                break;
        }
        // Keep draining stdout so the node never blocks on a full pipe.
        _ = Keep(process.StandardOutput, log + ".out");

        var text = string.Join("\n", lines);
        var chat = Regex.Match(text, @"^chat\s+udp\s+127\.0\.0\.1:(\d+)$", RegexOptions.Multiline);
        var web = Regex.Match(text, @"^web\s+tcp\s+127\.0\.0\.1:(\d+)$", RegexOptions.Multiline);
        var remote = Regex.Match(text, @"^node\s+tcp\s+akka\.tcp://ActorChat@127\.0\.0\.1:(\d+)$", RegexOptions.Multiline);
        Assert.True(chat.Success && web.Success && remote.Success, text);
        return new NodeProcess(process,
            new IPEndPoint(IPAddress.Loopback, int.Parse(chat.Groups[1].Value)),
            new Uri($"http://127.0.0.1:{web.Groups[1].Value}"),
            int.Parse(remote.Groups[1].Value));
    }

    /// <summary>
    /// <paramref name="count"/> nodes forming one cluster: the first joins itself, the others are started
    /// together with it as their seed. <paramref name="start"/> adds each test's own flags.
    /// </summary>
    public static async Task<List<NodeProcess>> StartClusterAsync(int count, Func<string[], Task<NodeProcess>> start)
    {
        var first = await start([]);
        var others = await Task.WhenAll(Enumerable.Range(1, count - 1)
            .Select(_ => start(["--seed", $"127.0.0.1:{first.RemotePort}"])));
        return [first, .. others];
    }

    /// <summary>SIGKILL: no shutdown, no leave; the cluster must find out by itself.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }

    private static Task Keep(StreamReader output, string file) => Task.Run(async () =>
    {
        while (await output.ReadLineAsync() is { } line)
            await File.AppendAllTextAsync(file, line + "\n");
    });
}
