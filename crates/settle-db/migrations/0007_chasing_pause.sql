-- The organisation-level chasing pause (docs/XERO-SYNC.md, decision 0019): while a row exists
-- for an organisation, nothing is sent for it (the send gate reads this table); planning still
-- runs so the plan stays visible. Forward-only: never edit this file once it is on main; add a
-- new one.
--
-- - `paused_since`: when chasing was paused (RFC 3339 UTC);
-- - `reason`: why, in words the owner reads ("New connection: review your plan, then resume");
-- - `reconnect_needed`: 1 when Xero refused Settle's saved sign-in (invalid_grant): chasing may
--   not be resumed until the owner reconnects, which clears the flag.
-- No row = chasing runs.
CREATE TABLE chasing_pauses (
    organisation_id     INTEGER PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    paused_since        TEXT    NOT NULL,
    reason              TEXT    NOT NULL CHECK (reason <> ''),
    reconnect_needed    INTEGER NOT NULL DEFAULT 0 CHECK (reconnect_needed IN (0, 1))
);
