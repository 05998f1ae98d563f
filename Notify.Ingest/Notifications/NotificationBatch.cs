using System.Text.Json;
using Notify.Core.Notifications;
using Notify.Ingest.Json;
using Notify.Ingest.Problems;

namespace Notify.Ingest.Notifications;

/// <summary>A batch's items read and validated one by one: the envelopes to publish and the rejections, by index.</summary>
public sealed class NotificationBatch
{
    private readonly BatchItemResult?[] _rejected;
    private readonly List<int> _positions;

    private NotificationBatch(BatchItemResult?[] rejected, List<NotificationEnvelope> envelopes, List<int> positions)
    {
        _rejected = rejected;
        Envelopes = envelopes;
        _positions = positions;
    }

    /// <summary>The valid items' envelopes, in request order.</summary>
    public IReadOnlyList<NotificationEnvelope> Envelopes { get; }

    /// <summary>How many items were invalid.</summary>
    public int RejectedCount => _rejected.Length - _positions.Count;

    /// <summary>Reads and validates every item.</summary>
    public static NotificationBatch Read(IReadOnlyList<JsonElement> items, NotificationValidator validator, string tenant, DateTimeOffset now)
    {
        var rejected = new BatchItemResult?[items.Count];
        var envelopes = new List<NotificationEnvelope>(items.Count);
        var positions = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = JsonBodyReader.Read(items[i], IngestJson.Default.BatchNotificationItem, out var errors);
            NotificationContent? content = null;
            if (item is not null)
            {
                NotificationValidator.CheckIdempotencyKey(item.IdempotencyKey, ref errors, "idempotencyKey");
                content = validator.Validate(item, ref errors);
                if (content is not null)
                    validator.CheckTemplateData(tenant, content, ref errors);
            }
            if (content is null || errors is not null)
            {
                rejected[i] = new BatchItemResult(i, null, BatchItemResult.Rejected) { Errors = errors };
                continue;
            }
            var key = item!.IdempotencyKey;
            var id = key is null ? NotificationIds.New() : NotificationIds.FromIdempotencyKey(tenant, key);
            envelopes.Add(content.ToEnvelope(id, tenant, now, key));
            positions.Add(i);
        }
        return new NotificationBatch(rejected, envelopes, positions);
    }

    /// <summary>The answer, given the outcome of each envelope.</summary>
    public BatchAccepted Results(IReadOnlyList<AcceptOutcome> outcomes)
    {
        var results = new BatchItemResult[_rejected.Length];
        for (var i = 0; i < _rejected.Length; i++)
            results[i] = _rejected[i]!;
        int accepted = 0, duplicates = 0, failed = 0;
        for (var j = 0; j < outcomes.Count; j++)
        {
            var outcome = outcomes[j];
            var status = outcome.Status switch
            {
                AcceptStatus.Accepted => NotificationAccepted.Accepted,
                AcceptStatus.Duplicate => NotificationAccepted.Duplicate,
                _ => BatchItemResult.Failed,
            };
            accepted += outcome.Status == AcceptStatus.Accepted ? 1 : 0;
            duplicates += outcome.Status == AcceptStatus.Duplicate ? 1 : 0;
            failed += outcome.Status == AcceptStatus.Unavailable ? 1 : 0;
            results[_positions[j]] = new BatchItemResult(_positions[j], outcome.Id, status);
        }
        return new BatchAccepted(accepted, duplicates, RejectedCount, failed, results);
    }
}
