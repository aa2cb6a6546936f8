-- xiaoan push channels (推送渠道) and their durable outbox.
--
-- A channel belongs to one org and is configured by its admin: a 企业微信 or
-- 钉钉 group robot, a signed JSON webhook, an SMS gateway or SMTP email.
-- config_json holds what may be shown again (gateway address, template,
-- SMTP server and sender); secret_json holds what is never returned after
-- saving (robot keys, signing secrets, gateway token, SMTP password).
-- msg_kinds_json is the list of message kinds the channel takes ([] = all).
-- last_error / last_sent_at tell the status page how the channel fares.
CREATE TABLE push_channels (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    org_path TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1,
    msg_kinds_json TEXT NOT NULL DEFAULT '[]',
    max_tries INTEGER NOT NULL DEFAULT 8,
    config_json TEXT NOT NULL DEFAULT '{}',
    secret_json TEXT NOT NULL DEFAULT '{}',
    last_error TEXT NOT NULL DEFAULT '',
    last_error_at INTEGER,
    last_sent_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER
);
CREATE INDEX push_channels_org ON push_channels(org_id) WHERE deleted_at IS NULL;
CREATE INDEX push_channels_path ON push_channels(org_path, id);

-- One row per push to make: idem_key is unique per channel (the event for a
-- group robot or webhook, the message for email or SMS), so a message seen
-- twice is pushed once. state: pending -> sent, or dead after max_tries.
-- A pending row is due at next_at; the worker claims it by moving next_at
-- a lease ahead, so a crash mid-delivery leaves it due again later.
CREATE TABLE push_outbox (
    id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL REFERENCES push_channels(id),
    org_path TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    message_id INTEGER REFERENCES messages(id),
    msg_kind TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending',
    tries INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE UNIQUE INDEX push_outbox_key ON push_outbox(channel_id, idem_key);
CREATE INDEX push_outbox_due ON push_outbox(next_at) WHERE state = 'pending';
CREATE INDEX push_outbox_channel ON push_outbox(channel_id, state, id);
CREATE INDEX push_outbox_message ON push_outbox(message_id);

-- The last message id the fan-out has turned into outbox rows, advanced in
-- the same transaction as the rows it wrote. Starts at the newest message:
-- history is not pushed.
CREATE TABLE push_cursor (
    id INTEGER PRIMARY KEY,
    last_message_id INTEGER NOT NULL
);
INSERT INTO push_cursor (id, last_message_id) SELECT 1, COALESCE(MAX(id), 0) FROM messages;

-- A user's email address, for the email channel.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
