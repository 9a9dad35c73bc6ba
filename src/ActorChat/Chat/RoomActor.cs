using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Chat;

/// <summary>
/// One chat room: owns membership and the order of everything said in it. Members reach it only
/// through their user-session actors, which stamp their own name on what they post.
/// </summary>
public sealed class RoomActor : ReceiveActor
{
    private sealed record Member(string Name, long Id, IActorRef Session, IActorRef Outlet);

    private readonly string _room;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, Member> _bySession = new();

    // Who each edge delivers to, rebuilt only when membership changes, not per message.
    private ImmutableDictionary<IActorRef, ImmutableArray<long>>? _audience;

    public RoomActor(string room)
    {
        _room = room;
        Receive<JoinRoom>(Join);
        Receive<PostToRoom>(Post);
        Receive<LeaveRoom>(Leave);
        Receive<AnnounceToRoom>(a => Broadcast(new AdminNotice(a.Text)));
        Receive<CloseRoom>(Close);
        Receive<GetRoomMembers>(_ => Sender.Tell(new RoomMembers(_room, [.. _members.Keys.Order(StringComparer.Ordinal)])));
        Receive<Terminated>(t => SessionDied(t.ActorRef));
    }

    public static Props Props(string room) => Akka.Actor.Props.Create(() => new RoomActor(room));

    private void Join(JoinRoom join)
    {
        if (_members.ContainsKey(join.Name) || _bySession.ContainsKey(join.Session))
        {
            // Through the outlet like everything else, so the refusal can't overtake or trail a broadcast.
            join.Outlet.Tell(new Deliver(new JoinRefused(NameRules.NameTaken), [join.MemberId]));
            join.Session.Tell(new JoinRejected(_room, join.Name, NameRules.NameTaken));
            return;
        }

        // The seed's order: the others hear the welcome, then the newcomer gets OK.
        Broadcast(new MemberJoined(join.Name));
        var member = new Member(join.Name, join.MemberId, join.Session, join.Outlet);
        _members.Add(member.Name, member);
        _bySession.Add(member.Session, member);
        _audience = null;
        Context.Watch(member.Session);
        member.Outlet.Tell(new Deliver(JoinOk.Instance, [member.Id]));
        member.Session.Tell(new JoinAccepted(_room, member.Name));
        _log.Info("{0} joined room {1} ({2} members)", member.Name, _room, _members.Count);
    }

    private void Post(PostToRoom post)
    {
        if (Owner(post.Name) is not { } member)
            return;
        Broadcast(new MemberSaid(member.Name, post.Text), except: member);
    }

    private void Leave(LeaveRoom leave)
    {
        if (Owner(leave.Name) is not { } member)
            return;
        Remove(member);
        Broadcast(new MemberLeft(member.Name));
        if (leave.Reason != LeaveReason.Replaced)
            member.Outlet.Tell(new Deliver(Exit.Instance, [member.Id]));
        member.Session.Tell(new LeftRoom(_room, member.Name));
        _log.Info("{0} left room {1} ({2})", member.Name, _room, leave.Reason);
    }

    private void Close(CloseRoom close)
    {
        Broadcast(new AdminNotice(close.Notice));
        foreach (var (outlet, ids) in Audience())
            outlet.Tell(new Deliver(Exit.Instance, ids));
        var count = _members.Count;
        foreach (var member in _members.Values.ToList())
            Remove(member);
        Sender.Tell(new RoomClosed(_room, count));
    }

    private void SessionDied(IActorRef session)
    {
        if (!_bySession.TryGetValue(session, out var member))
            return;
        Remove(member);
        Broadcast(new MemberLeft(member.Name));
        member.Outlet.Tell(new Deliver(Exit.Instance, [member.Id]));
        _log.Warning("{0} left room {1}: its session stopped", member.Name, _room);
    }

    /// <summary>The member called <paramref name="name"/>, if the sender is the session that joined as it.</summary>
    private Member? Owner(string name)
    {
        if (_members.TryGetValue(name, out var member) && member.Session.Equals(Sender))
            return member;
        _log.Warning("Refused {0} for {1} in room {2}: not that member's session", Sender, name, _room);
        return null;
    }

    private void Remove(Member member)
    {
        _members.Remove(member.Name);
        _bySession.Remove(member.Session);
        Context.Unwatch(member.Session);
        _audience = null;
    }

    private void Broadcast(IChatOutput output, Member? except = null)
    {
        foreach (var (outlet, ids) in Audience())
            outlet.Tell(new Deliver(output, ids, except?.Id ?? Deliver.Nobody));
    }

    private ImmutableDictionary<IActorRef, ImmutableArray<long>> Audience() =>
        _audience ??= _members.Values
            .GroupBy(m => m.Outlet)
            .ToImmutableDictionary(g => g.Key, g => g.Select(m => m.Id).ToImmutableArray());
}
