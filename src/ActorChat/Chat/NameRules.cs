using System.Globalization;
using System.Text;

namespace ActorChat.Chat;

/// <summary>
/// Which names may join. The seed refused only duplicates and names containing 管理员; a space
/// also broke its `C name text` parsing, so whitespace is refused here. Every reason fits the
/// stock client's 128-byte read of the join reply.
/// </summary>
public static class NameRules
{
    public const string AdminName = "管理员";

    /// <summary>The seed's reply to a duplicate name, kept byte for byte.</summary>
    public const string NameTaken = "该用户存在";

    /// <summary>Null when <paramref name="name"/> may join; otherwise the reason to send back.</summary>
    public static string? Check(string name, int maxBytes)
    {
        if (name.Length == 0)
            return "昵称不能为空 (name is empty)";
        if (name.Contains(AdminName, StringComparison.Ordinal))
            return "昵称不能包含“管理员” (name is reserved)";
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
                return "昵称不能包含空格 (no spaces in names)";
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return "昵称不能包含控制字符 (no control characters)";
        }
        if (Encoding.UTF8.GetByteCount(name) > maxBytes)
            return $"昵称太长 (name over {maxBytes} bytes)";
        return null;
    }
}
