-- The on.schedule crons of the workflows on each repository's default branch, with the next
-- minute each is due. A node fires a due schedule only if it moves next_run_at first, so with
-- several nodes each scheduled run starts once.

CREATE TABLE workflow_schedules (
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    cron TEXT NOT NULL,
    next_run_at BIGINT NOT NULL,
    PRIMARY KEY (workflow_id, cron)
);

CREATE INDEX workflow_schedules_due ON workflow_schedules (next_run_at);
