-- Observatory (crates/observatory): the SIRENE imports and the directory they fill.
-- Mirror of postgres/0050_observatory.sql.

-- One run of the SIRENE import (terminal or staff page), its progress and its counts, so staff
-- can follow it and the observatory can show the change between two imports.
-- state: queued → running → done | failed.
CREATE TABLE sirene_imports (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    origin TEXT NOT NULL,
    units_name TEXT NOT NULL,
    establishments_name TEXT NOT NULL,
    units_path TEXT,
    establishments_path TEXT,
    phase TEXT NOT NULL,
    bytes_total INTEGER NOT NULL DEFAULT 0,
    bytes_read INTEGER NOT NULL DEFAULT 0,
    units_read INTEGER NOT NULL DEFAULT 0,
    units_kept INTEGER NOT NULL DEFAULT 0,
    lines_read INTEGER NOT NULL DEFAULT 0,
    kept INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    closed INTEGER NOT NULL DEFAULT 0,
    absent INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    malformed INTEGER NOT NULL DEFAULT 0,
    malformed_examples TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    requested_by INTEGER REFERENCES users (id),
    created_at DATETIME NOT NULL,
    started_at DATETIME,
    finished_at DATETIME
);
CREATE INDEX sirene_imports_created ON sirene_imports (created_at);

-- One establishment of an ESS legal unit in the territory, keyed by SIRET. Never deleted: a
-- closed establishment (or a ceased unit) gets status `closed`, one missing from a later full
-- import `absent`. `fingerprint` is a hash of the imported fields: equal means unchanged.
CREATE TABLE directory_establishments (
    id INTEGER PRIMARY KEY,
    siret TEXT NOT NULL,
    siren TEXT NOT NULL,
    name TEXT NOT NULL,
    acronym TEXT,
    usual_name TEXT,
    search_text TEXT NOT NULL,
    rna TEXT,
    legal_category TEXT NOT NULL,
    legal_family TEXT NOT NULL,
    ess_flag BOOLEAN NOT NULL,
    partial_diffusion BOOLEAN NOT NULL,
    head_office BOOLEAN NOT NULL,
    naf TEXT,
    naf_section TEXT,
    size_band TEXT,
    commune_code TEXT NOT NULL,
    postal_code TEXT,
    street TEXT,
    created_on TEXT,
    status TEXT NOT NULL,
    fingerprint INTEGER NOT NULL,
    first_import_id INTEGER REFERENCES sirene_imports (id),
    last_import_id INTEGER REFERENCES sirene_imports (id),
    status_changed_at DATETIME NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX directory_establishments_siret ON directory_establishments (siret);
CREATE INDEX directory_establishments_commune ON directory_establishments (status, commune_code);
CREATE INDEX directory_establishments_family ON directory_establishments (status, legal_family);
CREATE INDEX directory_establishments_siren ON directory_establishments (siren);
CREATE INDEX directory_establishments_name ON directory_establishments (status, name);
