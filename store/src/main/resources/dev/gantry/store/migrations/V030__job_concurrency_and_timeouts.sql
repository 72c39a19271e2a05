-- Job-level concurrency: a job's evaluated group (lower-cased, as GitHub compares group names
-- case-insensitively), whether it cancels the group's running job, and since when it waits for
-- the group (null while it waits only for its needs). Server-side timeouts: when the server told
-- the job's runner to stop because the job ran past its timeout-minutes.

ALTER TABLE jobs ADD COLUMN concurrency_group TEXT;
ALTER TABLE jobs ADD COLUMN concurrency_cancel_in_progress BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE jobs ADD COLUMN concurrency_waiting_since BIGINT;
ALTER TABLE jobs ADD COLUMN timed_out_at BIGINT;

CREATE INDEX jobs_concurrency ON jobs (repository_id, concurrency_group, status);
