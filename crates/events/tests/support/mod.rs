//! Shared set-up of the events tests: people, organisations, a financing morning.
#![allow(dead_code)]

use axum::http::StatusCode;
use axum::Router;
use chrono::{Duration, Utc};
use essor_domain::ids::UserId;
use essor_events::model::sql;
use essor_events::model::EventKind;
use essor_events::staff::{insert_event, EventData};
use essor_platform::testing::{self, Client, TestDb};
use essor_platform::{AppState, Module};

pub use essor_accounts::testing::{login, person};

/// An organisation in Nanterre (92050), by its id.
pub async fn create_org(c: &mut Client, kind: &str, name: &str, seed: u32) -> i64 {
    essor_accounts::testing::create_org(c, kind, name, seed, "92050")
        .await
        .0
}

pub fn modules() -> Vec<Module> {
    vec![
        essor_accounts::module(),
        essor_calls::module(),
        essor_events::module(),
    ]
}

pub fn app(t: &TestDb) -> (AppState, Router) {
    testing::app(t, modules)
}

/// A published event of `kind`, open for registration now, tomorrow at 09:30–12:30 Paris time
/// (`in_hours` from now).
pub async fn event(
    state: &AppState,
    by: UserId,
    kind: EventKind,
    capacity: [i64; 3],
    in_hours: i64,
) -> i64 {
    let start = Utc::now() + Duration::hours(in_hours);
    let d = EventData {
        kind,
        title: "Matinée des financements à impact".into(),
        description: "Conférences puis rendez-vous".into(),
        venue: "Nanterre, salle des fêtes".into(),
        starts_at: start,
        ends_at: start + Duration::hours(3),
        opens_at: Utc::now() - Duration::days(1),
        closes_at: start - Duration::hours(1),
        capacity,
        max_wishes: 3,
    };
    let mut tx = state.db().begin().await.unwrap();
    let id = insert_event(&mut tx, &d, by.0).await.unwrap();
    tx.execute(&sql(
        "UPDATE events SET state = 'published', meetings_start = $1, meetings_end = $2, tables = 20 WHERE id = $3",
        vec![
            (start + Duration::minutes(60)).into(),
            (start + Duration::minutes(60 + 100)).into(),
            id.into(),
        ],
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

pub async fn state_of(state: &AppState, event: i64, user: UserId) -> String {
    let (s,): (String,) = state
        .db()
        .fetch_one(&sql(
            "SELECT state FROM event_registrations WHERE event_id = $1 AND user_id = $2",
            vec![event.into(), user.0.into()],
        ))
        .await
        .unwrap();
    s
}

pub async fn reg_id(state: &AppState, event: i64, user: UserId) -> i64 {
    let (s,): (i64,) = state
        .db()
        .fetch_one(&sql(
            "SELECT id FROM event_registrations WHERE event_id = $1 AND user_id = $2",
            vec![event.into(), user.0.into()],
        ))
        .await
        .unwrap();
    s
}

/// A call and a file of `org` in `state` (inserted as the calls module would leave them).
pub async fn call_file(
    state: &AppState,
    by: UserId,
    org: i64,
    file_state: &str,
    title: &str,
    amount: i64,
) -> i64 {
    let db = state.db();
    let now = Utc::now();
    let slug = format!("appel-{}", essor_events::model::new_token());
    let (call,): (i64,) = db
        .fetch_one(&sql(
            "INSERT INTO calls (slug, title, theme, summary, description, opens_at, closes_at, time_zone, \
             eligible_kinds, require_esus, territory_rule, eligibility_rules, required_documents, contact_name, \
             contact_email, file_prefix, state, created_by, created_at, updated_at) VALUES ($1, 'Progr''ESS', \
             'Alimentation durable', 'Soutenir les projets', '', $2, $2, 'Europe/Paris', '[]', $3, 'any', '[]', '[]', \
             'Service ESS', 'ess@t.org', 'PE', 'published', $4, $2, $2) RETURNING id",
            vec![slug.into(), now.into(), false.into(), by.0.into()],
        ))
        .await
        .unwrap();
    let (form,): (i64,) = db
        .fetch_one(&sql(
            "INSERT INTO call_forms (call_id, revision, schema, created_by, created_at) VALUES ($1, 1, '{}', $2, $3) RETURNING id",
            vec![call.into(), by.0.into(), now.into()],
        ))
        .await
        .unwrap();
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let number = format!(
        "PE-2027-{:05}",
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let (file,): (i64,) = db
        .fetch_one(&sql(
            "INSERT INTO files (number, call_id, form_id, org_id, created_by, state, answers, raw_inputs, title, \
             requested_amount, search_text, created_at, updated_at) VALUES ($9, $1, $2, $3, $4, $5, '{}', '{}', \
             $6, $7, '', $8, $8) RETURNING id",
            vec![call.into(), form.into(), org.into(), by.0.into(), file_state.into(), title.into(), amount.into(), now.into(), number.into()],
        ))
        .await
        .unwrap();
    file
}

/// A project holder with an organisation and a submitted call file, registered to `event`.
pub async fn holder(
    state: &AppState,
    router: &Router,
    event: i64,
    n: u32,
) -> (UserId, Client, i64) {
    let email = format!("holder{n}@t.org");
    let u = person(state, &email, &[]).await;
    let mut c = login(router, &email).await;
    let org = create_org(&mut c, "association", &format!("Projet {n}"), 100 + n).await;
    let file = call_file(
        state,
        u,
        org,
        "submitted",
        &format!("Projet {n}"),
        1_000_000 * n as i64,
    )
    .await;
    let r = c
        .post(
            &format!("/events/{event}/register"),
            &[
                ("audience", "holder"),
                ("org", &org.to_string()),
                ("source", &format!("file:{file}")),
                ("share_file", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reg = reg_id(state, event, u).await;
    (u, c, reg)
}

/// A funder with `reps` representatives, registered to `event`.
pub async fn funder(
    state: &AppState,
    router: &Router,
    event: i64,
    n: u32,
    reps: i64,
) -> (UserId, Client, i64) {
    let email = format!("funder{n}@t.org");
    let u = person(state, &email, &[]).await;
    let mut c = login(router, &email).await;
    let org = create_org(&mut c, "funder", &format!("Financeur {n}"), 200 + n).await;
    let r = c
        .post(
            &format!("/events/{event}/register"),
            &[
                ("audience", "funder"),
                ("org", &org.to_string()),
                ("instruments", "honour_loan"),
                ("instruments", "grant"),
                ("representatives", &reps.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reg = reg_id(state, event, u).await;
    (u, c, reg)
}
