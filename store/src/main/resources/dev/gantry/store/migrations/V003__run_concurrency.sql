-- Workflow-level concurrency groups: a run's group (lower-cased, as GitHub compares group names
-- case-insensitively), so the runs of a group can be found when one is created or completes.

ALTER TABLE workflow_runs ADD COLUMN concurrency_group TEXT;

CREATE INDEX workflow_runs_concurrency ON workflow_runs (repository_id, concurrency_group, id);
