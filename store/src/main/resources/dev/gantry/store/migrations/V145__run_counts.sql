-- How many runs each workflow has, kept by SqlRunStore in the transaction that creates or deletes a
-- run: a run list's total_count without filters (GET …/actions/runs, gh run list) then sums a few
-- rows instead of counting every index entry of the repository (~90 ms at 1,000,000 runs).
-- Keyed by the workflow so that a workflow's or a repository's deletion, which removes their runs by
-- ON DELETE CASCADE without SqlRunStore, removes the count with them.
CREATE TABLE workflow_run_counts (
    workflow_id BIGINT PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
    repository_id BIGINT NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
    runs BIGINT NOT NULL
);

CREATE INDEX workflow_run_counts_repository ON workflow_run_counts (repository_id);

INSERT INTO workflow_run_counts (workflow_id, repository_id, runs)
SELECT workflow_id, repository_id, COUNT(*) FROM workflow_runs GROUP BY workflow_id, repository_id;
