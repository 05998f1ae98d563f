using System.Globalization;
using System.Text.RegularExpressions;

namespace Notify.Tests.ServiceDefaults;

/// <summary>One sample line: metric name, labels (unescaped) and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One metric family: its declared type and help (empty when it has none), and its samples.</summary>
internal sealed record PrometheusFamily(string Name, string Type, string Help, List<PrometheusSample> Samples);

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, for checking what <c>/metrics</c> writes: each family has one
/// <c># TYPE</c> and at most one <c># HELP</c>, in either order, before its samples; every sample belongs to the family
/// declared before it; names and labels must be well formed, values must parse; and no other comment (such as
/// OpenMetrics' <c># EOF</c>) may appear.
/// </summary>
internal static partial class PrometheusText
{
    public static IReadOnlyDictionary<string, PrometheusFamily> Parse(string text)
    {
        var families = new Dictionary<string, PrometheusFamily>(StringComparer.Ordinal);
        (string Name, string? Type, string? Help)? pending = null;
        PrometheusFamily? current = null;
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', 4);
                Assert.Equal(4, parts.Length);
                string name = parts[2];
                Assert.Matches(MetricName(), name);
                Assert.False(families.ContainsKey(name), $"family {name} declared twice");
                if (pending?.Name != name)
                {
                    Declare();
                    pending = (name, null, null);
                }

                if (parts[1] == "TYPE")
                {
                    Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                    Assert.True(pending.Value.Type is null, $"# TYPE of {name} repeated");
                    pending = pending.Value with { Type = parts[3] };
                }
                else
                {
                    Assert.True(pending.Value.Help is null, $"# HELP of {name} repeated");
                    pending = pending.Value with { Help = parts[3] };
                }

                continue;
            }

            Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");
            Declare();
            PrometheusSample sample = ParseSample(line);
            Assert.True(current is not null && BelongsTo(sample.Name, current), $"sample '{line}' is not in the family declared before it");
            current!.Samples.Add(sample);
        }

        Declare();
        return families;

        // The family whose HELP and TYPE were read starts here.
        void Declare()
        {
            if (pending is not { } declared)
            {
                return;
            }

            Assert.True(declared.Type is not null, $"# HELP of {declared.Name} without its # TYPE");
            current = new PrometheusFamily(declared.Name, declared.Type!, declared.Help ?? "", []);
            families.Add(current.Name, current);
            pending = null;
        }
    }

    private static bool BelongsTo(string sample, PrometheusFamily family) =>
        sample == family.Name
        || (family.Type == "histogram" && sample is var s
            && (s == family.Name + "_bucket" || s == family.Name + "_sum" || s == family.Name + "_count"));

    private static PrometheusSample ParseSample(string line)
    {
        Match match = SampleLine().Match(line);
        Assert.True(match.Success, $"not a sample line: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string labelText = match.Groups["labels"].Value;
        int consumed = 0;
        foreach (Match label in Label().Matches(labelText))
        {
            Assert.Equal(consumed, label.Index);
            Assert.True(labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value)), $"label repeated in {line}");
            consumed = label.Index + label.Length;
        }

        Assert.Equal(labelText.Length, consumed);
        string value = match.Groups["value"].Value;
        double parsed = value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(match.Groups["name"].Value, labels, parsed);
    }

    private static string Unescape(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\\n]|\\.)*)",?""")]
    private static partial Regex Label();
}
