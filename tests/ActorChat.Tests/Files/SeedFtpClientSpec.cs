using System.Diagnostics;
using Xunit;

namespace ActorChat.Tests.Files;

/// <summary>The course's own ftp_client.py, run by Python against the node with the commands a user types.</summary>
public sealed class SeedFtpClientSpec(FilesNode node) : IClassFixture<FilesNode>
{
    [Fact]
    public async Task The_seeds_ftp_client_lists_gets_and_puts_unmodified()
    {
        await File.WriteAllTextAsync(Path.Combine(node.Root, "a.txt"), "hello from the library\n");
        var work = Directory.CreateTempSubdirectory("seed-client").FullName;
        try
        {
            var upload = new byte[200_000];
            new Random(5).NextBytes(upload);
            await File.WriteAllBytesAsync(Path.Combine(work, "up.bin"), upload);
            var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Files", "Seed", "ftp_client.py"));
            var client = Path.Combine(work, "ftp_client.py");
            await File.WriteAllTextAsync(client, script.Replace("ADDR = ('127.0.0.1', 8080)", $"ADDR = ('127.0.0.1', {node.Port})"));

            // Typed as a person would: the next command only once the upload is in the library. The stock
            // client sends `##` and then at once the next request; piped straight in, the two can meet in
            // one server read, which neither the seed's server nor ours can tell from file content.
            var uploaded = Path.Combine(node.Root, "up.bin");
            var (output, farewell) = await RunPython(client, work,
                ["list\nget a.txt\nput ./up.bin\n", "list\nget nope\nput ./up.bin\nquit\n"],
                () => File.Exists(uploaded) && new FileInfo(uploaded).Length == upload.Length);

            var answers = output.Split('\n').Where(l => l.StartsWith("输入命令:", StringComparison.Ordinal)).ToList();
            Assert.Equal("输入命令:a.txt", answers[0]);          // list: the one name, then the listing's own line end
            Assert.Equal("输入命令:a.txt", answers[3]);          // list after the upload: a.txt and up.bin
            Assert.Contains("up.bin", output);
            Assert.Equal("输入命令:文件不存在", answers[4]);
            Assert.Equal("输入命令:文件已存在", answers[5]);
            Assert.Equal("谢谢使用", farewell.Trim()); // do_quit's sys.exit message
            Assert.Equal("hello from the library\n", await File.ReadAllTextAsync(Path.Combine(work, "a.txt")));
            Assert.Equal(upload, await File.ReadAllBytesAsync(Path.Combine(node.Root, "up.bin")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs the client, typing <c>input[0]</c>, then <c>input[1]</c> once <paramref name="ready"/> holds.</summary>
    private static async Task<(string Stdout, string Stderr)> RunPython(string script, string workingDirectory, string[] input, Func<bool> ready)
    {
        var psi = new ProcessStartInfo("python3")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(script);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.StandardInput.WriteAsync(input[0]);
        await process.StandardInput.FlushAsync();
        while (!ready())
            await Task.Delay(50, timeout.Token);
        await process.StandardInput.WriteAsync(input[1]);
        process.StandardInput.Close();
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 1, $"seed client exit {process.ExitCode}: {await stderr}");
        return (await stdout, await stderr);
    }
}
