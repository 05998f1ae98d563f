-- Message templates: one row per (tenant, notification type), holding every channel and locale of that type.
-- document is the template as the tenant wrote it; variables and required_variables are extracted from it when it is
-- saved, so Ingest can check a request's data without compiling anything.
CREATE TABLE templates (
    tenant             text        NOT NULL,
    type               text        NOT NULL,
    document           jsonb       NOT NULL,
    -- Every data path any of its texts uses, sorted.
    variables          text[]      NOT NULL,
    -- Per channel (push, sms, email, inapp, webhook): the data paths a notification sent on it must carry.
    required_variables jsonb       NOT NULL,
    version            bigint      NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant, type)
);
