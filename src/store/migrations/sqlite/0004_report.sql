-- xiaoan reports (SQLite): weekly report submissions (周报报送), report
-- deadline settings per region, and the date indexes the reports scan
-- (hazards by found_at and by state, their history by time, patrols by time).

CREATE TABLE report_submissions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('weekly')),
    period TEXT NOT NULL,              -- ISO week '2026-W47'
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    summary_json TEXT NOT NULL DEFAULT '{}',        -- the figures as submitted
    submitted_by INTEGER,
    submitted_at INTEGER NOT NULL,
    deadline_at INTEGER NOT NULL,
    late INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX report_submissions_u ON report_submissions(kind, period, org_id);
CREATE INDEX report_submissions_path ON report_submissions(kind, period, org_path);

-- Deadline of the weekly report, set by a region for its subtree (the
-- nearest ancestor's row wins): minutes after the end of the ISO week
-- (Monday 00:00 Asia/Shanghai of the following week). Default 720 (Monday noon).
CREATE TABLE report_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    weekly_deadline_min INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER
);

-- Covering indexes of the report queries: a week / month / date range is a
-- range scan on the time column, the subtree a filter inside the index.
CREATE INDEX hazards_found_at ON hazards(found_at, org_path, category, grade, deleted_at);
CREATE INDEX hazards_state_path ON hazards(state, org_path, category, grade, overdue, deleted_at);
CREATE INDEX hazard_events_at ON hazard_events(at, org_path, action, hazard_id, pass);
CREATE INDEX patrol_records_at ON patrol_records(checked_at, org_path);
