-- xiaoan: programme and assessment rules held to the seeds (issue 12 item 8)
-- and accountability records (问责 / 责任追究, issue 18 item 4).
-- Times are integer ms; calendar dates are 'YYYY-MM-DD' text (Asia/Shanghai).

-- Incidents are graded by the national production-safety accident grades from
-- deaths and serious injuries (重伤, incl. acute poisoning); injuries stays the
-- count of all injured. Existing rows are regraded from their deaths.
ALTER TABLE incidents ADD COLUMN serious_injuries INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET grade = CASE WHEN deaths >= 30 THEN 'especially_major'
    WHEN deaths >= 10 THEN 'major' WHEN deaths >= 3 THEN 'larger' ELSE 'general' END;

-- A roster published after its period started is a late filing (补报).
ALTER TABLE duty_rosters ADD COLUMN published_late INTEGER NOT NULL DEFAULT 0;
UPDATE duty_rosters SET published_late = 1 WHERE state = 'published' AND published_at IS NOT NULL
    AND published_at >= (julianday(start_date) - 2440587.5) * 86400000 - 8 * 3600000;

-- The months in which drills are counted, set by a bureau for its subtree
-- (nearest ancestor-or-self wins; none: every month). months_json is an
-- array of 1..12.
CREATE TABLE drill_settings (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id),
    org_path TEXT NOT NULL UNIQUE,
    months_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER
);

-- 全国中小学生安全教育日 is the last Monday of March.
UPDATE edu_calendar SET start_date = date(substr(start_date, 1, 4) || '-03-31', '-6 days', 'weekday 1'),
    end_date = date(substr(start_date, 1, 4) || '-03-31', '-6 days', 'weekday 1')
    WHERE title = '全国中小学生安全教育日' AND start_date = end_date;

-- A bureau's reasoned veto (一票否决) of a school or county for a year:
-- 治理不力 (ineffective) or 造成严重负面影响 (negative_impact).
CREATE TABLE assess_vetoes (
    id INTEGER PRIMARY KEY,
    by_org_id INTEGER NOT NULL REFERENCES orgs(id), -- the bureau deciding
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the school or county
    org_path TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('ineffective','negative_impact')),
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX assess_vetoes_path ON assess_vetoes(year, org_path);

-- Accountability (问责): who (a person of a unit, or the unit itself) was
-- held accountable by a bureau, for what, with which measure and decision.
CREATE TABLE accountability (
    id INTEGER PRIMARY KEY,
    by_org_id INTEGER NOT NULL REFERENCES orgs(id), -- the deciding bureau
    by_org_path TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs(id),    -- the unit concerned
    org_path TEXT NOT NULL,
    target TEXT NOT NULL CHECK (target IN ('person','unit')),
    person TEXT NOT NULL DEFAULT '',
    person_title TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('interview','notice','admonish','sanction','suspend')),
    decision_no TEXT NOT NULL DEFAULT '',
    decision_date TEXT NOT NULL,
    incident_id INTEGER REFERENCES incidents(id),
    hazard_id INTEGER REFERENCES hazards(id),
    inspection_id INTEGER REFERENCES inspections(id),
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX accountability_path ON accountability(org_path, decision_date);
CREATE INDEX accountability_by ON accountability(by_org_path, decision_date);

-- The default scheme gains the accountability deductions (per measure).
UPDATE assess_schemes SET indicators_json = '[{"code":"hazard_closure","weight":25},{"code":"overdue","weight":15,"per":3},{"code":"weekly_reports","weight":20},{"code":"drills","weight":15},{"code":"education","weight":15},{"code":"incidents","weight":10,"per_general":2,"per_larger":5,"per_major":10,"per_especially_major":10},{"code":"yellow_cards","weight":0,"per":5},{"code":"accountability","weight":0,"per_interview":1,"per_notice":2,"per_admonish":2,"per_sanction":3,"per_suspend":5},{"code":"veto","weight":0}]'
    WHERE org_id IS NULL AND year = 0;

-- Emergency resources (应急保障, issue 18 item 3) of a school or a bureau:
-- teams with their members, and supplies with quantity, place and expiry.
CREATE TABLE emergency_teams (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    duties TEXT NOT NULL DEFAULT '',
    members_json TEXT NOT NULL DEFAULT '[]',       -- [{name, role, phone}]
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX emergency_teams_path ON emergency_teams(org_path, id);
CREATE TABLE emergency_supplies (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    item TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL,
    keeper TEXT NOT NULL DEFAULT '',
    expiry_date TEXT,                              -- 'YYYY-MM-DD', NULL: none
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX emergency_supplies_path ON emergency_supplies(org_path, id);
CREATE INDEX emergency_supplies_expiry ON emergency_supplies(expiry_date) WHERE deleted_at IS NULL;
