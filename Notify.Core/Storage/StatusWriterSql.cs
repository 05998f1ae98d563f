namespace Notify.Core.Storage;

/// <summary>
/// The four statements of a status batch, sent together as one implicit transaction. Each takes columns as arrays
/// (<c>unnest</c>), so a batch of any size is four statements and one round trip. Winners between a stored row and
/// the batch's change are picked by <see cref="StatusPrecedence"/>, whose kind order arrives as parameters.
/// </summary>
internal static class StatusWriterSql
{
    /// <summary>
    /// Creates or fills the row of every notification the batch touches, in id order. Runs first: its row locks make
    /// a concurrent batch about the same notifications wait for this one to commit, so the statements after it (each
    /// with a fresh snapshot) see everything the other batch wrote.
    /// $1 id, $2 tenant, $3 first event, $4 last event, $5 trace, $6–$16 envelope (or nulls), $17–$19 lifecycle,
    /// $20 merged into, $21 replayed at, $22 kinds weakest first, $23 final kinds, $24 routing.
    /// </summary>
    public const string UpsertNotifications = """
        INSERT INTO notifications AS n (
            id, tenant, user_id, type, priority, channels, data, idempotency_key, collapse_key, order_id, send_at,
            status, accepted_at, updated_at, trace_id, replay_count, merged_into,
            lifecycle_kind, lifecycle_at, lifecycle_reason, replayed_at, routing)
        SELECT u.id, u.tenant, u.user_id, u.type, u.priority, string_to_array(u.channels, ','), u.data::jsonb,
               u.idempotency_key, u.collapse_key, u.order_id, u.send_at,
               'accepted', coalesce(u.accepted_at, u.first_at), u.last_at, u.trace_id, u.replay, u.merged_into,
               u.lifecycle_kind, u.lifecycle_at, u.lifecycle_reason, u.replayed_at, u.routing
        FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[],
                    $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                    $14::timestamptz[], $15::timestamptz[], $16::int[],
                    $17::text[], $18::timestamptz[], $19::text[], $20::uuid[], $21::timestamptz[], $24::text[])
             AS u (id, tenant, first_at, last_at, trace_id,
                   user_id, type, priority, channels, data, idempotency_key, collapse_key, order_id,
                   send_at, accepted_at, replay,
                   lifecycle_kind, lifecycle_at, lifecycle_reason, merged_into, replayed_at, routing)
        ORDER BY u.id
        ON CONFLICT (id) DO UPDATE SET
            user_id = coalesce(n.user_id, excluded.user_id),
            type = coalesce(n.type, excluded.type),
            priority = coalesce(n.priority, excluded.priority),
            channels = CASE WHEN n.user_id IS NULL THEN excluded.channels ELSE n.channels END,
            data = CASE WHEN n.user_id IS NULL THEN excluded.data ELSE n.data END,
            idempotency_key = CASE WHEN n.user_id IS NULL THEN excluded.idempotency_key ELSE n.idempotency_key END,
            collapse_key = CASE WHEN n.user_id IS NULL THEN excluded.collapse_key ELSE n.collapse_key END,
            order_id = CASE WHEN n.user_id IS NULL THEN excluded.order_id ELSE n.order_id END,
            send_at = CASE WHEN n.user_id IS NULL THEN excluded.send_at ELSE n.send_at END,
            accepted_at = CASE WHEN n.user_id IS NOT NULL THEN n.accepted_at
                               WHEN excluded.user_id IS NOT NULL THEN excluded.accepted_at
                               ELSE least(n.accepted_at, excluded.accepted_at) END,
            updated_at = greatest(n.updated_at, excluded.updated_at),
            trace_id = coalesce(n.trace_id, excluded.trace_id),
            replay_count = greatest(n.replay_count, excluded.replay_count),
            merged_into = coalesce(n.merged_into, excluded.merged_into),
            replayed_at = greatest(n.replayed_at, excluded.replayed_at),
            -- 'all' sorts before 'fallback' and least() skips nulls: 'all' wins in any order, as NotificationChange folds it.
            routing = least(n.routing, excluded.routing),
            (lifecycle_kind, lifecycle_at, lifecycle_reason) = (
                SELECT w.kind, w.at, w.reason
                FROM (VALUES (n.lifecycle_kind, n.lifecycle_at, n.lifecycle_reason),
                             (excluded.lifecycle_kind, excluded.lifecycle_at, excluded.lifecycle_reason)) AS w (kind, at, reason)
                ORDER BY w.kind IS NOT NULL DESC, w.kind = ANY ($23) DESC, w.at DESC, array_position($22, w.kind) DESC
                LIMIT 1)
        """;

