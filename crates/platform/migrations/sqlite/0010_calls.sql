-- Calls for projects, their form revisions, application files and their instruction.
-- Mirror of postgres/0010_calls.sql.

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    theme TEXT NOT NULL,
    summary TEXT NOT NULL,
    description TEXT NOT NULL,
    opens_at DATETIME NOT NULL,
    closes_at DATETIME NOT NULL,
    time_zone TEXT NOT NULL,
    eligible_kinds TEXT NOT NULL,
    require_esus BOOLEAN NOT NULL DEFAULT FALSE,
    territory_rule TEXT NOT NULL,
    eligibility_rules TEXT NOT NULL,
    max_amount INTEGER,
    envelope INTEGER,
    required_documents TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    file_prefix TEXT NOT NULL,
    state TEXT NOT NULL,
    current_form_id INTEGER,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX calls_slug ON calls (slug);
CREATE INDEX calls_state ON calls (state, closes_at);

CREATE TABLE call_transitions (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    reason TEXT,
    at DATETIME NOT NULL
);
CREATE INDEX call_transitions_call ON call_transitions (call_id);

CREATE TABLE call_forms (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    schema TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    published_at DATETIME
);
CREATE UNIQUE INDEX call_forms_revision ON call_forms (call_id, revision);

CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    call_id INTEGER NOT NULL REFERENCES calls (id),
    form_id INTEGER NOT NULL REFERENCES call_forms (id),
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by INTEGER NOT NULL REFERENCES users (id),
    state TEXT NOT NULL,
    answers TEXT NOT NULL,
    raw_inputs TEXT NOT NULL,
    title TEXT NOT NULL,
    requested_amount INTEGER,
    commune_code TEXT,
    search_text TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    submit_key TEXT,
    submitted_at DATETIME,
    decided_at DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX files_number ON files (number);
CREATE INDEX files_call_state ON files (call_id, state, updated_at);
CREATE INDEX files_org ON files (org_id);
CREATE INDEX files_assignee ON files (assignee_id);
CREATE INDEX files_commune ON files (call_id, commune_code);
CREATE INDEX files_amount ON files (call_id, requested_amount);

CREATE TABLE file_transitions (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    reason TEXT,
    at DATETIME NOT NULL
);
CREATE INDEX file_transitions_file ON file_transitions (file_id, at);

CREATE TABLE file_attachments (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL,
    document_id INTEGER REFERENCES documents (id),
    storage_key TEXT NOT NULL,
    original_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at DATETIME NOT NULL,
    replaced_at DATETIME
);
CREATE INDEX file_attachments_file ON file_attachments (file_id, field_id);

CREATE TABLE call_labels (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    name TEXT NOT NULL
);
CREATE UNIQUE INDEX call_labels_name ON call_labels (call_id, name);

CREATE TABLE file_labels (
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    label_id INTEGER NOT NULL REFERENCES call_labels (id) ON DELETE CASCADE,
    PRIMARY KEY (file_id, label_id)
);
CREATE INDEX file_labels_label ON file_labels (label_id);

CREATE TABLE file_notes (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX file_notes_file ON file_notes (file_id, created_at);

CREATE TABLE file_messages (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    from_staff BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    attachment_key TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment_size INTEGER,
    created_at DATETIME NOT NULL
);
CREATE INDEX file_messages_file ON file_messages (file_id, created_at);

CREATE TABLE expert_requests (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    expert_email TEXT NOT NULL,
    expert_name TEXT NOT NULL,
    question TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    sees_other_opinions BOOLEAN NOT NULL DEFAULT FALSE,
    requested_by INTEGER NOT NULL REFERENCES users (id),
    requested_at DATETIME NOT NULL,
    opinion TEXT,
    comment TEXT,
    answered_at DATETIME,
    revoked_at DATETIME
);
CREATE UNIQUE INDEX expert_requests_token ON expert_requests (token_hash);
CREATE INDEX expert_requests_file ON expert_requests (file_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at DATETIME
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);
