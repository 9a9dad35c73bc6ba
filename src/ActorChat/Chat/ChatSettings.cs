using System.Net;
using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Chat;

/// <summary>`actorchat.chat` (hocon/chat.hocon), read and checked once at start-up.</summary>
public sealed record ChatSettings(
    IPAddress BindAddress,
    int Port,
    string DefaultRoom,
    int MaxDatagramBytes,
    int MaxNameBytes,
    double FloodRate,
    double FloodBurst,
    TimeSpan HeartbeatTimeout,
    TimeSpan IdleTimeout,
    TimeSpan RoomRetry,
    string ClosingNotice,
    int SendBatch,
    int SendBufferBytes,
    int ReceiveBufferBytes)
{
    public static ChatSettings From(Config config)
    {
        const string c = "actorchat.chat";
        return new ChatSettings(
            Settings.Address(config, "actorchat.node.bind-address"),
            Settings.Port(config, $"{c}.port"),
            Settings.String(config, $"{c}.default-room"),
            Settings.Int(config, $"{c}.max-datagram-bytes", 16, 1900),
            Settings.Int(config, $"{c}.max-name-bytes", 1, 100),
            Settings.Double(config, $"{c}.flood.rate", 0.001, 1e9),
            Settings.Double(config, $"{c}.flood.burst", 1, 1e9),
            Settings.Duration(config, $"{c}.heartbeat-timeout"),
            Settings.Duration(config, $"{c}.idle-timeout"),
            Settings.Duration(config, $"{c}.room-retry"),
            Settings.String(config, $"{c}.closing-notice"),
            Settings.Int(config, $"{c}.send-batch", 1, 1024),
            Settings.Int(config, $"{c}.send-buffer-bytes", 4096, 1 << 30),
            Settings.Int(config, $"{c}.receive-buffer-bytes", 4096, 1 << 30));
    }
}
