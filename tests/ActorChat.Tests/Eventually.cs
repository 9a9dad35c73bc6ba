namespace ActorChat.Tests;

/// <summary>Retries an async assertion until it passes or its time is up (then its last failure is thrown).</summary>
internal static class Eventually
{
    public static async Task Holds(Func<Task> assertion, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
