-- Settle's initial schema. Forward-only: never edit this file once it is on main; add a new one.
--
-- Conventions (docs/decisions/0004-money-and-time-storage.md):
--   * every row carries organisation_id (a bookkeeper holds several organisations);
--   * money is INTEGER in ten-thousandths of the row's currency (`*_e4`), so sums stay exact;
--   * calendar dates are TEXT 'YYYY-MM-DD'; instants are TEXT RFC 3339 in UTC ('...Z');
--   * booleans are INTEGER 0/1 with CHECKs; SQL stays portable to PostgreSQL where it costs nothing.

CREATE TABLE organisations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a stale id must not open another organisation
    name                TEXT    NOT NULL,
    country             TEXT    NOT NULL,
    timezone            TEXT    NOT NULL,
    base_currency       TEXT    NOT NULL CHECK (length(base_currency) = 3),
    xero_tenant_id      TEXT    UNIQUE,
    xero_short_code     TEXT,
    is_demo             INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    -- Organisation settings that are not worth a column each yet (JSON object).
    settings_json       TEXT    NOT NULL DEFAULT '{}',
    created_at          TEXT    NOT NULL
);

CREATE TABLE contact_roles (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE cadences (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    is_default          INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (organisation_id, name)
);
CREATE UNIQUE INDEX cadences_one_default ON cadences (organisation_id) WHERE is_default = 1;

-- One step of a cadence. `trigger_kind` with `days`/`on_date`/`repeat_*` describes when it fires;
-- the engine issue owns the rules, this table only stores them.
CREATE TABLE cadence_steps (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    cadence_id          INTEGER NOT NULL REFERENCES cadences (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    trigger_kind        TEXT    NOT NULL CHECK (trigger_kind IN
                            ('when_issued', 'after_issue', 'before_due', 'after_due', 'on_date', 'repeat')),
    days                INTEGER,
    on_date             TEXT,
    repeat_count        INTEGER,
    hour                INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channels            TEXT    NOT NULL,              -- comma list of email, sms, letter
    contact_role_id     INTEGER REFERENCES contact_roles (id) ON DELETE SET NULL,
    template_key        TEXT,
    escalated_sender    INTEGER NOT NULL DEFAULT 0 CHECK (escalated_sender IN (0, 1)),
    UNIQUE (cadence_id, position)
);

CREATE TABLE contacts (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    xero_contact_id     TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    first_name          TEXT    NOT NULL DEFAULT '',
    last_name           TEXT    NOT NULL DEFAULT '',
    email               TEXT,
    contact_status      TEXT    NOT NULL CHECK (contact_status IN ('ACTIVE', 'ARCHIVED', 'GDPRREQUEST')),
    chasing             INTEGER NOT NULL DEFAULT 1 CHECK (chasing IN (0, 1)),
    -- The cadence this customer's new invoices get; NULL = the organisation's default cadence.
    cadence_id          INTEGER REFERENCES cadences (id) ON DELETE SET NULL,
    xero_updated_at     TEXT,
    UNIQUE (organisation_id, xero_contact_id)
);
CREATE INDEX contacts_by_org ON contacts (organisation_id, chasing);

CREATE TABLE contact_persons (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    first_name          TEXT    NOT NULL DEFAULT '',
    last_name           TEXT    NOT NULL DEFAULT '',
    email               TEXT,
    include_in_emails   INTEGER NOT NULL DEFAULT 0 CHECK (include_in_emails IN (0, 1))
);
CREATE INDEX contact_persons_by_contact ON contact_persons (contact_id);

CREATE TABLE contact_person_roles (
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    person_id           INTEGER NOT NULL REFERENCES contact_persons (id) ON DELETE CASCADE,
    role_id             INTEGER NOT NULL REFERENCES contact_roles (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, role_id)
);

CREATE TABLE phones (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    phone_type          TEXT    NOT NULL CHECK (phone_type IN ('DEFAULT', 'DDI', 'MOBILE', 'FAX')),
    country_code        TEXT    NOT NULL DEFAULT '',
    area_code           TEXT    NOT NULL DEFAULT '',
    number              TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX phones_by_contact ON phones (contact_id);

CREATE TABLE addresses (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    address_type        TEXT    NOT NULL CHECK (address_type IN ('POBOX', 'STREET')),
    lines               TEXT    NOT NULL DEFAULT '',   -- newline-separated address lines
    city                TEXT    NOT NULL DEFAULT '',
    region              TEXT    NOT NULL DEFAULT '',
    postal_code         TEXT    NOT NULL DEFAULT '',
    country             TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX addresses_by_contact ON addresses (contact_id);

CREATE TABLE invoices (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    xero_invoice_id     TEXT    NOT NULL,
    invoice_number      TEXT    NOT NULL DEFAULT '',
    reference           TEXT    NOT NULL DEFAULT '',
    status              TEXT    NOT NULL CHECK (status IN
                            ('DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED')),
    issue_date          TEXT    NOT NULL,
    due_date            TEXT    NOT NULL,
    expected_payment_date TEXT,
    fully_paid_on       TEXT,
    currency_code       TEXT    NOT NULL CHECK (length(currency_code) = 3),
    currency_rate       TEXT    NOT NULL DEFAULT '1',  -- exact decimal, Xero's CurrencyRate
    total_e4            INTEGER NOT NULL,
    amount_due_e4       INTEGER NOT NULL,
    amount_paid_e4      INTEGER NOT NULL DEFAULT 0,
    amount_credited_e4  INTEGER NOT NULL DEFAULT 0,
    -- amount_due in the organisation's base currency at the invoice's rate, for exact totals.
    amount_due_base_e4  INTEGER NOT NULL,
    sent_to_contact     INTEGER NOT NULL DEFAULT 0 CHECK (sent_to_contact IN (0, 1)),
    xero_updated_at     TEXT    NOT NULL,
    chasing             INTEGER NOT NULL DEFAULT 1 CHECK (chasing IN (0, 1)),
    UNIQUE (organisation_id, xero_invoice_id)
);
CREATE INDEX invoices_by_contact ON invoices (contact_id, issue_date);
-- The overview aggregates open invoices only: a partial covering index keeps that a short scan.
CREATE INDEX invoices_open ON invoices (organisation_id, contact_id, currency_code, due_date,
    amount_due_e4, amount_due_base_e4) WHERE status = 'AUTHORISED' AND amount_due_e4 > 0;
CREATE INDEX invoices_settled ON invoices (organisation_id, fully_paid_on, contact_id)
    WHERE status = 'PAID';

-- A cadence's steps copied onto one invoice (copy-on-apply: editing the cadence later never
-- changes this invoice's schedule).
CREATE TABLE invoice_schedules (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    invoice_id          INTEGER NOT NULL UNIQUE REFERENCES invoices (id) ON DELETE CASCADE,
    source_cadence_id   INTEGER REFERENCES cadences (id) ON DELETE SET NULL,
    source_cadence_name TEXT    NOT NULL DEFAULT '',
    applied_at          TEXT    NOT NULL,
    -- Optional per-invoice recipient list (e.g. the purchasing department), comma-separated.
    recipients_override TEXT
);

CREATE TABLE invoice_schedule_steps (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    schedule_id         INTEGER NOT NULL REFERENCES invoice_schedules (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    trigger_kind        TEXT    NOT NULL CHECK (trigger_kind IN
                            ('when_issued', 'after_issue', 'before_due', 'after_due', 'on_date', 'repeat')),
    days                INTEGER,
    on_date             TEXT,
    repeat_count        INTEGER,
    hour                INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    channels            TEXT    NOT NULL,
    contact_role_id     INTEGER REFERENCES contact_roles (id) ON DELETE SET NULL,
    template_key        TEXT,
    escalated_sender    INTEGER NOT NULL DEFAULT 0 CHECK (escalated_sender IN (0, 1)),
    UNIQUE (schedule_id, position)
);

-- One row per planned occurrence of a step on one channel; `occurrence_key` makes a second row
-- for the same occurrence impossible (safety invariant 2).
CREATE TABLE outbox_items (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    occurrence_key      TEXT    NOT NULL,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    invoice_id          INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    channel             TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
    due_at              TEXT    NOT NULL,
    state               TEXT    NOT NULL CHECK (state IN ('planned', 'awaiting_approval', 'approved',
                            'sending', 'sent', 'failed', 'in_doubt', 'skipped', 'cancelled', 'held')),
    state_reason        TEXT    NOT NULL DEFAULT '',
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (organisation_id, occurrence_key)
);
CREATE INDEX outbox_by_contact ON outbox_items (contact_id, state, due_at);

-- The conversation: every message sent (or attempted) through any channel.
CREATE TABLE messages (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id          INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    invoice_id          INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    outbox_item_id      INTEGER REFERENCES outbox_items (id) ON DELETE SET NULL,
    channel             TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
    recipients          TEXT    NOT NULL DEFAULT '',
    subject             TEXT    NOT NULL DEFAULT '',
    body_text           TEXT    NOT NULL DEFAULT '',
    state               TEXT    NOT NULL CHECK (state IN ('sent', 'failed', 'in_doubt')),
    message_id_header   TEXT,
    sent_at             TEXT    NOT NULL
);
-- Covers the overview's "last reminder" (latest sent message per customer).
CREATE INDEX messages_by_contact ON messages (contact_id, state, sent_at);

-- Per-entity sync watermarks and health (the Xero issue fills these in).
CREATE TABLE sync_state (
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    entity              TEXT    NOT NULL,
    watermark           TEXT,
    last_success_at     TEXT,
    last_error          TEXT,
    PRIMARY KEY (organisation_id, entity)
);

-- Every action the owner takes, and what it changed, so it can be explained and undone.
CREATE TABLE audit_log (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    at                  TEXT    NOT NULL,
    actor               TEXT    NOT NULL,              -- 'owner' (window), 'cli'
    action              TEXT    NOT NULL,
    contact_id          INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    summary             TEXT    NOT NULL,
    undoes_id           INTEGER REFERENCES audit_log (id),
    undone_by_id        INTEGER REFERENCES audit_log (id)
);
CREATE INDEX audit_by_contact ON audit_log (contact_id, at);

-- The before-values of the rows an audited action changed (for undo).
CREATE TABLE audit_changes (
    audit_id            INTEGER NOT NULL REFERENCES audit_log (id) ON DELETE CASCADE,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    entity              TEXT    NOT NULL CHECK (entity IN ('contact', 'invoice')),
    entity_id           INTEGER NOT NULL,
    chasing_before      INTEGER NOT NULL CHECK (chasing_before IN (0, 1)),
    PRIMARY KEY (audit_id, entity, entity_id)
);
