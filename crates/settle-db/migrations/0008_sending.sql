-- Sending (docs/SENDING.md, decision 0018): the outbox's transition log, outgoing messages (one
-- per group of outbox items that go as one email) and their send attempts with the archived raw
-- message, templates, senders, SMTP settings (never the password: that is in the keychain) and
-- auto-approve rules. Forward-only: never edit this file once it is on main; add a new one.

-- Who made the latest state change of an outbox item ('planner', 'owner', 'cli', 'gate',
-- 'sender', 'rule:<id>'): the transition log's trigger copies it.
ALTER TABLE outbox_items ADD COLUMN state_actor TEXT NOT NULL DEFAULT 'planner';

-- Every state an outbox item enters, with why and who, in order. Written by the triggers below,
-- so no path (the planner's bulk statements included) can change a state unrecorded.
CREATE TABLE outbox_transitions (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    item_id             INTEGER NOT NULL REFERENCES outbox_items (id) ON DELETE CASCADE,
    from_state          TEXT,                            -- NULL: the item was created
    to_state            TEXT    NOT NULL,
    reason              TEXT    NOT NULL DEFAULT '',
    actor               TEXT    NOT NULL,
    at                  TEXT    NOT NULL
);
CREATE INDEX outbox_transitions_by_item ON outbox_transitions (item_id, id);

CREATE TRIGGER outbox_items_created AFTER INSERT ON outbox_items
BEGIN
    INSERT INTO outbox_transitions (organisation_id, item_id, from_state, to_state, reason, actor, at)
    VALUES (new.organisation_id, new.id, NULL, new.state, new.state_reason, new.state_actor,
            new.updated_at);
END;

CREATE TRIGGER outbox_items_moved AFTER UPDATE OF state ON outbox_items
WHEN old.state <> new.state
BEGIN
    INSERT INTO outbox_transitions (organisation_id, item_id, from_state, to_state, reason, actor, at)
    VALUES (new.organisation_id, new.id, old.state, new.state, new.state_reason, new.state_actor,
            new.updated_at);
END;

-- One message to one customer: the outbox items of one customer due the same local day on the
-- same channel to the same people (settle-core's MessageGroup). The owner's edits and the
-- approval live here; the items carry the state (they move together).
CREATE TABLE outgoing_messages (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    channel             TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
    local_date          TEXT    NOT NULL,              -- the day on the organisation's wall clock
    audience            TEXT    NOT NULL,              -- customer | role:<name> | invoice:<id>
    subject_override    TEXT,
    body_override       TEXT,
    to_override         TEXT,                          -- comma list; NULL = the rules' recipients
    cc_override         TEXT,
    approved_by         TEXT,                          -- owner | cli | rule:<id>
    approved_at         TEXT,
    -- 1: the owner chose "send now" (sent in the next batch even outside its hour).
    send_now            INTEGER NOT NULL DEFAULT 0 CHECK (send_now IN (0, 1)),
    created_at          TEXT    NOT NULL
);
-- Not unique: once a message is approved or sent, a later item of the same day starts a new one
-- (it must never ride on an approval given without it).
CREATE INDEX outgoing_messages_by_group ON outgoing_messages
    (organisation_id, contact_id, channel, local_date, audience);
ALTER TABLE outbox_items ADD COLUMN outgoing_message_id INTEGER
    REFERENCES outgoing_messages (id) ON DELETE SET NULL;
CREATE INDEX outbox_by_message ON outbox_items (outgoing_message_id);

-- Each try at sending a message: its Message-ID is committed (state 'sending') before the SMTP
-- conversation starts, and the raw message is archived (file + SHA-256) before it is sent.
CREATE TABLE send_attempts (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    outgoing_message_id INTEGER NOT NULL REFERENCES outgoing_messages (id) ON DELETE CASCADE,
    message_id_header   TEXT    NOT NULL UNIQUE,
    state               TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'in_doubt', 'abandoned')),
    reason              TEXT    NOT NULL DEFAULT '',
    from_address        TEXT    NOT NULL,
    to_list             TEXT    NOT NULL,
    cc_list             TEXT    NOT NULL DEFAULT '',
    subject             TEXT    NOT NULL,
    body_text           TEXT    NOT NULL,
    body_html           TEXT,
    attachments         TEXT    NOT NULL DEFAULT '',   -- file names, newline-separated
    raw_path            TEXT,
    raw_sha256          TEXT,
    started_at          TEXT    NOT NULL,
    finished_at         TEXT
);
CREATE INDEX send_attempts_by_message ON send_attempts (outgoing_message_id, id);

-- Email templates: each organisation gets editable copies of the five built-ins.
CREATE TABLE email_templates (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    template_key        TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    subject             TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (organisation_id, template_key)
);

-- The normal sender and the escalated one (e.g. the owner), each with a signature.
CREATE TABLE senders (
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    escalated           INTEGER NOT NULL CHECK (escalated IN (0, 1)),
    name                TEXT    NOT NULL,
    email               TEXT    NOT NULL,
    signature           TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (organisation_id, escalated)
);

-- The owner's SMTP server. The password is in the OS keychain (smtp.password.<organisation id>).
CREATE TABLE smtp_settings (
    organisation_id     INTEGER PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    host                TEXT    NOT NULL,
    port                INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security            TEXT    NOT NULL CHECK (security IN ('starttls', 'implicit_tls')),
    username            TEXT    NOT NULL,
    extra_root_certificate_pem TEXT,
    updated_at          TEXT    NOT NULL
);

-- Messages matching a rule are approved without asking (safety invariant 5).
CREATE TABLE auto_approve_rules (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    channel             TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
    template_key        TEXT,
    trigger_side        TEXT    NOT NULL CHECK (trigger_side IN ('before_due', 'after_due', 'any')),
    max_amount_e4       INTEGER,
    created_at          TEXT    NOT NULL
);
