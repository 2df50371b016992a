//! Generic events through HTTP on every engine: staff create and publish, people register, the
//! waiting list is promoted on a cancellation, e-mails and reminders are queued.

mod support;

use axum::http::StatusCode;
use essor_domain::role::Role;
use essor_events::model::{sql, EventKind};
use essor_platform::app::run_periodic;
use essor_platform::jobs;
use essor_platform::testing::{self, Client};
use support::*;

#[tokio::test]
async fn staff_create_edit_publish_and_the_public_page() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        person(&state, "agent@t.org", &[Role::Staff]).await;
        let mut staff = login(&router, "agent@t.org").await;
        let form = [
            ("kind", "general"),
            ("title", "Atelier ESS"),
            ("description", "Un atelier"),
            ("venue", "Nanterre"),
            ("date", "2030-03-12"),
            ("start_time", "09:30"),
            ("end_time", "12:00"),
            ("opens_date", "2030-01-01"),
            ("opens_time", "09:00:00"),
            ("closes_date", "2030-03-10"),
            ("closes_time", "23:59:59"),
            ("capacity_holders", "0"),
            ("capacity_funders", "0"),
            ("capacity_public", "10"),
            ("max_wishes", ""),
        ];
        let bad = staff.post("/staff/events/new", &[("title", "")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        let r = staff.post("/staff/events/new", &form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", t.label, r.body);
        let loc = r.location().unwrap().to_owned();
        let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
        // Closing to the second, in Paris time (UTC+1 in March).
        let (closes,): (chrono::DateTime<chrono::Utc>,) = state
            .db()
            .fetch_one(&sql(
                "SELECT registration_closes_at FROM events WHERE id = $1",
                vec![id.into()],
            ))
            .await
            .unwrap();
        assert_eq!(closes.to_rfc3339(), "2030-03-10T22:59:59+00:00");
        // A draft does not exist for visitors.
        let mut anon = Client::new(&router);
        assert_eq!(
            anon.get(&format!("/events/{id}")).await.status,
            StatusCode::NOT_FOUND
        );
        let r = staff
            .post(
                &format!("/staff/events/{id}/items"),
                &[
                    ("item_kind", "conference"),
                    ("item_title", "Ouverture"),
                    ("item_start", "09:30"),
                    ("item_end", "10:00"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let mut edited = form.to_vec();
        edited[1] = ("title", "Atelier ESS renommé");
        let r = staff
            .post(&format!("/staff/events/{id}/edit"), &edited)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        staff
            .post(&format!("/staff/events/{id}/publish"), &[])
            .await;
        let page = anon.get(&format!("/events/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Atelier ESS renommé") && page.body.contains("Ouverture"));
        assert!(anon
            .get("/events")
            .await
            .body
            .contains("Atelier ESS renommé"));
    }
}

#[tokio::test]
async fn full_audience_goes_to_the_waiting_list_and_a_cancellation_promotes() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        let staff = person(&state, "agent@t.org", &[Role::Staff]).await;
        let id = event(&state, staff, EventKind::General, [0, 0, 1], 72).await;
        let a = person(&state, "a@t.org", &[]).await;
        let b = person(&state, "b@t.org", &[]).await;
        let c = person(&state, "c@t.org", &[]).await;
        let mut ca = login(&router, "a@t.org").await;
        let mut cb = login(&router, "b@t.org").await;
        let mut cc = login(&router, "c@t.org").await;
        for cl in [&mut ca, &mut cb, &mut cc] {
            let r = cl
                .post(&format!("/events/{id}/register"), &[("audience", "public")])
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        assert_eq!(state_of(&state, id, a).await, "registered");
        assert_eq!(state_of(&state, id, b).await, "waitlisted");
        assert_eq!(state_of(&state, id, c).await, "waitlisted");
        let page = cc.get(&format!("/events/{id}")).await;
        assert!(page.body.contains("position 2"), "{}", page.body);
        // Registering twice does nothing.
        ca.post(&format!("/events/{id}/register"), &[("audience", "public")])
            .await;
        assert_eq!(state_of(&state, id, a).await, "registered");
        jobs::drain(&state).await.unwrap();
        let before = testing::outbox(&state).len();
        assert_eq!(before, 3);
        let r = ca.post(&format!("/events/{id}/cancel"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(state_of(&state, id, a).await, "cancelled");
        assert_eq!(state_of(&state, id, b).await, "registered", "{}", t.label);
        assert_eq!(state_of(&state, id, c).await, "waitlisted");
        jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        assert_eq!(mails.len(), before + 2);
        assert!(mails
            .iter()
            .any(|m| m.contains("b@t.org") && m.contains("place")));
        // History of b: register (waitlisted) then promote.
        let rid = reg_id(&state, id, b).await;
        let h = essor_events::model::history_of(state.db(), rid)
            .await
            .unwrap();
        let steps: Vec<_> = h
            .iter()
            .map(|r| (r.event.as_str(), r.to_state.as_str()))
            .collect();
        assert_eq!(
            steps,
            [("register", "waitlisted"), ("promote", "registered")]
        );
        // a may come back, at the end of the queue.
        ca.post(&format!("/events/{id}/register"), &[("audience", "public")])
            .await;
        assert_eq!(state_of(&state, id, a).await, "waitlisted");
    }
}

#[tokio::test]
async fn registration_closes_to_the_second_and_reminders_the_day_before() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        let staff = person(&state, "agent@t.org", &[Role::Staff]).await;
        let soon = event(&state, staff, EventKind::General, [0, 0, 5], 20).await;
        let later = event(&state, staff, EventKind::General, [0, 0, 5], 72).await;
        person(&state, "a@t.org", &[]).await;
        let mut ca = login(&router, "a@t.org").await;
        for id in [soon, later] {
            let r = ca
                .post(&format!("/events/{id}/register"), &[("audience", "public")])
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
        jobs::drain(&state).await.unwrap();
        let n = testing::outbox(&state).len();
        run_periodic(&state).await;
        run_periodic(&state).await;
        jobs::drain(&state).await.unwrap();
        let mails = testing::outbox(&state);
        assert_eq!(
            mails.len(),
            n + 1,
            "{}: one reminder, for tomorrow's event only",
            t.label
        );
        // Closed one second ago: refused.
        state
            .db()
            .execute(&sql(
                "UPDATE events SET registration_closes_at = $1 WHERE id = $2",
                vec![
                    (chrono::Utc::now() - chrono::Duration::seconds(1)).into(),
                    later.into(),
                ],
            ))
            .await
            .unwrap();
        person(&state, "b@t.org", &[]).await;
        let mut cb = login(&router, "b@t.org").await;
        let r = cb
            .post(
                &format!("/events/{later}/register"),
                &[("audience", "public")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
