-- Foundation: people, sessions, jobs, audit, organisations. Mirror of postgres/0001_foundation.sql.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'fr',
    email_verified_at DATETIME,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (email);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    granted_at DATETIME NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    new_email TEXT,
    expires_at DATETIME NOT NULL,
    used_at DATETIME
);
CREATE INDEX email_tokens_user ON email_tokens (user_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    at DATETIME NOT NULL
);
CREATE INDEX login_attempts_scope ON login_attempts (scope, at);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    dedup_key TEXT,
    run_at DATETIME NOT NULL,
    locked_until DATETIME,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    last_error TEXT,
    dead_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at);
CREATE UNIQUE INDEX jobs_dedup ON jobs (dedup_key);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    at DATETIME NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    acronym TEXT,
    siret TEXT,
    siren TEXT,
    rna TEXT,
    legal_category TEXT,
    address TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    website TEXT,
    contact_email TEXT NOT NULL,
    contact_phone TEXT,
    verified_at DATETIME,
    verified_by INTEGER REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX organisations_siren ON organisations (siren);
CREATE INDEX organisations_rna ON organisations (rna);

CREATE TABLE memberships (
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    invited_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    accepted_at DATETIME,
    revoked_at DATETIME
);
CREATE UNIQUE INDEX invitations_token ON invitations (token_hash);
CREATE INDEX invitations_org ON invitations (org_id);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    original_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    valid_until DATE,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at DATETIME NOT NULL,
    replaced_at DATETIME
);
CREATE INDEX documents_org ON documents (org_id, kind);

CREATE TABLE esus_approvals (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    decision_date DATE NOT NULL,
    authority TEXT NOT NULL,
    company_created DATE,
    valid_until DATE NOT NULL,
    proof_document_id INTEGER REFERENCES documents (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX esus_approvals_org ON esus_approvals (org_id);
