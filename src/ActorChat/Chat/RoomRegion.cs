using Akka.Cluster.Sharding;

namespace ActorChat.Chat;

/// <summary>
/// The rooms of the whole cluster: a shard region with one <see cref="RoomActor"/> per room name,
/// wherever in the cluster it lives. Also the ActorRegistry key under which the region is found.
/// </summary>
public sealed class RoomRegion
{
    public const string TypeName = "chat-room";

    /// <summary>Routes every <see cref="IRoomCommand"/> to the room it names.</summary>
    public sealed class MessageExtractor() : HashCodeMessageExtractor(maxNumberOfShards: 50)
    {
        public override string? EntityId(object message) => message is IRoomCommand command ? command.Room : null;
    }
}
