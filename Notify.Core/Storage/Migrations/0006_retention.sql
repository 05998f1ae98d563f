-- The retention job deletes history older than a configured age, oldest first and in batches. The indexes that serve
-- the user, tenant and timeline queries all lead with other columns, so each age condition gets one of its own. Each
-- grows at its right edge, as the rows arrive in time order.
CREATE INDEX notifications_by_accepted_at ON notifications (accepted_at);
CREATE INDEX inbox_messages_by_created_at ON inbox_messages (created_at);
CREATE INDEX dead_letters_by_created_at ON dead_letters (created_at);

-- Only entries that ended are ever deleted; the ones still waiting are served by deferred_notifications_due.
CREATE INDEX deferred_notifications_ended ON deferred_notifications (released_at)
    WHERE state IN ('released', 'cancelled', 'superseded');
