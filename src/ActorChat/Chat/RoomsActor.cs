using Akka.Actor;

namespace ActorChat.Chat;

/// <summary>
/// Finds or creates the room a command names. On one node this is the whole directory; in a
/// cluster a shard region takes its place with the same <see cref="IRoomCommand"/> contract.
/// </summary>
public sealed class RoomsActor : ReceiveActor
{
    public RoomsActor()
    {
        Receive<IRoomCommand>(command => Room(command.Room).Forward(command));
        ReceiveAsync<CloseAllRooms>(async close =>
        {
            // Shutdown only: waiting here is fine, nothing else is served any more.
            var rooms = Context.GetChildren().ToList();
            await Task.WhenAll(rooms.Select(r =>
                r.Ask<RoomClosed>(new CloseRoom(Uri.UnescapeDataString(r.Path.Name), close.Notice), TimeSpan.FromSeconds(5))));
            Sender.Tell(new RoomsClosed(rooms.Count));
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new RoomsActor());

    private IActorRef Room(string name)
    {
        var childName = Uri.EscapeDataString(name);
        var child = Context.Child(childName);
        return child.IsNobody() ? Context.ActorOf(RoomActor.Props(name), childName) : child;
    }
}
