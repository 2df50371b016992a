-- The laureates' public showcase: the page a laureate writes (story, indicators, sustainable-
-- development goals), its pictures and progress updates, and staff moderation (a hidden page
-- stays hidden whatever the consent, with the reason shown to the laureate).
-- Mirror of postgres/0055_showcase.sql.

CREATE TABLE showcase_pages (
    award_id INTEGER PRIMARY KEY REFERENCES jury_awards (id) ON DELETE CASCADE,
    -- Markdown, rendered safely (no raw HTML, no remote images)
    story TEXT NOT NULL DEFAULT '',
    -- people reached and jobs created or kept, as the laureate reports them
    beneficiaries INTEGER,
    jobs INTEGER,
    -- UN sustainable-development goals, numbers 1 to 17 separated by commas
    sdgs TEXT NOT NULL DEFAULT '',
    hidden_reason TEXT,
    hidden_by INTEGER REFERENCES users (id),
    hidden_at DATETIME,
    updated_by INTEGER REFERENCES users (id),
    updated_at DATETIME NOT NULL
);

-- At most six pictures per page (checked by the application), JPEG or PNG by content, each with
-- its alternative text.
CREATE TABLE showcase_pictures (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES jury_awards (id) ON DELETE CASCADE,
    storage_key TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    alt TEXT NOT NULL,
    position INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX showcase_pictures_award ON showcase_pictures (award_id, position);

-- News the laureate posts as the project goes on, newest first on the public page.
CREATE TABLE showcase_updates (
    id INTEGER PRIMARY KEY,
    award_id INTEGER NOT NULL REFERENCES jury_awards (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    posted_by INTEGER NOT NULL REFERENCES users (id),
    posted_at DATETIME NOT NULL
);
CREATE INDEX showcase_updates_award ON showcase_updates (award_id, posted_at);
