-- Truthful records (issue 19): signals of 走过场 / 弄虚作假 with their
-- evidence, never verdicts.

-- A photo's perceptual hash (a 64-bit difference hash, domain/truth.c),
-- next to its content hash: re-saved, shrunk or trimmed copies of a photo
-- are close to it. NULL: not computed yet; phash_done = 1 and phash NULL:
-- cannot be hashed (WebP, a plain image).
ALTER TABLE photos ADD COLUMN phash INTEGER;
ALTER TABLE photos ADD COLUMN phash_done INTEGER NOT NULL DEFAULT 0;
CREATE INDEX photos_phash_todo ON photos(id) WHERE phash_done = 0;

-- One signal about one school: which rule, about what (entity, entity_id),
-- the figures that show it (evidence_json), the school's explanation and
-- the bureau's review (confirmed = 已核实, false = 误报). fkey names the
-- thing so a recomputation updates the evidence instead of adding a row.
CREATE TABLE truth_flags (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    fkey TEXT NOT NULL,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL DEFAULT 0,
    weight INTEGER NOT NULL DEFAULT 1,
    evidence_json TEXT NOT NULL DEFAULT '{}',
    happened_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','confirmed','false')),
    explanation TEXT NOT NULL DEFAULT '',
    explained_by INTEGER,
    explained_at INTEGER,
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_by INTEGER,
    reviewed_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX truth_flags_key ON truth_flags(rule, fkey);
CREATE INDEX truth_flags_path ON truth_flags(org_path, happened_at);

-- Settings per rule (the root bureau's): on/off and the parameters
-- (domain/truth.c names them and their ranges). No row: the defaults.
CREATE TABLE truth_rules (
    rule TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL DEFAULT 1,
    params_json TEXT NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL,
    updated_by INTEGER
);
