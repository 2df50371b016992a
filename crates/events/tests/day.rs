//! From wishes to outcomes: staff compute and edit the schedule, participants get their agenda
//! (page, PDF, ICS), staff check people in, mark a no-show and re-fill, funders record outcomes
//! that reach the follow-up.

mod support;

use axum::http::StatusCode;
use essor_domain::role::Role;
use essor_events::model::{sql, EventKind};
use essor_platform::{jobs, testing};
use std::collections::HashSet;
use support::*;

async fn meetings(
    state: &essor_platform::AppState,
    event: i64,
) -> Vec<(i64, i64, i64, i64, i64, bool)> {
    state
        .db()
        .fetch_all(&sql(
            "SELECT id, holder_id, funder_id, slot, seat, locked FROM event_meetings WHERE event_id = $1 ORDER BY id",
            vec![event.into()],
        ))
        .await
        .unwrap()
}

#[tokio::test]
async fn schedule_agendas_checkin_refill_and_outcomes() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        let staff_id = person(&state, "agent@t.org", &[Role::Staff]).await;
        let mut staff = login(&router, "agent@t.org").await;
        let id = event(
            &state,
            staff_id,
            EventKind::FinancingMorning,
            [10, 10, 0],
            72,
        )
        .await;
        let (_, mut h1, r1) = holder(&state, &router, id, 1).await;
        let (_, mut h2, r2) = holder(&state, &router, id, 2).await;
        let (_, mut h3, r3) = holder(&state, &router, id, 3).await;
        let (_, mut f1, q1) = funder(&state, &router, id, 1, 2).await;
        let (_, mut f2, q2) = funder(&state, &router, id, 2, 1).await;
        for (c, tos) in [
            (&mut h1, vec![q1, q2]),
            (&mut h2, vec![q1, q2]),
            (&mut h3, vec![q2]),
        ] {
            let fields: Vec<String> = tos.iter().map(|x| x.to_string()).collect();
            let f: Vec<(&str, &str)> = fields.iter().map(|x| ("to", x.as_str())).collect();
            assert_eq!(
                c.post(&format!("/events/{id}/wishes"), &f).await.status,
                StatusCode::SEE_OTHER
            );
        }
        f2.post(
            &format!("/events/{id}/wishes"),
            &[("to", &r3.to_string()), ("to", &r1.to_string())],
        )
        .await;

        // Settings: 10:00–11:40, 15 + 5 minutes → 5 slots.
        let r = staff
            .post(
                &format!("/staff/events/{id}/schedule/settings"),
                &[
                    ("start", "10:00"),
                    ("end", "11:40"),
                    ("meeting_minutes", "15"),
                    ("gap_minutes", "5"),
                    ("tables", "3"),
                    ("objective", "fair"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = staff.get(&format!("/staff/events/{id}/schedule")).await;
        assert!(
            page.body.contains("10:00–10:15") && page.body.contains("11:20–11:35"),
            "{}",
            page.body
        );
        let r = staff
            .post(&format!("/staff/events/{id}/schedule/compute"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = staff.get(&format!("/staff/events/{id}/schedule")).await;
        assert!(page.body.contains("Optimal (prouvé)"), "{}", page.body);
        assert!(
            page.body
                .contains("valeur 9 ; borne supérieure prouvée 9 ; écart 0.000 %"),
            "{}",
            page.body
        );
        assert!(
            meetings(&state, id).await.is_empty(),
            "nothing saved before staff save"
        );
        staff
            .post(&format!("/staff/events/{id}/schedule/save"), &[])
            .await;
        let ms = meetings(&state, id).await;
        assert_eq!(ms.len(), 5, "every wished pair meets");
        let mut busy = HashSet::new();
        for m in &ms {
            assert!(busy.insert((m.1, m.3)), "holder double-booked");
            assert!(busy.insert((m.2 * 1000 + m.4, m.3)), "table double-booked");
        }

        // A move onto a slot where the holder is busy is refused; onto a free slot it is kept and locked.
        let (mid, holder_id, _, slot, _, _) = ms[0];
        let busy_slot = ms
            .iter()
            .find(|m| m.1 == holder_id && m.0 != mid)
            .unwrap()
            .3;
        let r = staff
            .post(
                &format!("/staff/events/{id}/meetings/{mid}/move"),
                &[("slot", &busy_slot.to_string()), ("seat", "0")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("déjà un rendez-vous"), "{}", r.body);
        let taken: HashSet<i64> = ms
            .iter()
            .filter(|m| m.1 == holder_id)
            .map(|m| m.3)
            .collect();
        let funder_of = ms[0].2;
        let free = (0..5)
            .find(|s| {
                !taken.contains(s)
                    && !ms
                        .iter()
                        .any(|m| m.2 == funder_of && m.3 == *s && m.4 == ms[0].4)
            })
            .unwrap();
        assert_ne!(free, slot);
        let r = staff
            .post(
                &format!("/staff/events/{id}/meetings/{mid}/move"),
                &[("slot", &free.to_string()), ("seat", &ms[0].4.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let moved = meetings(&state, id)
            .await
            .into_iter()
            .find(|m| m.0 == mid)
            .unwrap();
        assert_eq!((moved.3, moved.5), (free, true));

        // Publishing sends every participant an agenda.
        jobs::drain(&state).await.unwrap();
        let before = testing::outbox(&state).len();
        staff
            .post(&format!("/staff/events/{id}/schedule/publish"), &[])
            .await;
        jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        assert_eq!(mails.len(), before + 5);
        assert!(mails
            .iter()
            .any(|m| m.contains("holder1@t.org") && m.contains("Financeur")));

        // Agendas: page, PDF, ICS, each the participant's own.
        let a1 = h1.get(&format!("/events/{id}/agenda")).await;
        assert_eq!(a1.status, StatusCode::OK);
        assert!(
            a1.body.contains("Rendez-vous avec Financeur 1")
                && a1.body.contains("<svg role=\"img\"")
        );
        let a3 = h3.get(&format!("/events/{id}/agenda")).await;
        assert!(
            !a3.body.contains("Financeur 1"),
            "holder 3 only wished funder 2"
        );
        let pdf = h1.get(&format!("/events/{id}/agenda.pdf")).await;
        assert!(pdf.body.starts_with("%PDF"));
        let ics = h1.get(&format!("/events/{id}/agenda.ics")).await;
        assert!(ics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        assert!(ics.body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.body.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(
            ics.body.matches("BEGIN:VEVENT").count(),
            3,
            "the event and two meetings"
        );
        assert!(ics.body.split("\r\n").all(|l| l.len() <= 75));
        assert!(ics.body.contains("LOCATION:Nanterre\\, salle des fêtes"));
        // Another participant's agenda is never reachable: the URLs name no one (each reads the
        // signed-in person's own), and the staff view is staff-only.
        let ics3 = h3.get(&format!("/events/{id}/agenda.ics")).await;
        assert!(ics3.body.contains("Financeur 2") && !ics3.body.contains("Financeur 1"));
        let pdf3 = h3.get(&format!("/events/{id}/agenda.pdf")).await;
        assert!(!pdf3.body.contains("Financeur 1"));
        assert_eq!(
            h3.get(&format!("/staff/events/{id}/agenda/{r1}"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            staff
                .get(&format!("/staff/events/{id}/agenda/{r1}"))
                .await
                .status,
            StatusCode::OK
        );
        let master = staff.get(&format!("/staff/events/{id}/master")).await;
        assert!(master.body.contains("Projet 1") && master.body.contains("Par créneau"));

        // Check-in: by the QR link (staff only) and by name.
        let (token,): (String,) = state
            .db()
            .fetch_one(&sql(
                "SELECT checkin_token FROM event_registrations WHERE id = $1",
                vec![r1.into()],
            ))
            .await
            .unwrap();
        assert!(token.len() >= 32);
        let token_path = format!("/staff/events/{id}/checkin/t/{token}");
        assert_eq!(
            staff
                .get(&format!("/staff/events/{id}/checkin/t/not-a-token"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(h1.get(&token_path).await.status, StatusCode::FORBIDDEN);
        let person_page = staff.get(&token_path).await;
        assert!(person_page.body.contains("Projet 1"));
        assert_eq!(
            h1.post(&format!("/staff/events/{id}/checkin/{r1}"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        for r in [r1, r2, q1, q2] {
            staff
                .post(&format!("/staff/events/{id}/checkin/{r}"), &[])
                .await;
        }
        let search = staff
            .get(&format!("/staff/events/{id}/checkin?q=projet%203"))
            .await;
        assert!(search.body.contains("Projet 3") && !search.body.contains("Projet 1"));
        staff
            .post(&format!("/staff/events/{id}/no-show/{r3}"), &[])
            .await;

        // Re-fill without the no-show, keeping the locked meeting.
        let r = staff
            .post(&format!("/staff/events/{id}/refill"), &[("from_slot", "0")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        staff
            .post(&format!("/staff/events/{id}/schedule/save"), &[])
            .await;
        let after = meetings(&state, id).await;
        assert!(
            after.iter().all(|m| m.1 != r3),
            "no meeting left for the no-show"
        );
        assert!(
            after.iter().any(|m| m.0 == mid && m.3 == free),
            "the locked meeting is kept"
        );
        assert_eq!(after.len(), 4);

        // Outcomes by the funder, feedback by the holder, both in the follow-up.
        let m = after.iter().find(|m| m.1 == r1 && m.2 == q2).unwrap().0;
        assert_eq!(
            h2.get(&format!("/events/{id}/meetings/{m}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            h1.post(
                &format!("/events/{id}/meetings/{m}/outcome"),
                &[("kind", "partnership")]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let r = f2
            .post(
                &format!("/events/{id}/meetings/{m}/outcome"),
                &[("kind", "financing"), ("amount", "")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = f2
            .post(
                &format!("/events/{id}/meetings/{m}/outcome"),
                &[
                    ("kind", "financing"),
                    ("amount", "20000"),
                    ("instrument", "honour_loan"),
                    ("comment", "Dossier solide"),
                    ("next_step", "Comité du 3 avril"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let m2 = after.iter().find(|m| m.1 == r2 && m.2 == q1).unwrap().0;
        f1.post(
            &format!("/events/{id}/meetings/{m2}/outcome"),
            &[("kind", "redirection"), ("orientation", "crowdfunding")],
        )
        .await;
        let r = h1
            .post(
                &format!("/events/{id}/meetings/{m}/feedback"),
                &[("useful", "yes"), ("comment", "Merci")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let fu = staff.get(&format!("/staff/events/{id}/follow-up")).await;
        assert_eq!(fu.status, StatusCode::OK);
        assert!(fu.body.contains("Financement envisagé — 20"), "{}", fu.body);
        assert!(
            fu.body.contains("Comité du 3 avril")
                && fu.body.contains("Financement participatif")
                && fu.body.contains("Utile")
        );
        assert!(
            fu.body.contains("<dt>Absents</dt><dd>1</dd>"),
            "{}",
            fu.body
        );
        assert_eq!(
            f1.get(&format!("/staff/events/{id}/follow-up"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
}
