using System.Net;
using ActorChat.Chat;
using ActorChat.Hosting;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class UserSessionActorSpec : TestKit
{
    private const long Id = 42;
    private readonly TestProbe _rooms;
    private readonly TestProbe _outlet;

    public UserSessionActorSpec()
    {
        _rooms = CreateTestProbe("rooms");
        _outlet = CreateTestProbe("outlet");
    }

    private static ChatSettings Settings(string overrides = "") =>
        ChatSettings.From(NodeConfig.Load(new NodeOptions { ExtraHocon = overrides }));

    private IActorRef Session(ChatSettings settings) =>
        Sys.ActorOf(UserSessionActor.Props(Id, new IPEndPoint(IPAddress.Loopback, 5000), settings, _rooms.Ref, _outlet.Ref, "main"));

    private IActorRef Joined(string name, ChatSettings settings)
    {
        var session = Session(settings);
        session.Tell(new FromClient(new JoinRequest(name)));
        var join = _rooms.ExpectMsg<JoinRoom>();
        Assert.Equal(new JoinRoom("main", name, Id, session, _outlet.Ref), join);
        session.Tell(new JoinAccepted("main", name), _rooms.Ref);
        return session;
    }

    [Fact]
    public void A_valid_name_asks_the_room_to_join_as_that_name()
    {
        Joined("alice", Settings());
    }

    [Fact]
    public void A_bad_name_is_refused_by_the_session_without_bothering_the_room()
    {
        var session = Session(Settings());
        session.Tell(new FromClient(new JoinRequest("管理员")));
        var reply = _outlet.ExpectMsg<ReplyTo>();
        Assert.Equal(Id, reply.MemberId);
        Assert.Contains("管理员", Assert.IsType<JoinRefused>(reply.Output).Reason);
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void The_session_stamps_its_own_name_on_what_it_posts()
    {
        var session = Joined("alice", Settings());
        session.Tell(new FromClient(new SayRequest("alice", "hello")));
        Assert.Equal(new PostToRoom("main", "alice", "hello"), _rooms.ExpectMsg<PostToRoom>());
    }

    [Fact]
    public void Impersonation_is_refused_C_or_Q_for_another_name_gets_an_error()
    {
        var session = Joined("mallory", Settings());
        session.Tell(new FromClient(new SayRequest("alice", "I am alice")));
        Assert.Contains("not your name", Assert.IsType<ChatError>(_outlet.ExpectMsg<ReplyTo>().Output).Text);
        session.Tell(new FromClient(new QuitRequest("alice")));
        Assert.Contains("not your name", Assert.IsType<ChatError>(_outlet.ExpectMsg<ReplyTo>().Output).Text);
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_flooding_member_is_throttled_past_the_burst_and_told_once()
    {
        var session = Joined("alice", Settings("actorchat.chat.flood { rate = 0.001, burst = 3 }"));
        for (var i = 0; i < 10; i++)
            session.Tell(new FromClient(new SayRequest("alice", $"spam {i}")));

        Assert.Equal(["spam 0", "spam 1", "spam 2"], _rooms.ReceiveN(3).Cast<PostToRoom>().Select(p => p.Text));
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Contains("slow down", Assert.IsType<ChatError>(_outlet.ExpectMsg<ReplyTo>().Output).Text);
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Quit_leaves_the_room_and_the_session_can_join_again()
    {
        var session = Joined("alice", Settings());
        session.Tell(new FromClient(new QuitRequest("alice")));
        Assert.Equal(new LeaveRoom("main", "alice", LeaveReason.Quit), _rooms.ExpectMsg<LeaveRoom>());
        session.Tell(new LeftRoom("main", "alice"), _rooms.Ref);

        session.Tell(new FromClient(new JoinRequest("alice2")));
        Assert.Equal("alice2", _rooms.ExpectMsg<JoinRoom>().Name);
    }

    [Fact]
    public void A_repeated_join_with_the_same_name_is_answered_OK_again()
    {
        var session = Joined("alice", Settings());
        session.Tell(new FromClient(new JoinRequest("alice")));
        Assert.Equal(JoinOk.Instance, _outlet.ExpectMsg<ReplyTo>().Output);
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_join_under_another_name_from_the_same_address_replaces_the_dead_member()
    {
        var session = Joined("ghost", Settings());
        session.Tell(new FromClient(new JoinRequest("newcomer")));
        Assert.Equal(new LeaveRoom("main", "ghost", LeaveReason.Replaced), _rooms.ExpectMsg<LeaveRoom>());
        session.Tell(new LeftRoom("main", "ghost"), _rooms.Ref);
        Assert.Equal("newcomer", _rooms.ExpectMsg<JoinRoom>().Name);
    }

    [Fact]
    public void A_client_that_sent_heartbeats_and_went_silent_is_dropped()
    {
        var session = Joined("alice", Settings("actorchat.chat.heartbeat-timeout = 300ms"));
        session.Tell(new FromClient(new HeartbeatRequest("alice")));
        var leave = _rooms.ExpectMsg<LeaveRoom>(TimeSpan.FromSeconds(10));
        Assert.Equal(LeaveReason.Expired, leave.Reason);
    }

    [Fact]
    public void A_quiet_stock_client_that_never_sends_heartbeats_is_not_dropped_by_the_heartbeat_timeout()
    {
        Joined("alice", Settings("actorchat.chat.heartbeat-timeout = 100ms"));
        _rooms.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_stock_client_silent_past_the_idle_timeout_is_dropped()
    {
        Joined("alice", Settings("actorchat.chat { heartbeat-timeout = 1h, idle-timeout = 300ms }"));
        Assert.Equal(LeaveReason.Expired, _rooms.ExpectMsg<LeaveRoom>(TimeSpan.FromSeconds(10)).Reason);
    }

    [Fact]
    public void When_the_room_stops_under_a_member_the_session_rejoins_quietly()
    {
        var room = CreateTestProbe("room-entity");
        var session = Session(Settings());
        session.Tell(new FromClient(new JoinRequest("alice")));
        _rooms.ExpectMsg<JoinRoom>();
        session.Tell(new JoinAccepted("main", "alice"), room.Ref);

        Sys.Stop(room.Ref);
        var rejoin = _rooms.ExpectMsg<JoinRoom>();
        Assert.True(rejoin.Rejoin);
        Assert.Equal("alice", rejoin.Name);
        session.Tell(new JoinAccepted("main", "alice"), _rooms.Ref);
        session.Tell(new FromClient(new SayRequest("alice", "after the move")));
        Assert.Equal("after the move", _rooms.ExpectMsg<PostToRoom>().Text);
    }

    [Fact]
    public void A_join_the_room_never_answers_is_asked_again_until_it_does()
    {
        var session = Session(Settings("actorchat.chat.room-retry = 200ms"));
        session.Tell(new FromClient(new JoinRequest("carol")));
        var first = _rooms.ExpectMsg<JoinRoom>();
        // The region sent the first to a node being downed: it is gone, the session asks again.
        Assert.Equal(first, _rooms.ExpectMsg<JoinRoom>(TimeSpan.FromSeconds(5)));
        session.Tell(new JoinAccepted("main", "carol"), _rooms.Ref);
        session.Tell(new FromClient(new SayRequest("carol", "in at last")));
        // A retry already on its way when the answer came is passed over; none follows the answer.
        Assert.Equal("in at last", Assert.IsType<PostToRoom>(_rooms.FishForMessage(m => m is not JoinRoom)).Text);
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public void A_rejoin_lost_while_the_rooms_node_is_downed_is_asked_again()
    {
        var room = CreateTestProbe("room-entity");
        var session = Session(Settings("actorchat.chat.room-retry = 200ms"));
        session.Tell(new FromClient(new JoinRequest("alice")));
        _rooms.ExpectMsg<JoinRoom>();
        session.Tell(new JoinAccepted("main", "alice"), room.Ref);

        Sys.Stop(room.Ref);
        Assert.True(_rooms.ExpectMsg<JoinRoom>().Rejoin);
        Assert.True(_rooms.ExpectMsg<JoinRoom>(TimeSpan.FromSeconds(5)).Rejoin);
    }

    [Fact]
    public void A_quit_answered_by_a_room_that_no_longer_held_the_member_still_sends_EXIT()
    {
        var session = Joined("alice", Settings());
        session.Tell(new FromClient(new QuitRequest("alice")));
        Assert.Equal(LeaveReason.Quit, _rooms.ExpectMsg<LeaveRoom>().Reason);
        session.Tell(new LeftRoom("main", "alice", WasMember: false), _rooms.Ref);
        Assert.Equal(Exit.Instance, _outlet.ExpectMsg<ReplyTo>().Output);
        session.Tell(new FromClient(new JoinRequest("alice")));
        Assert.False(_rooms.ExpectMsg<JoinRoom>().Rejoin);
    }

    [Fact]
    public void A_late_acceptance_of_a_join_this_session_gave_up_is_undone()
    {
        var room = CreateTestProbe("room-entity");
        var session = Session(Settings());
        session.Tell(new FromClient(new JoinRequest("alice")));
        _rooms.ExpectMsg<JoinRoom>();
        session.Tell(new JoinRejected("main", "alice", NameRules.NameTaken), _rooms.Ref);

        // The answer to an earlier ask of the same join, accepted after the name came free.
        session.Tell(new JoinAccepted("main", "alice"), room.Ref);
        Assert.Equal(new LeaveRoom("main", "alice", LeaveReason.Replaced), room.ExpectMsg<LeaveRoom>());
    }

    [Fact]
    public void Closing_a_session_tells_the_client_sends_EXIT_and_leaves_the_room()
    {
        var session = Joined("alice", Settings());
        session.Tell(new CloseSession("closing"));
        Assert.Equal(new AdminNotice("closing"), _outlet.ExpectMsg<ReplyTo>().Output);
        Assert.Equal(Exit.Instance, _outlet.ExpectMsg<ReplyTo>().Output);
        Assert.Equal(new LeaveRoom("main", "alice", LeaveReason.NodeLeaving), _rooms.ExpectMsg<LeaveRoom>());
        session.Tell(new LeftRoom("main", "alice"), _rooms.Ref);
        ExpectMsg<SessionClosed>();
    }

    [Fact]
    public void Requests_before_joining_are_answered_join_first()
    {
        var session = Session(Settings());
        session.Tell(new FromClient(new SayRequest("alice", "hi")));
        Assert.Contains("join first", Assert.IsType<ChatError>(_outlet.ExpectMsg<ReplyTo>().Output).Text);
    }
}
