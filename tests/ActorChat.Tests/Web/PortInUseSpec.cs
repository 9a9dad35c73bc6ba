using System.Net;
using System.Net.Sockets;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>A port already taken stops the node with one clear line instead of a stack trace.</summary>
public sealed class PortInUseSpec
{
    [Theory]
    [InlineData("web")]
    [InlineData("echo")]
    public async Task Node_refuses_to_start_when_the_port_is_taken(string service)
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var port = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<ConfigError>(() => TestNodes.StartAsync($"actorchat.{service}.port = {port}"));
        Assert.Equal($"{service}: port {port} is already in use", error.Message);
    }
}
