-- Monthly statements of a customer-level schedule (CHASING.md, "Customer chasing and
-- statements"): on a chosen day of the month, at a chosen hour in the organisation's time zone,
-- a statement of the customer's open items on each chosen channel. The rules are settle-core's
-- (`schedule/statement.rs`); docs/CADENCES.md ("Monthly statements") and decision 0015 record
-- the rest. Forward-only: never edit this file once it is on main; add a new one.
--
-- One statement per customer, on its `customer_schedules` row (a row may now hold a statement
-- and no steps). All four columns are NULL when the customer has no statement:
-- - `statement_day`: 1–28, or 0 for the month's last day;
-- - `statement_hour`: 0–23 on the organisation's wall clock;
-- - `statement_channels`: a comma list (`letter,email`), as steps store theirs;
-- - `statement_set_at`: when it was set or last changed: earlier times are backdated.
-- Statement outbox items have `invoice_id` NULL and keys `customer:C:statement:YYYY-MM:CHANNEL`
-- (one per customer, month and channel), read back per customer like the loops' items.
ALTER TABLE customer_schedules ADD COLUMN statement_day INTEGER
    CHECK (statement_day IS NULL OR statement_day BETWEEN 0 AND 28);
ALTER TABLE customer_schedules ADD COLUMN statement_hour INTEGER
    CHECK (statement_hour IS NULL OR statement_hour BETWEEN 0 AND 23);
ALTER TABLE customer_schedules ADD COLUMN statement_channels TEXT
    CHECK (statement_channels IS NULL OR statement_channels <> '');
ALTER TABLE customer_schedules ADD COLUMN statement_set_at TEXT;
