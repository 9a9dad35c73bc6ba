using ActorChat.Files;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Files;

public sealed class FilesSettingsSpec
{
    [Fact]
    public void Defaults_are_the_seeds_port_and_a_library_folder_beside_the_data()
    {
        var settings = FilesSettings.Read(NodeConfig.Load(new NodeOptions
        {
            Flags = new Dictionary<string, string> { ["actorchat.node.data"] = NodeConfig.Quote("/srv/actorchat/data") },
        }));
        Assert.Equal(8080, settings.Port);
        Assert.Equal("/srv/actorchat/library", settings.Root);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.LegacyGap);
    }

    [Fact]
    public void Files_flags_set_the_port_and_the_root()
    {
        var flags = NodeFlags.All.ToDictionary(f => f.Name);
        Assert.Equal("actorchat.files.port", flags["--files-port"].Path);
        Assert.Equal("actorchat.files.root", flags["--files-root"].Path);
        var settings = FilesSettings.Read(NodeConfig.Load(new NodeOptions
        {
            Flags = new Dictionary<string, string>
            {
                ["actorchat.files.port"] = "9090",
                ["actorchat.files.root"] = NodeConfig.Quote("/tmp/lib"),
            },
        }));
        Assert.Equal(9090, settings.Port);
        Assert.Equal("/tmp/lib", settings.Root);
    }

    [Fact]
    public void A_bad_size_names_its_key()
    {
        var config = NodeConfig.Load(new NodeOptions { Sets = ["actorchat.files.max-file-size=lots"] });
        var e = Assert.Throws<ConfigError>(() => FilesSettings.Read(config));
        Assert.Equal("actorchat.files.max-file-size: expected a size such as 512m or 4g, got 'lots'", e.Message);
    }
}
