using System.Collections.Immutable;
using Akka.Actor;

namespace ActorChat.Chat;

/// <summary>A command for one named room; the rooms actor (later a shard region) routes on <see cref="Room"/>.</summary>
public interface IRoomCommand
{
    string Room { get; }
}

/// <summary>
/// A session asks to join as <paramref name="Name"/>. <paramref name="Outlet"/> is the edge that
/// delivers to this member and <paramref name="MemberId"/> is how that edge knows the member.
/// </summary>
public sealed record JoinRoom(string Room, string Name, long MemberId, IActorRef Session, IActorRef Outlet) : IRoomCommand;

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
}

/// <summary>A session leaves the room.</summary>
public sealed record LeaveRoom(string Room, string Name, LeaveReason Reason) : IRoomCommand;

/// <summary>An admin notice typed at the node's console: `\n管理员: text` to every member.</summary>
public sealed record AnnounceToRoom(string Room, string Text) : IRoomCommand;

/// <summary>Node shutdown: tell every member, send EXIT, forget them. Answered with <see cref="RoomClosed"/>.</summary>
public sealed record CloseRoom(string Room, string Notice) : IRoomCommand;

/// <summary>Who is in the room; answered with <see cref="RoomMembers"/>.</summary>
public sealed record GetRoomMembers(string Room) : IRoomCommand;

/// <summary>Close every room (node shutdown); answered with <see cref="RoomsClosed"/>.</summary>
public sealed record CloseAllRooms(string Notice)
{
}

/// <summary>Reply to <see cref="CloseAllRooms"/>.</summary>
public sealed record RoomsClosed(int Rooms);

public sealed record JoinAccepted(string Room, string Name);

public sealed record JoinRejected(string Room, string Name, string Reason);

public sealed record LeftRoom(string Room, string Name);

public sealed record RoomClosed(string Room, int Members);

public sealed record RoomMembers(string Room, ImmutableArray<string> Names);

/// <summary>
/// The room's fan-out: one message per edge, not per member, so a chat line costs one actor
/// message per edge however many members read it. The edge encodes once and sends to every
/// member in <paramref name="To"/> except <paramref name="Except"/>.
/// </summary>
public sealed record Deliver(IChatOutput Output, ImmutableArray<long> To, long Except = Deliver.Nobody)
{
    public const long Nobody = -1;
}
