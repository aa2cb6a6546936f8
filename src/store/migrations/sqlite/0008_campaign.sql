-- xiaoan campaigns (SQLite): campaigns / special actions (专项行动) and
-- special-period plans (特殊时期工作方案, kind = 'special_period'), their
-- ordered stages and tasks, one assignment row per task and school made in
-- bulk when the campaign is published, and the history of submissions.
-- Times are integer ms; calendar dates are 'YYYY-MM-DD' text (Asia/Shanghai).

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the bureau (province/city/county)
    org_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('campaign','special_period')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    categories_json TEXT NOT NULL DEFAULT '[]',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','published','closed')),
    summary TEXT NOT NULL DEFAULT '',
    published_at INTEGER,
    published_by INTEGER,
    closed_at INTEGER,
    closed_by INTEGER,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX campaigns_path ON campaigns(org_path, start_date);

CREATE TABLE campaign_stages (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX campaign_stages_c ON campaign_stages(campaign_id, seq);

CREATE TABLE campaign_tasks (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    stage_id INTEGER NOT NULL REFERENCES campaign_stages(id),
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    requirement TEXT NOT NULL DEFAULT '',
    due_date TEXT NOT NULL,
    need_text INTEGER NOT NULL DEFAULT 0,
    need_photo INTEGER NOT NULL DEFAULT 0,
    need_roster INTEGER NOT NULL DEFAULT 0,            -- a published duty roster must be linked
    counts_json TEXT NOT NULL DEFAULT '[]',          -- [{key, label}]
    deleted_at INTEGER
);
CREATE INDEX campaign_tasks_c ON campaign_tasks(campaign_id, seq);

-- One row per task and school of the bureau's subtree (made on publish).
CREATE TABLE campaign_assignments (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    task_id INTEGER NOT NULL REFERENCES campaign_tasks(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    due_date TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending','submitted','returned','accepted')),
    late INTEGER NOT NULL DEFAULT 0,               -- first submission after the due date
    submissions INTEGER NOT NULL DEFAULT 0,
    first_submitted_at INTEGER,
    submitted_at INTEGER,
    submitted_by INTEGER,
    text TEXT NOT NULL DEFAULT '',
    counts_json TEXT NOT NULL DEFAULT '{}',
    photos_json TEXT NOT NULL DEFAULT '[]',
    roster_id INTEGER,                                 -- the linked duty roster (值班表)
    return_reason TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_at INTEGER,
    reviewed_by INTEGER,
    updated_at INTEGER NOT NULL,
    UNIQUE (task_id, org_id)
);
CREATE INDEX campaign_assignments_c ON campaign_assignments(campaign_id, org_path);
CREATE INDEX campaign_assignments_path ON campaign_assignments(org_path, state);

-- Every submission and its review (退回 / 通过), oldest first.
CREATE TABLE campaign_submissions (
    id INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES campaign_assignments(id),
    text TEXT NOT NULL DEFAULT '',
    counts_json TEXT NOT NULL DEFAULT '{}',
    photos_json TEXT NOT NULL DEFAULT '[]',
    roster_id INTEGER,
    late INTEGER NOT NULL DEFAULT 0,
    submitted_at INTEGER NOT NULL,
    submitted_by INTEGER,
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','returned','accepted')),
    reason TEXT NOT NULL DEFAULT '',
    reviewed_at INTEGER,
    reviewed_by INTEGER
);
CREATE INDEX campaign_submissions_a ON campaign_submissions(assignment_id, id);
