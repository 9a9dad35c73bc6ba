using Akka.Event;

namespace ActorChat.Echo;

/// <summary>Messages of the echo edge.</summary>
public interface IEchoProtocol;

/// <summary>Registry key of the echo listener in Akka.Hosting's ActorRegistry.</summary>
public sealed class EchoEdge;

/// <summary>Release the port (CoordinatedShutdown's service-unbind phase); answered with <see cref="Akka.Done"/>.</summary>
public sealed record StopListening : IEchoProtocol
{
    public static readonly StopListening Instance = new();
}

// The socket engine's completions, told to the actor that started the operation. The bytes stay in the
// operation's own buffer, which only that actor touches. A completion that arrives after its actor stopped
// (the socket closed under a pending read) is expected, so it is not logged as a dead letter.

/// <summary>A read on the connection's socket completed.</summary>
internal sealed record SocketRead : IEchoProtocol, IDeadLetterSuppression
{
    public static readonly SocketRead Instance = new();
}

/// <summary>A send on the connection's socket completed.</summary>
internal sealed record SocketWritten : IEchoProtocol, IDeadLetterSuppression
{
    public static readonly SocketWritten Instance = new();
}

/// <summary>Go on reading after a turn of reads that all completed at once.</summary>
internal sealed record ReadOn : IEchoProtocol
{
    public static readonly ReadOn Instance = new();
}

/// <summary>The connection's periodic check for silence.</summary>
internal sealed record IdleTick : IEchoProtocol
{
    public static readonly IdleTick Instance = new();
}
