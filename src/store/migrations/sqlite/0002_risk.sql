-- xiaoan risk register (SQLite). Times are integer ms since the epoch.
-- Categories (SPEC §9), checklist templates and school checklists, grading
-- thresholds (versioned), photos (content-addressed, bytes in the db), campus
-- plans, risk points and their assessment history, patrol plans and records.

CREATE TABLE categories (
    code TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER,
    deleted_at INTEGER,
    deleted_by INTEGER
);
INSERT INTO categories (code, name_zh, name_en, sort, builtin, created_at) VALUES
    ('fire', '消防', 'Fire', 10, 1, 0),
    ('food', '食品卫生', 'Food & hygiene', 20, 1, 0),
    ('traffic', '交通/校车', 'Traffic & school bus', 30, 1, 0),
    ('drowning', '防溺水', 'Drowning prevention', 40, 1, 0),
    ('bullying', '防欺凌', 'Bullying prevention', 50, 1, 0),
    ('lab', '实验室/危险化学品', 'Labs & hazardous chemicals', 60, 1, 0),
    ('building', '校舍', 'School buildings', 70, 1, 0),
    ('electrical', '电气线路', 'Electrical wiring', 80, 1, 0),
    ('construction', '建筑施工', 'Construction works', 90, 1, 0),
    ('surroundings', '校园周边', 'Campus surroundings', 100, 1, 0),
    ('security', '治安/门卫', 'Public security & gate', 110, 1, 0),
    ('disaster', '防灾减灾/地质灾害', 'Natural disasters & geology', 120, 1, 0),
    ('epidemic', '传染病', 'Epidemics', 130, 1, 0),
    ('stampede', '防踩踏', 'Stampede prevention', 140, 1, 0),
    ('terror', '防暴恐', 'Counter-terrorism', 150, 1, 0),
    ('psychological', '心理健康', 'Mental health', 160, 1, 0),
    ('sports', '体育/活动', 'Sports & activities', 170, 1, 0),
    ('other', '其他', 'Other', 180, 1, 0);

-- Band limits as versioned data; an assessment keeps the version it used.
CREATE TABLE grading_thresholds (
    version INTEGER PRIMARY KEY,
    lec_major REAL NOT NULL,
    lec_high REAL NOT NULL,
    lec_general REAL NOT NULL,
    ls_red INTEGER NOT NULL,
    ls_orange INTEGER NOT NULL,
    ls_yellow INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER
);
INSERT INTO grading_thresholds (version, lec_major, lec_high, lec_general, ls_red, ls_orange, ls_yellow, note, created_at)
VALUES (1, 320, 160, 70, 20, 15, 9, 'SPEC §3 default', 0);

-- Photos: stored once per (school, content hash); the same hash in another
-- row (another school) marks a reused photo.
CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    uploaded_by INTEGER,
    created_at INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE UNIQUE INDEX photos_org_sha ON photos(org_id, sha256);
CREATE INDEX photos_sha ON photos(sha256);
CREATE INDEX photos_org_path ON photos(org_path, id);

-- Campus plan of an org (the latest row wins; history kept).
CREATE TABLE campus_plans (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    photo_id INTEGER NOT NULL REFERENCES photos(id),
    created_at INTEGER NOT NULL,
    created_by INTEGER
);
CREATE INDEX campus_plans_org ON campus_plans(org_id, id);

