using System.Text;

namespace ActorChat.Client.Chat;

/// <summary>
/// The console. On a terminal, a small line editor keeps the half-typed line under the incoming
/// messages: erase it, print the message, redraw it. The line buffer and every write belong to
/// the client's single event loop; the reader thread only posts keys.
/// </summary>
public sealed class ConsoleTerminal : IChatTerminal
{
    private const string Prompt = "> ";
    private readonly StringBuilder _typed = new();

    public bool IsInteractive { get; } = !Console.IsInputRedirected && !Console.IsOutputRedirected;

    public string? Ask(string prompt)
    {
        Console.Write(prompt);
        return Console.ReadLine()?.Trim();
    }

    public Task ReadInputAsync(Action<object?> post, CancellationToken cancellation) =>
        Task.Factory.StartNew(() =>
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (IsInteractive)
                {
                    post(Console.ReadKey(intercept: true));
                    continue;
                }
                var line = Console.ReadLine();
                post(line);
                if (line is null)
                    return;
            }
        }, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public string? Apply(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                var line = _typed.ToString();
                _typed.Clear();
                Console.WriteLine();
                Redraw();
                return line;
            case ConsoleKey.Backspace when _typed.Length > 0:
                _typed.Length--;
                Console.Write("\b \b");
                return null;
            default:
                if (!char.IsControl(key.KeyChar))
                {
                    _typed.Append(key.KeyChar);
                    Console.Write(key.KeyChar);
                }
                return null;
        }
    }

    public void Show(string text)
    {
        if (IsInteractive)
            Console.Write("\r\u001b[2K");
        Console.WriteLine(text);
        Redraw();
    }

    public void Notice(string text) => Show($"* {text}");

    public void Error(string text)
    {
        if (IsInteractive)
            Console.Write("\r\u001b[2K");
        Console.Error.WriteLine($"actorchat: {text}");
    }

    private void Redraw()
    {
        if (IsInteractive)
            Console.Write(Prompt + _typed);
    }
}
