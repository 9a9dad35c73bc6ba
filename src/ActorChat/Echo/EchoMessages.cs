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
