namespace ActorChat.Client.Chat;

/// <summary>Where the chat client reads input and shows messages: the real console, or a test's script.</summary>
public interface IChatTerminal
{
    /// <summary>False when input is a pipe or file: a refused name ends the run instead of asking again.</summary>
    bool IsInteractive { get; }

    /// <summary>Asks one question before chatting starts; null when input has ended.</summary>
    string? Ask(string prompt);

    /// <summary>
    /// Reads input on its own thread and posts it: a <see cref="ConsoleKeyInfo"/> per key when
    /// interactive, otherwise a string per line and null once input ends. Nothing else happens there.
    /// </summary>
    Task ReadInputAsync(Action<object?> post, CancellationToken cancellation);

    /// <summary>Applies a key to the line being typed (on the client's loop); returns the line when Enter completes it.</summary>
    string? Apply(ConsoleKeyInfo key);

    /// <summary>A message from the room.</summary>
    void Show(string text);

    /// <summary>A line from the client itself.</summary>
    void Notice(string text);

    void Error(string text);
}
