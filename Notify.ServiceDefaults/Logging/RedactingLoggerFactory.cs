using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Notify.ServiceDefaults.Logging;

/// <summary>
/// Wraps the host's logger factory so that every logger it hands out masks before any provider sees the record.
/// Wrapping the factory rather than the providers keeps the providers' own types, which the filter rules
/// (<c>Logging:Console:LogLevel</c>, …) are keyed by.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, RedactingLogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (category, factory) => new RedactingLogger(factory.CreateLogger(category)), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
