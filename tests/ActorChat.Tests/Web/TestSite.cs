namespace ActorChat.Tests.Web;

/// <summary>A throwaway site folder, with a secret file beside it (outside the site) that no request may reach.</summary>
public sealed class TestSite : IDisposable
{
    public const string SecretText = "secret-outside-the-site";

    public TestSite()
    {
        Parent = Directory.CreateTempSubdirectory("actorchat-site-").FullName;
        Root = Path.Combine(Parent, "site");
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        File.WriteAllText(Path.Combine(Parent, "secret.txt"), SecretText);
        File.WriteAllText(Path.Combine(Root, "index.html"), "<h1>test index</h1>");
        File.WriteAllText(Path.Combine(Root, "sub", "page.html"), "<p>sub page</p>");
        Binary = new byte[300 * 1024];
        new Random(42).NextBytes(Binary);
        File.WriteAllBytes(Path.Combine(Root, "data.bin"), Binary);
    }

    public string Parent { get; }
    public string Root { get; }
    public byte[] Binary { get; }

    public string Hocon => $"actorchat.web.site = \"{Root}\"";

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}
