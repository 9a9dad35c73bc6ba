using System.Collections.Immutable;
using Akka.Actor;

namespace ActorChat.Chat;

/// <summary>
/// Every chat message that may cross between nodes: serialized by <see cref="ChatSerializer"/>
/// (hocon/chat.hocon binds it), so journals and wire stay readable JSON.
/// </summary>
public interface IChatMessage;

/// <summary>A command for one named room; the room shard region routes on <see cref="Room"/>.</summary>
public interface IRoomCommand : IChatMessage
{
    string Room { get; }
}

/// <summary>
/// A session asks to join as <paramref name="Name"/>. <paramref name="Outlet"/> is the edge that
/// delivers to this member and <paramref name="MemberId"/> is how that edge knows the member.
/// </summary>
/// <remarks>
/// <paramref name="Rejoin"/> is set when the room restarted elsewhere (rebalance, lost node) and the
/// session is restoring its membership: no welcome, no OK, the client never noticed.
/// </remarks>
public sealed record JoinRoom(string Room, string Name, long MemberId, IActorRef Session, IActorRef Outlet, bool Rejoin = false) : IRoomCommand;

/// <summary>A session posts as its member; the room accepts it only from the session that joined.</summary>
public sealed record PostToRoom(string Room, string Name, string Text) : IRoomCommand;

/// <summary>Why a member left; all end the same way for the others (a leave notice).</summary>
public enum LeaveReason
{
    /// <summary>The client sent Q: it gets EXIT.</summary>
    Quit,

    /// <summary>Silent past its timeout: it gets EXIT in case it is still there.</summary>
    Expired,

    /// <summary>A new client on the same address joined under another name: the old one is gone, no EXIT.</summary>
    Replaced,

    /// <summary>The member's node is shutting down; its edge has already told the client and sent EXIT.</summary>
    NodeLeaving,
}

/// <summary>A session leaves the room.</summary>
public sealed record LeaveRoom(string Room, string Name, LeaveReason Reason) : IRoomCommand;

/// <summary>An admin notice typed at the node's console: `\n管理员: text` to every member.</summary>
public sealed record AnnounceToRoom(string Room, string Text) : IRoomCommand;

/// <summary>Who is in the room; answered with <see cref="RoomMembers"/>.</summary>
public sealed record GetRoomMembers(string Room) : IRoomCommand;

public sealed record JoinAccepted(string Room, string Name) : IChatMessage;

public sealed record JoinRejected(string Room, string Name, string Reason) : IChatMessage;

/// <summary>
/// The answer to <see cref="LeaveRoom"/>. <paramref name="WasMember"/> is false when the room did not hold
/// the name for that session, so it sent no leave notice and no EXIT.
/// </summary>
public sealed record LeftRoom(string Room, string Name, bool WasMember = true) : IChatMessage;

public sealed record RoomMembers(string Room, ImmutableArray<string> Names) : IChatMessage;

/// <summary>A room as the status page shows it: its members and the node that hosts it.</summary>
public sealed record RoomStatus(string Room, string Node, ImmutableArray<string> Members);

/// <summary>
/// The room's fan-out: one message per edge, not per member, so a chat line costs one actor
/// message per edge however many members read it. The edge encodes once and sends to every
/// member in <paramref name="To"/> except <paramref name="Except"/>.
/// </summary>
public sealed record Deliver(IChatOutput Output, ImmutableArray<long> To, long Except = Deliver.Nobody) : IChatMessage
{
    public const long Nobody = -1;
}
