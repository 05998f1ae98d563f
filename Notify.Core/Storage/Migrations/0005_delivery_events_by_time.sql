-- The ops console counts the last minutes' sends and failures per channel and priority from delivery_events. Events
-- arrive in time order, so this index grows at its right edge and costs the status writers little.
CREATE INDEX delivery_events_by_time ON delivery_events (at);
