using Microsoft.Extensions.Logging;

namespace Notify.ServiceDefaults.Logging;

/// <summary>Passes every record and scope to the real logger with phone numbers, emails and tokens masked.</summary>
internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (inner.IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, RedactedLogState.ForRecord(state, exception, formatter), exception, RedactedLogState.Formatter);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => state switch
        {
            string text => inner.BeginScope(SensitiveData.Redact(text)),
            IEnumerable<KeyValuePair<string, object?>> values => inner.BeginScope(new LazyRedactedScope(values)),
            _ => inner.BeginScope(state),
        };
}
