-- An expired artifact keeps its row (GitHub lists it with "expired": true) while the retention
-- sweep deletes its bytes; swept = 1 once they are gone, so the sweep does not look at it again.
ALTER TABLE artifacts ADD COLUMN swept INTEGER NOT NULL DEFAULT 0;
CREATE INDEX artifacts_sweep ON artifacts (swept, expires_at);
