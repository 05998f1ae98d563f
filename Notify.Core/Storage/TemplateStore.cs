using System.Text.Json;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Templates;
using Npgsql;

namespace Notify.Core.Storage;

/// <summary>Tenants' templates, one row per (tenant, type). The dispatcher reads them through <see cref="TemplateDirectory"/>, which caches.</summary>
public sealed class TemplateStore(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's template of <paramref name="type"/>, or null.</summary>
    public async Task<StoredTemplate?> GetAsync(string tenant, string type, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(
            "SELECT document, variables, required_variables, version, updated_at FROM templates WHERE tenant = $1 AND type = $2");
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(type));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        var document = JsonSerializer.Deserialize(reader.GetString(0), NotifyJson.Default.TemplateDocument)!;
        return new StoredTemplate(tenant, type, document, reader.GetFieldValue<string[]>(1), ReadRequired(reader.GetString(2)),
            reader.GetInt64(3), reader.GetTime(4));
    }

    /// <summary>Saves the template with what was extracted from it, replacing the previous one; returns the stored row.</summary>
    public async Task<StoredTemplate> PutAsync(string tenant, string type, TemplateDocument document, IEnumerable<string> variables,
        IReadOnlyDictionary<Channel, IReadOnlySet<string>> required, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(required);
        var requiredByName = required.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key.ToWire(), p => p.Value.ToArray(), StringComparer.Ordinal);
        await using NpgsqlCommand command = dataSource.CreateCommand("""
            INSERT INTO templates (tenant, type, document, variables, required_variables, version, updated_at)
            VALUES ($1, $2, $3, $4, $5, 1, now())
            ON CONFLICT (tenant, type) DO UPDATE SET
                document = excluded.document, variables = excluded.variables, required_variables = excluded.required_variables,
                version = templates.version + 1, updated_at = excluded.updated_at
            RETURNING version, updated_at
            """);
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(type));
        command.Parameters.Add(Parameters.Jsonb(JsonSerializer.Serialize(document, NotifyJson.Default.TemplateDocument)));
        var variableArray = variables.ToArray();
        command.Parameters.Add(Parameters.Value(variableArray));
        command.Parameters.Add(Parameters.Jsonb(JsonSerializer.Serialize(requiredByName, NotifyJson.Default.DictionaryStringStringArray)));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoredTemplate(tenant, type, document, variableArray, ReadRequired(requiredByName), reader.GetInt64(0), reader.GetTime(1));
    }

    /// <summary>Deletes the tenant's template of <paramref name="type"/>; false when it had none.</summary>
    public async Task<bool> DeleteAsync(string tenant, string type, CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("DELETE FROM templates WHERE tenant = $1 AND type = $2");
        command.Parameters.Add(Parameters.Value(tenant));
        command.Parameters.Add(Parameters.Value(type));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The required variables of every template of every tenant (small rows: no documents), for Ingest's checks.</summary>
    public async Task<IReadOnlyList<TemplateRequirements>> GetAllRequirementsAsync(CancellationToken cancellationToken = default)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand("SELECT tenant, type, required_variables FROM templates");
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<TemplateRequirements>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            all.Add(new TemplateRequirements(reader.GetString(0), reader.GetString(1), ReadRequired(reader.GetString(2))));
        return all;
    }

    private static Dictionary<Channel, IReadOnlyList<string>> ReadRequired(string json) =>
        ReadRequired(JsonSerializer.Deserialize(json, NotifyJson.Default.DictionaryStringStringArray) ?? []);

    private static Dictionary<Channel, IReadOnlyList<string>> ReadRequired(Dictionary<string, string[]> byName)
    {
        var required = new Dictionary<Channel, IReadOnlyList<string>>();
        foreach (var (name, paths) in byName)
            if (Channels.TryParse(name, out var channel))
                required[channel] = paths;
        return required;
    }
}
