-- xiaoan supervision and assessment (SQLite): inspections (督查, incl. covert
-- 暗访) with target schools and findings, interviews (约谈), yellow cards
-- (黄牌警告), criticism / commendation notices (通报批评 / 通报表扬), and the
-- yearly assessment (考核): schemes of weighted indicators as data, manual
-- adjustments, compute runs and their score rows. Times are integer ms;
-- calendar dates are 'YYYY-MM-DD' text (Asia/Shanghai).

CREATE TABLE inspections (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the inspecting bureau
    org_path TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('regular','covert')),
    inspect_date TEXT NOT NULL,
    group_json TEXT NOT NULL DEFAULT '[]',         -- names of the inspection group
    summary TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL CHECK (state IN ('draft','published')),
    published_at INTEGER,
    published_by INTEGER,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX inspections_path ON inspections(org_path, inspect_date);

CREATE TABLE inspection_targets (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- a school
    org_path TEXT NOT NULL,
    PRIMARY KEY (inspection_id, org_id)
);
CREATE INDEX inspection_targets_path ON inspection_targets(org_path, inspection_id);

-- A finding at one school. hazard_id links the hazard made from it; a
-- covert inspection's hazards are made when it is published (hazard_pending).
CREATE TABLE inspection_findings (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    content TEXT NOT NULL,
    category TEXT NOT NULL,
    grade TEXT NOT NULL DEFAULT 'general' CHECK (grade IN ('general','major')),
    photo_json TEXT NOT NULL DEFAULT '[]',
    hazard_pending INTEGER NOT NULL DEFAULT 0,
    hazard_id INTEGER,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX inspection_findings_insp ON inspection_findings(inspection_id, id);
CREATE INDEX inspection_findings_path ON inspection_findings(org_path, id);

CREATE TABLE interviews (
    id INTEGER PRIMARY KEY,
    by_org_id INTEGER NOT NULL REFERENCES orgs(id), -- the bureau
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the school
    org_path TEXT NOT NULL,
    interviewee TEXT NOT NULL,
    interviewee_title TEXT NOT NULL DEFAULT '',
    interview_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    record TEXT NOT NULL DEFAULT '',
    follow_up TEXT NOT NULL DEFAULT '',
    follow_up_done INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX interviews_path ON interviews(org_path, interview_date);

CREATE TABLE yellow_cards (
    id INTEGER PRIMARY KEY,
    by_org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the school
    org_path TEXT NOT NULL,
    reason TEXT NOT NULL,
    issued_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active','lifted')),
    lifted_date TEXT,
    lift_reason TEXT NOT NULL DEFAULT '',
    lifted_by INTEGER,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX yellow_cards_path ON yellow_cards(org_path, issued_date);

CREATE TABLE supervision_notices (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the issuing bureau
    org_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('criticism','commendation')),
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    notice_date TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX supervision_notices_path ON supervision_notices(org_path, notice_date);

CREATE TABLE supervision_notice_entries (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES supervision_notices(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the school (or unit) named
    org_path TEXT NOT NULL,
    person TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervision_notice_entries_n ON supervision_notice_entries(notice_id, id);
CREATE INDEX supervision_notice_entries_path ON supervision_notice_entries(org_path, notice_id);

-- Assessment schemes: the indicators (code, name, weight, per-count
-- deductions) of a year, set by a bureau for its subtree; the nearest
-- ancestor-or-self wins; org_id NULL / year 0 is the default seeded here.
CREATE TABLE assess_schemes (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    year INTEGER NOT NULL,
    indicators_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER
);
CREATE UNIQUE INDEX assess_schemes_u ON assess_schemes(org_path, year);
INSERT INTO assess_schemes (org_id, org_path, year, indicators_json, updated_at) VALUES
    (NULL, '/', 0, '[{"code":"hazard_closure","weight":25},{"code":"overdue","weight":15,"per":3},{"code":"weekly_reports","weight":20},{"code":"drills","weight":15},{"code":"education","weight":15},{"code":"incidents","weight":10,"per_general":2,"per_larger":5,"per_major":10,"per_especially_major":10},{"code":"yellow_cards","weight":0,"per":5},{"code":"veto","weight":0}]', 0);

-- Manual deductions (points < 0) and bonuses (> 0) with a reason.
CREATE TABLE assess_adjustments (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the school or county
    org_path TEXT NOT NULL,
    year INTEGER NOT NULL,
    points REAL NOT NULL,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX assess_adjustments_path ON assess_adjustments(year, org_path);

-- A compute run of one region and year; a newer run supersedes the older
-- (superseded_at); a finalised run is never recomputed.
CREATE TABLE assess_runs (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    year INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('computed','final')),
    scheme_json TEXT NOT NULL,
    as_of INTEGER NOT NULL,
    computed_at INTEGER NOT NULL,
    computed_by INTEGER,
    finalized_at INTEGER,
    finalized_by INTEGER,
    superseded_at INTEGER
);
CREATE INDEX assess_runs_org ON assess_runs(year, org_path);

CREATE TABLE assess_scores (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES assess_runs(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    parent_id INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('school','county')),
    name TEXT NOT NULL,
    score REAL NOT NULL,
    result TEXT NOT NULL,
    veto INTEGER NOT NULL DEFAULT 0,
    rank INTEGER NOT NULL DEFAULT 0,
    detail_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX assess_scores_run ON assess_scores(run_id, kind, rank);
