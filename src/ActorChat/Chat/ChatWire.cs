using System.Text.Json.Serialization;

namespace ActorChat.Chat;

/// <summary>A datagram from a client, parsed once at the edge (PROTOCOLS.md §1).</summary>
public interface IChatRequest;

/// <summary>`L name`: join the room.</summary>
public sealed record JoinRequest(string Name) : IChatRequest;

/// <summary>`C name text`: say something. The name is the client's claim; the session checks it.</summary>
public sealed record SayRequest(string Name, string Text) : IChatRequest;

/// <summary>`Q name`: leave the room.</summary>
public sealed record QuitRequest(string Name) : IChatRequest;

/// <summary>`H name`: our client's keep-alive; the stock client never sends it.</summary>
public sealed record HeartbeatRequest(string Name) : IChatRequest;

/// <summary>A datagram that is not a request; <paramref name="Reason"/> goes back to the sender.</summary>
public sealed record MalformedRequest(string Reason) : IChatRequest;

/// <summary>Something the edge turns into one datagram to a client.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(JoinOk), "ok")]
[JsonDerivedType(typeof(JoinRefused), "refused")]
[JsonDerivedType(typeof(Exit), "exit")]
[JsonDerivedType(typeof(MemberJoined), "joined")]
[JsonDerivedType(typeof(MemberLeft), "left")]
[JsonDerivedType(typeof(MemberSaid), "said")]
[JsonDerivedType(typeof(AdminNotice), "admin")]
[JsonDerivedType(typeof(ChatError), "error")]
public interface IChatOutput;

/// <summary>`OK`: the join was accepted. The stock client compares the reply to exactly these bytes.</summary>
public sealed record JoinOk : IChatOutput
{
    public static readonly JoinOk Instance = new();
}

/// <summary>The join was refused: the reason alone, which the stock client prints.</summary>
public sealed record JoinRefused(string Reason) : IChatOutput;

/// <summary>`EXIT`: the stock client's receiver stops on exactly these bytes.</summary>
public sealed record Exit : IChatOutput
{
    public static readonly Exit Instance = new();
}

/// <summary>`\n欢迎 name 进入聊天室`</summary>
public sealed record MemberJoined(string Name) : IChatOutput;

/// <summary>`\nname 退出聊天室`</summary>
public sealed record MemberLeft(string Name) : IChatOutput;

/// <summary>`\nname: text`</summary>
public sealed record MemberSaid(string Name, string Text) : IChatOutput;

/// <summary>`\n管理员: text`</summary>
public sealed record AdminNotice(string Text) : IChatOutput;

/// <summary>A short error for the sender of a bad or refused request.</summary>
public sealed record ChatError(string Text) : IChatOutput;
