-- Jury of a call: scoring grid, reviewers and their invitations, conflicts of interest, interest
-- bids, the solver's proposal, assignments (reviews) and scores.
-- Mirror of postgres/0020_jury.sql.

-- Per-call settings of the jury.
CREATE TABLE jury_settings (
    call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    reviews_per_file INTEGER NOT NULL DEFAULT 3,
    default_min_load INTEGER NOT NULL DEFAULT 0,
    default_max_load INTEGER NOT NULL DEFAULT 10,
    hide_others_until_submitted BOOLEAN NOT NULL DEFAULT TRUE,
    objective TEXT NOT NULL DEFAULT 'total',
    updated_at DATETIME NOT NULL
);

-- Criteria of the scoring grid; `anchors` is a JSON array of strings, one per level from
-- scale_min to scale_max; a score below `elimination_below` eliminates the file.
CREATE TABLE jury_criteria (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    weight INTEGER NOT NULL,
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    anchors TEXT NOT NULL,
    elimination_below INTEGER,
    comment_required BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME NOT NULL
);
CREATE INDEX jury_criteria_call ON jury_criteria (call_id, position);

-- Members of a call's jury; user_id is set when the invitation is accepted.
CREATE TABLE jury_reviewers (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    expertise TEXT NOT NULL,
    min_load INTEGER NOT NULL DEFAULT 0,
    max_load INTEGER NOT NULL DEFAULT 10,
    state TEXT NOT NULL,
    token_hash TEXT,
    token_expires_at DATETIME,
    invited_by INTEGER NOT NULL REFERENCES users (id),
    invited_at DATETIME NOT NULL,
    accepted_at DATETIME,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX jury_reviewers_email ON jury_reviewers (call_id, email);
CREATE INDEX jury_reviewers_user ON jury_reviewers (user_id);
CREATE INDEX jury_reviewers_token ON jury_reviewers (token_hash);

-- History of a reviewer's state (invited -> active -> removed).
CREATE TABLE jury_reviewer_transitions (
    id INTEGER PRIMARY KEY,
    reviewer_id INTEGER NOT NULL REFERENCES jury_reviewers (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    at DATETIME NOT NULL
);
CREATE INDEX jury_reviewer_transitions_reviewer ON jury_reviewer_transitions (reviewer_id, at);

-- Links between a reviewer and an organisation recorded by staff (employer, board, family…):
-- a file of that organisation is a conflict for that reviewer.
CREATE TABLE jury_links (
    id INTEGER PRIMARY KEY,
    reviewer_id INTEGER NOT NULL REFERENCES jury_reviewers (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX jury_links_pair ON jury_links (reviewer_id, org_id);

-- Conflicts declared by a reviewer on one file.
CREATE TABLE jury_declared_conflicts (
    reviewer_id INTEGER NOT NULL REFERENCES jury_reviewers (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    declared_at DATETIME NOT NULL,
    PRIMARY KEY (reviewer_id, file_id)
);
CREATE INDEX jury_declared_conflicts_file ON jury_declared_conflicts (file_id);

-- A reviewer's interest in a file (1 = interested, 2 = very interested), seen on title/summary only.
CREATE TABLE jury_bids (
    reviewer_id INTEGER NOT NULL REFERENCES jury_reviewers (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (reviewer_id, file_id)
);

-- Files of the call kept away from the jury by staff.
CREATE TABLE jury_exclusions (
    file_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    excluded_by INTEGER NOT NULL REFERENCES users (id),
    excluded_at DATETIME NOT NULL
);
CREATE INDEX jury_exclusions_call ON jury_exclusions (call_id);

-- The last assignment proposed by the solver for a call (JSON of pairs), until staff accept it.
CREATE TABLE jury_proposals (
    call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    objective_kind TEXT NOT NULL,
    -- the solver's result as JSON (status, objective, assignments by file/reviewer id, reason)
    result TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);

-- A review: one reviewer on one file; draft until the reviewer submits.
CREATE TABLE jury_assignments (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES jury_reviewers (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    general_comment TEXT NOT NULL DEFAULT '',
    submitted_at DATETIME,
    created_by INTEGER REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX jury_assignments_pair ON jury_assignments (file_id, reviewer_id);
CREATE INDEX jury_assignments_call ON jury_assignments (call_id, reviewer_id);

-- History of a review's state (draft -> submitted).
CREATE TABLE jury_assignment_transitions (
    id INTEGER PRIMARY KEY,
    assignment_id INTEGER NOT NULL REFERENCES jury_assignments (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    at DATETIME NOT NULL
);
CREATE INDEX jury_assignment_transitions_assignment ON jury_assignment_transitions (assignment_id, at);

CREATE TABLE jury_scores (
    assignment_id INTEGER NOT NULL REFERENCES jury_assignments (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES jury_criteria (id) ON DELETE CASCADE,
    value INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assignment_id, criterion_id)
);
CREATE INDEX jury_scores_criterion ON jury_scores (criterion_id);
