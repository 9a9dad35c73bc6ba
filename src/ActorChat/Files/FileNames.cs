using System.Text;

namespace ActorChat.Files;

/// <summary>
/// What may name a file in the library: one plain file name, never a path. The seed opened
/// FTP + name as given, so `G ../../etc/passwd` walked out of the library; every name now
/// passes through here before it touches the disk.
/// </summary>
public static class FileNames
{
    /// <summary>Most Linux file systems stop at 255 bytes per name.</summary>
    public const int DefaultMaxBytes = 255;

    /// <summary>Null when <paramref name="name"/> is a plain file name; otherwise a short reason.</summary>
    public static string? Problem(string? name, int maxBytes = DefaultMaxBytes)
    {
        if (string.IsNullOrEmpty(name))
            return "empty name";
        if (name is "." or "..")
            return "not a file name";
        if (name.Contains('/') || name.Contains('\\'))
            return "no folders or paths";
        // Dot names are reserved: the library keeps its partial uploads under a hidden folder.
        if (name[0] == '.')
            return "hidden names are reserved";
        foreach (var c in name)
        {
            if (char.IsControl(c))
                return "control characters are not allowed";
        }
        if (name.Any(char.IsSurrogate) && !IsWellFormed(name))
            return "not valid text";
        if (Encoding.UTF8.GetByteCount(name) > maxBytes)
            return $"longer than {maxBytes} bytes";
        if (name != name.Trim())
            return "leading or trailing spaces";
        return null;
    }

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
            else if (char.IsSurrogate(s[i]))
                return false;
        }
        return true;
    }

    /// <summary>
    /// The real path of <paramref name="name"/> under <paramref name="root"/> (a real, absolute folder),
    /// or null when the entry is a link whose final target lies outside the library or is not a file.
    /// The name must already have passed <see cref="Problem"/>.
    /// </summary>
    public static string? ResolveInside(string root, string name)
    {
        var path = Path.Combine(root, name);
        var info = new FileInfo(path);
        if (info.LinkTarget is null)
            return path;
        FileSystemInfo? target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            return null;
        }
        if (target is null || !target.Exists || target is not FileInfo)
            return null;
        var full = Path.GetFullPath(target.FullName);
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        // A link into the hidden partial-upload folder would show a half-written file.
        return full[prefix.Length..].Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')) ? null : full;
    }

    /// <summary>The folder's real absolute path, following a link if the folder itself is one.</summary>
    public static string RealFolder(string folder)
    {
        var full = Path.GetFullPath(folder);
        var dir = new DirectoryInfo(full);
        if (dir.LinkTarget is not null && dir.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(target.FullName));
        return Path.TrimEndingDirectorySeparator(full);
    }
}
