using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Hosting;

public sealed class NodeConfigSpec
{
    [Fact]
    public void Defaults_are_the_seed_ports()
    {
        var config = NodeConfig.Load(new NodeOptions());
        Assert.Equal(8888, Settings.Port(config, "actorchat.chat.port"));
    }

    [Fact]
    public void Set_overrides_a_flag_which_overrides_a_config_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "actorchat.chat.port = 1111\nactorchat.chat.max-name-bytes = 20");
        try
        {
            var config = NodeConfig.Load(new NodeOptions
            {
                ConfigFiles = [file],
                Flags = new Dictionary<string, string> { ["actorchat.chat.port"] = "2222" },
                Sets = ["actorchat.chat.max-name-bytes=24"],
            });
            Assert.Equal(2222, Settings.Port(config, "actorchat.chat.port"));
            Assert.Equal(24, config.GetInt("actorchat.chat.max-name-bytes"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Unknown_actorchat_key_in_set_is_refused_with_its_name()
    {
        var e = Assert.Throws<ConfigError>(() => NodeConfig.Load(new NodeOptions { Sets = ["actorchat.chat.prot=1"] }));
        Assert.Contains("actorchat.chat.prot", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Bad_value_names_the_key_and_what_was_expected()
    {
        var config = NodeConfig.Load(new NodeOptions { Sets = ["actorchat.chat.port=banana"] });
        var e = Assert.Throws<ConfigError>(() => Settings.Port(config, "actorchat.chat.port"));
        Assert.Equal("actorchat.chat.port: expected a port from 0 to 65535, got 'banana'", e.Message);
    }

    [Fact]
    public void A_bind_address_that_is_not_an_ip_address_is_named_in_one_line()
    {
        var config = NodeConfig.Load(new NodeOptions { Sets = ["actorchat.node.bind-address=nowhere"] });
        var e = Assert.Throws<ConfigError>(() => NodeFeatures.Read(config));
        Assert.Equal("actorchat.node.bind-address: expected an IP address, got 'nowhere'", e.Message);
    }

    [Fact]
    public void Set_without_equals_is_refused()
    {
        var e = Assert.Throws<ConfigError>(() => NodeConfig.Load(new NodeOptions { Sets = ["actorchat.chat.port"] }));
        Assert.Contains("path=value", e.Message);
    }

    [Fact]
    public void Seed_host_port_becomes_an_akka_address()
    {
        var config = NodeConfig.Load(new NodeOptions { Seeds = ["10.1.2.3:4053"] });
        Assert.Equal(["akka.tcp://ActorChat@10.1.2.3:4053"], config.GetStringList("akka.cluster.seed-nodes"));
    }
}
