namespace ActorChat.Echo;

/// <summary>Messages of the echo edge; the bytes themselves travel as Akka.IO's Tcp.Received/Tcp.Write.</summary>
public interface IEchoProtocol;

/// <summary>Registry key of the echo listener in Akka.Hosting's ActorRegistry.</summary>
public sealed class EchoEdge;

/// <summary>Release the port (CoordinatedShutdown's service-unbind phase); answered with <see cref="Akka.Done"/>.</summary>
public sealed record StopListening : IEchoProtocol
{
    public static readonly StopListening Instance = new();
}

/// <summary>Confirms that replies up to number <paramref name="Count"/> reached the kernel.</summary>
internal sealed class ReplyWritten(long count) : Akka.IO.Tcp.Event, IEchoProtocol
{
    public long Count { get; } = count;
}

/// <summary>The connection's periodic check for silence.</summary>
internal sealed record IdleTick : IEchoProtocol
{
    public static readonly IdleTick Instance = new();
}