    /// <summary>
    /// Merges each delivery change with the stored row: the decisive event's state, the greatest attempt count, the
    /// newest error, the earliest first attempt and send, the latest last attempt.
    /// $1 notification, $2 channel, $3–$6 state, $7–$8 provider, $9 attempts, $10–$11 error, $12–$15 times,
    /// $16 kinds weakest first, $17 final kinds.
    /// </summary>
    public const string UpsertDeliveries = """
        INSERT INTO deliveries AS d (
            notification_id, channel, status, status_at, reason, next_retry_at, provider, provider_message_id,
            attempts, last_error, last_error_at, first_attempt_at, last_attempt_at, sent_at, updated_at)
        SELECT *
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::text[], $8::text[],
                    $9::int[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])
        ORDER BY 1, 2
        ON CONFLICT (notification_id, channel) DO UPDATE SET
            (status, status_at, reason, next_retry_at, provider, provider_message_id) = (
                SELECT w.status, w.status_at, w.reason, w.next_retry_at,
                       coalesce(w.provider, d.provider, excluded.provider),
                       coalesce(w.provider_message_id, d.provider_message_id, excluded.provider_message_id)
                FROM (VALUES (d.status, d.status_at, d.reason, d.next_retry_at, d.provider, d.provider_message_id),
                             (excluded.status, excluded.status_at, excluded.reason, excluded.next_retry_at,
                              excluded.provider, excluded.provider_message_id))
                     AS w (status, status_at, reason, next_retry_at, provider, provider_message_id)
                ORDER BY w.status = ANY ($17) DESC, w.status_at DESC, array_position($16, w.status) DESC
                LIMIT 1),
            attempts = greatest(d.attempts, excluded.attempts),
            (last_error, last_error_at) = (
                SELECT e.error, e.at
                FROM (VALUES (d.last_error, d.last_error_at), (excluded.last_error, excluded.last_error_at)) AS e (error, at)
                ORDER BY e.at DESC NULLS LAST, e.error COLLATE "C" DESC NULLS LAST
                LIMIT 1),
            first_attempt_at = least(d.first_attempt_at, excluded.first_attempt_at),
            last_attempt_at = greatest(d.last_attempt_at, excluded.last_attempt_at),
            sent_at = least(d.sent_at, excluded.sent_at),
            updated_at = greatest(d.updated_at, excluded.updated_at)
        """;

    /// <summary>
    /// Appends the timeline; a row already there (a redelivered event) is skipped.
    /// $1 notification, $2 channel, $3 kind, $4 attempt, $5 error, $6 reason, $7 provider message id, $8 time.
    /// </summary>
    public const string InsertTimeline = """
        INSERT INTO delivery_events (notification_id, channel, kind, attempt, error, reason, provider_message_id, at)
        SELECT *
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// Derives the overall status of the touched notifications ($1) from their lifecycle and deliveries. A delivery
    /// that ended before the last operator replay no longer counts, except a send (which nothing undoes). Under routing
    /// <c>all</c> a send makes the notification sent once no other channel is still retrying.
    /// </summary>
    public const string DeriveStatus = """
        WITH facts AS (
            SELECT n.id, n.status AS old_status, n.status_reason AS old_reason, n.replay_count AS old_replays,
                   n.merged_into, n.lifecycle_kind AS own, n.lifecycle_reason AS own_reason, n.routing,
                   coalesce(bool_or(d.status = 'sent'), false) AS any_sent,
                   coalesce(bool_or(d.status = 'retrying') FILTER (WHERE d.current), false) AS any_retrying,
                   coalesce(bool_or(d.status IN ('failed', 'dead_lettered')) FILTER (WHERE d.current), false) AS any_failed,
                   coalesce(bool_and(d.status = 'skipped') FILTER (WHERE d.current), false) AS all_skipped,
                   (array_agg(coalesce(d.reason, d.last_error) ORDER BY d.status_at DESC, d.channel)
                        FILTER (WHERE d.current AND d.status IN ('failed', 'dead_lettered', 'skipped')))[1] AS delivery_reason,
                   CASE WHEN n.replayed_at IS NULL THEN 0
                        ELSE (SELECT count(*) FROM delivery_events e WHERE e.notification_id = n.id AND e.kind = 'replayed')
                   END AS replays
            FROM notifications n
            LEFT JOIN LATERAL (
                SELECT x.channel, x.status, x.status_at, x.reason, x.last_error,
                       x.status_at >= coalesce(n.replayed_at, '-infinity') AS current
                FROM deliveries x
                WHERE x.notification_id = n.id) AS d ON true
            WHERE n.id = ANY ($1)
            GROUP BY n.id
        ), derived AS (
            SELECT f.*,
                   CASE WHEN f.own = 'sent' THEN 'sent'
                        -- Sent under routing 'all' only once every channel settled (or the dispatcher gave up on the rest).
                        WHEN f.any_sent AND (f.routing IS DISTINCT FROM 'all' OR NOT f.any_retrying
                                             OR f.own IN ('failed', 'dead_lettered')) THEN 'sent'
                        WHEN f.merged_into IS NOT NULL OR f.own = 'merged' THEN 'merged'
                        WHEN f.own = 'cancelled' THEN 'cancelled'
                        WHEN f.own IN ('failed', 'dead_lettered') THEN 'dead'
                        WHEN f.own = 'skipped' THEN 'skipped'
                        WHEN f.any_retrying THEN 'processing'
                        WHEN f.any_failed THEN 'dead'
                        WHEN f.all_skipped THEN 'skipped'
                        WHEN f.own = 'scheduled' THEN 'scheduled'
                        ELSE 'accepted'
                   END AS status
            FROM facts f
        ), result AS (
            SELECT d.id, d.status, d.old_status, d.old_reason, d.old_replays,
                   CASE WHEN d.status = 'merged' THEN coalesce(d.own_reason, 'merged into ' || d.merged_into)
                        WHEN d.status = 'cancelled' THEN d.own_reason
                        WHEN d.status IN ('dead', 'skipped') AND d.own IN ('failed', 'dead_lettered', 'skipped') THEN d.own_reason
                        WHEN d.status IN ('dead', 'skipped') THEN d.delivery_reason
                   END AS reason,
                   greatest(d.old_replays, d.replays) AS replays
            FROM derived d
        )
        UPDATE notifications AS n
        SET status = r.status, status_reason = r.reason, replay_count = r.replays
        FROM result r
        WHERE n.id = r.id
          AND (r.status, r.reason, r.replays) IS DISTINCT FROM (r.old_status, r.old_reason, r.old_replays)
        """;
}
