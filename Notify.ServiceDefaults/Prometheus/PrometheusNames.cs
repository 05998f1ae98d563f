using System.Globalization;
using System.Text;

namespace Notify.ServiceDefaults.Prometheus;

/// <summary>
/// OpenTelemetry names to Prometheus ones, per the OpenTelemetry compatibility rules: invalid characters become
/// <c>_</c>, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>, <c>{request}</c>
/// dropped), counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds", ["By"] = "bytes", ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["KBy"] = "kilobytes", ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes", ["bit"] = "bits", ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes",
        ["J"] = "joules", ["W"] = "watts", ["g"] = "grams", ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>The metric (family) name of an instrument exposed as <paramref name="type"/>.</summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusType type)
    {
        string name = Sanitize(instrumentName, allowColon: true);
        string suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name = $"{name}_{suffix}";
        }

        return type == PrometheusType.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>The suffix a unit adds, or "" for none (dimensionless <c>1</c>, annotations in braces).</summary>
    public static string UnitSuffix(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return "";
        }

        string bare = StripAnnotations(unit).Trim();
        if (bare.Length == 0 || bare == "1")
        {
            return "";
        }

        int slash = bare.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Sanitize(Units.GetValueOrDefault(bare, bare), allowColon: false).Trim('_');
        }

        string over = bare[..slash];
        string per = bare[(slash + 1)..];
        string head = over is "" or "1" ? "" : Units.GetValueOrDefault(over, over) + "_";
        return Sanitize($"{head}per_{PerUnits.GetValueOrDefault(per, per)}", allowColon: false).Trim('_');
    }

    /// <summary>A valid label name: letters, digits and <c>_</c>, not starting with a digit.</summary>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary><c>key="value",…</c> for the given tags, names sanitised and values escaped.</summary>
    public static string FormatLabels(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var labels = new StringBuilder();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (labels.Length > 0)
            {
                labels.Append(',');
            }

            labels.Append(LabelName(tag.Key)).Append("=\"");
            AppendEscaped(labels, LabelValue(tag.Value), escapeQuotes: true);
            labels.Append('"');
        }

        return labels.ToString();
    }

    /// <summary>Appends <paramref name="text"/> with <c>\</c>, newlines (and quotes, in label values) escaped.</summary>
    public static void AppendEscaped(StringBuilder output, string text, bool escapeQuotes)
    {
        foreach (char c in text)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '\n' => output.Append(@"\n"),
                '"' when escapeQuotes => output.Append("\\\""),
                _ => output.Append(c),
            };
        }
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string StripAnnotations(string unit)
    {
        var bare = new StringBuilder(unit.Length);
        int depth = 0;
        foreach (char c in unit)
        {
            depth += c == '{' ? 1 : 0;
            if (depth == 0)
            {
                bare.Append(c);
            }

            depth -= c == '}' && depth > 0 ? 1 : 0;
        }

        return bare.ToString();
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var clean = new StringBuilder(name.Length + 1);
        foreach (char c in name)
        {
            bool valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            char next = valid ? c : '_';
            if (next != '_' || clean.Length == 0 || clean[^1] != '_')
            {
                clean.Append(next);
            }
        }

        if (clean.Length == 0 || char.IsAsciiDigit(clean[0]))
        {
            clean.Insert(0, '_');
        }

        return clean.ToString();
    }
}