-- Bureau checklist templates (排查清单模板) per category.
CREATE TABLE checklist_templates (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    category TEXT NOT NULL REFERENCES categories(code),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX checklist_templates_path ON checklist_templates(org_path, id);

CREATE TABLE checklist_template_items (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES checklist_templates(id),
    seq INTEGER NOT NULL,
    content TEXT NOT NULL,
    standard TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    weight REAL NOT NULL DEFAULT 1,
    deleted_at INTEGER
);
CREATE INDEX checklist_template_items_t ON checklist_template_items(template_id, seq);

-- A school's checklist (copied from a template or its own).
CREATE TABLE checklists (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    template_id INTEGER REFERENCES checklist_templates(id),
    category TEXT NOT NULL REFERENCES categories(code),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX checklists_path ON checklists(org_path, id);

CREATE TABLE checklist_items (
    id INTEGER PRIMARY KEY,
    checklist_id INTEGER NOT NULL REFERENCES checklists(id),
    seq INTEGER NOT NULL,
    content TEXT NOT NULL,
    standard TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    weight REAL NOT NULL DEFAULT 1,
    deleted_at INTEGER
);
CREATE INDEX checklist_items_c ON checklist_items(checklist_id, seq);

-- Risk points (风险点). level is none/low/general/high/major, level_rank 0..4.
CREATE TABLE risk_points (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL REFERENCES categories(code),
    hazard_factors TEXT NOT NULL DEFAULT '',
    possible_accidents TEXT NOT NULL DEFAULT '',
    control_measures_json TEXT NOT NULL DEFAULT '{}',
    control_level TEXT NOT NULL DEFAULT 'school',
    responsible_user_id INTEGER REFERENCES users(id),
    responsible_name TEXT NOT NULL DEFAULT '',
    patrol_frequency TEXT NOT NULL DEFAULT 'daily',
    checklist_id INTEGER REFERENCES checklists(id),
    level TEXT NOT NULL DEFAULT 'none',
    level_rank INTEGER NOT NULL DEFAULT 0,
    last_assessment_id INTEGER,
    assessed_at INTEGER,
    pos_x REAL,
    pos_y REAL,
    qr_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE UNIQUE INDEX risk_points_qr ON risk_points(qr_token);
CREATE INDEX risk_points_path ON risk_points(org_path, id);
CREATE INDEX risk_points_org ON risk_points(org_id, level_rank);

-- Assessment history. method LEC / LS / hazard (a hazard raised the grade).
CREATE TABLE risk_assessments (
    id INTEGER PRIMARY KEY,
    risk_point_id INTEGER NOT NULL REFERENCES risk_points(id),
    org_id INTEGER NOT NULL,
    org_path TEXT NOT NULL,
    method TEXT NOT NULL,
    l REAL,
    e REAL,
    c REAL,
    s REAL,
    score REAL,
    level TEXT NOT NULL,
    level_rank INTEGER NOT NULL,
    thresholds_version INTEGER,
    hazard_id INTEGER,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER
);
CREATE INDEX risk_assessments_point ON risk_assessments(risk_point_id, id);

-- Patrol plans: who patrols which points how often.
CREATE TABLE patrol_plans (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    frequency TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX patrol_plans_path ON patrol_plans(org_path, id);

CREATE TABLE patrol_plan_points (
    plan_id INTEGER NOT NULL REFERENCES patrol_plans(id),
    risk_point_id INTEGER NOT NULL REFERENCES risk_points(id),
    PRIMARY KEY (plan_id, risk_point_id)
);
CREATE INDEX patrol_plan_points_rp ON patrol_plan_points(risk_point_id);

CREATE TABLE patrol_plan_assignees (
    plan_id INTEGER NOT NULL REFERENCES patrol_plans(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (plan_id, user_id)
);
CREATE INDEX patrol_plan_assignees_u ON patrol_plan_assignees(user_id);

-- Patrol records. checked_at is server time; scanned_at the phone's scan
-- time (offline drafts); scanned = 1 when the QR token was presented.
CREATE TABLE patrol_records (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    risk_point_id INTEGER NOT NULL REFERENCES risk_points(id),
    plan_id INTEGER REFERENCES patrol_plans(id),
    patroller_id INTEGER REFERENCES users(id),
    scanned INTEGER NOT NULL DEFAULT 0,
    scanned_at INTEGER,
    checked_at INTEGER NOT NULL,
    result TEXT NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    flags_json TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
);
CREATE INDEX patrol_records_path ON patrol_records(org_path, checked_at);
CREATE INDEX patrol_records_point ON patrol_records(risk_point_id, checked_at);

CREATE TABLE patrol_record_items (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES patrol_records(id) DEFERRABLE INITIALLY DEFERRED,
    item_id INTEGER REFERENCES checklist_items(id),
    content TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('pass','fail','na')),
    note TEXT NOT NULL DEFAULT '',
    photo_ids_json TEXT NOT NULL DEFAULT '[]',
    hazard_id INTEGER
);
CREATE INDEX patrol_record_items_r ON patrol_record_items(record_id, id);

-- Photo evidence links (which record/item used which photo).
CREATE TABLE patrol_photos (
    record_id INTEGER NOT NULL REFERENCES patrol_records(id) DEFERRABLE INITIALLY DEFERRED,
    photo_id INTEGER NOT NULL REFERENCES photos(id),
    PRIMARY KEY (record_id, photo_id)
);
CREATE INDEX patrol_photos_photo ON patrol_photos(photo_id);
