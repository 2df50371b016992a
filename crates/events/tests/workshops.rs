//! Workshops on every engine: staff create them with their details, the catalogue and its
//! filters, registration with the waiting list and the promotion on a cancellation, attendance,
//! the survey (attendees only, once) and the certificate (attendees only, their own).

mod support;

use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use essor_domain::role::Role;
use essor_events::model::sql;
use essor_platform::jobs;
use essor_platform::testing::{self, Client};
use essor_platform::AppState;
use support::*;

fn workshop_form<'a>(
    title: &'a str,
    capacity: &'a str,
    format: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("description", "Les bases"),
        ("topic", "Comptabilité"),
        ("topic_other", ""),
        ("trainer_name", "Claire Martin"),
        ("trainer_org", "France Active"),
        ("format", format),
        ("venue", "Nanterre, maison de l’ESS"),
        ("online_link", "https://visio.example.org/atelier"),
        ("date", "2030-03-12"),
        ("start_time", "09:30"),
        ("end_time", "12:30"),
        ("duration_minutes", ""),
        ("capacity", capacity),
        ("opens_date", "2026-01-01"),
        ("opens_time", "09:00:00"),
        ("closes_date", "2030-03-11"),
        ("closes_time", "18:00:00"),
    ]
}

async fn staff_creates(staff: &mut Client, form: &[(&str, &str)]) -> i64 {
    let r = staff.post("/staff/ateliers/new", form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: i64 = r
        .location()
        .unwrap()
        .trim_start_matches("/staff/events/")
        .parse()
        .unwrap();
    let r = staff
        .post(&format!("/staff/events/{id}/publish"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    id
}

async fn reg_state(state: &AppState, event: i64, email: &str) -> String {
    let (s,): (String,) = state
        .db()
        .fetch_one(&sql(
            "SELECT r.state FROM event_registrations r JOIN users u ON u.id = r.user_id \
             WHERE r.event_id = $1 AND u.email = $2",
            vec![event.into(), email.into()],
        ))
        .await
        .unwrap();
    s
}

async fn reg_of(state: &AppState, event: i64, email: &str) -> i64 {
    let (s,): (i64,) = state
        .db()
        .fetch_one(&sql(
            "SELECT r.id FROM event_registrations r JOIN users u ON u.id = r.user_id \
             WHERE r.event_id = $1 AND u.email = $2",
            vec![event.into(), email.into()],
        ))
        .await
        .unwrap();
    s
}

fn is_pdf(r: &testing::TestResponse) -> bool {
    r.status == StatusCode::OK
        && r.headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v == "application/pdf")
        && r.body.starts_with("%PDF")
}

#[tokio::test]
async fn staff_create_workshops_and_the_catalogue_filters_them() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        person(&state, "agent@t.org", &[Role::Staff]).await;
        person(&state, "a@t.org", &[]).await;
        let mut staff = login(&router, "agent@t.org").await;
        let mut a = login(&router, "a@t.org").await;
        let mut anon = Client::new(&router);
        // The topic must come from the list or be typed.
        let bad = staff
            .post(
                "/staff/ateliers/new",
                &workshop_form("Compta", "10", "in_person"),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        let r = staff
            .post("/staff/ateliers/topics", &[("label", "Comptabilité")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Online without a link is refused, with the form refilled.
        let mut f = workshop_form("Compta en ligne", "10", "online");
        f.retain(|(k, _)| *k != "online_link");
        f.push(("online_link", "pas un lien"));
        let bad = staff.post("/staff/ateliers/new", &f).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("Compta en ligne"));
        let onsite = staff_creates(
            &mut staff,
            &workshop_form("Compta sur place", "10", "in_person"),
        )
        .await;
        let mut f = workshop_form("Levée de fonds", "5", "online");
        f.retain(|(k, _)| *k != "topic_other" && *k != "date");
        f.push(("topic_other", "Financement"));
        f.push(("date", "2030-04-02"));
        let online = staff_creates(&mut staff, &f).await;
        let d = essor_events::workshops::model::details(state.db(), online)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.topic, "Financement");
        assert_eq!(d.duration_minutes, 180);
        assert_eq!(d.trainer(), "Claire Martin (France Active)");
        // A draft does not show.
        let draft = staff
            .post(
                "/staff/ateliers/new",
                &workshop_form("Brouillon", "3", "in_person"),
            )
            .await;
        let draft_id = draft
            .location()
            .unwrap()
            .trim_start_matches("/staff/events/")
            .to_string();
        let cat = anon.get("/ateliers").await;
        assert_eq!(cat.status, StatusCode::OK);
        assert!(cat.body.contains("Compta sur place") && cat.body.contains("Levée de fonds"));
        assert!(!cat.body.contains("Brouillon"));
        assert_eq!(
            anon.get(&format!("/ateliers/{draft_id}")).await.status,
            StatusCode::NOT_FOUND
        );
        let cat = anon.get("/ateliers?format=online").await;
        assert!(!cat.body.contains("Compta sur place") && cat.body.contains("Levée de fonds"));
        let cat = anon.get("/ateliers?topic=Comptabilit%C3%A9").await;
        assert!(cat.body.contains("Compta sur place") && !cat.body.contains("Levée de fonds"));
        let cat = anon.get("/ateliers?month=2030-04").await;
        assert!(!cat.body.contains("Compta sur place") && cat.body.contains("Levée de fonds"));
        let cat = anon.get("/ateliers?when=past").await;
        assert!(!cat.body.contains("Compta sur place") && !cat.body.contains("Levée de fonds"));
        // The link of an online workshop: registered participants only.
        let page = anon.get(&format!("/ateliers/{online}")).await;
        assert!(!page.body.contains("visio.example.org"), "{}", t.label);
        let page = a.get(&format!("/ateliers/{online}")).await;
        assert!(!page.body.contains("visio.example.org"));
        assert!(page.body.contains("S’inscrire"));
        a.post(&format!("/ateliers/{online}/register"), &[]).await;
        let page = a.get(&format!("/ateliers/{online}")).await;
        assert!(page.body.contains("https://visio.example.org/atelier"));
        // Staff edit the details.
        let mut f = workshop_form("Compta sur place", "12", "in_person");
        f.retain(|(k, _)| *k != "trainer_name");
        f.push(("trainer_name", "Paul Durand"));
        let r = staff
            .post(&format!("/staff/ateliers/{onsite}/edit"), &f)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = anon.get(&format!("/ateliers/{onsite}")).await;
        assert!(page.body.contains("Paul Durand") && page.body.contains("12 places restantes"));
        // A non-workshop event has no workshop page.
        let other = event(
            &state,
            essor_domain::ids::UserId(1),
            essor_events::model::EventKind::General,
            [0, 0, 5],
            48,
        )
        .await;
        assert_eq!(
            anon.get(&format!("/ateliers/{other}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            staff
                .get(&format!("/staff/ateliers/{other}/edit"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn register_wait_promoted_attend_answer_and_download_the_certificate() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        person(&state, "agent@t.org", &[Role::Staff]).await;
        for e in ["a@t.org", "b@t.org", "c@t.org"] {
            person(&state, e, &[]).await;
        }
        let mut staff = login(&router, "agent@t.org").await;
        staff
            .post("/staff/ateliers/topics", &[("label", "Comptabilité")])
            .await;
        let id = staff_creates(&mut staff, &workshop_form("Compta", "1", "in_person")).await;
        let mut a = login(&router, "a@t.org").await;
        let mut b = login(&router, "b@t.org").await;
        let mut c = login(&router, "c@t.org").await;
        a.post(&format!("/ateliers/{id}/register"), &[]).await;
        b.post(&format!("/ateliers/{id}/register"), &[]).await;
        assert_eq!(reg_state(&state, id, "a@t.org").await, "registered");
        assert_eq!(reg_state(&state, id, "b@t.org").await, "waitlisted");
        let page = b.get(&format!("/ateliers/{id}")).await;
        assert!(page.body.contains("position 1"), "{}", page.body);
        let mine = b.get("/ateliers/mes-inscriptions").await;
        assert!(mine.body.contains("Compta") && mine.body.contains("position 1"));
        // Not attended yet: no survey, no certificate.
        assert_eq!(
            b.get(&format!("/ateliers/{id}/survey")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            b.get(&format!("/ateliers/{id}/certificate.pdf"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        jobs::drain(&state).await.unwrap();
        let before = testing::outbox(&state).len();
        // A cancels: B is promoted in the same transaction and told by e-mail.
        let r = a.post(&format!("/ateliers/{id}/cancel"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            reg_state(&state, id, "b@t.org").await,
            "registered",
            "{}",
            t.label
        );
        jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        assert_eq!(mails.len(), before + 2);
        assert!(mails[before..]
            .iter()
            .any(|m| m.contains("b@t.org") && m.contains("place")));
        // Staff mark B present (the events' check-in); the workshop is still to come, so the
        // survey invitation waits for its end.
        let breg = reg_of(&state, id, "b@t.org").await;
        let r = staff
            .post(&format!("/staff/events/{id}/checkin/{breg}"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(reg_state(&state, id, "b@t.org").await, "attended");
        jobs::drain(&state).await.unwrap();
        let n = testing::outbox(&state).len();
        assert!(!testing::outbox(&state)
            .iter()
            .any(|m| m.contains("questionnaire")));
        // Once the workshop is over, the invitation goes out.
        state
            .db()
            .execute(&sql(
                "UPDATE jobs SET run_at = $1 WHERE kind = 'workshops.survey_invitation'",
                vec![(Utc::now() - Duration::minutes(1)).into()],
            ))
            .await
            .unwrap();
        jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        assert_eq!(mails.len(), n + 1);
        assert!(
            mails[n].contains("b@t.org") && mails[n].contains(&format!("/ateliers/{id}/survey"))
        );
        // The survey: B only, once.
        let page = b.get(&format!("/ateliers/{id}/survey")).await;
        assert_eq!(page.status, StatusCode::OK);
        for other in [&mut a, &mut c] {
            assert_eq!(
                other.get(&format!("/ateliers/{id}/survey")).await.status,
                StatusCode::NOT_FOUND
            );
            let r = other
                .post(
                    &format!("/ateliers/{id}/survey"),
                    &[("overall", "1"), ("usefulness", "1"), ("recommend", "no")],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
        }
        let bad = b
            .post(&format!("/ateliers/{id}/survey"), &[("overall", "7")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = [
            ("overall", "5"),
            ("usefulness", "4"),
            ("recommend", "yes"),
            ("comment", "Très concret"),
        ];
        let r = b.post(&format!("/ateliers/{id}/survey"), &ok).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        b.post(
            &format!("/ateliers/{id}/survey"),
            &[("overall", "1"), ("usefulness", "1"), ("recommend", "no")],
        )
        .await;
        let (count,): (i64,) = state
            .db()
            .fetch_one(&sql("SELECT COUNT(*) FROM workshop_surveys", vec![]))
            .await
            .unwrap();
        assert_eq!(count, 1);
        let res = staff.get(&format!("/staff/ateliers/{id}/survey")).await;
        assert!(
            res.body.contains("5,0 / 5")
                && res.body.contains("4,0 / 5")
                && res.body.contains("Très concret"),
            "{}",
            res.body
        );
        assert_eq!(
            b.get(&format!("/staff/ateliers/{id}/survey")).await.status,
            StatusCode::FORBIDDEN
        );
        // The certificate: B's own; nobody else gets one through B's workshop.
        let pdf = b.get(&format!("/ateliers/{id}/certificate.pdf")).await;
        assert!(is_pdf(&pdf), "{}", t.label);
        assert!(pdf.body.contains("Attestation de pr"));
        assert_eq!(
            a.get(&format!("/ateliers/{id}/certificate.pdf"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            c.get(&format!("/ateliers/{id}/certificate.pdf"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            c.get(&format!("/staff/ateliers/{id}/certificate/{breg}"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert!(is_pdf(
            &staff
                .get(&format!("/staff/ateliers/{id}/certificate/{breg}"))
                .await
        ));
        let mine = b.get("/ateliers/mes-inscriptions").await;
        assert!(mine
            .body
            .contains(&format!("/ateliers/{id}/certificate.pdf")));
        // Its code verifies publicly.
        let cert = essor_events::workshops::model::certificate_of(state.db(), breg)
            .await
            .unwrap()
            .unwrap();
        let v = Client::new(&router)
            .get(&format!("/ateliers/verifier?code={}", cert.code))
            .await;
        assert!(
            v.body.contains("authentique") && v.body.contains("b@t.org"),
            "{}",
            v.body
        );
        let v = Client::new(&router)
            .get("/ateliers/verifier?code=AAAA-BBBB-CCCC")
            .await;
        assert!(v.body.contains("Aucune attestation"));
        // Marked absent after all: no certificate any more, for anyone.
        staff
            .post(&format!("/staff/events/{id}/no-show/{breg}"), &[])
            .await;
        assert_eq!(reg_state(&state, id, "b@t.org").await, "no_show");
        assert_eq!(
            b.get(&format!("/ateliers/{id}/certificate.pdf"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            staff
                .get(&format!("/staff/ateliers/{id}/certificate/{breg}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            b.get(&format!("/ateliers/{id}/survey")).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_workshop_reminds_its_participants_the_day_before_with_its_page() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        let staff = person(&state, "agent@t.org", &[Role::Staff]).await;
        // A workshop in 20 hours (the events' helper), with its details.
        let id = event(
            &state,
            staff,
            essor_events::model::EventKind::Workshop,
            [0, 0, 5],
            20,
        )
        .await;
        let mut tx = state.db().begin().await.unwrap();
        essor_events::workshops::model::save_details(
            &mut tx,
            &essor_events::workshops::model::Details {
                event_id: id,
                topic: "Gouvernance".into(),
                trainer_name: "Claire Martin".into(),
                trainer_org: String::new(),
                format: "online".into(),
                online_link: "https://visio.example.org/x".into(),
                duration_minutes: 120,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        person(&state, "a@t.org", &[]).await;
        person(&state, "w@t.org", &[]).await;
        let mut a = login(&router, "a@t.org").await;
        a.post(&format!("/ateliers/{id}/register"), &[]).await;
        // Waiting people do not see the link either.
        state
            .db()
            .execute(&sql(
                "UPDATE events SET capacity_public = 1 WHERE id = $1",
                vec![id.into()],
            ))
            .await
            .unwrap();
        let mut w = login(&router, "w@t.org").await;
        w.post(&format!("/ateliers/{id}/register"), &[]).await;
        assert_eq!(reg_state(&state, id, "w@t.org").await, "waitlisted");
        assert!(!w
            .get(&format!("/ateliers/{id}"))
            .await
            .body
            .contains("visio.example.org"));
        assert!(a
            .get(&format!("/ateliers/{id}"))
            .await
            .body
            .contains("visio.example.org"));
        jobs::drain(&state).await.unwrap();
        let n = testing::outbox(&state).len();
        essor_platform::app::run_periodic(&state).await;
        jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        assert_eq!(mails.len(), n + 1, "{}: one reminder, to A", t.label);
        assert!(mails[n].contains("a@t.org") && mails[n].contains(&format!("/ateliers/{id}")));
    }
}
