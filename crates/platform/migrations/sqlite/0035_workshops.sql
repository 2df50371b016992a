-- Workshops: details on events of kind `workshop`, the staff-editable list of topics, the
-- satisfaction survey (one answer per attendee) and the certificates of attendance.
-- Mirror of postgres/0035_workshops.sql.

CREATE TABLE workshop_topics (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX workshop_topics_label ON workshop_topics (label);

CREATE TABLE workshops (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    trainer_name TEXT NOT NULL,
    trainer_org TEXT NOT NULL,
    format TEXT NOT NULL,
    online_link TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX workshops_topic ON workshops (topic);

CREATE TABLE workshop_surveys (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    overall INTEGER NOT NULL,
    usefulness INTEGER NOT NULL,
    comment TEXT NOT NULL,
    recommend BOOLEAN NOT NULL,
    answered_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX workshop_surveys_reg ON workshop_surveys (registration_id);

CREATE TABLE workshop_certificates (
    id INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    issued_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX workshop_certificates_reg ON workshop_certificates (registration_id);
CREATE UNIQUE INDEX workshop_certificates_code ON workshop_certificates (code);
