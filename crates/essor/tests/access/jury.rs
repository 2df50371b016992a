//! Access rows of the jury module (grid, reviewers, assignment, scoring), and the records they
//! need: a call with one file of association A under instruction, a criterion, the `Jury`
//! persona as an active reviewer with a review of that file, a reviewer–organisation link.

use super::{r, Answer, Persona::*, Row, World, STAFF};
use chrono::{Duration, Utc};
use essor_domain::email::Email;
use essor_jury::model::{raw, v};

async fn user_id(w: &World, email: &str) -> i64 {
    essor_accounts::users::by_email(w.state.db(), &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn insert(w: &World, sql: &str, values: Vec<sea_query::Value>) -> i64 {
    let (id,): (i64,) = w
        .state
        .db()
        .fetch_one(&raw(&format!("{sql} RETURNING id"), values))
        .await
        .unwrap();
    id
}

/// Records the rows refer to, created once per world; returns the placeholders to fill in.
pub async fn setup(w: &World) -> Vec<(&'static str, String)> {
    let staff = user_id(w, "staff@t.org").await;
    let jury = user_id(w, "jury@t.org").await;
    let owner = user_id(w, "owner@t.org").await;
    let now = Utc::now();
    let call = insert(
        w,
        "INSERT INTO calls (slug, title, theme, summary, description, opens_at, closes_at, time_zone, \
         eligible_kinds, territory_rule, eligibility_rules, required_documents, contact_name, \
         contact_email, file_prefix, state, created_by, created_at, updated_at) \
         VALUES ('jury-call', 'Appel du jury', 'ess', 'r', 'd', $1, $2, 'Europe/Paris', '[\"association\"]', \
         'any', '[]', '[]', 'ESS', 'ess@t.org', 'JUR', 'closed', $3, $1, $1)",
        vec![v(now - Duration::days(30)), v(now - Duration::days(1)), v(staff)],
    )
    .await;
    let form = insert(
        w,
        "INSERT INTO call_forms (call_id, revision, schema, created_by, created_at, published_at) \
         VALUES ($1, 1, $2, $3, $4, $4)",
        vec![
            v(call),
            v(serde_json::to_string(&essor_domain::forms::cerfa_12156_template()).unwrap()),
            v(staff),
            v(now),
        ],
    )
    .await;
    let file = insert(
        w,
        "INSERT INTO files (number, call_id, form_id, org_id, created_by, state, answers, raw_inputs, \
         title, search_text, submitted_at, created_at, updated_at) \
         VALUES ('JUR-2026-00001', $1, $2, $3, $4, 'under_instruction', '{}', '{}', 'Projet A', 'projet a', $5, $5, $5)",
        vec![v(call), v(form), v(w.org_a.0), v(owner), v(now)],
    )
    .await;
    let criterion = insert(
        w,
        "INSERT INTO jury_criteria (call_id, position, title, description, weight, scale_min, scale_max, \
         anchors, comment_required, created_at) \
         VALUES ($1, 1, 'Impact', '', 1, 0, 2, '[\"a\",\"b\",\"c\"]', FALSE, $2)",
        vec![v(call), v(now)],
    )
    .await;
    let reviewer = insert(
        w,
        "INSERT INTO jury_reviewers (call_id, user_id, email, name, expertise, min_load, max_load, state, \
         invited_by, invited_at, accepted_at, updated_at) \
         VALUES ($1, $2, 'jury@t.org', 'Juré', 'ess', 0, 5, 'active', $3, $4, $4, $4)",
        vec![v(call), v(jury), v(staff), v(now)],
    )
    .await;
    let review = insert(
        w,
        "INSERT INTO jury_assignments (call_id, file_id, reviewer_id, state, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $4)",
        vec![v(call), v(file), v(reviewer), v(now)],
    )
    .await;
    // A second reviewer, not yet accepted, linked by staff to association A.
    let other = insert(
        w,
        "INSERT INTO jury_reviewers (call_id, email, name, expertise, min_load, max_load, state, \
         invited_by, invited_at, updated_at) \
         VALUES ($1, 'other@t.org', 'Autre', '', 0, 5, 'invited', $2, $3, $3)",
        vec![v(call), v(staff), v(now)],
    )
    .await;
    let link = insert(
        w,
        "INSERT INTO jury_links (reviewer_id, org_id, note, created_by, created_at) \
         VALUES ($1, $2, 'lien', $3, $4)",
        vec![v(other), v(w.org_a.0), v(staff), v(now)],
    )
    .await;
    // Others' scores visible before submitting, so the reviewer's row is a plain "served".
    w.state
        .db()
        .execute(&raw(
            "INSERT INTO jury_settings (call_id, reviews_per_file, default_min_load, default_max_load, \
             hide_others_until_submitted, objective, updated_at) VALUES ($1, 1, 0, 5, FALSE, 'total', $2)",
            vec![v(call), v(now)],
        ))
        .await
        .unwrap();
    vec![
        ("{jury_call}", call.to_string()),
        ("{jury_file}", file.to_string()),
        ("{jury_criterion}", criterion.to_string()),
        ("{jury_reviewer}", reviewer.to_string()),
        ("{jury_other_reviewer}", other.to_string()),
        ("{jury_link}", link.to_string()),
        ("{jury_review}", review.to_string()),
    ]
}

const REVIEWER: &[super::Persona] = &[Jury];

pub fn rows() -> Vec<Row> {
    use Answer::*;
    vec![
        // Staff side: everyone else is refused before any lookup.
        r("GET", "/staff/calls/{jury_call}/jury", STAFF, Forbidden, &[]),
        r("POST", "/staff/calls/{jury_call}/jury/settings", STAFF, Forbidden, &[]),
        r("GET", "/staff/calls/{jury_call}/jury/grid", STAFF, Forbidden, &[]),
        r("POST", "/staff/calls/{jury_call}/jury/grid/criteria", STAFF, Forbidden, &[]),
        r(
            "GET",
            "/staff/calls/{jury_call}/jury/grid/criteria/{jury_criterion}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/grid/criteria/{jury_criterion}",
            STAFF,
            Forbidden,
            &[],
        ),
        // Not empty: refused with the reason (422).
        r("POST", "/staff/calls/{jury_call}/jury/grid/default", STAFF, Forbidden, &[]),
        r("GET", "/staff/calls/{jury_call}/jury/reviewers", STAFF, Forbidden, &[]),
        r("POST", "/staff/calls/{jury_call}/jury/reviewers", STAFF, Forbidden, &[]),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/reviewers/{jury_other_reviewer}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/reviewers/{jury_other_reviewer}/links",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/reviewers/{jury_other_reviewer}/links/{jury_link}/delete",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/reviewers/{jury_other_reviewer}/remove",
            STAFF,
            Forbidden,
            &[],
        ),
        r("GET", "/staff/calls/{jury_call}/jury/assignment", STAFF, Forbidden, &[]),
        r("POST", "/staff/calls/{jury_call}/jury/assignment/propose", STAFF, Forbidden, &[]),
        r("POST", "/staff/calls/{jury_call}/jury/assignment/accept", STAFF, Forbidden, &[]),
        r("POST", "/staff/calls/{jury_call}/jury/assignment/add", STAFF, Forbidden, &[]),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/files/{jury_file}/exclude",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/files/{jury_file}/include",
            STAFF,
            Forbidden,
            &[],
        ),
        // An unknown invitation is not found, whoever asks.
        r("GET", "/jury/invitations/not-a-token", &[], NotFound, &[Anonymous]),
        r("POST", "/jury/invitations/not-a-token", &[], NotFound, &[Anonymous]),
        // Reviewer side: the jury role first (administrators pass it but are no reviewer of
        // this call, so the records do not exist for them).
        r("GET", "/jury", &[Jury, Admin], Forbidden, &[]),
        r("GET", "/jury/calls/{jury_call}/files", REVIEWER, Forbidden, &[Admin]),
        r("POST", "/jury/calls/{jury_call}/files", REVIEWER, Forbidden, &[Admin]),
        r("GET", "/jury/reviews/{jury_review}", REVIEWER, Forbidden, &[Admin]),
        r("POST", "/jury/reviews/{jury_review}", REVIEWER, Forbidden, &[Admin]),
        r("GET", "/jury/reviews/{jury_review}/others", REVIEWER, Forbidden, &[Admin]),
        // Last of the reviewer's rows: it hides the file from them.
        r(
            "POST",
            "/jury/calls/{jury_call}/files/{jury_file}/conflict",
            REVIEWER,
            Forbidden,
            &[Admin],
        ),
        // Staff rows that delete records come after those that read them.
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/assignment/{jury_review}/remove",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/calls/{jury_call}/jury/grid/criteria/{jury_criterion}/delete",
            STAFF,
            Forbidden,
            &[],
        ),
    ]
}
