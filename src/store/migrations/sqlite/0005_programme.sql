-- xiaoan programme (SQLite): safety education lessons and the education
-- calendar, emergency plans (versioned) and drills, duty rosters, incident
-- reports. Times are integer ms; calendar dates are 'YYYY-MM-DD' text
-- (Asia/Shanghai), so they compare as strings.
-- photo / hazard / user ids carry no foreign keys: the store checks them
-- (same school) at insert time, as 0003 does.

CREATE TABLE edu_lessons (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    class_name TEXT NOT NULL,
    topic TEXT NOT NULL,
    category TEXT,
    hours REAL NOT NULL CHECK (hours > 0),
    lesson_date TEXT NOT NULL,
    semester TEXT NOT NULL,                        -- '2026-1' spring, '2026-2' autumn
    teacher TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX edu_lessons_path ON edu_lessons(org_path, semester);
CREATE INDEX edu_lessons_sem ON edu_lessons(semester, org_id, class_name);

-- Hours per class and semester, kept with every lesson written or deleted
-- (compliance reads these, not the lessons).
CREATE TABLE edu_class_hours (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    semester TEXT NOT NULL,
    class_name TEXT NOT NULL,
    hours REAL NOT NULL DEFAULT 0,
    lessons INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, semester, class_name)
);
CREATE INDEX edu_class_hours_sem ON edu_class_hours(semester, org_path);

-- Themed days / weeks / months and seasonal topics, set by a bureau (for
-- its subtree) or a school (for itself).
CREATE TABLE edu_calendar (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('themed_day','themed_week','themed_month','seasonal','holiday')),
    title TEXT NOT NULL,
    category TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX edu_calendar_path ON edu_calendar(org_path, start_date);

CREATE TABLE emergency_plans (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('overall','special','onsite')),
    theme TEXT NOT NULL,
    current_version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX emergency_plans_path ON emergency_plans(org_path, id);

CREATE TABLE emergency_plan_versions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES emergency_plans(id),
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    effective_date TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    UNIQUE (plan_id, version)
);

CREATE TABLE drills (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    plan_id INTEGER,
    theme TEXT NOT NULL,
    drill_date TEXT NOT NULL,
    participants INTEGER NOT NULL CHECK (participants > 0),
    duration_min INTEGER NOT NULL CHECK (duration_min > 0),
    evacuation_seconds INTEGER,
    evaluation TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL CHECK (rating IN ('excellent','good','pass','fail')),
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX drills_path ON drills(org_path, drill_date);
CREATE INDEX drills_org ON drills(org_id, drill_date);

CREATE TABLE drill_photos (
    drill_id INTEGER NOT NULL REFERENCES drills(id),
    photo_id INTEGER NOT NULL,
    PRIMARY KEY (drill_id, photo_id)
);

-- A duty roster covers [start_date, end_date]; each day has one slot.
CREATE TABLE duty_rosters (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('routine','holiday','special')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft','published')),
    published_at INTEGER,
    published_by INTEGER,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX duty_rosters_path ON duty_rosters(org_path, start_date);

CREATE TABLE duty_slots (
    id INTEGER PRIMARY KEY,
    roster_id INTEGER NOT NULL REFERENCES duty_rosters(id),
    duty_date TEXT NOT NULL,
    leader_id INTEGER,
    is_24h INTEGER NOT NULL DEFAULT 0,
    staff_json TEXT NOT NULL DEFAULT '[]',
    phone TEXT NOT NULL DEFAULT '',
    UNIQUE (roster_id, duty_date)
);

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    title TEXT NOT NULL,
    category TEXT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('general','larger','major','especially_major')),
    summary TEXT NOT NULL,
    deaths INTEGER NOT NULL DEFAULT 0,
    injuries INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL CHECK (source IN ('school','discovered')),
    state TEXT NOT NULL CHECK (state IN ('quick','written')),
    occurred_at INTEGER NOT NULL,
    reported_at INTEGER NOT NULL,                  -- server time of the quick report
    reported_by INTEGER,
    quick_due_at INTEGER NOT NULL,
    quick_late INTEGER NOT NULL DEFAULT 0,
    written_due_at INTEGER NOT NULL,
    written_at INTEGER,
    written_by INTEGER,
    written_late INTEGER NOT NULL DEFAULT 0,
    cause TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX incidents_path ON incidents(org_path, occurred_at);
CREATE INDEX incidents_open ON incidents(written_due_at) WHERE state = 'quick' AND deleted_at IS NULL;

CREATE TABLE incident_hazards (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    hazard_id INTEGER NOT NULL,
    PRIMARY KEY (incident_id, hazard_id)
);
