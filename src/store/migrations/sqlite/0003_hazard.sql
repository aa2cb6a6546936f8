-- xiaoan hazard closed loop (SQLite): hazards, their history, photo links
-- and the incremental subtree statistics. Times are integer ms.
-- risk_point_id / patrol_record_id / photo ids refer to 0002's tables but
-- carry no foreign keys: the store checks them (same school) at insert time.

CREATE TABLE hazards (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('general','major')),
    source TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    off_campus INTEGER NOT NULL DEFAULT 0,
    risk_point_id INTEGER,
    patrol_record_id INTEGER,
    state TEXT NOT NULL,
    reporter_id INTEGER,
    found_at INTEGER NOT NULL,
    rectifier_id INTEGER,
    submitter_id INTEGER,
    deadline INTEGER,
    plan_approved INTEGER NOT NULL DEFAULT 0,
    plan_approved_by INTEGER,
    plan_approved_at INTEGER,
    supervised INTEGER NOT NULL DEFAULT 0,
    supervised_by INTEGER,
    supervised_at INTEGER,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    escalated_org_id INTEGER,
    escalated_at INTEGER,
    overdue INTEGER NOT NULL DEFAULT 0,
    overdue_at INTEGER,
    rebounds INTEGER NOT NULL DEFAULT 0,
    department TEXT,
    forwarded_at INTEGER,
    closed_at INTEGER,
    rechecked_at INTEGER,
    recheck_due INTEGER NOT NULL DEFAULT 0,   -- set by the sweep N days after closing
    five_responsible TEXT NOT NULL DEFAULT '',
    five_measures TEXT NOT NULL DEFAULT '',
    five_funds REAL,
    five_deadline INTEGER,
    five_plan TEXT NOT NULL DEFAULT '',
    safeguards TEXT NOT NULL DEFAULT '',
    five_updated_at INTEGER,
    five_updated_by INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX hazards_path ON hazards(org_path, id);
CREATE INDEX hazards_path_state ON hazards(org_path, state);
-- open hazards by deadline: the overdue sweep
CREATE INDEX hazards_open_deadline ON hazards(deadline)
    WHERE state IN ('reported','assigned','rectifying','submitted') AND deleted_at IS NULL;
CREATE INDEX hazards_escalated ON hazards(escalated_org_id, id) WHERE escalated_org_id IS NOT NULL;
-- closed hazards not yet re-checked nor flagged: the re-check sweep
CREATE INDEX hazards_closed ON hazards(closed_at)
    WHERE state = 'closed' AND recheck_due = 0 AND rechecked_at IS NULL AND deleted_at IS NULL;

-- History: one row per transition (and per five-implementations change).
CREATE TABLE hazard_events (
    id INTEGER PRIMARY KEY,
    hazard_id INTEGER NOT NULL REFERENCES hazards(id),
    org_path TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id INTEGER,
    actor_name TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    rectifier_id INTEGER,
    deadline INTEGER,
    pass INTEGER,
    escalation_level INTEGER,
    at INTEGER NOT NULL
);
CREATE INDEX hazard_events_h ON hazard_events(hazard_id, id);

-- Photos of a hazard: 'before' (reported) and 'after' (submitted).
CREATE TABLE hazard_photos (
    hazard_id INTEGER NOT NULL REFERENCES hazards(id),
    photo_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('before','after')),
    event_id INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (hazard_id, photo_id, kind)
);
CREATE INDEX hazard_photos_photo ON hazard_photos(photo_id);

-- Incremental subtree statistics: every hazard adds its weight to each
-- bucket it is in, for every org on its path (the school and its ancestors).
CREATE TABLE hazard_stats (
    org_id INTEGER NOT NULL,
    bucket TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (org_id, bucket)
);
