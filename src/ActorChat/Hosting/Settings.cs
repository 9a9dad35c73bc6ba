using Akka.Configuration;

namespace ActorChat.Hosting;

/// <summary>
/// Typed reads of HOCON values that name the offending key when a value is wrong, so a bad
/// --set or --config gives one clear line instead of a stack trace.
/// </summary>
public static class Settings
{
    public static int Port(Config config, string path) =>
        Int(config, path, 0, 65535, "a port from 0 to 65535");

    public static int Int(Config config, string path, int min, int max, string? expected = null) =>
        Read(config, path, expected ?? $"a whole number from {min} to {max}", () =>
        {
            var v = config.GetInt(path);
            return v >= min && v <= max ? v : throw new FormatException();
        });

    public static double Double(Config config, string path, double min, double max) =>
        Read(config, path, $"a number from {min} to {max}", () =>
        {
            var v = config.GetDouble(path);
            return v >= min && v <= max ? v : throw new FormatException();
        });

    public static TimeSpan Duration(Config config, string path) =>
        Read(config, path, "a duration such as 250ms, 30s or 2h", () =>
        {
            var v = config.GetTimeSpan(path, null, allowInfinite: false);
            return v > TimeSpan.Zero ? v : throw new FormatException();
        });

    public static string String(Config config, string path, bool allowEmpty = false) =>
        Read(config, path, "a string", () =>
        {
            var v = config.GetString(path);
            return v is not null && (allowEmpty || v.Length > 0) ? v : throw new FormatException();
        });

    public static System.Net.IPAddress Address(Config config, string path)
    {
        var text = String(config, path);
        return System.Net.IPAddress.TryParse(text, out var address)
            ? address
            : throw new ConfigError($"{path}: expected an IP address, got '{text}'");
    }

    public static bool Bool(Config config, string path) =>
        Read(config, path, "on or off", () => config.GetBoolean(path));

    private static T Read<T>(Config config, string path, string expected, Func<T> read)
    {
        if (!config.HasPath(path))
            throw new ConfigError($"{path}: setting is missing");
        try
        {
            return read();
        }
        catch (Exception)
        {
            var raw = config.GetValue(path)?.ToString() ?? "";
            throw new ConfigError($"{path}: expected {expected}, got '{raw}'");
        }
    }
}
