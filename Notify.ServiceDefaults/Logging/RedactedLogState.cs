using System.Collections;
using System.Globalization;

namespace Notify.ServiceDefaults.Logging;

/// <summary>
/// A log record's state with its message and values masked: what every logger provider (console, OpenTelemetry)
/// receives in place of the original. Formatting happens once, here, instead of once per provider.
/// </summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";

    /// <summary>The formatter loggers are given along with the state.</summary>
    public static readonly Func<RedactedLogState, Exception?, string> Formatter = static (state, _) => state.Message;

    private readonly KeyValuePair<string, object?>[] _values;

    private RedactedLogState(string message, KeyValuePair<string, object?>[] values)
    {
        Message = message;
        _values = values;
    }

    /// <summary>The formatted message, masked.</summary>
    public string Message { get; }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public static RedactedLogState ForRecord<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        new(SensitiveData.Redact(formatter(state, exception)), RedactValues(state));

    /// <summary>A scope's state: its values masked, and its text (what console output shows) masked too.</summary>
    public static RedactedLogState ForScope(IEnumerable<KeyValuePair<string, object?>> scope) =>
        new(SensitiveData.Redact(scope.ToString() ?? ""), RedactValues(scope));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;

    private static KeyValuePair<string, object?>[] RedactValues<TState>(TState state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> values)
        {
            return [];
        }

        var redacted = new List<KeyValuePair<string, object?>>(state is IReadOnlyCollection<KeyValuePair<string, object?>> c ? c.Count : 4);
        foreach (KeyValuePair<string, object?> value in values)
        {
            redacted.Add(new(value.Key, RedactValue(value.Key, value.Value)));
        }

        return [.. redacted];
    }

    private static object? RedactValue(string name, object? value) => value switch
    {
        null => null,
        string text when name == OriginalFormat => SensitiveData.Redact(text),
        string text => SensitiveData.RedactNamed(name, text),
        _ when IsPlain(value.GetType()) => value,
        Array array when IsPlain(array.GetType().GetElementType()!) => value,
        IEnumerable sequence => sequence.Cast<object?>().Select(item => SensitiveData.RedactNamed(name, Text(item))).ToArray(),
        _ => SensitiveData.RedactNamed(name, Text(value)),
    };

    /// <summary>Types whose values cannot carry a phone number, address or token.</summary>
    private static bool IsPlain(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(TimeSpan) || type == typeof(Guid);

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
