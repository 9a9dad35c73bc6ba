using System.CommandLine;
using ActorChat.Client;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>Our `files` command as a user runs it, against a real node: what it leaves on the local disk.</summary>
public sealed class FilesClientCommandSpec : IAsyncLifetime
{
    private ActorChatNode _node = null!;
    private DirectoryInfo _here = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNodes.StartAsync();
        _here = Directory.CreateTempSubdirectory("actorchat-client-");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _here.Delete(recursive: true);
    }

    private Task<int> Files(params string[] args) =>
        new RootCommand { FilesCommand.Build() }
            .Parse(["files", "--port", _node.Binding("files").LocalAddress.Port.ToString(), .. args])
            .InvokeAsync();

    [Fact]
    public async Task Get_of_a_name_that_is_a_path_is_refused_and_writes_nothing_outside_the_current_folder()
    {
        var escape = Path.GetFullPath(Path.Combine("..", $"escape-{Guid.NewGuid():N}.bin.part"));

        Assert.Equal(1, await Files("get", $"../{Path.GetFileNameWithoutExtension(escape)}"));
        Assert.False(File.Exists(escape));
    }

    [Fact]
    public async Task Get_of_a_missing_file_is_refused_and_leaves_no_empty_part_file()
    {
        var target = Path.Combine(_here.FullName, "missing.bin");

        Assert.Equal(1, await Files("get", "missing.bin", "--to", target));
        Assert.Empty(_here.GetFiles());
    }
}
