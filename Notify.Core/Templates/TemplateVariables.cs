namespace Notify.Core.Templates;

/// <summary>
/// Finds the <c>data</c> paths a Handlebars text uses, by reading its mustaches (the engine keeps its syntax tree
/// to itself). Only paths from the root of <c>data</c> count: inside <c>#each</c> and <c>#with</c> the context moves,
/// so paths there (and <c>../</c>, <c>@index</c>, <c>this</c>) name something else. Syntax errors are left to the
/// compiler: this runs on texts that compiled.
/// </summary>
public static class TemplateVariables
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "true", "false", "null", "undefined", "else", "this", "." };

    /// <summary>What <paramref name="source"/> uses.</summary>
    public static TemplateUsage Scan(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        var partials = false;
        // Open blocks; true where the block moves the context (each, with, or a section over a value).
        var blocks = new Stack<bool>();
        var at = 0;
        while ((at = source.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            if (at > 0 && source[at - 1] == '\\')
            {
                at += 2; // an escaped mustache is literal text
                continue;
            }
            var triple = at + 2 < source.Length && source[at + 2] == '{';
            var open = at + (triple ? 3 : 2);
            var isLongComment = string.CompareOrdinal(source, open, "!--", 0, 3) == 0;
            var closer = isLongComment ? "--}}" : triple ? "}}}" : "}}";
            var close = source.IndexOf(closer, open, StringComparison.Ordinal);
            if (close < 0)
                break;
            var inner = source[open..close].Trim().Trim('~').Trim();
            at = close + closer.Length;
            if (inner.Length == 0 || inner[0] == '!')
                continue;

            var movedContext = blocks.Contains(true);
            var depth = blocks.Count;
            switch (inner[0])
            {
                case '#' or '^':
                {
                    var tokens = Tokens(inner[1..]);
                    if (tokens.Count == 0)
                        break;
                    var name = tokens[0];
                    var helper = name is "if" or "unless" or "each" or "with" or "lookup" || tokens.Count > 1;
                    var arguments = helper ? tokens.Skip(1) : tokens;
                    var requiredHere = depth == 0 && name is "each" or "with";
                    if (!movedContext)
                        foreach (var path in arguments)
                            Add(path, requiredHere);
                    blocks.Push(name is "each" or "with" || !helper);
                    break;
                }
                case '/':
                    if (blocks.Count > 0)
                        blocks.Pop();
                    break;
                case '>':
                    partials = true;
                    break;
                default:
                {
                    var tokens = Tokens(inner[0] == '&' ? inner[1..] : inner);
                    if (tokens.Count == 0)
                        break;
                    if (tokens[0] == "else")
                    {
                        // {{else if x}}: x is tested, so optional.
                        if (!movedContext)
                            foreach (var path in tokens.Skip(2))
                                Add(path, false);
                        break;
                    }
                    if (movedContext)
                        break;
                    // {{name}} reads a value; {{helper a b}} passes values to a helper.
                    foreach (var path in tokens.Count == 1 ? tokens : tokens.Skip(1))
                        Add(path, depth == 0);
                    break;
                }
            }
        }
        return new TemplateUsage(used, required, partials);

        void Add(string token, bool isRequired)
        {
            if (ToPath(token) is not { } path)
                return;
            used.Add(path);
            if (isRequired)
                required.Add(path);
        }
    }

    /// <summary>A token as a path from the root of <c>data</c>, or null for a literal, a hash argument or a context-relative name.</summary>
    private static string? ToPath(string token)
    {
        if (token.Length == 0 || Keywords.Contains(token) || token.Contains('=', StringComparison.Ordinal))
            return null;
        if (token[0] is '"' or '\'' or '(' or '-' || char.IsDigit(token[0]))
            return null;
        if (token.StartsWith("@root.", StringComparison.Ordinal))
            token = token["@root.".Length..];
        else if (token[0] == '@' || token.StartsWith("../", StringComparison.Ordinal))
            return null;
        if (token.StartsWith("this.", StringComparison.Ordinal) || token.StartsWith("this/", StringComparison.Ordinal))
            token = token[5..];
        else if (token.StartsWith("./", StringComparison.Ordinal))
            token = token[2..];
        var path = token.Replace('/', '.').Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        return path.Length == 0 || path.Split('.').Any(s => s.Length == 0) ? null : path;
    }

    /// <summary>Splits a mustache's inside on white space, keeping quoted strings and sub-expressions whole.</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            if (i >= text.Length)
                break;
            var start = i;
            if (text[i] is '"' or '\'')
            {
                var quote = text[i];
                i = text.IndexOf(quote, i + 1);
                i = i < 0 ? text.Length : i + 1;
            }
            else if (text[i] == '(')
            {
                var nesting = 0;
                for (; i < text.Length; i++)
                {
                    if (text[i] == '(') nesting++;
                    else if (text[i] == ')' && --nesting == 0) { i++; break; }
                }
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                    i++;
            }
            tokens.Add(text[start..i]);
        }
        return tokens;
    }
}
