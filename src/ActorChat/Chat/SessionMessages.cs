using System.Net;

namespace ActorChat.Chat;

/// <summary>A parsed datagram handed from the edge to the session that owns its address.</summary>
public sealed record FromClient(IChatRequest Request);

/// <summary>Session to edge: send <paramref name="Output"/> to the member known as <paramref name="MemberId"/>.</summary>
public sealed record ReplyTo(long MemberId, IChatOutput Output);

/// <summary>
/// Session to edge: I hold no membership and have been idle; forget my address and stop me.
/// Anything the edge forwarded meanwhile comes back as <see cref="Redeliver"/>.
/// </summary>
public sealed record SessionIdle(long MemberId);

/// <summary>A request that reached a retiring session, handed back to the edge to route afresh.</summary>
public sealed record Redeliver(IPEndPoint From, IChatRequest Request);

/// <summary>
/// Edge to session, at node shutdown: tell the client the server is closing, send EXIT and leave
/// the room so the members on other nodes hear it. Answered with <see cref="SessionClosed"/>.
/// </summary>
public sealed record CloseSession(string Notice);

public sealed record SessionClosed
{
    public static readonly SessionClosed Instance = new();
}
