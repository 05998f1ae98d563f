-- The deferral schedule: notifications held until a time (sendAt, the end of the user's quiet hours, the end of a
-- batching window), then released to their work stream by whichever dispatcher claims them first.
-- A batch is one head row (merged_into IS NULL) and its members (merged_into = the head), all with the same
-- collapse_group; the members travel inside the head's release and end merged into it.
CREATE TABLE deferred_notifications (
    id             uuid        PRIMARY KEY,
    tenant         text        NOT NULL,
    reason         text        NOT NULL CHECK (reason IN ('scheduled', 'quiet_hours', 'batching')),
    release_at     timestamptz NOT NULL,
    envelope       jsonb       NOT NULL,
    collapse_group text,
    merged_into    uuid,
    state          text        NOT NULL DEFAULT 'pending'
                               CHECK (state IN ('pending', 'batched', 'released', 'cancelled', 'superseded')),
    created_at     timestamptz NOT NULL,
    cancelled_at   timestamptz,
    released_at    timestamptz,
    CONSTRAINT deferred_members_are_batched CHECK ((merged_into IS NULL) OR collapse_group IS NOT NULL)
);

-- What the releasers look for: pending heads by time.
CREATE INDEX deferred_notifications_due ON deferred_notifications (release_at) WHERE state = 'pending';

-- At most one open batch per collapse group.
CREATE UNIQUE INDEX deferred_notifications_open_batch ON deferred_notifications (collapse_group)
    WHERE state = 'pending' AND merged_into IS NULL AND collapse_group IS NOT NULL;

-- The members of a batch, and the open batches a critical update supersedes.
CREATE INDEX deferred_notifications_by_group ON deferred_notifications (collapse_group)
    WHERE state IN ('pending', 'batched') AND collapse_group IS NOT NULL;
