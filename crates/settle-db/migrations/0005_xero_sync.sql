-- Syncing from Xero (docs/XERO-SYNC.md). Forward-only: never edit this file once it is on main;
-- add a new one.

-- What /Organisation says beyond the columns 0001 has: Xero's own (Windows) time-zone name, kept
-- as text because new values appear (NOTES.md §11), and the lock dates (write-back warns on them).
ALTER TABLE organisations ADD COLUMN xero_timezone TEXT;
ALTER TABLE organisations ADD COLUMN period_lock_date TEXT;
ALTER TABLE organisations ADD COLUMN end_of_year_lock_date TEXT;

-- An invoice whose latest Xero record Settle could not read (an unknown status, a missing amount):
-- the row keeps its last good values, is never chased while this is set, and says why. Cleared by
-- the next record that maps.
ALTER TABLE invoices ADD COLUMN held_reason TEXT;

-- A pass over one entity (contacts, invoices) stores its checkpoint after every committed page:
-- the If-Modified-Since to resume from, so an interrupted sync (cancelled, crashed, offline)
-- continues where it stopped instead of starting again. NULL = no pass is unfinished.
ALTER TABLE sync_state ADD COLUMN resume_from TEXT;
-- 1 when the unfinished pass is a full one (started with no watermark).
ALTER TABLE sync_state ADD COLUMN resume_full INTEGER NOT NULL DEFAULT 0 CHECK (resume_full IN (0, 1));

-- Xero records that could not be stored at all (a new invoice or contact whose record does not
-- map): listed with the reason so the owner sees them; retried by id on every sync.
CREATE TABLE sync_holds (
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    entity              TEXT    NOT NULL CHECK (entity IN ('contact', 'invoice')),
    xero_id             TEXT    NOT NULL,
    label               TEXT    NOT NULL DEFAULT '',   -- invoice number or contact name, if known
    reason              TEXT    NOT NULL,
    held_at             TEXT    NOT NULL,
    PRIMARY KEY (organisation_id, entity, xero_id)
);
