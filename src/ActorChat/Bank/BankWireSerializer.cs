using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorChat.Bank;

/// <summary>
/// The bank's commands and replies between cluster nodes (a source account on one node asking a
/// destination on another for a credit, a caller's node starting a transfer): JSON with the record's name as manifest, like the
/// journal's <see cref="BankJsonSerializer"/>, instead of Newtonsoft's assembly-qualified type names.
/// </summary>
public sealed class BankWireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    // Everything routed to an account or a transfer, and what they answer.
    private static readonly Dictionary<string, Type> Types = typeof(IAccountCommand).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
                    && (typeof(IAccountCommand).IsAssignableFrom(t) || typeof(ITransferCommand).IsAssignableFrom(t)
                        || t == typeof(AccountBalance)))
        .ToDictionary(t => t.Name);

    public override int Identifier => 4712;

    public override string Manifest(object o) => o.GetType().Name;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"empty {manifest}")
            : throw new SerializationException($"unknown bank message '{manifest}'");
}
