using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace ActorChat.Bank;

/// <summary>
/// Journal format for the bank's events: plain JSON with a short manifest (the record's name), so a
/// journal row reads as {"TransferId":"t-7","To":"acc-3","Amount":50} and moving or renaming a
/// namespace does not break recovery (the default serializer stores assembly-qualified type names).
/// </summary>
public sealed class BankJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    // The manifest is part of the stored data: never change a name in this table, add new ones.
    private static readonly Dictionary<string, Type> Types = new()
    {
        ["AccountOpened"] = typeof(AccountOpened),
        ["TransferDebited"] = typeof(TransferDebited),
        ["TransferRefused"] = typeof(TransferRefused),
        ["TransferEnded"] = typeof(TransferEnded),
        ["CreditDecided"] = typeof(CreditDecided),
    };

    private static readonly Dictionary<Type, string> Manifests = Types.ToDictionary(kv => kv.Value, kv => kv.Key);

    public override int Identifier => 4711;

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} is not a bank event", nameof(o));

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"empty {manifest}")
            : throw new SerializationException($"unknown bank event manifest '{manifest}'");
}
