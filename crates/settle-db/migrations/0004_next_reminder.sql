-- The next scheduled reminder of each invoice, as the latest planning run computed it, so the
-- Customers overview can show "Next reminder" without planning 200,000 invoices per page. The
-- overview only trusts it for invoices that are open and chased (a change to either shows at
-- once); a cadence applied since is cleared to NULL until the next run (within a minute in the
-- app).
ALTER TABLE invoice_schedules ADD COLUMN next_at TEXT;
