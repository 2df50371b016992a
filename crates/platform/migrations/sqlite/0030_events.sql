-- Events (registration, waiting list, check-in) and the impact-financing morning built on them.
-- Mirror of postgres/0030_events.sql.

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    venue TEXT NOT NULL,
    starts_at DATETIME NOT NULL,
    ends_at DATETIME NOT NULL,
    time_zone TEXT NOT NULL,
    registration_opens_at DATETIME NOT NULL,
    registration_closes_at DATETIME NOT NULL,
    capacity_holders INTEGER NOT NULL,
    capacity_funders INTEGER NOT NULL,
    capacity_public INTEGER NOT NULL,
    max_wishes INTEGER NOT NULL,
    state TEXT NOT NULL,
    meetings_start DATETIME,
    meetings_end DATETIME,
    meeting_minutes INTEGER NOT NULL,
    gap_minutes INTEGER NOT NULL,
    tables INTEGER NOT NULL,
    objective TEXT NOT NULL,
    schedule_published_at DATETIME,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX events_state ON events (state, starts_at);

CREATE TABLE event_items (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at DATETIME NOT NULL,
    ends_at DATETIME NOT NULL
);
CREATE INDEX event_items_event ON event_items (event_id, starts_at);

CREATE TABLE event_financing_requests (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by INTEGER NOT NULL REFERENCES users (id),
    amount INTEGER NOT NULL,
    instruments TEXT NOT NULL,
    stage TEXT NOT NULL,
    theme TEXT NOT NULL,
    summary TEXT NOT NULL,
    deck_key TEXT,
    deck_name TEXT,
    created_at DATETIME NOT NULL
);
CREATE INDEX event_financing_requests_org ON event_financing_requests (org_id);

CREATE TABLE event_registrations (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    org_id INTEGER REFERENCES organisations (id),
    audience TEXT NOT NULL,
    state TEXT NOT NULL,
    queued_at DATETIME NOT NULL,
    file_id INTEGER REFERENCES files (id),
    request_id INTEGER REFERENCES event_financing_requests (id),
    share_file BOOLEAN NOT NULL DEFAULT FALSE,
    instruments TEXT NOT NULL,
    ticket_min INTEGER,
    ticket_max INTEGER,
    themes TEXT NOT NULL,
    territories TEXT NOT NULL,
    stages TEXT NOT NULL,
    representatives INTEGER NOT NULL,
    unavailable TEXT NOT NULL,
    checkin_token TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX event_registrations_person ON event_registrations (event_id, user_id);
CREATE UNIQUE INDEX event_registrations_token ON event_registrations (checkin_token);
CREATE INDEX event_registrations_queue ON event_registrations (event_id, audience, state, queued_at);

CREATE TABLE event_registration_history (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    event TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    at DATETIME NOT NULL
);
CREATE INDEX event_registration_history_reg ON event_registration_history (registration_id);

CREATE TABLE event_wishes (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    from_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX event_wishes_pair ON event_wishes (from_id, to_id);
CREATE INDEX event_wishes_event ON event_wishes (event_id);

CREATE TABLE event_meetings (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    holder_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    funder_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    seat INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX event_meetings_pair ON event_meetings (event_id, holder_id, funder_id);
CREATE INDEX event_meetings_slot ON event_meetings (event_id, slot);

CREATE TABLE event_schedule_runs (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    objective TEXT NOT NULL,
    status TEXT NOT NULL,
    value INTEGER NOT NULL,
    upper_bound INTEGER NOT NULL,
    from_slot INTEGER NOT NULL,
    meetings TEXT NOT NULL,
    without_meeting TEXT NOT NULL,
    saved_at DATETIME,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX event_schedule_runs_event ON event_schedule_runs (event_id);

CREATE TABLE event_outcomes (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES event_meetings (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    amount INTEGER,
    instrument TEXT,
    orientation TEXT,
    comment TEXT NOT NULL,
    next_step TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX event_outcomes_meeting ON event_outcomes (meeting_id);

CREATE TABLE event_feedback (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES event_meetings (id) ON DELETE CASCADE,
    useful BOOLEAN NOT NULL,
    comment TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX event_feedback_meeting ON event_feedback (meeting_id);
