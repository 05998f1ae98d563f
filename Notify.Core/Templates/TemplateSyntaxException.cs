namespace Notify.Core.Templates;

/// <summary>A template text that does not compile or render.</summary>
public sealed class TemplateSyntaxException : Exception
{
    /// <summary>An exception with a message.</summary>
    public TemplateSyntaxException() { }

    /// <summary>An exception with a message.</summary>
    public TemplateSyntaxException(string message) : base(message) { }

    /// <summary>An exception with a message and the engine's exception.</summary>
    public TemplateSyntaxException(string message, Exception inner) : base(message, inner) { }
}
