//! A world for the commission and award tests: staff, a reviewer, two applicants of two
//! organisations, a call with an envelope and a maximum, submitted files, a grid, reviewers and
//! submitted scores — inserted as rows (the jury's first part builds the pages that make them).

#![allow(dead_code)]

use axum::Router;
use chrono::{Duration, Utc};
use essor_domain::role::Role;
use essor_platform::testing::{self, Client, TestDb};
use essor_platform::{AppState, Module};
use sea_query::{Alias, Query};

// Each test file that includes this module uses a part of them.
#[allow(unused_imports)]
pub use essor_accounts::testing::{login, PASSWORD};

pub async fn person(state: &AppState, email: &str, locale: &str, role: Option<Role>) -> i64 {
    essor_accounts::testing::account(state, email, email, locale, role.as_slice())
        .await
        .0
}

pub fn modules() -> Vec<Module> {
    vec![
        essor_accounts::module(),
        essor_calls::module(),
        essor_jury::module(),
    ]
}

pub fn col(name: &str) -> Alias {
    Alias::new(name)
}

pub async fn insert(
    state: &AppState,
    table: &str,
    cols: &[&str],
    vals: Vec<sea_query::SimpleExpr>,
) -> i64 {
    state
        .db()
        .insert_id(
            Query::insert()
                .into_table(col(table))
                .columns(cols.iter().map(|c| col(c)))
                .values_panic(vals)
                .to_owned(),
        )
        .await
        .unwrap()
}

