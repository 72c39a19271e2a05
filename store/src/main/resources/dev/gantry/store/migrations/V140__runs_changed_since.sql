-- Webhook catch-up (WorkflowHooks.catchUp) looks at the runs changed in the last minutes: a run
-- completed just before a node died was never announced, and nothing else would look at it again.
CREATE INDEX workflow_runs_updated ON workflow_runs (updated_at);
