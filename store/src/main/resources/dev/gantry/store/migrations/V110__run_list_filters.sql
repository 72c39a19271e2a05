-- GitHub's run-list filters (GET /repos/{o}/{r}/actions/runs?branch=…&event=…&actor=…&status=…
-- &head_sha=…&created=…), each an index led by the repository and ending in the id the listing
-- orders by, so a filtered page and its total_count read only the matching runs. Without them
-- every filtered list walked all of the repository's runs (workflow_runs_repository): at 20,000
-- runs a rare branch took ~35 ms of SQLite at the median, and it grew with the repository
-- (bench/run-list-at-scale).
CREATE INDEX workflow_runs_repository_branch ON workflow_runs (repository_id, head_branch, id);
CREATE INDEX workflow_runs_repository_event ON workflow_runs (repository_id, event, id);
CREATE INDEX workflow_runs_repository_actor ON workflow_runs (repository_id, actor_id, id);
CREATE INDEX workflow_runs_repository_status ON workflow_runs (repository_id, status, id);
CREATE INDEX workflow_runs_repository_conclusion ON workflow_runs (repository_id, conclusion, id);
CREATE INDEX workflow_runs_repository_head_sha ON workflow_runs (repository_id, head_sha, id);
CREATE INDEX workflow_runs_repository_created ON workflow_runs (repository_id, created_at);