pub async fn org(state: &AppState, name: &str, owner: i64) -> i64 {
    let now = Utc::now();
    let id = insert(
        state,
        "organisations",
        &[
            "kind",
            "name",
            "address",
            "commune_code",
            "contact_email",
            "created_at",
            "updated_at",
        ],
        vec![
            "association".into(),
            name.into(),
            "1 rue de la Paix".into(),
            "92050".into(),
            "contact@asso.org".into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
    state
        .db()
        .execute(
            Query::insert()
                .into_table(col("memberships"))
                .columns([
                    col("org_id"),
                    col("user_id"),
                    col("role"),
                    col("created_at"),
                ])
                .values_panic([id.into(), owner.into(), "owner".into(), now.into()]),
        )
        .await
        .unwrap();
    id
}

/// A file of `call` by organisation `org_by.0` (created by user `org_by.1`), as a row: commune
/// 92050, submitted now.
#[allow(clippy::too_many_arguments)]
pub async fn file(
    state: &AppState,
    call: i64,
    form: i64,
    org_by: (i64, i64),
    number: &str,
    title: &str,
    amount: i64,
    file_state: &str,
) -> i64 {
    let now = Utc::now();
    insert(
        state,
        "files",
        &[
            "number",
            "call_id",
            "form_id",
            "org_id",
            "created_by",
            "state",
            "answers",
            "raw_inputs",
            "title",
            "requested_amount",
            "commune_code",
            "search_text",
            "submitted_at",
            "created_at",
            "updated_at",
        ],
        vec![
            number.into(),
            call.into(),
            form.into(),
            org_by.0.into(),
            org_by.1.into(),
            file_state.into(),
            r#"{"indicators":{"type":"group","value":[]}}"#.into(),
            "{}".into(),
            title.into(),
            amount.into(),
            "92050".into(),
            title.to_lowercase().into(),
            now.into(),
            now.into(),
            now.into(),
        ],
    )
    .await
}

pub struct World {
    pub state: AppState,
    pub router: Router,
    pub staff: Client,
    pub staff_id: i64,
    /// Owner of org A, English-speaking.
    pub applicant: Client,
    /// Owner of org B, French-speaking.
    pub other: Client,
    /// A jury member (reviewer role), not staff.
    pub reviewer: Client,
    pub call: i64,
    pub org_a: i64,
    pub org_b: i64,
    /// Files: a (org A, requests 20,000 €), b (org B, 30,000 €), c (org B, 10,000 €).
    pub files: [i64; 3],
    pub criteria: [i64; 2],
    pub reviewers: [i64; 2],
}

/// The call: envelope 40,000 €, maximum 25,000 €.
pub async fn world(t: &TestDb) -> World {
    let (state, router) = testing::app(t, modules);
    let staff_id = person(&state, "agent@cd92.fr", "fr", Some(Role::Staff)).await;
    let app_a = person(&state, "jo@asso.org", "en", None).await;
    let app_b = person(&state, "lea@autre.org", "fr", None).await;
    person(&state, "jure@ext.org", "fr", Some(Role::Jury)).await;
    let org_a = org(&state, "Les Jardins de Nanterre", app_a).await;
    let org_b = org(&state, "Recyclerie de Colombes", app_b).await;
    let now = Utc::now();
    let call = insert(
        &state,
        "calls",
        &[
            "slug",
            "title",
            "theme",
            "summary",
            "description",
            "opens_at",
            "closes_at",
            "time_zone",
            "eligible_kinds",
            "territory_rule",
            "eligibility_rules",
            "required_documents",
            "contact_name",
            "contact_email",
            "file_prefix",
            "state",
            "created_by",
            "created_at",
            "updated_at",
            "max_amount",
            "envelope",
        ],
        vec![
            "progress-2026".into(),
            "Progr’ESS 2026".into(),
            "ess".into(),
            "Soutien".into(),
            "Description".into(),
            (now - Duration::days(60)).into(),
            (now - Duration::days(10)).into(),
            "Europe/Paris".into(),
            "[\"association\"]".into(),
            "any".into(),
            "[]".into(),
            "[]".into(),
            "Service ESS".into(),
            "ess@cd92.fr".into(),
            "PROG".into(),
            "closed".into(),
            staff_id.into(),
            now.into(),
            now.into(),
            2_500_000i64.into(),
            4_000_000i64.into(),
        ],
    )
    .await;
    let form = insert(
        &state,
        "call_forms",
        &[
            "call_id",
            "revision",
            "schema",
            "created_by",
            "created_at",
            "published_at",
        ],
        vec![
            call.into(),
            1.into(),
            "{\"pages\":[]}".into(),
            staff_id.into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
    let mut files = [0; 3];
    let specs = [
        (org_a, app_a, "Potager partagé", 2_000_000i64),
        (org_b, app_b, "Atelier vélo", 3_000_000),
        (org_b, app_b, "Repair café", 1_000_000),
    ];
    for (i, (o, by, title, amount)) in specs.into_iter().enumerate() {
        let number = format!("PROG-2026-{:05}", i + 1);
        files[i] = file(
            &state,
            call,
            form,
            (o, by),
            &number,
            title,
            amount,
            "submitted",
        )
        .await;
    }
    let mut criteria = [0; 2];
    for (i, (title, weight, elim)) in [
        ("Impact social", 3i64, Some(1i64)),
        ("Faisabilité", 1, None),
    ]
    .into_iter()
    .enumerate()
    {
        criteria[i] = insert(
            &state,
            "jury_criteria",
            &[
                "call_id",
                "position",
                "title",
                "description",
                "weight",
                "scale_min",
                "scale_max",
                "anchors",
                "elimination_below",
                "comment_required",
                "created_at",
            ],
            vec![
                call.into(),
                (i as i64).into(),
                title.into(),
                "".into(),
                weight.into(),
                0.into(),
                5.into(),
                "[]".into(),
                elim.into(),
                false.into(),
                now.into(),
            ],
        )
        .await;
    }
    let mut reviewers = [0; 2];
    for (i, name) in ["Rémi Sévère", "Inès Indulgente"].into_iter().enumerate() {
        reviewers[i] = insert(
            &state,
            "jury_reviewers",
            &[
                "call_id",
                "email",
                "name",
                "expertise",
                "min_load",
                "max_load",
                "state",
                "invited_by",
                "invited_at",
                "updated_at",
            ],
            vec![
                call.into(),
                format!("r{i}@ext.org").into(),
                name.into(),
                "[]".into(),
                0.into(),
                10.into(),
                "active".into(),
                staff_id.into(),
                now.into(),
                now.into(),
            ],
        )
        .await;
    }
    let staff = login(&router, "agent@cd92.fr").await;
    let applicant = login(&router, "jo@asso.org").await;
    let other = login(&router, "lea@autre.org").await;
    let reviewer = login(&router, "jure@ext.org").await;
    World {
        state,
        router,
        staff,
        staff_id,
        applicant,
        other,
        reviewer,
        call,
        org_a,
        org_b,
        files,
        criteria,
        reviewers,
    }
}

/// A submitted review with its values.
pub async fn review(w: &World, reviewer: usize, file: usize, values: [i64; 2]) {
    let now = Utc::now();
    let a = insert(
        &w.state,
        "jury_assignments",
        &[
            "call_id",
            "file_id",
            "reviewer_id",
            "state",
            "submitted_at",
            "created_at",
            "updated_at",
        ],
        vec![
            w.call.into(),
            w.files[file].into(),
            w.reviewers[reviewer].into(),
            "submitted".into(),
            now.into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
    for (i, v) in values.into_iter().enumerate() {
        w.state
            .db()
            .execute(
                Query::insert()
                    .into_table(col("jury_scores"))
                    .columns([
                        col("assignment_id"),
                        col("criterion_id"),
                        col("value"),
                        col("comment"),
                    ])
                    .values_panic([a.into(), w.criteria[i].into(), v.into(), "".into()]),
            )
            .await
            .unwrap();
    }
}

/// Reviewer 0 is severe and reviewer 1 lenient: on the file they share (b) they give 40 and 100;
/// file a is scored 80 by the severe one alone, file c 85 by the lenient one alone. Raw order:
/// c, a, b; calibrated order: a, c, b.
pub async fn scored(w: &World) {
    review(w, 0, 1, [2, 2]).await;
    review(w, 1, 1, [5, 5]).await;
    review(w, 0, 0, [4, 4]).await;
    review(w, 1, 2, [4, 5]).await;
}
