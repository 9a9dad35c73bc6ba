using System.Collections.Immutable;
using ActorChat.Chat;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Chat;

/// <summary>Every message that may cross nodes survives the trip through the chat serializer.</summary>
public sealed class ChatSerializerSpec() : TestKit(ConfigurationFactory
    .ParseString(File.ReadAllText(Path.Combine(NodeConfig.HoconDirectory, "chat.hocon"))))
{
    public static TheoryData<object> Messages() =>
    [
        new PostToRoom("main", "bob", "你好 world"),
        new LeaveRoom("main", "bob", LeaveReason.NodeLeaving),
        new AnnounceToRoom("main", "notice"),
        new GetRoomMembers("main"),
        new JoinAccepted("main", "bob"),
        new JoinRejected("main", "bob", "该用户存在"),
        new LeftRoom("main", "bob"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Room_messages_round_trip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ChatSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var back = ((SerializerWithStringManifest)serializer).FromBinary(bytes, Serialization.ManifestFor(serializer, message));
        Assert.Equal(message, back);
    }

    [Fact]
    public void Deliveries_keep_their_output_type_recipients_and_actor_refs()
    {
        var probe = CreateTestProbe();
        var join = new JoinRoom("main", "bob", 8, probe.Ref, TestActor);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(join);
        var back = (JoinRoom)serializer.FromBinary(serializer.ToBinary(join), serializer.Manifest(join));
        Assert.Equal(probe.Ref, back.Session);
        Assert.Equal(TestActor, back.Outlet);

        foreach (IChatOutput output in new IChatOutput[]
                 {
                     JoinOk.Instance, Exit.Instance, new JoinRefused("x"), new MemberJoined("a"), new MemberLeft("a"),
                     new MemberSaid("a", "b"), new AdminNotice("n"), new ChatError("e"),
                 })
        {
            var deliver = new Deliver(output, [1, 2, 3], 2);
            var copy = (Deliver)serializer.FromBinary(serializer.ToBinary(deliver), serializer.Manifest(deliver));
            Assert.Equal(output, copy.Output);
            Assert.Equal(new long[] { 1, 2, 3 }, copy.To.ToArray());
            Assert.Equal(2, copy.Except);
        }

        var members = new RoomMembers("main", ["a", "b"]);
        var membersCopy = (RoomMembers)serializer.FromBinary(serializer.ToBinary(members), serializer.Manifest(members));
        Assert.Equal(new[] { "a", "b" }, membersCopy.Names.ToArray());
    }
}
