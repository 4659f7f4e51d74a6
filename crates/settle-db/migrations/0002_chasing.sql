-- The chasing engine: planning heartbeat, missed (catch-up) outbox items, and the indexes the
-- planner reads by. Forward-only: never edit this file once it is on main; add a new one.
--
-- Decisions: docs/decisions/0008-downtime-catch-up.md, 0009-cadence-storage-and-copy-on-apply.md.

-- When the engine last planned each organisation. An occurrence that fell due after this instant
-- and whose hour has passed before the next plan fell due while Settle was not running: it is
-- "missed" and waits for the owner instead of going out (0008).
CREATE TABLE planner_heartbeats (
    organisation_id     INTEGER PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    last_planned_at     TEXT    NOT NULL
);

-- A missed occurrence is an outbox item in state 'held' with `missed_at` set: its key is taken (it
-- can never be planned a second time) but nothing sends it until the owner chooses to send it now
-- (-> awaiting_approval), skip it (-> skipped) or reschedule it (-> planned at a new due_at).
ALTER TABLE outbox_items ADD COLUMN missed_at TEXT;

-- The copied steps of a schedule as one compact text (kind,days,date,repeat,hour,channels,role-id
-- per step, ';' between steps), written with the steps: the planner reads 200,000 schedules by
-- this one column and parses each distinct list of steps once (0009). Empty = not computed.
ALTER TABLE invoice_schedules ADD COLUMN steps_signature TEXT NOT NULL DEFAULT '';

-- The planner reads each invoice's outbox history, and finds invoices with pending items.
CREATE INDEX outbox_by_invoice ON outbox_items (invoice_id, state);
CREATE INDEX outbox_by_org_state ON outbox_items (organisation_id, state, due_at);

-- Deleting outbox items (replacing the demo, deleting an organisation) sets the messages that
-- point at them to NULL: without this index each deleted item scanned every message (70 s for
-- 17,000 items on the bench).
CREATE INDEX messages_by_outbox_item ON messages (outbox_item_id);

-- The planner walks an organisation's invoice schedules.
CREATE INDEX invoice_schedules_by_org ON invoice_schedules (organisation_id, invoice_id);
CREATE INDEX invoice_schedules_by_cadence ON invoice_schedules (source_cadence_id);

-- Bulk assignment and `settle cadence apply --invoice` look invoices up by number.
CREATE INDEX invoices_by_number ON invoices (organisation_id, invoice_number);
