-- xiaoan messages (站内消息) and document numbers (文号).
--
-- A message is written to one user in the same transaction as the event that
-- causes it. title and body are the words the user reads (Chinese, names, no
-- codes); link is the web UI route it opens. event_key names the event: the
-- same event told to several users has one event_key (push channels send an
-- event once per channel). dedupe_key makes a time-based message (deadline
-- near, overdue, report late) once-only per user.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    org_id INTEGER REFERENCES orgs(id),
    org_path TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    entity TEXT NOT NULL DEFAULT '',
    entity_id INTEGER,
    event_key TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX messages_user ON messages(user_id, id);
CREATE INDEX messages_unread ON messages(user_id, id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX messages_dedupe ON messages(user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Each bureau numbers the documents it issues in one sequence a year:
-- 华教安〔2026〕12号. The prefix is set per bureau (orgs.doc_prefix); last is
-- the last number handed out, incremented inside the issuing transaction so
-- a rolled-back issue leaves no gap and concurrent issues no duplicate.
CREATE TABLE doc_sequences (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
);
ALTER TABLE orgs ADD COLUMN doc_prefix TEXT NOT NULL DEFAULT '';
