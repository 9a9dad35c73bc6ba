using ActorChat.Hosting;
using Akka.Configuration;

namespace ActorChat.Web;

/// <summary>The web server's settings (hocon/web.hocon).</summary>
public sealed record WebSettings(int Port, string Site, TimeSpan StatusInterval)
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
            Settings.Duration(config, "actorchat.web.status-interval"));
    }
}
