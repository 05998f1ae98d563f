namespace Notify.Bench.Runtime;

/// <summary>Progress lines on stderr, so that stdout carries only the JSON reports.</summary>
internal sealed class BenchLog
{
    private readonly Lock _gate = new();

    public void Info(string message) => Write($"[bench] {message}");

    /// <summary>One line a child process printed, prefixed with its name.</summary>
    public void Child(string name, string line) => Write($"[{name}] {line}");

    private void Write(string line)
    {
        lock (_gate)
            Console.Error.WriteLine(line);
    }
}
