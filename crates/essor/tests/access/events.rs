//! Access rows of the events module, and the records they need: a published financing morning
//! where the owner of association A is a project holder (with a deck not shared with funders)
//! and the funder persona a funder, one wish, one meeting, one programme item.

use super::Persona::*;
use super::{r, Answer, Row, World, PUBLIC, SIGNED_IN, STAFF};
use chrono::{Duration, Utc};
use essor_domain::email::Email;
use essor_domain::ids::UserId;
use essor_events::model::{self, sql, Audience, EventKind};
use essor_events::morning::{insert_request, store_deck, FunderProfile, NewRequest, Source};
use essor_events::register::{register_in, NewRegistration};
use essor_events::staff::{insert_event, EventData};

async fn user(w: &World, email: &str) -> UserId {
    essor_accounts::users::by_email(w.state.db(), &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id()
}

pub async fn setup(w: &World) -> Vec<(&'static str, String)> {
    let state = &w.state;
    let db = state.db();
    let staff = user(w, "staff@t.org").await;
    let owner = user(w, "owner@t.org").await;
    let funder = user(w, "funder@t.org").await;
    let (funder_org,): (i64,) = db
        .fetch_one(&sql(
            "SELECT id FROM organisations WHERE kind = 'funder'",
            vec![],
        ))
        .await
        .unwrap();
    let start = Utc::now() + Duration::days(3);
    let mut tx = db.begin().await.unwrap();
    let ev = insert_event(
        &mut tx,
        &EventData {
            kind: EventKind::FinancingMorning,
            title: "Matinée".into(),
            description: String::new(),
            venue: "Nanterre".into(),
            starts_at: start,
            ends_at: start + Duration::hours(3),
            opens_at: Utc::now() - Duration::days(1),
            closes_at: start - Duration::hours(1),
            capacity: [10, 10, 10],
            max_wishes: 5,
        },
        staff.0,
    )
    .await
    .unwrap();
    tx.execute(&sql(
        "UPDATE events SET state = 'published', meetings_start = $1, meetings_end = $2 WHERE id = $3",
        vec![
            (start + Duration::hours(1)).into(),
            (start + Duration::hours(2)).into(),
            ev.into(),
        ],
    ))
    .await
    .unwrap();
    let (item,): (i64,) = tx
        .fetch_one(&sql(
            "INSERT INTO event_items (event_id, kind, title, starts_at, ends_at) VALUES ($1, 'conference', 'Ouverture', $2, $2) RETURNING id",
            vec![ev.into(), start.into()],
        ))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let key = store_deck(state, ev, b"%PDF-1.4 access deck")
        .await
        .unwrap();
    let e = model::event(db, ev).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    let request = insert_request(
        &mut tx,
        &NewRequest {
            org: w.org_a.0,
            by: owner.0,
            amount: 2_000_000,
            instruments: vec!["grant".into()],
            stage: "creation".into(),
            theme: "Alimentation".into(),
            summary: "Projet A".into(),
            deck: Some((key, "deck.pdf".into())),
        },
    )
    .await
    .unwrap();
    let (hreg, _) = register_in(
        &mut tx,
        state,
        &e,
        owner,
        &NewRegistration {
            audience: Audience::Holder,
            org: Some(w.org_a.0),
            source: Some(Source {
                file_id: None,
                request_id: Some(request),
                org_id: w.org_a.0,
                org_name: String::new(),
                label: String::new(),
            }),
            share_file: false,
            profile: FunderProfile::default(),
        },
    )
    .await
    .unwrap()
    .unwrap();
    let (freg, _) = register_in(
        &mut tx,
        state,
        &e,
        funder,
        &NewRegistration {
            audience: Audience::Funder,
            org: Some(funder_org),
            source: None,
            share_file: false,
            profile: FunderProfile {
                instruments: vec!["grant".into()],
                representatives: 1,
                ..FunderProfile::default()
            },
        },
    )
    .await
    .unwrap()
    .unwrap();
    let now = Utc::now();
    tx.execute(&sql(
        "INSERT INTO event_wishes (event_id, from_id, to_id, created_at) VALUES ($1, $2, $3, $4)",
        vec![ev.into(), hreg.into(), freg.into(), now.into()],
    ))
    .await
    .unwrap();
    let (m,): (i64,) = tx
        .fetch_one(&sql(
            "INSERT INTO event_meetings (event_id, holder_id, funder_id, slot, seat, weight, locked, created_at) \
             VALUES ($1, $2, $3, 0, 0, 1, $4, $5) RETURNING id",
            vec![ev.into(), hreg.into(), freg.into(), false.into(), now.into()],
        ))
        .await
        .unwrap();
    tx.execute(&sql(
        "UPDATE events SET schedule_published_at = $1 WHERE id = $2",
        vec![now.into(), ev.into()],
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (token,): (String,) = db
        .fetch_one(&sql(
            "SELECT checkin_token FROM event_registrations WHERE id = $1",
            vec![hreg.into()],
        ))
        .await
        .unwrap();
    let mut subs = vec![
        ("{events_ev}", ev.to_string()),
        ("{events_item}", item.to_string()),
        ("{events_hreg}", hreg.to_string()),
        ("{events_freg}", freg.to_string()),
        ("{events_m}", m.to_string()),
        ("{events_token}", token),
    ];
    subs.extend(workshops_setup(w).await);
    subs
}

/// The two participants of the morning (the project holder's organisation and the funder).
const PARTICIPANTS: &[super::Persona] = &[Owner, Funder];
/// Whoever may read the holder's project: staff, the funders of the morning, the holder.
const PROJECT_READERS: &[super::Persona] = &[Admin, Staff, Owner, Funder];
/// The holder's deck is not shared with funders.
const DECK_READERS: &[super::Persona] = &[Admin, Staff, Owner];
/// Both sides of the meeting. (A member of the holder's organisation counts too, but the
/// member persona has left organisation A by the time these rows run: see the core rows.)
const MEETING_SIDES: &[super::Persona] = &[Owner, Funder];

pub fn rows() -> Vec<Row> {
    use Answer::*;
    let mut rows = vec![
        // Public pages and the check-in script.
        r("GET", "/events", PUBLIC, Ok, &[]),
        r("GET", "/events/{events_ev}", PUBLIC, Ok, &[]),
        r("GET", "/events/404404", &[], NotFound, &[Anonymous]),
        r("GET", "/events-assets/checkin.js", PUBLIC, Ok, &[]),
        // Signing up: any signed-in person may try (the form says what is missing).
        r(
            "POST",
            "/events/{events_ev}/register",
            SIGNED_IN,
            Login,
            &[],
        ),
        r(
            "GET",
            "/events/{events_ev}/financing-request",
            SIGNED_IN,
            Login,
            &[],
        ),
        r(
            "POST",
            "/events/{events_ev}/financing-request",
            SIGNED_IN,
            Login,
            &[],
        ),
        // The morning's participants only.
        r(
            "GET",
            "/events/{events_ev}/browse",
            PARTICIPANTS,
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/events/{events_ev}/wishes",
            PARTICIPANTS,
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/events/{events_ev}/projects/{events_hreg}",
            PROJECT_READERS,
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/events/{events_ev}/projects/{events_hreg}/deck",
            DECK_READERS,
            NotFound,
            &[],
        ),
        // Agendas: always one's own (no id in the URL).
        r(
            "GET",
            "/events/{events_ev}/agenda",
            PARTICIPANTS,
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/events/{events_ev}/agenda.pdf",
            PARTICIPANTS,
            NotFound,
            &[],
        ),
        r(
            "GET",
            "/events/{events_ev}/agenda.ics",
            PARTICIPANTS,
            NotFound,
            &[],
        ),
        // After the meeting: the funder records the outcome, the holder's side gives feedback.
        r(
            "GET",
            "/events/{events_ev}/meetings/{events_m}",
            MEETING_SIDES,
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/events/{events_ev}/meetings/{events_m}/outcome",
            &[Funder],
            NotFound,
            &[],
        ),
        r(
            "POST",
            "/events/{events_ev}/meetings/{events_m}/feedback",
            &[Owner],
            NotFound,
            &[],
        ),
        // Staff back-office: everyone else is refused before any lookup.
        r("GET", "/staff/events", STAFF, Forbidden, &[]),
        r("GET", "/staff/events/new", STAFF, Forbidden, &[]),
        r("POST", "/staff/events/new", STAFF, Forbidden, &[]),
        r("GET", "/staff/events/{events_ev}", STAFF, Forbidden, &[]),
        r("GET", "/staff/events/404404", &[], Forbidden, STAFF),
        r(
            "GET",
            "/staff/events/{events_ev}/edit",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/edit",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/items",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/items/{events_item}/delete",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/events/{events_ev}/schedule",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/schedule/settings",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/availability/{events_hreg}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/meetings/{events_m}/lock",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/meetings/{events_m}/move",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/schedule/compute",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/refill",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/meetings/{events_m}/remove",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/schedule/save",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/schedule/publish",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/events/{events_ev}/agenda/{events_hreg}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/events/{events_ev}/master",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/events/{events_ev}/follow-up",
            STAFF,
            Forbidden,
            &[],
        ),
        // Check-in: staff only, also through a scanned agenda's link.
        r(
            "GET",
            "/staff/events/{events_ev}/checkin",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "GET",
            "/staff/events/{events_ev}/checkin/t/{events_token}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/checkin/{events_hreg}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/no-show/{events_freg}",
            STAFF,
            Forbidden,
            &[],
        ),
        r(
            "POST",
            "/staff/events/{events_ev}/publish",
            STAFF,
            Forbidden,
            &[],
        ),
        // Last: cancelling ends the holder's registration.
        r(
            "POST",
            "/events/{events_ev}/cancel",
            PARTICIPANTS,
            NotFound,
            &[],
        ),
    ];
    rows.extend(workshop_rows());
    rows
}

/// A published workshop (capacity 10) where the owner of association A was marked present (so
/// their certificate and survey exist), and one topic.
async fn workshops_setup(w: &World) -> Vec<(&'static str, String)> {
    use essor_events::morning::FunderProfile;
    use essor_events::workshops::model::{add_topic, issue_certificate, save_details, Details};
    let db = w.state.db();
    let staff = user(w, "staff@t.org").await;
    let owner = user(w, "owner@t.org").await;
    let start = Utc::now() + Duration::days(5);
    let mut tx = db.begin().await.unwrap();
    let ev = insert_event(
        &mut tx,
        &EventData {
            kind: EventKind::Workshop,
            title: "Atelier comptabilité".into(),
            description: String::new(),
            venue: "Nanterre".into(),
            starts_at: start,
            ends_at: start + Duration::hours(3),
            opens_at: Utc::now() - Duration::days(1),
            closes_at: start - Duration::hours(1),
            capacity: [0, 0, 10],
            max_wishes: 5,
        },
        staff.0,
    )
    .await
    .unwrap();
    tx.execute(&sql(
        "UPDATE events SET state = 'published' WHERE id = $1",
        vec![ev.into()],
    ))
    .await
    .unwrap();
    save_details(
        &mut tx,
        &Details {
            event_id: ev,
            topic: "Comptabilité".into(),
            trainer_name: "Claire Martin".into(),
            trainer_org: String::new(),
            format: "online".into(),
            online_link: "https://visio.example.org/a".into(),
            duration_minutes: 180,
        },
    )
    .await
    .unwrap();
    add_topic(&mut tx, "Comptabilité").await.unwrap();
    let (topic,): (i64,) = tx
        .fetch_one(&sql("SELECT id FROM workshop_topics", vec![]))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let e = model::event(db, ev).await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    let (reg, _) = register_in(
        &mut tx,
        &w.state,
        &e,
        owner,
        &NewRegistration {
            audience: Audience::Public,
            org: None,
            source: None,
            share_file: false,
            profile: FunderProfile::default(),
        },
    )
    .await
    .unwrap()
    .unwrap();
    model::transition(
        &mut tx,
        reg,
        model::RegState::Registered,
        model::RegEvent::CheckIn,
        Some(staff),
    )
    .await
    .unwrap();
    issue_certificate(&mut tx, reg).await.unwrap();
    tx.commit().await.unwrap();
    vec![
        ("{ws}", ev.to_string()),
        ("{ws_reg}", reg.to_string()),
        ("{ws_topic}", topic.to_string()),
    ]
}

/// The attendee of the workshop (owner of association A).
const WS_ATTENDEE: &[super::Persona] = &[Owner];

fn workshop_rows() -> Vec<Row> {
    use Answer::*;
    vec![
        r("GET", "/ateliers", PUBLIC, Ok, &[]),
        r("GET", "/ateliers/verifier", PUBLIC, Ok, &[]),
        r("GET", "/ateliers/{ws}", PUBLIC, Ok, &[]),
        r("GET", "/ateliers/404404", &[], NotFound, &[Anonymous]),
        r("GET", "/ateliers/mes-inscriptions", SIGNED_IN, Login, &[]),
        // Registering: anyone signed in (a seat or the waiting list).
        r("POST", "/ateliers/{ws}/register", SIGNED_IN, Login, &[]),
        // The survey and the certificate: the attendee only, never by another's id.
        r("GET", "/ateliers/{ws}/survey", WS_ATTENDEE, NotFound, &[]),
        r("POST", "/ateliers/{ws}/survey", WS_ATTENDEE, NotFound, &[]),
        r(
            "GET",
            "/ateliers/{ws}/certificate.pdf",
            WS_ATTENDEE,
            NotFound,
            &[],
        ),
        // Staff.
        r("GET", "/staff/ateliers", STAFF, Forbidden, &[]),
        r("GET", "/staff/ateliers/new", STAFF, Forbidden, &[]),
        r("POST", "/staff/ateliers/new", STAFF, Forbidden, &[]),
        r("GET", "/staff/ateliers/{ws}/edit", STAFF, Forbidden, &[]),
        r("POST", "/staff/ateliers/{ws}/edit", STAFF, Forbidden, &[]),
        r("GET", "/staff/ateliers/topics", STAFF, Forbidden, &[]),
        r("POST", "/staff/ateliers/topics", STAFF, Forbidden, &[]),
        r(
            "POST",
            "/staff/ateliers/topics/{ws_topic}/delete",
            STAFF,
            Forbidden,
            &[],
        ),
        r("GET", "/staff/ateliers/{ws}/survey", STAFF, Forbidden, &[]),
        r(
            "GET",
            "/staff/ateliers/{ws}/certificate/{ws_reg}",
            STAFF,
            Forbidden,
            &[],
        ),
        // Last: cancelling (an attendee cannot cancel any more; others have nothing to cancel,
        // except those the register row above put on the list).
        r("POST", "/ateliers/{ws}/cancel", SIGNED_IN, Login, &[]),
    ]
}
