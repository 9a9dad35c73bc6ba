using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Web;

/// <summary>The web server's settings (hocon/web.hocon).</summary>
public sealed record WebSettings(
    int Port, string Site, TimeSpan StatusInterval, TimeSpan SectionRefresh, long CacheBytes, long CacheFileBytes,
    bool InlineScheduling)
{
    /// <summary>The site/ folder the project ships, copied next to the binaries.</summary>
    public static string ShippedSite => Path.Combine(AppContext.BaseDirectory, "site");

    public static WebSettings Read(Config config)
    {
        var site = Settings.String(config, "actorchat.web.site", allowEmpty: true);
        site = site.Length == 0 ? ShippedSite : Path.GetFullPath(site);
        if (!Directory.Exists(site))
            throw new ConfigError($"actorchat.web.site: folder '{site}' does not exist");
        return new WebSettings(
            Settings.Port(config, "actorchat.web.port"),
            site,
            Settings.Duration(config, "actorchat.web.status-interval"),
            Settings.Duration(config, "actorchat.web.section-refresh"),
            Bytes(config, "actorchat.web.cache.size"),
            Bytes(config, "actorchat.web.cache.max-file-size"),
            Settings.Bool(config, "actorchat.web.inline-scheduling"));
    }

    private static long Bytes(Config config, string path)
    {
        var bytes = config.GetByteSize(path);
        return bytes is > 0 ? bytes.Value : throw new ConfigError($"{path}: expected a size such as 64k or 16m");
    }
}
