-- Jury, second part: the commission of a call, its decisions, awards with their payment schedule,
-- and the laureates' consent to the public showcase.
-- Mirror of postgres/0025_jury_award.sql.

-- The amount a decision awarded; exports read it (`essor_calls::exports::scdl::awarded_amount`).
ALTER TABLE files ADD COLUMN awarded_amount INTEGER;

-- Per-call settings of the commission (defaults apply when a call has no row).
CREATE TABLE jury_award_settings (
    call_id INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    -- least share of the request a funded file gets, in per-mille (500 = 50 %)
    min_share_permille INTEGER NOT NULL DEFAULT 500,
    -- awards strictly above this amount (cents) need a convention
    convention_threshold INTEGER NOT NULL DEFAULT 2300000,
    -- de minimis ceiling per organisation over 3 rolling years (cents)
    de_minimis_ceiling INTEGER NOT NULL DEFAULT 30000000,
    -- months after the decision when the final report is due
    report_months INTEGER NOT NULL DEFAULT 12,
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL
);

-- The commission of a call: one per call, open until staff close it (which makes the awards).
CREATE TABLE jury_commissions (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    held_on DATE NOT NULL,
    members TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    closed_by INTEGER REFERENCES users (id),
    closed_at DATETIME,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX jury_commissions_call ON jury_commissions (call_id);

-- History of a commission's state (open -> closed).
CREATE TABLE jury_commission_transitions (
    id INTEGER PRIMARY KEY,
    commission_id INTEGER NOT NULL REFERENCES jury_commissions (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    at DATETIME NOT NULL
);
CREATE INDEX jury_commission_transitions_commission ON jury_commission_transitions (commission_id, at);

-- A decision of the commission on one file: laureate (with an amount), waiting list, refused (with
-- a reason). Ranks and scores are copied at the time of the decision for the minutes.
CREATE TABLE jury_decisions (
    commission_id INTEGER NOT NULL REFERENCES jury_commissions (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    decision TEXT NOT NULL,
    amount INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (commission_id, file_id)
);
CREATE INDEX jury_decisions_file ON jury_decisions (file_id);

-- An award, made when the commission closes: one per laureate file.
CREATE TABLE jury_awards (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    amount INTEGER NOT NULL,
    convention_required BOOLEAN NOT NULL,
    report_due_on DATE NOT NULL,
    showcase_consent BOOLEAN NOT NULL DEFAULT FALSE,
    consent_by INTEGER REFERENCES users (id),
    consent_at DATETIME,
    decided_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX jury_awards_file ON jury_awards (file_id);
CREATE INDEX jury_awards_org ON jury_awards (org_id, decided_at);
CREATE INDEX jury_awards_showcase ON jury_awards (showcase_consent, decided_at);

-- Payment schedule of an award.
CREATE TABLE jury_instalments (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES jury_awards (id) ON DELETE CASCADE,
    amount INTEGER NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    paid_on DATE,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at DATETIME NOT NULL
);
CREATE INDEX jury_instalments_award ON jury_instalments (award_id, due_on);
