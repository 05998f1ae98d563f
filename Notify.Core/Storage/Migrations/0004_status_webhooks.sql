-- Tenants' status webhooks (delivery receipts): where each status change of the tenant's notifications is POSTed,
-- signed per Standard Webhooks with the secret. One per tenant.
CREATE TABLE status_webhooks (
    tenant     text        PRIMARY KEY,
    url        text        NOT NULL,
    secret     text        NOT NULL,
    updated_at timestamptz NOT NULL
);
