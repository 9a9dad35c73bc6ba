using System.Text;
using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Echo;

/// <summary>The echo server's settings (hocon/echo.hocon), read once so a bad value stops the node before it binds.</summary>
public sealed record EchoSettings(int Port, int Backlog, TimeSpan IdleTimeout, byte[] Reply, string Dispatcher, int ChunkBytes, int SocketBufferBytes)
{
    public static EchoSettings Read(Config config) => new(
        Settings.Port(config, "actorchat.echo.port"),
        Settings.Int(config, "actorchat.echo.backlog", 1, 65535),
        Settings.Duration(config, "actorchat.echo.idle-timeout"),
        Encoding.UTF8.GetBytes(Settings.String(config, "actorchat.echo.reply")),
        Settings.String(config, "actorchat.echo.dispatcher"),
        Settings.Int(config, "actorchat.echo.chunk-bytes", 64, 1 << 20),
        Settings.Int(config, "actorchat.echo.socket-buffer-bytes", 2048, 16 << 20));
}
