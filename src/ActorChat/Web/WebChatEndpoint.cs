using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using ActorChat.Chat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorChat.Web;

/// <summary>
/// `/chat/ws`: one WebSocket per browser member, bridged to its own <see cref="WebChatConnection"/> actor;
/// `/api/rooms`: who is in the room, asked of the room itself.
/// </summary>
public static class WebChatEndpoint
{
    /// <summary>Frames queued for a browser before it counts as not reading.</summary>
    private const int OutgoingFrames = 256;

    public static WebApplication MapWebChat(this WebApplication app)
    {
        app.UseWebSockets();
        app.Map("/chat/ws", async (HttpContext http, IRequiredActor<WebChatEdge> edge, ChatSettings settings) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
                return Results.BadRequest("expected a WebSocket request");
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(OutgoingFrames)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            var remote = new IPEndPoint(http.Connection.RemoteIpAddress ?? IPAddress.None, http.Connection.RemotePort);
            var connection = await (await edge.GetAsync(http.RequestAborted))
                .Ask<IActorRef>(new WebChatEdge.OpenConnection(outgoing.Writer, remote), TimeSpan.FromSeconds(5), http.RequestAborted);
            var sending = SendFrames(socket, outgoing.Reader, http.RequestAborted);
            try
            {
                await ReceiveFrames(socket, connection, settings.MaxDatagramBytes, http.RequestAborted);
            }
            finally
            {
                connection.Tell(PoisonPill.Instance);
                await sending;
            }
            return Results.Empty;
        });
        app.MapGet("/api/rooms", async (IRequiredActor<RoomRegion> rooms, ChatSettings chat, CancellationToken ct) =>
        {
            var actor = await rooms.GetAsync(ct);
            var members = await actor.Ask<RoomMembers>(new GetRoomMembers(chat.DefaultRoom), TimeSpan.FromSeconds(5), ct);
            return TypedResults.Ok(new[] { new { members.Room, Members = members.Names } });
        });
        return app;
    }

    private static async Task ReceiveFrames(WebSocket socket, IActorRef connection, int maxBytes, CancellationToken ct)
    {
        // Keep one byte over the limit, so the codec refuses a longer frame as too long; the rest is read and dropped.
        var frame = new byte[maxBytes + 1];
        var overflow = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    var into = length < frame.Length ? frame.AsMemory(length) : overflow.AsMemory();
                    result = await socket.ReceiveAsync(into, ct);
                    if (length < frame.Length)
                        length += result.Count;
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
                connection.Tell(new FromBrowser(frame.AsSpan(0, length).ToArray()));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The browser went away; the caller tells the actor.
        }
    }

    private static async Task SendFrames(WebSocket socket, ChannelReader<string> frames, CancellationToken ct)
    {
        try
        {
            await foreach (var text in frames.ReadAllAsync(ct))
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);
            if (socket.State == WebSocketState.Open)
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Closed underneath us.
        }
    }
}
