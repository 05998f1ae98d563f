namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// Keeps the last lines a resource's processes printed (for error messages) and forwards every line to the
/// optional observer (the AppHost prints them with a <c>[name]</c> prefix).
/// </summary>
internal sealed class OutputRing(string resourceName, int capacity, Action<string, string>? observer)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }

        observer?.Invoke(resourceName, line);
    }

    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - count)).ToArray();
        }
    }

    public bool Contains(string text, int lastLines)
    {
        return Tail(lastLines).Any(line => line.Contains(text, StringComparison.OrdinalIgnoreCase));
    }
}
