namespace ActorChat.Web;

/// <summary>
/// One text frame from a browser on the chat page, as bytes: the same request a UDP client sends (`L name`,
/// `C name text`, `Q name`), parsed by the same codec.
/// </summary>
public sealed record FromBrowser(byte[] Frame);
