using ActorChat.Chat;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Chat;

public sealed class RoomActorSpec : TestKit
{
    private const string Room = "main";
    private readonly IActorRef _room;
    private readonly TestProbe _outlet;

    public RoomActorSpec()
    {
        _room = Sys.ActorOf(RoomActor.Props(Room));
        _outlet = CreateTestProbe("outlet");
    }

    private TestProbe Join(string name, long id)
    {
        var session = CreateTestProbe($"session-{name}");
        _room.Tell(new JoinRoom(Room, name, id, session.Ref, _outlet.Ref), session.Ref);
        session.ExpectMsg<JoinAccepted>(a => a.Name == name);
        return session;
    }

    private Deliver NextDelivery() => _outlet.ExpectMsg<Deliver>();

    private static void AssertDelivery(Deliver deliver, IChatOutput output, params long[] to)
    {
        Assert.Equal(output, deliver.Output);
        Assert.Equal(to, deliver.To.Order());
    }

    [Fact]
    public void Do_login_welcomes_the_newcomer_to_the_others_then_answers_OK()
    {
        Join("alice", 1);
        AssertDelivery(NextDelivery(), JoinOk.Instance, 1);

        Join("bob", 2);
        var welcome = NextDelivery();
        Assert.Equal(new MemberJoined("bob"), welcome.Output);
        Assert.Equal(new long[] { 1L }, welcome.To.Order());
        AssertDelivery(NextDelivery(), JoinOk.Instance, 2);
    }

    [Fact]
    public void Second_member_with_same_name_is_refused_with_the_seeds_text()
    {
        Join("alice", 1);
        NextDelivery();
        var impostor = CreateTestProbe();
        _room.Tell(new JoinRoom(Room, "alice", 2, impostor.Ref, _outlet.Ref), impostor.Ref);
        impostor.ExpectMsg<JoinRejected>(r => r.Reason == "该用户存在");
        AssertDelivery(NextDelivery(), new JoinRefused("该用户存在"), 2);
    }

