using Akka.Event;

namespace ActorChat.Sockets;

// The socket engine's completions, told to the actor that started the operation (the echo and file edges own
// their sockets). The bytes stay in the operation's own buffer, which only that actor touches. A completion that
// arrives after its actor stopped (the socket closed under a pending operation) is expected, so it is not logged
// as a dead letter.

/// <summary>A read on a socket completed.</summary>
internal sealed record SocketRead : IDeadLetterSuppression
{
    public static readonly SocketRead Instance = new();
}

/// <summary>A send on a socket completed (a buffer, or a file range sent by <c>sendfile</c>).</summary>
internal sealed record SocketWritten : IDeadLetterSuppression
{
    public static readonly SocketWritten Instance = new();
}

/// <summary>An accept on a listening socket completed.</summary>
internal sealed record SocketAccepted : IDeadLetterSuppression
{
    public static readonly SocketAccepted Instance = new();
}
