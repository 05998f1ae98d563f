-- Notifications, their deliveries and timeline, dead letters, user settings and the in-app inbox.
-- Every row that belongs to a tenant carries it. Ids are UUIDs minted by Ingest (UUIDv7, or v8 from an Idempotency-Key).

-- One row per notification. Status events may overtake the Accepted event that carries the envelope: such a row is
-- created from what the event knows (id, tenant, time) and filled in when the Accepted arrives, so user_id, type and
-- priority are null only in that window, and together.
CREATE TABLE notifications (
    id               uuid        PRIMARY KEY,
    tenant           text        NOT NULL,
    user_id          text,
    type             text,
    priority         text        CHECK (priority IN ('critical', 'high', 'normal', 'low')),
    channels         text[],
    data             jsonb,
    idempotency_key  text,
    collapse_key     text,
    order_id         text,
    send_at          timestamptz,
    status           text        NOT NULL
                                 CHECK (status IN ('accepted', 'scheduled', 'processing', 'sent', 'dead', 'skipped', 'cancelled', 'merged')),
    status_reason    text,
    accepted_at      timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    trace_id         text,
    replay_count     integer     NOT NULL DEFAULT 0 CHECK (replay_count >= 0),
    merged_into      uuid,
    -- The notification's own lifecycle: the strongest event without a delivery channel (accepted, scheduled,
    -- replayed, cancelled, merged, or a notification-wide skip or dead letter). status is derived from it and the deliveries.
    lifecycle_kind   text,
    lifecycle_at     timestamptz,
    lifecycle_reason text,
    -- The last operator replay: deliveries that ended before it no longer decide the status.
    replayed_at      timestamptz,
    CONSTRAINT notifications_envelope_filled_together
        CHECK ((user_id IS NULL) = (type IS NULL) AND (type IS NULL) = (priority IS NULL)),
    CONSTRAINT notifications_lifecycle_has_time CHECK ((lifecycle_kind IS NULL) = (lifecycle_at IS NULL))
);

-- A user's notifications, newest first (id breaks ties for keyset paging).
CREATE INDEX notifications_by_user ON notifications (tenant, user_id, accepted_at DESC, id DESC);

-- One row per (notification, channel): the delivery's current state.
CREATE TABLE deliveries (
    notification_id     uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel             text        NOT NULL CHECK (channel IN ('push', 'sms', 'email', 'inapp', 'webhook')),
    status              text        NOT NULL CHECK (status IN ('retrying', 'sent', 'failed', 'dead_lettered', 'skipped')),
    -- Time of the event that set status: a state only yields to a newer event (sent yields to none).
    status_at           timestamptz NOT NULL,
    attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    provider            text,
    provider_message_id text,
    last_error          text,
    last_error_at       timestamptz,
    reason              text,
    first_attempt_at    timestamptz,
    last_attempt_at     timestamptz,
    sent_at             timestamptz,
    next_retry_at       timestamptz,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (notification_id, channel)
);

-- Everything that happened to a notification, for the ops console. A redelivered status event is the same row:
-- the unique key holds the event's own time, so repeats collapse and distinct events (two replays) do not.
-- The key leads with (notification_id, at), so it also serves the timeline in event order.
CREATE TABLE delivery_events (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id     uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel             text        CHECK (channel IN ('push', 'sms', 'email', 'inapp', 'webhook')),
    kind                text        NOT NULL CHECK (kind IN ('accepted', 'scheduled', 'sent', 'retrying', 'failed',
                                                             'dead_lettered', 'skipped', 'cancelled', 'merged', 'replayed')),
    attempt             integer     NOT NULL DEFAULT 0,
    error               text,
    reason              text,
    provider_message_id text,
    at                  timestamptz NOT NULL,
    CONSTRAINT delivery_events_once UNIQUE NULLS NOT DISTINCT (notification_id, at, channel, kind, attempt)
);

-- Messages that exhausted their deliveries or failed for good. The dispatcher may record one twice after a crash:
-- the same stream message, notification and channel is one dead letter. (The notification id is part of the key so
-- that a stream recreated from sequence 1 cannot silently swallow a new dead letter.)
CREATE TABLE dead_letters (
    id              uuid        PRIMARY KEY,
    notification_id uuid        NOT NULL,
    tenant          text        NOT NULL,
    priority        text        NOT NULL CHECK (priority IN ('critical', 'high', 'normal', 'low')),
    channel         text        CHECK (channel IN ('push', 'sms', 'email', 'inapp', 'webhook')),
    reason          text        NOT NULL,
    error           text,
    envelope        jsonb       NOT NULL,
    deliveries      integer     NOT NULL CHECK (deliveries >= 0),
    stream          text        NOT NULL,
    stream_seq      bigint      NOT NULL CHECK (stream_seq >= 0),
    created_at      timestamptz NOT NULL,
    replayed_at     timestamptz,
    replay_count    integer     NOT NULL DEFAULT 0 CHECK (replay_count >= 0),
    CONSTRAINT dead_letters_once UNIQUE NULLS NOT DISTINCT (stream, stream_seq, notification_id, channel)
);

CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant, created_at DESC, id DESC);
CREATE INDEX dead_letters_by_notification ON dead_letters (notification_id);

CREATE TABLE user_contacts (
    tenant      text        NOT NULL,
    user_id     text        NOT NULL,
    email       text,
    phone       text,
    push_tokens text[],
    webhook_url text,
    locale      text,
    time_zone   text,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, user_id)
);

CREATE TABLE user_preferences (
    tenant      text        NOT NULL,
    user_id     text        NOT NULL,
    preferences jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, user_id)
);

-- The in-app inbox. One message per notification, so a redelivered in-app send inserts once.
CREATE TABLE inbox_messages (
    id              uuid        PRIMARY KEY,
    tenant          text        NOT NULL,
    user_id         text        NOT NULL,
    notification_id uuid        NOT NULL,
    type            text        NOT NULL,
    title           text,
    body            text        NOT NULL,
    data            jsonb,
    created_at      timestamptz NOT NULL,
    read_at         timestamptz,
    CONSTRAINT inbox_messages_once UNIQUE (notification_id)
);

CREATE INDEX inbox_messages_by_user ON inbox_messages (tenant, user_id, created_at DESC, id DESC);
