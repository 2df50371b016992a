-- Exports of calls (room `exports`): background exports (XLSX, ZIP of attachments) and the
-- settings of each call's open-data file (SCDL "subventions").
-- Mirror of postgres/0014_calls_exports.sql.

-- Exports and the API walk a call's files in keyset pages, by id and by (updated_at, id):
-- without these, each page would read and sort every file of the call.
CREATE INDEX files_call_id ON files (call_id, id);
CREATE INDEX files_call_updated ON files (call_id, updated_at, id);

-- One requested export. The file is produced by a background job, kept in storage under
-- `storage_key` until it expires (a later job deletes it and sets state `expired`).
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    requested_by INTEGER NOT NULL REFERENCES users (id),
    format TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    storage_key TEXT,
    size_bytes INTEGER,
    row_count INTEGER,
    error TEXT,
    created_at DATETIME NOT NULL,
    finished_at DATETIME
);
CREATE INDEX exports_call ON exports (call_id, created_at);

-- What the SCDL file says about the attributing body and the payments, set by staff once per
-- call; the public file exists once this row does.
CREATE TABLE call_open_data (
    call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    attributing_name TEXT NOT NULL,
    attributing_siret TEXT NOT NULL,
    payment_terms TEXT NOT NULL,
    payment_start DATE,
    payment_end DATE,
    notified_eu BOOLEAN NOT NULL DEFAULT FALSE,
    aid_scheme TEXT,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at DATETIME NOT NULL
);
