-- The job that reserved a cache entry, so that a reservation left by a job that ended without
-- committing (cancelled, crashed) can be taken over by the next job instead of blocking the key.
ALTER TABLE cache_entries ADD COLUMN job_id BIGINT;
