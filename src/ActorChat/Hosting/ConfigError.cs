namespace ActorChat.Hosting;

/// <summary>A configuration problem the user can fix; its message is the one line the node prints before exiting.</summary>
public sealed class ConfigError(string message) : Exception(message);