    [Fact]
    public void Do_chat_fans_out_to_everyone_but_the_speaker_in_one_delivery_per_edge()
    {
        var alice = Join("alice", 1);
        Join("bob", 2);
        Join("carol", 3);
        _outlet.ReceiveN(5);

        _room.Tell(new PostToRoom(Room, "alice", "hi all"), alice.Ref);
        var said = NextDelivery();
        Assert.Equal(new MemberSaid("alice", "hi all"), said.Output);
        Assert.Equal(1L, said.Except);
        Assert.Equal(new long[] { 1L, 2L, 3L }, said.To.Order());
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Members_on_two_edges_get_one_delivery_each_and_ids_are_only_excluded_on_the_speakers_edge()
    {
        var otherOutlet = CreateTestProbe("other-edge");
        var alice = Join("alice", 1);
        var bob = CreateTestProbe();
        // Ids are per edge: bob's edge also numbers from 1, so "except 1" must not reach it.
        _room.Tell(new JoinRoom(Room, "bob", 1, bob.Ref, otherOutlet.Ref), bob.Ref);
        bob.ExpectMsg<JoinAccepted>();
        _outlet.ReceiveN(2);
        otherOutlet.ExpectMsg<Deliver>();

        _room.Tell(new PostToRoom(Room, "alice", "across"), alice.Ref);
        var own = NextDelivery();
        Assert.Equal(new long[] { 1L }, own.To.Order());
        Assert.Equal(1L, own.Except);
        var other = otherOutlet.ExpectMsg<Deliver>();
        Assert.Equal(new long[] { 1L }, other.To.Order());
        Assert.Equal(Deliver.Nobody, other.Except);
    }

    [Fact]
    public void Do_quit_tells_the_others_and_sends_EXIT_to_the_leaver()
    {
        Join("alice", 1);
        var bob = Join("bob", 2);
        _outlet.ReceiveN(3);

        _room.Tell(new LeaveRoom(Room, "bob", LeaveReason.Quit), bob.Ref);
        var notice = NextDelivery();
        Assert.Equal(new MemberLeft("bob"), notice.Output);
        Assert.Equal(new long[] { 1L }, notice.To.Order());
        AssertDelivery(NextDelivery(), Exit.Instance, 2);
        bob.ExpectMsg<LeftRoom>();
    }

    [Fact]
    public void A_replaced_member_leaves_with_a_notice_but_no_EXIT_for_the_new_client_on_its_address()
    {
        Join("alice", 1);
        var ghost = Join("ghost", 2);
        _outlet.ReceiveN(3);

        _room.Tell(new LeaveRoom(Room, "ghost", LeaveReason.Replaced), ghost.Ref);
        Assert.Equal(new MemberLeft("ghost"), NextDelivery().Output);
        ghost.ExpectMsg<LeftRoom>();
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Impersonation_is_refused_a_session_cannot_post_or_quit_for_another_member()
    {
        Join("alice", 1);
        var mallory = Join("mallory", 2);
        _outlet.ReceiveN(3);

        _room.Tell(new PostToRoom(Room, "alice", "I am alice"), mallory.Ref);
        _room.Tell(new LeaveRoom(Room, "alice", LeaveReason.Quit), mallory.Ref);
        Assert.False(mallory.ExpectMsg<LeftRoom>().WasMember);
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        _room.Tell(new GetRoomMembers(Room));
        Assert.Equal(new[] { "alice", "mallory" }, ExpectMsg<RoomMembers>().Names.ToArray());
    }

    [Fact]
    public void A_join_asked_twice_by_the_same_session_gives_one_welcome_and_one_OK()
    {
        Join("alice", 1);
        var bob = Join("bob", 2);
        _outlet.ReceiveN(3);

        _room.Tell(new JoinRoom(Room, "bob", 2, bob.Ref, _outlet.Ref), bob.Ref);
        bob.ExpectMsg<JoinAccepted>(a => a.Name == "bob");
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        _room.Tell(new GetRoomMembers(Room));
        Assert.Equal(new[] { "alice", "bob" }, ExpectMsg<RoomMembers>().Names.ToArray());
    }

    [Fact]
    public void A_leave_for_a_name_the_room_does_not_hold_is_answered_without_notice_or_EXIT()
    {
        Join("alice", 1);
        _outlet.ReceiveN(1);
        var stranger = CreateTestProbe();

        _room.Tell(new LeaveRoom(Room, "bob", LeaveReason.Quit), stranger.Ref);
        Assert.Equal(new LeftRoom(Room, "bob", WasMember: false), stranger.ExpectMsg<LeftRoom>());
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Admin_notice_reaches_every_member()
    {
        Join("alice", 1);
        Join("bob", 2);
        _outlet.ReceiveN(3);

        _room.Tell(new AnnounceToRoom(Room, "server maintenance at noon"));
        var notice = NextDelivery();
        Assert.Equal(new AdminNotice("server maintenance at noon"), notice.Output);
        Assert.Equal(Deliver.Nobody, notice.Except);
        Assert.Equal(new long[] { 1L, 2L }, notice.To.Order());
    }

    [Fact]
    public void A_session_that_dies_leaves_the_room_with_a_notice()
    {
        Join("alice", 1);
        var bob = Join("bob", 2);
        _outlet.ReceiveN(3);

        Sys.Stop(bob.Ref);
        var notice = NextDelivery();
        Assert.Equal(new MemberLeft("bob"), notice.Output);
        Assert.Equal(new long[] { 1L }, notice.To.Order());
        _room.Tell(new GetRoomMembers(Room));
        Assert.Equal(new[] { "alice" }, ExpectMsg<RoomMembers>().Names.ToArray());
    }

    [Fact]
    public void A_rejoin_after_the_room_moved_restores_the_member_without_welcome_or_OK()
    {
        Join("alice", 1);
        NextDelivery();
        var bob = CreateTestProbe();
        _room.Tell(new JoinRoom(Room, "bob", 2, bob.Ref, _outlet.Ref, Rejoin: true), bob.Ref);
        bob.ExpectMsg<JoinAccepted>();
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        _room.Tell(new PostToRoom(Room, "bob", "still here"), bob.Ref);
        Assert.Equal(new MemberSaid("bob", "still here"), NextDelivery().Output);
    }

    [Fact]
    public void A_rejoin_under_a_name_taken_meanwhile_is_rejected_quietly()
    {
        Join("alice", 1);
        NextDelivery();
        var other = CreateTestProbe();
        _room.Tell(new JoinRoom(Room, "alice", 2, other.Ref, _outlet.Ref, Rejoin: true), other.Ref);
        other.ExpectMsg<JoinRejected>();
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_member_leaving_with_its_node_gets_no_EXIT_from_the_room_its_edge_sent_it()
    {
        Join("alice", 1);
        var bob = Join("bob", 2);
        _outlet.ReceiveN(3);

        _room.Tell(new LeaveRoom(Room, "bob", LeaveReason.NodeLeaving), bob.Ref);
        Assert.Equal(new MemberLeft("bob"), NextDelivery().Output);
        bob.ExpectMsg<LeftRoom>();
        _outlet.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
