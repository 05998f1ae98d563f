-- How a notification used its channels: 'fallback' (one at a time, the next when the one before failed for good) or
-- 'all' (every channel at once). Under 'all' it reads sent only once every channel settled. NULL for rows written
-- before routing existed, which were all fallback.
ALTER TABLE notifications ADD COLUMN routing text CHECK (routing IN ('fallback', 'all'));
