using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ActorChat.Tests.Chat;
using ActorChat.Tests.Cluster;
using Xunit;

namespace ActorChat.Tests.Hosting;

/// <summary>The node executable as users run it: its output, its exit codes, Ctrl-C.</summary>
public sealed class NodeProcessSpec
{
    private static Process Start(params string[] args) => NodeProcess.Launch(args);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Help_lists_the_options_users_rely_on()
    {
        var (code, output, _) = await Run("--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--chat-port", "--remote-port", "--seed", "--data", "--no-console", "--config", "--set" })
            Assert.Contains(option, output);
    }

    [Fact]
    public async Task A_bad_setting_is_one_line_on_stderr_and_exit_code_2()
    {
        var (code, output, error) = await Run("--set", "actorchat.chat.port=banana", "--remote-port", "0");
        Assert.Equal(2, code);
        Assert.Equal("actorchat: actorchat.chat.port: expected a port from 0 to 65535, got 'banana'", error.Trim());
        Assert.DoesNotContain("ready", output);
    }

    [Fact]
    public async Task A_bad_port_flag_is_one_line_and_exit_code_2()
    {
        var (code, _, error) = await Run("--chat-port", "70000");
        Assert.Equal(2, code);
        Assert.Equal("actorchat: --chat-port 70000: expected a port from 0 to 65535", error.Trim());
    }

    [Theory]
    [InlineData("web", SocketType.Stream, "web: port {0} is already in use")]
    [InlineData("echo", SocketType.Stream, "echo: port {0} is already in use")]
    [InlineData("chat", SocketType.Dgram, "chat: cannot bind udp 127.0.0.1:{0}: port in use or not permitted")]
    public async Task A_port_in_use_is_one_line_on_stderr_exit_code_2_and_no_stack_trace_on_stdout(
        string service, SocketType type, string reason)
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (type == SocketType.Stream)
            squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var (code, output, error) = await Run([.. TestNodes.ProcessArguments, "--set", $"actorchat.{service}.port={port}"]);
        Assert.Equal(2, code);
        Assert.Equal($"actorchat: {string.Format(reason, port)}", error.Trim());
        Assert.DoesNotContain("Exception", output);
        Assert.DoesNotContain("ready", output);
    }

    [Fact]
    public async Task The_node_prints_its_services_then_ready_and_ctrl_c_ends_it_gracefully_with_exit_code_0()
    {
        using var process = Start([.. TestNodes.ProcessArguments]);
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            lines.Add(line);
            if (line.Contains("ready"))
                break;
        }
        Assert.Equal("ready", lines[^1]);
        var chat = Regex.Match(string.Join("\n", lines), @"^chat\s+udp\s+127\.0\.0\.1:(\d+)$", RegexOptions.Multiline);
        Assert.True(chat.Success, string.Join("\n", lines));

        using var alice = new UdpChatClient(new IPEndPoint(IPAddress.Loopback, int.Parse(chat.Groups[1].Value)));
        Assert.Equal("OK", await alice.Login("alice"));

        // What Ctrl-C sends.
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()]))
            await kill.WaitForExitAsync();

        Assert.Equal("\n管理员: 服务器即将关闭 (server shutting down)", await alice.Receive());
        Assert.Equal("EXIT", await alice.Receive());
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", (await process.StandardError.ReadToEndAsync()).Trim());
    }
}
