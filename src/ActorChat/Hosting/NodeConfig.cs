using Akka.Configuration;

namespace ActorChat.Hosting;

/// <summary>
/// Builds the node's configuration, lowest precedence first: every file in hocon/ (the defaults),
/// then --config files, then shorthand flags, then --set, then a test's extra HOCON.
/// </summary>
public static class NodeConfig
{
    /// <summary>Next to the binaries, not the working directory: `dotnet run` and tests start from different folders.</summary>
    public static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    public static Config Defaults()
    {
        if (!Directory.Exists(HoconDirectory))
            throw new ConfigError($"configuration folder {HoconDirectory} is missing");
        var config = Config.Empty;
        foreach (var file in Directory.GetFiles(HoconDirectory, "*.hocon").Order(StringComparer.Ordinal))
            config = Parse(File.ReadAllText(file), file).WithFallback(config);
        return config;
    }

    public static Config Load(NodeOptions options)
    {
        var defaults = Defaults();
        var config = defaults;

        foreach (var file in options.ConfigFiles)
        {
            if (!File.Exists(file))
                throw new ConfigError($"--config {file}: no such file");
            config = Parse(File.ReadAllText(file), file).WithFallback(config);
        }

        foreach (var (path, value) in options.Flags)
            config = Parse($"{path} = {value}", path).WithFallback(config);

        if (options.Seeds.Count > 0)
        {
            var seeds = string.Join(", ", options.Seeds.Select(s => $"\"{SeedAddress(s)}\""));
            config = Parse($"akka.cluster.seed-nodes = [{seeds}]", "--seed").WithFallback(config);
        }

        foreach (var set in options.Sets)
            config = ParseSet(set, defaults).WithFallback(config);

        if (options.ExtraHocon is { } extra)
            config = Parse(extra, "test configuration").WithFallback(config);

        return config;
    }

    /// <summary>HOCON quoting for a flag value that is a string (a folder, a host).</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static Config ParseSet(string set, Config defaults)
    {
        var eq = set.IndexOf('=');
        if (eq <= 0)
            throw new ConfigError($"--set {set}: expected path=value");
        var path = set[..eq].Trim();
        var value = set[(eq + 1)..].Trim();
        // Our own keys must exist: a typo would otherwise be ignored silently.
        // Akka's keys are far too many to list here and are read by Akka itself.
        if (path.StartsWith("actorchat.", StringComparison.Ordinal) && !HasPath(defaults, path))
            throw new ConfigError($"--set {set}: unknown setting '{path}'");
        if (value.Length == 0)
            throw new ConfigError($"--set {set}: missing value");
        return Parse($"{path} = {value}", $"--set {set}");
    }

    private static bool HasPath(Config config, string path)
    {
        try { return config.HasPath(path); }
        catch (Exception) { return false; }
    }

    private static string SeedAddress(string seed)
    {
        if (seed.StartsWith("akka.tcp://", StringComparison.Ordinal))
            return seed;
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new ConfigError($"--seed {seed}: expected host:port");
        return $"akka.tcp://{ActorChatNode.SystemName}@{seed}";
    }

    private static Config Parse(string hocon, string source)
    {
        try
        {
            return ConfigurationFactory.ParseString(hocon);
        }
        catch (Exception e)
        {
            throw new ConfigError($"{source}: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();
}
