using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notify.Bench.Runtime;

/// <summary>How reports are written: one compact camelCase JSON object per line.</summary>
internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void WriteLine(TextWriter output, object report)
    {
        output.WriteLine(JsonSerializer.Serialize(report, report.GetType(), Options));
        output.Flush();
    }
}
