using System.Globalization;

namespace Notify.Bench.NatsJs;

/// <summary>Builds <c>bench.mjs</c> options (<c>--name value</c>) with numbers in the invariant culture.</summary>
internal static class PeerArguments
{
    public static string[] Of(params (string Name, object Value)[] options) =>
        [.. options.SelectMany(o => new[] { "--" + o.Name, Convert.ToString(o.Value, CultureInfo.InvariantCulture) ?? "" })];
}
