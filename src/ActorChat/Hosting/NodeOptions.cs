namespace ActorChat.Hosting;

/// <summary>What the command line asked for; <see cref="NodeConfig"/> turns it into HOCON over the defaults.</summary>
public sealed record NodeOptions
{
    /// <summary>Flag values keyed by the HOCON path they set (see <see cref="NodeFlags"/>).</summary>
    public IReadOnlyDictionary<string, string> Flags { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra HOCON files (--config), applied in order over the defaults.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    /// <summary>--set path=value pairs, applied last.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>--seed host:port, each an Akka.Remote address of a node to join.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Raw HOCON applied over everything (tests use it to pick port 0 and in-memory stores).</summary>
    public string? ExtraHocon { get; init; }
}
