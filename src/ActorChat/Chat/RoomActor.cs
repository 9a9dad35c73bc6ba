using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorChat.Web;
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
    private readonly bool _sharded;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, Member> _bySession = new();

    // Who each edge delivers to, rebuilt only when membership changes, not per message.
    private ImmutableDictionary<IActorRef, ImmutableArray<long>>? _audience;

    public RoomActor(string room, bool sharded)
    {
        _room = room;
        _sharded = sharded;
        Receive<JoinRoom>(Join);
        Receive<PostToRoom>(Post);
        Receive<LeaveRoom>(Leave);
        Receive<AnnounceToRoom>(a => Broadcast(new AdminNotice(a.Text)));
        Receive<GetRoomMembers>(_ => Sender.Tell(new RoomMembers(_room, [.. _members.Keys.Order(StringComparer.Ordinal)])));
        Receive<Terminated>(t => SessionDied(t.ActorRef));
    }

    /// <param name="sharded">Under a shard region: the room passivates itself once its last member leaves.</param>
    public static Props Props(string room, bool sharded = false) => Akka.Actor.Props.Create(() => new RoomActor(room, sharded));

    private void Join(JoinRoom join)
    {
        if (join.Rejoin)
        {
            Rejoin(join);
            return;
        }
        if (_bySession.TryGetValue(join.Session, out var already) && already.Name == join.Name)
        {
            // The session asked again because our answer was slow: its first answer (and the OK) is on the way.
            join.Session.Tell(new JoinAccepted(_room, join.Name));
            return;
        }
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
        MembershipChanged();
        Context.Watch(member.Session);
        member.Outlet.Tell(new Deliver(JoinOk.Instance, [member.Id]));
        member.Session.Tell(new JoinAccepted(_room, member.Name));
        _log.Info("{0} joined room {1} ({2} members)", member.Name, _room, _members.Count);
    }

    /// <summary>
    /// This room restarted (rebalance, or its node was lost) and a member's session restores its
    /// membership: the clients never left, so nobody is welcomed and nobody gets OK again.
    /// </summary>
    private void Rejoin(JoinRoom join)
    {
        if (_bySession.ContainsKey(join.Session))
        {
            join.Session.Tell(new JoinAccepted(_room, join.Name));
            return;
        }
        if (_members.ContainsKey(join.Name))
        {
            join.Session.Tell(new JoinRejected(_room, join.Name, NameRules.NameTaken));
            return;
        }
        var member = new Member(join.Name, join.MemberId, join.Session, join.Outlet);
        _members.Add(member.Name, member);
        _bySession.Add(member.Session, member);
        MembershipChanged();
        Context.Watch(member.Session);
        member.Session.Tell(new JoinAccepted(_room, member.Name));
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
        {
            // Not a member here (this room restarted without it, or the session asked twice): it is out,
            // which is all it asked; a session waiting for this answer must not wait forever.
            Sender.Tell(new LeftRoom(_room, leave.Name, WasMember: false));
            return;
        }
        Remove(member);
        Broadcast(new MemberLeft(member.Name));
        if (leave.Reason is LeaveReason.Quit or LeaveReason.Expired)
            member.Outlet.Tell(new Deliver(Exit.Instance, [member.Id]));
        member.Session.Tell(new LeftRoom(_room, member.Name));
        _log.Info("{0} left room {1} ({2})", member.Name, _room, leave.Reason);
        PassivateIfEmpty();
    }

    private void SessionDied(IActorRef session)
    {
        if (!_bySession.TryGetValue(session, out var member))
            return;
        Remove(member);
        Broadcast(new MemberLeft(member.Name));
        member.Outlet.Tell(new Deliver(Exit.Instance, [member.Id]));
        _log.Warning("{0} left room {1}: its session stopped", member.Name, _room);
        PassivateIfEmpty();
    }

    // An empty room holds nothing worth keeping; the shard buffers anything sent meanwhile.
    private void PassivateIfEmpty()
    {
        if (_sharded && _members.Count == 0)
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
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
        MembershipChanged();
    }

    /// <summary>Membership changed: rebuild the fan-out lists lazily and show the room on this node's status page.</summary>
    private void MembershipChanged()
    {
        _audience = null;
        Context.System.EventStream.Publish(new StatusSection($"room:{_room}", new RoomStatus(
            _room,
            ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString(),
            [.. _members.Keys.Order(StringComparer.Ordinal)])));
    }

    private void Broadcast(IChatOutput output, Member? except = null)
    {
        // Member ids are per edge: the speaker's id means the speaker only on the speaker's own edge.
        foreach (var (outlet, ids) in Audience())
            outlet.Tell(new Deliver(output, ids, except is not null && except.Outlet.Equals(outlet) ? except.Id : Deliver.Nobody));
    }

    private ImmutableDictionary<IActorRef, ImmutableArray<long>> Audience() =>
        _audience ??= _members.Values
            .GroupBy(m => m.Outlet)
            .ToImmutableDictionary(g => g.Key, g => g.Select(m => m.Id).ToImmutableArray());
}
