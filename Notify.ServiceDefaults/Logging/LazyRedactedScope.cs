using System.Collections;

namespace Notify.ServiceDefaults.Logging;

/// <summary>
/// A scope's state masked when something reads it, not when the scope begins: ASP.NET Core begins a scope for every
/// request and most are never read (no provider includes scopes by default), so masking them eagerly cost every
/// request. Reads see the same masked values and text as <see cref="RedactedLogState.ForScope"/> gives.
/// </summary>
internal sealed class LazyRedactedScope(IEnumerable<KeyValuePair<string, object?>> scope) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private RedactedLogState? _redacted;

    private RedactedLogState Redacted => _redacted ??= RedactedLogState.ForScope(scope);

    public int Count => Redacted.Count;

    public KeyValuePair<string, object?> this[int index] => Redacted[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Redacted.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Redacted.ToString();
}
