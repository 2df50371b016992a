-- Youth–enterprise bridge: offers and their moderation, shortage jobs, schools and youth structures,
-- groups, young people, applications, conventions for minors, attendance, feedback, placement
-- campaigns, and the log of every access to a minor's record. Mirror of postgres/0040_youth.sql.

CREATE TABLE youth_shortage_jobs (
    id INTEGER PRIMARY KEY,
    family TEXT NOT NULL,
    rome_codes TEXT NOT NULL,
    source TEXT NOT NULL,
    as_of DATE NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL
);

CREATE TABLE youth_offers (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    axes TEXT NOT NULL,
    rome_code TEXT NOT NULL,
    job_label TEXT NOT NULL,
    sector TEXT NOT NULL,
    school_level TEXT,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    iso_weeks TEXT NOT NULL,
    day_start TEXT NOT NULL,
    day_end TEXT NOT NULL,
    break_minutes INTEGER NOT NULL,
    days_per_week INTEGER NOT NULL,
    places INTEGER NOT NULL,
    group_size INTEGER NOT NULL,
    commune_code TEXT NOT NULL,
    address TEXT NOT NULL,
    min_age INTEGER NOT NULL,
    max_age INTEGER NOT NULL,
    accessibility TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    reject_reason TEXT,
    search_text TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX youth_offers_state ON youth_offers (state, start_date);
CREATE INDEX youth_offers_org ON youth_offers (org_id);

CREATE TABLE youth_offer_transitions (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES youth_offers (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    reason TEXT,
    at DATETIME NOT NULL
);
CREATE INDEX youth_offer_transitions_offer ON youth_offer_transitions (offer_id);

CREATE TABLE youth_structures (
    org_id INTEGER PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    uai TEXT,
    rep_plus BOOLEAN NOT NULL DEFAULT FALSE,
    priority_neighbourhood BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at DATETIME NOT NULL
);

CREATE TABLE youth_groups (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    referent_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    size INTEGER NOT NULL,
    min_age INTEGER NOT NULL,
    max_age INTEGER NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX youth_groups_org ON youth_groups (org_id);

CREATE TABLE youth_group_requests (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES youth_groups (id) ON DELETE CASCADE,
    offer_id INTEGER NOT NULL REFERENCES youth_offers (id),
    requested_by INTEGER NOT NULL REFERENCES users (id),
    message TEXT NOT NULL,
    state TEXT NOT NULL,
    decided_by INTEGER REFERENCES users (id),
    decided_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX youth_group_requests_offer ON youth_group_requests (offer_id);

CREATE TABLE youth_people (
    id INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    registered_by INTEGER REFERENCES users (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    school_level TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    guardian_name TEXT,
    guardian_email TEXT,
    guardian_phone TEXT,
    last_activity_at DATETIME NOT NULL,
    anonymised_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX youth_people_user ON youth_people (user_id);
CREATE INDEX youth_people_org ON youth_people (org_id);

CREATE TABLE youth_applications (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES youth_offers (id),
    person_id INTEGER NOT NULL REFERENCES youth_people (id),
    submitted_by INTEGER NOT NULL REFERENCES users (id),
    motivation TEXT NOT NULL,
    state TEXT NOT NULL,
    decided_at DATETIME,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX youth_applications_once ON youth_applications (offer_id, person_id);
CREATE INDEX youth_applications_person ON youth_applications (person_id, state);
CREATE INDEX youth_applications_state ON youth_applications (state, created_at);

CREATE TABLE youth_application_transitions (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES youth_applications (id) ON DELETE CASCADE,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    reason TEXT,
    at DATETIME NOT NULL
);
CREATE INDEX youth_application_transitions_app ON youth_application_transitions (application_id);

CREATE TABLE youth_conventions (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES youth_applications (id) ON DELETE CASCADE,
    school_name TEXT NOT NULL,
    host_name TEXT NOT NULL,
    young_name TEXT NOT NULL,
    guardian_name TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    day_start TEXT NOT NULL,
    day_end TEXT NOT NULL,
    break_minutes INTEGER NOT NULL,
    days_per_week INTEGER NOT NULL,
    confirmed_at DATETIME,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX youth_conventions_app ON youth_conventions (application_id);

CREATE TABLE youth_convention_parties (
    id INTEGER PRIMARY KEY,
    convention_id INTEGER NOT NULL REFERENCES youth_conventions (id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    confirmed_at DATETIME
);
CREATE UNIQUE INDEX youth_convention_parties_token ON youth_convention_parties (token_hash);
CREATE UNIQUE INDEX youth_convention_parties_party ON youth_convention_parties (convention_id, party);

CREATE TABLE youth_attendance (
    application_id INTEGER NOT NULL REFERENCES youth_applications (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    present BOOLEAN NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at DATETIME NOT NULL,
    PRIMARY KEY (application_id, day)
);

CREATE TABLE youth_feedback (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES youth_applications (id) ON DELETE CASCADE,
    author_role TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id),
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX youth_feedback_once ON youth_feedback (application_id, author_role);

CREATE TABLE youth_campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    seed INTEGER NOT NULL,
    state TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    run_at DATETIME
);

CREATE TABLE youth_campaign_offers (
    campaign_id INTEGER NOT NULL REFERENCES youth_campaigns (id) ON DELETE CASCADE,
    offer_id INTEGER NOT NULL REFERENCES youth_offers (id),
    capacity INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, offer_id)
);

CREATE TABLE youth_campaign_people (
    campaign_id INTEGER NOT NULL REFERENCES youth_campaigns (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES youth_people (id),
    priority INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
);

CREATE TABLE youth_campaign_choices (
    campaign_id INTEGER NOT NULL REFERENCES youth_campaigns (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES youth_people (id),
    offer_id INTEGER NOT NULL REFERENCES youth_offers (id),
    rank INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, person_id, offer_id)
);

CREATE TABLE youth_campaign_results (
    campaign_id INTEGER NOT NULL REFERENCES youth_campaigns (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES youth_people (id),
    offer_id INTEGER REFERENCES youth_offers (id),
    lottery TEXT NOT NULL,
    explanation TEXT NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
);

CREATE TABLE youth_access_log (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES youth_people (id) ON DELETE CASCADE,
    viewer_id INTEGER NOT NULL REFERENCES users (id),
    viewer_role TEXT NOT NULL,
    path TEXT NOT NULL,
    at DATETIME NOT NULL
);
CREATE INDEX youth_access_log_person ON youth_access_log (person_id, at);

-- The shortage jobs the programme names (domain-fr §5), ROME v3 codes; staff edit the list.
INSERT INTO youth_shortage_jobs (family, rome_codes, source, as_of, updated_at) VALUES
    ('Petite enfance', 'K1303, J1304', 'France Travail, enquête Besoins en main-d’œuvre (BMO) 2025', '2025-04-15', '2026-01-01T00:00:00+00:00'),
    ('Informatique et numérique', 'M1805, M1810, M1801, I1401', 'DARES, indicateurs de tension 2024', '2025-11-01', '2026-01-01T00:00:00+00:00'),
    ('Métiers de bouche', 'D1102, D1104, D1101, D1103, D1105', 'France Travail, enquête Besoins en main-d’œuvre (BMO) 2025', '2025-04-15', '2026-01-01T00:00:00+00:00');
