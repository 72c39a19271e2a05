-- The runner group of the runner that took a job, recorded by the claim: the jobs API shows it
-- (runner_group_id, runner_group_name) even after the runner and its group are gone.
ALTER TABLE jobs ADD COLUMN runner_group_id BIGINT;
ALTER TABLE jobs ADD COLUMN runner_group_name TEXT;
