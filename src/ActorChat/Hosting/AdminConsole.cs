using ActorChat.Chat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActorChat.Hosting;

/// <summary>
/// The seed's admin process: each line typed at the node's console goes to every member of the
/// default room as `\n管理员: text`. Off with --no-console; ends quietly when stdin closes.
/// </summary>
public sealed class AdminConsole(IRequiredActor<RoomRegion> rooms, ChatSettings settings) : BackgroundService
{
    // Keeps a notice well inside the stock client's 2048-byte read.
    private const int MaxChars = 300;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var target = await rooms.GetAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                // Console reads cannot be cancelled; abandon the blocked read when the node stops.
                line = await Task.Run(Console.In.ReadLine, CancellationToken.None).WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (line is null)
                return;
            line = line.Trim();
            if (line.Length == 0)
                continue;
            if (line.Length > MaxChars)
                line = line[..MaxChars];
            target.Tell(new AnnounceToRoom(settings.DefaultRoom, line));
        }
    }
}
