using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Notify.Ingest.Problems;

/// <summary>A request body read as <typeparamref name="T"/>, or the problem that explains why it could not be.</summary>
/// <param name="Value">The body; null when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">400, 413 or 415 as problem details.</param>
public readonly record struct JsonBody<T>(T? Value, ProblemHttpResult? Problem) where T : class;

/// <summary>
/// Reads JSON bodies with a size limit, turning every client mistake (not JSON, malformed, a field of the wrong type,
/// an unknown field, too large) into a problem naming the field, so no client input can surface as a 5xx.
/// </summary>
public static class JsonBodyReader
{
    /// <summary>Reads the body of <paramref name="request"/>.</summary>
    public static async ValueTask<JsonBody<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
            return new(null, ApiProblems.UnsupportedMediaType());
        if (request.ContentLength > maxBytes)
            return new(null, ApiProblems.PayloadTooLarge(maxBytes));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes; // chunked bodies: the server stops reading past the limit

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.BodyReader, type, cancellationToken).ConfigureAwait(false);
            return value is null
                ? new(null, ApiProblems.InvalidFields(Errors("$", "The body must be a JSON object."), ProblemTypes.MalformedJson))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, Describe(ex, type));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, ApiProblems.PayloadTooLarge(maxBytes));
        }
    }

    /// <summary>Reads <paramref name="element"/> as <typeparamref name="T"/> (an item of a batch), or the errors naming its bad fields.</summary>
    public static T? Read<T>(JsonElement element, JsonTypeInfo<T> type, out Dictionary<string, string[]>? errors) where T : class
    {
        errors = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors = Errors("$", "Each item must be a JSON object.");
            return null;
        }
        try
        {
            return element.Deserialize(type);
        }
        catch (JsonException ex)
        {
            errors = FieldErrors(ex, type);
            return null;
        }
    }

    private static ProblemHttpResult Describe(JsonException ex, JsonTypeInfo type)
    {
        var errors = FieldErrors(ex, type);
        return errors.ContainsKey("$")
            ? ApiProblems.InvalidFields(errors, ProblemTypes.MalformedJson, "The body is not a well-formed JSON object.")
            : ApiProblems.InvalidFields(errors);
    }

    /// <summary>
    /// Names the field a <see cref="JsonException"/> is about from its path: <c>$.sendAt</c> → <c>sendAt</c>. A field the
    /// type does not declare is unknown; one it declares held a value of the wrong kind. The exception's message is not
    /// echoed: it names .NET types, which mean nothing to a client.
    /// </summary>
    private static Dictionary<string, string[]> FieldErrors(JsonException ex, JsonTypeInfo type)
    {
        var path = ex.Path;
        if (string.IsNullOrEmpty(path) || path == "$" || !path.StartsWith("$.", StringComparison.Ordinal))
            return Errors("$", "The body is not a well-formed JSON object.");

        var field = path[2..];
        var name = field.AsSpan();
        var end = name.IndexOfAny('.', '[');
        if (end >= 0)
            name = name[..end];
        foreach (var property in type.Properties)
        {
            if (name.Equals(property.Name, StringComparison.OrdinalIgnoreCase))
                return Errors(field, "The value is malformed or of the wrong JSON type.");
        }
        return Errors(field, "Unknown field.");
    }

    private static Dictionary<string, string[]> Errors(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };
}
