using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>A library folder the node cannot use stops it with one line, before anything says ready.</summary>
public sealed class LibraryFolderSpec
{
    [Fact]
    public async Task A_files_root_that_is_a_file_stops_the_node_with_one_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = await Assert.ThrowsAsync<ConfigError>(() => TestNodes.StartAsync($"actorchat.files.root = \"{file}\""));
            Assert.StartsWith($"library folder {file}: ", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_missing_files_root_is_created()
    {
        var root = Path.Combine(Directory.CreateTempSubdirectory("actorchat-root-").FullName, "new", "library");
        await using var node = await TestNodes.StartAsync($"actorchat.files.root = \"{root}\"");

        Assert.True(Directory.Exists(root));
    }
}
