using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorChat.Chat;

/// <summary>
/// JSON for <see cref="IChatMessage"/>s between nodes. The manifest is the type's short name, so
/// the wire names types on purpose rather than by assembly-qualified accident.
/// </summary>
public sealed class ChatSerializer : SerializerWithStringManifest
{
    private static readonly Dictionary<string, Type> Types = typeof(IChatMessage).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IChatMessage).IsAssignableFrom(t))
        .ToDictionary(t => t.Name);

    private readonly JsonSerializerOptions _options;

    public ChatSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = new JsonSerializerOptions { Converters = { new ActorRefConverter(system) } };
    }

    public override int Identifier => 4101;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, _options)!
            : throw new System.Runtime.Serialization.SerializationException($"unknown chat message type '{manifest}'");

    /// <summary>An actor reference travels as its full path, resolved again on the receiving node.</summary>
    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            system.Provider.ResolveActorRef(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Serialization.SerializedActorPath(value));
    }
}
