using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Files;

/// <summary>The file library's settings (hocon/files.hocon), read once and checked up front.</summary>
public sealed record FilesSettings(
    int Port,
    string Root,
    long MaxFileBytes,
    long FreeDiskFloorBytes,
    TimeSpan IdleTimeout,
    int MaxConnectionsPerAddress,
    TimeSpan LegacyGap,
    TimeSpan LegacyEndQuiet,
    int ChunkBytes,
    int ChunksInFlight,
    TimeSpan ResumeKeep,
    int MaxNameBytes,
    string IoDispatcher)
{
    public const string Section = "actorchat.files";

    public static FilesSettings Read(Config config)
    {
        var root = Settings.String(config, $"{Section}.root", allowEmpty: true);
        if (root.Length == 0)
        {
            // Beside the data folder: data/ and library/ are siblings.
            var data = Path.GetFullPath(Settings.String(config, "actorchat.node.data"));
            root = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(data)) ?? data, "library");
        }
        return new FilesSettings(
            Port: Settings.Port(config, $"{Section}.port"),
            Root: Path.GetFullPath(root),
            MaxFileBytes: Bytes(config, $"{Section}.max-file-size"),
            FreeDiskFloorBytes: Bytes(config, $"{Section}.free-disk-floor"),
            IdleTimeout: Settings.Duration(config, $"{Section}.idle-timeout"),
            MaxConnectionsPerAddress: Settings.Int(config, $"{Section}.max-connections-per-address", 1, 100_000),
            LegacyGap: Settings.Duration(config, $"{Section}.legacy-gap"),
            LegacyEndQuiet: Settings.Duration(config, $"{Section}.legacy-end-quiet"),
            ChunkBytes: Settings.Int(config, $"{Section}.chunk-bytes", 1024, 16 * 1024 * 1024),
            ChunksInFlight: Settings.Int(config, $"{Section}.chunks-in-flight", 1, 64),
            ResumeKeep: Settings.Duration(config, $"{Section}.resume-keep"),
            MaxNameBytes: Settings.Int(config, $"{Section}.max-name-bytes", 1, 255),
            IoDispatcher: Settings.String(config, $"{Section}.io-dispatcher"));
    }

    private static long Bytes(Config config, string path)
    {
        if (!config.HasPath(path))
            throw new ConfigError($"{path}: setting is missing");
        long? value;
        try
        {
            value = config.GetByteSize(path);
        }
        catch (Exception)
        {
            value = null;
        }
        if (value is not { } v || v < 0)
            throw new ConfigError($"{path}: expected a size such as 512m or 4g, got '{config.GetValue(path)}'");
        return v;
    }
}
