-- Routing rules of a call: when a submitted file meets the condition (the same JSON condition
-- language as eligibility and conditional display), it is assigned and/or labelled.
CREATE TABLE call_routing_rules (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    condition TEXT NOT NULL,
    assignee_id INTEGER REFERENCES users (id),
    label TEXT,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX call_routing_rules_call ON call_routing_rules (call_id, position);
