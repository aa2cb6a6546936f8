-- xiaoan responsibility system (SQLite), SPEC §6. Times are integer ms.
-- Templates of responsibility lists (责任清单) per level or post with ordered
-- duty items; an org's own lists (copied from a template, then its own); the
-- people holding a post's list; yearly responsibility letters (安全责任书)
-- signed by their addressee; campus grid zones (网格) with their risk points.

-- kind 'level' (target county / township / school) or 'post' (target a post
-- code: principal, vice_principal, class_teacher, ...).
CREATE TABLE resp_templates (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('level','post')),
    target TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX resp_templates_path ON resp_templates(org_path, id);

CREATE TABLE resp_template_items (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES resp_templates(id),
    seq INTEGER NOT NULL,
    content TEXT NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX resp_template_items_t ON resp_template_items(template_id, seq);

-- One list per org and (kind, target) while not deleted.
CREATE TABLE resp_lists (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    template_id INTEGER REFERENCES resp_templates(id),
    kind TEXT NOT NULL CHECK (kind IN ('level','post')),
    target TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE UNIQUE INDEX resp_lists_u ON resp_lists(org_id, kind, target) WHERE deleted_at IS NULL;
CREATE INDEX resp_lists_path ON resp_lists(org_path, id);

CREATE TABLE resp_list_items (
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES resp_lists(id),
    seq INTEGER NOT NULL,
    content TEXT NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX resp_list_items_l ON resp_list_items(list_id, seq);

-- Who holds the post a list is for (replaced as a set; history in the audit).
CREATE TABLE resp_list_holders (
    list_id INTEGER NOT NULL REFERENCES resp_lists(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (list_id, user_id)
);
CREATE INDEX resp_list_holders_u ON resp_list_holders(user_id);

-- A letter: issued by org_id to user_id for a year. org_path is the
-- addressee's org path (who may see it); issuer_path the issuing org's.
CREATE TABLE resp_letters (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    issuer_org_id INTEGER NOT NULL REFERENCES orgs(id),
    issuer_path TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    list_id INTEGER REFERENCES resp_lists(id),
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','signed')),
    issued_at INTEGER NOT NULL,
    issued_by INTEGER,
    signed_at INTEGER,
    sign_note TEXT NOT NULL DEFAULT '',
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE UNIQUE INDEX resp_letters_u ON resp_letters(user_id, year) WHERE deleted_at IS NULL;
CREATE INDEX resp_letters_path ON resp_letters(org_path, year);
CREATE INDEX resp_letters_issuer ON resp_letters(issuer_path, year);

-- Campus grid zones of a school, each with a named responsible user.
CREATE TABLE grid_zones (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    responsible_user_id INTEGER NOT NULL REFERENCES users(id),
    patrol_frequency TEXT NOT NULL DEFAULT '',
    patrol_plan_id INTEGER REFERENCES patrol_plans(id),
    created_at INTEGER NOT NULL,
    created_by INTEGER,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE UNIQUE INDEX grid_zones_name ON grid_zones(org_id, name) WHERE deleted_at IS NULL;
CREATE INDEX grid_zones_path ON grid_zones(org_path, id);

-- A risk point belongs to at most one zone.
CREATE TABLE grid_zone_points (
    zone_id INTEGER NOT NULL REFERENCES grid_zones(id),
    risk_point_id INTEGER NOT NULL REFERENCES risk_points(id),
    PRIMARY KEY (zone_id, risk_point_id)
);
CREATE UNIQUE INDEX grid_zone_points_rp ON grid_zone_points(risk_point_id);
