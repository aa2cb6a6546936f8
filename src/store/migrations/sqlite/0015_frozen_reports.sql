-- xiaoan frozen report documents: versioned weekly report submissions whose
-- content is frozen at submission, and monthly bulletins (月通报) issued by a
-- bureau with a document number (文号).

-- A submission keeps what was submitted: content_json is the whole weekly
-- report as the school submitted it (figures, the week's 排查整治清单,
-- patrol completion, who submitted it and when); every reprint is rendered
-- from it. A correction is a new version with a reason; earlier versions
-- stay (is_current = 0) and can be viewed.
ALTER TABLE report_submissions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE report_submissions ADD COLUMN is_current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE report_submissions ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE report_submissions ADD COLUMN content_json TEXT NOT NULL DEFAULT '';
ALTER TABLE report_submissions ADD COLUMN submitter_name TEXT NOT NULL DEFAULT '';
DROP INDEX report_submissions_u;
CREATE UNIQUE INDEX report_submissions_uv ON report_submissions(kind, period, org_id, version);
CREATE UNIQUE INDEX report_submissions_cur ON report_submissions(kind, period, org_id)
    WHERE is_current = 1;

-- A bureau's monthly bulletin (通报): a draft it edits (主送, paragraphs,
-- 落款), then issued once with a 文号 from the bureau's sequence, after which
-- content_json (the ranking and lists as issued) is what every reprint shows.
CREATE TABLE bulletins (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    period TEXT NOT NULL,                 -- '2026-11'
    state TEXT NOT NULL CHECK (state IN ('draft','issued')),
    title TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',  -- 主送
    paragraphs_json TEXT NOT NULL DEFAULT '[]',
    signer TEXT NOT NULL DEFAULT '',      -- 落款 (the issuing unit)
    doc_no TEXT,
    doc_year INTEGER,
    doc_seq INTEGER,
    content_json TEXT NOT NULL DEFAULT '',
    issued_at INTEGER,
    issued_by INTEGER REFERENCES users(id),
    issuer_name TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX bulletins_u ON bulletins(org_id, period);
CREATE INDEX bulletins_path ON bulletins(org_path, period);
CREATE UNIQUE INDEX bulletins_docno ON bulletins(org_id, doc_year, doc_seq) WHERE doc_seq IS NOT NULL;
