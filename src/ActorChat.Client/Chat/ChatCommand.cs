using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace ActorChat.Client.Chat;

/// <summary>`chat --name alice [--host H] [--port P]`</summary>
public static class ChatCommand
{
    public static Command Build()
    {
        var name = new Option<string?>("--name") { Description = "name to join as (asked for when missing)" };
        var host = new Option<string>("--host") { Description = "node to connect to", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "the node's chat UDP port", DefaultValueFactory = _ => 8888 };
        var command = new Command("chat", "join the chat room") { name, host, port };
        command.SetAction(async (parse, cancellation) =>
        {
            IPAddress address;
            try
            {
                var hostName = parse.GetValue(host)!;
                address = IPAddress.TryParse(hostName, out var ip)
                    ? ip
                    : (await Dns.GetHostAddressesAsync(hostName, cancellation)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"actorchat: cannot resolve {parse.GetValue(host)}");
                return 1;
            }
            var client = new ChatClient(new IPEndPoint(address, parse.GetValue(port)), new ConsoleTerminal(),
                replyTimeout: TimeSpan.FromSeconds(3), heartbeat: TimeSpan.FromSeconds(15));
            return await client.RunAsync(parse.GetValue(name), cancellation);
        });
        return command;
    }
}
