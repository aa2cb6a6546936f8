-- xiaoan public disclosure, whistle-blowing (举报), rewards and the school
-- ledgers (校车 / 驾驶员 / 门卫登记 / 信访积案). Times are integer ms; plain
-- calendar dates (expiries, deadlines) are 'YYYY-MM-DD' text, which sorts
-- and compares as dates.

-- A tip-off from the public. code is the tracking code (unguessable);
-- contact and ip_hash are never shown publicly. status: received (待受理),
-- accepted (已受理: hazard_id names the hazard it became), rejected.
CREATE TABLE tipoffs (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    county_id INTEGER NOT NULL REFERENCES orgs(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),   -- the school
    org_path TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    photo_ids_json TEXT NOT NULL DEFAULT '[]',
    ip_hash TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','accepted','rejected')),
    reason TEXT NOT NULL DEFAULT '',               -- public reason of a rejection
    hazard_id INTEGER REFERENCES hazards(id),
    handled_by INTEGER,
    handled_at INTEGER,
    reward_amount REAL,
    reward_on TEXT,
    reward_note TEXT NOT NULL DEFAULT '',
    rewarded_by INTEGER,
    rewarded_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX tipoffs_path ON tipoffs(org_path, id);

-- Public replies to a tip-off (shown on the tracking page).
CREATE TABLE tipoff_replies (
    id INTEGER PRIMARY KEY,
    tipoff_id INTEGER NOT NULL REFERENCES tipoffs(id),
    body TEXT NOT NULL,
    author_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX tipoff_replies_tipoff ON tipoff_replies(tipoff_id, id);

-- Photos uploaded signed out: the token is handed to the uploader only and
-- is spent by one tip-off of the same school.
CREATE TABLE public_uploads (
    token TEXT PRIMARY KEY,
    photo_id INTEGER NOT NULL REFERENCES photos(id),
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    created_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE school_buses (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    plate TEXT NOT NULL,
    seats INTEGER NOT NULL,
    inspection_expiry TEXT NOT NULL,
    insurance_expiry TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX school_buses_path ON school_buses(org_path, id);

CREATE TABLE bus_drivers (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    licence_class TEXT NOT NULL,
    licence_expiry TEXT NOT NULL,
    bus_id INTEGER REFERENCES school_buses(id),
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX bus_drivers_path ON bus_drivers(org_path, id);

-- Gate register: id_masked keeps only the last 4 characters of the id number.
CREATE TABLE gate_visits (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    name TEXT NOT NULL,
    id_masked TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    host TEXT NOT NULL DEFAULT '',
    plate TEXT NOT NULL DEFAULT '',
    goods_in TEXT NOT NULL DEFAULT '',
    goods_out TEXT NOT NULL DEFAULT '',
    in_at INTEGER NOT NULL,
    out_at INTEGER,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX gate_visits_path ON gate_visits(org_path, in_at);
CREATE INDEX gate_visits_inside ON gate_visits(org_path) WHERE out_at IS NULL AND deleted_at IS NULL;

CREATE TABLE petitions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    petitioner TEXT NOT NULL,
    subject TEXT NOT NULL,
    received_on TEXT NOT NULL,
    leader_id INTEGER NOT NULL REFERENCES users(id),
    due_on TEXT NOT NULL,                          -- deadline (not named deadline: the row JSON reads that as an instant)
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
    result TEXT NOT NULL DEFAULT '',
    resolved_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER
);
CREATE INDEX petitions_path ON petitions(org_path, id);
