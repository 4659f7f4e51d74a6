-- Writing an invoice's expected payment date back to Xero (docs/XERO-SYNC.md "Write back and
-- links", decision 0022). Forward-only: never edit this file once it is on main; add a new one.

-- An expected payment date the owner set that Xero refused (payment allocated, lock date) or could
-- not be reached for: kept here so nothing is lost, and used by the planner instead of the synced
-- `invoices.expected_payment_date` (which a sync overwrites with Xero's value). One row per
-- invoice; deleted when the owner's date is saved in Xero or cleared.
CREATE TABLE invoice_expected_dates (
    invoice_id          INTEGER PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    expected_date       TEXT,                          -- NULL: cleared in Settle only
    reason              TEXT    NOT NULL,              -- why Xero does not have it, and what to do
    kept_at             TEXT    NOT NULL
);

-- The customer-facing online invoice link (`https://in.xero.com/…`), fetched on demand and kept:
-- Xero's link for an invoice does not change.
ALTER TABLE invoices ADD COLUMN online_invoice_url TEXT;
