using System.Globalization;
using System.Reflection;

namespace Notify.Core.Storage;

/// <summary>
/// One step of the schema: <c>Storage/Migrations/NNNN_name.sql</c>, embedded in the assembly. Steps run in version
/// order, each at most once per database; a shipped step is never edited, a change is a new step.
/// </summary>
/// <param name="Version">The number the file name starts with.</param>
/// <param name="Name">The rest of the file name.</param>
/// <param name="Sql">The statements.</param>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Notify.Core.Storage.Migrations.";

    /// <summary>Every step, in version order.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } = Load();

    private static SchemaMigration[] Load()
    {
        Assembly assembly = typeof(SchemaMigration).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            string fileName = resource[ResourcePrefix.Length..^".sql".Length];
            int separator = fileName.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(fileName.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out int version))
                throw new InvalidOperationException($"Migration '{fileName}' is not named NNNN_name.sql.");
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(version, fileName[(separator + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"Two migrations share version {migrations[i].Version}.");
        }

        return [.. migrations];
    }
}
