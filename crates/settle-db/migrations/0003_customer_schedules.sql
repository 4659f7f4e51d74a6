-- Customer-level schedules (CHASING.md, "Customer chasing and statements"): steps keyed to the
-- age of the customer's oldest overdue invoice, each sending one message that lists all of the
-- customer's open invoices. The rules are settle-core's (`schedule/customer.rs`); this stores the
-- steps and the running loop's anchor the planner hands back. Forward-only: never edit this file
-- once it is on main; add a new one.
--
-- Decisions: docs/decisions/0009-cadence-storage-and-copy-on-apply.md (steps in columns),
-- 0010-schedule-rules.md (loops and their keys), docs/CADENCES.md ("Customer-level schedules").
-- Monthly statements are not stored yet: settle-core has no statement step to plan them with.

-- At most one schedule per customer. `applied_at` is when its current steps were set: sends
-- whose time had passed then are backdated. The anchor is the invoice that started the running
-- loop and its due date then, exactly as settle-core's `LoopAnchor` (both NULL: no loop is
-- running). It is not a foreign key: the loop keeps its anchor (and its outbox keys
-- `customer:C:loop:INVOICE:…`) even after that invoice is paid. `loop_number` counts the loops
-- started since the schedule was first set (0 = none yet), for the owner's display.
CREATE TABLE customer_schedules (
    id                      INTEGER PRIMARY KEY,
    organisation_id         INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    contact_id              INTEGER NOT NULL UNIQUE REFERENCES contacts (id) ON DELETE CASCADE,
    applied_at              TEXT    NOT NULL,
    loop_anchor_invoice_id  INTEGER,
    loop_anchor_due_date    TEXT,
    loop_number             INTEGER NOT NULL DEFAULT 0 CHECK (loop_number >= 0),
    CHECK ((loop_anchor_invoice_id IS NULL) = (loop_anchor_due_date IS NULL))
);
CREATE INDEX customer_schedules_by_org ON customer_schedules (organisation_id, contact_id);

-- The schedule's steps, in the same columns as `invoice_schedule_steps` (one mapping module,
-- settle-db/src/steps.rs). Which triggers a customer schedule may use is settle-core's rule
-- (after_due and repeat today), re-checked whenever the steps are loaded.
CREATE TABLE customer_schedule_steps (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    schedule_id         INTEGER NOT NULL REFERENCES customer_schedules (id) ON DELETE CASCADE,
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

-- Customer-level outbox items have no invoice (`invoice_id` NULL) and are read back per
-- customer through `outbox_by_contact` (0001); nothing else is needed.
