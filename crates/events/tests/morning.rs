//! The financing morning: holders need a submitted file or a financing request, funders a
//! profile; each side browses the other; funders see only what the applicant shares.

mod support;

use axum::http::StatusCode;
use essor_domain::role::Role;
use essor_events::model::{sql, EventKind};
use essor_platform::testing;
use support::*;

const PDF: &[u8] = b"%PDF-1.4 deck of the project";

#[tokio::test]
async fn holders_need_a_file_funders_a_profile_and_see_only_what_is_shared() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        let staff = person(&state, "agent@t.org", &[Role::Staff]).await;
        let id = event(&state, staff, EventKind::FinancingMorning, [5, 5, 0], 72).await;
        let a = person(&state, "a@t.org", &[]).await;
        let b = person(&state, "b@t.org", &[]).await;
        let f = person(&state, "f@t.org", &[]).await;
        person(&state, "x@t.org", &[]).await;
        let mut ca = login(&router, "a@t.org").await;
        let mut cb = login(&router, "b@t.org").await;
        let mut cf = login(&router, "f@t.org").await;
        let mut cx = login(&router, "x@t.org").await;
        let org_a = create_org(&mut ca, "association", "Épicerie solidaire", 11).await;
        let org_b = create_org(&mut cb, "association", "Recyclerie", 12).await;
        let org_f = create_org(&mut cf, "funder", "France Active 92", 13).await;
        let org_a_s = org_a.to_string();

        // Without a file: refused, with what to do.
        let r = ca
            .post(
                &format!("/events/{id}/register"),
                &[("audience", "holder"), ("org", &org_a_s)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(
            r.body.contains("demande de financement courte"),
            "{}",
            r.body
        );
        // A draft file does not count either.
        let draft = call_file(&state, a, org_a, "draft", "Brouillon", 100).await;
        let r = ca
            .post(
                &format!("/events/{id}/register"),
                &[
                    ("audience", "holder"),
                    ("org", &org_a_s),
                    ("source", &format!("file:{draft}")),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        // A short financing request with a deck, then registration with it (deck not shared).
        let bad = ca
            .post_multipart(
                &format!("/events/{id}/financing-request"),
                &[("org", None, org_a_s.as_bytes()), ("amount", None, b"abc")],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = ca
            .post_multipart(
                &format!("/events/{id}/financing-request"),
                &[
                    ("org", None, org_a_s.as_bytes()),
                    ("amount", None, b"40000"),
                    ("instruments", None, b"honour_loan"),
                    ("instruments", None, b"bank_loan"),
                    ("stage", None, b"creation"),
                    ("theme", None, b"Alimentation durable"),
                    ("summary", None, b"Une epicerie solidaire a Nanterre."),
                    ("deck", Some("deck.pdf"), PDF),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (req,): (i64,) = state
            .db()
            .fetch_one(&sql(
                "SELECT id FROM event_financing_requests WHERE org_id = $1",
                vec![org_a.into()],
            ))
            .await
            .unwrap();
        let r = ca
            .post(
                &format!("/events/{id}/register"),
                &[
                    ("audience", "holder"),
                    ("org", &org_a_s),
                    ("source", &format!("request:{req}")),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(state_of(&state, id, a).await, "registered");

        // B: a submitted call file, shared.
        let file_b = call_file(
            &state,
            b,
            org_b,
            "under_instruction",
            "Recyclerie de quartier",
            2_500_000,
        )
        .await;
        let r = cb
            .post(
                &format!("/events/{id}/register"),
                &[
                    ("audience", "holder"),
                    ("org", &org_b.to_string()),
                    ("source", &format!("file:{file_b}")),
                    ("share_file", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // Someone else's file cannot be used.
        let r = cx
            .post(
                &format!("/events/{id}/register"),
                &[
                    ("audience", "holder"),
                    ("source", &format!("file:{file_b}")),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        // A funder needs a funder organisation and a profile.
        let r = cx
            .post(&format!("/events/{id}/register"), &[("audience", "funder")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = cf
            .post(
                &format!("/events/{id}/register"),
                &[("audience", "funder"), ("org", &org_f.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no instrument");
        let r = cf
            .post(
                &format!("/events/{id}/register"),
                &[
                    ("audience", "funder"),
                    ("org", &org_f.to_string()),
                    ("instruments", "honour_loan"),
                    ("instruments", "guarantee"),
                    ("ticket_min", "5000"),
                    ("ticket_max", "100000"),
                    ("themes", "alimentation durable, mobilité"),
                    ("representatives", "2"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let (reps,): (i64,) = state
            .db()
            .fetch_one(&sql(
                "SELECT representatives FROM event_registrations WHERE user_id = $1",
                vec![f.0.into()],
            ))
            .await
            .unwrap();
        assert_eq!(reps, 2);

        // The funder browses projects, with hints; sees B's file, not A's deck.
        let reg_a = reg_id(&state, id, a).await;
        let reg_b = reg_id(&state, id, b).await;
        let reg_f = reg_id(&state, id, f).await;
        let page = cf.get(&format!("/events/{id}/browse")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Épicerie solidaire") && page.body.contains("Recyclerie"));
        assert!(page.body.contains("ticket compatible"));
        let pa = cf.get(&format!("/events/{id}/projects/{reg_a}")).await;
        assert_eq!(pa.status, StatusCode::OK);
        assert!(!pa.body.contains("/deck"));
        assert_eq!(
            cf.get(&format!("/events/{id}/projects/{reg_a}/deck"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let pb = cf.get(&format!("/events/{id}/projects/{reg_b}")).await;
        let (number,): (String,) = state
            .db()
            .fetch_one(&sql(
                "SELECT number FROM files WHERE id = $1",
                vec![file_b.into()],
            ))
            .await
            .unwrap();
        assert!(pb.body.contains(&number), "{}", pb.body);
        assert!(!pa.body.contains("PE-2027"));
        // A's own deck, and staff, may be read.
        assert_eq!(
            ca.get(&format!("/events/{id}/projects/{reg_a}/deck"))
                .await
                .body
                .as_bytes(),
            PDF
        );
        // Another holder and an outsider see nothing.
        assert_eq!(
            ca.get(&format!("/events/{id}/projects/{reg_b}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            cx.get(&format!("/events/{id}/projects/{reg_b}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            cx.get(&format!("/events/{id}/browse")).await.status,
            StatusCode::NOT_FOUND
        );

        // Wishes: the holder sees funders; the funder chooses projects.
        let page = ca.get(&format!("/events/{id}/browse")).await;
        assert!(page.body.contains("France Active 92"));
        let r = ca
            .post(
                &format!("/events/{id}/wishes"),
                &[("to", &reg_f.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = cf
            .post(
                &format!("/events/{id}/wishes"),
                &[("to", &reg_a.to_string()), ("to", &reg_b.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // A project cannot be chosen by a holder (only the other side counts).
        ca.post(
            &format!("/events/{id}/wishes"),
            &[("to", &reg_b.to_string()), ("to", &reg_f.to_string())],
        )
        .await;
        let (n,): (i64,) = state
            .db()
            .fetch_one(&sql(
                "SELECT COUNT(*) FROM event_wishes WHERE event_id = $1",
                vec![id.into()],
            ))
            .await
            .unwrap();
        assert_eq!(n, 3);
        let page = ca.get(&format!("/events/{id}/browse")).await;
        assert!(page.body.contains("Oui"), "the funder chose A");
    }
}

#[tokio::test]
async fn a_holder_may_choose_at_most_n_funders() {
    for t in testing::databases().await {
        let (state, router) = app(&t);
        let staff = person(&state, "agent@t.org", &[Role::Staff]).await;
        let id = event(&state, staff, EventKind::FinancingMorning, [5, 5, 0], 72).await;
        let a = person(&state, "a@t.org", &[]).await;
        let mut ca = login(&router, "a@t.org").await;
        let org_a = create_org(&mut ca, "association", "Asso", 21).await;
        let file = call_file(&state, a, org_a, "submitted", "Projet", 1_000_000).await;
        ca.post(
            &format!("/events/{id}/register"),
            &[
                ("audience", "holder"),
                ("org", &org_a.to_string()),
                ("source", &format!("file:{file}")),
            ],
        )
        .await;
        let mut funders = vec![];
        for i in 0..4u32 {
            let email = format!("f{i}@t.org");
            let u = person(&state, &email, &[]).await;
            let mut c = login(&router, &email).await;
            let org = create_org(&mut c, "funder", &format!("Financeur {i}"), 30 + i).await;
            let r = c
                .post(
                    &format!("/events/{id}/register"),
                    &[
                        ("audience", "funder"),
                        ("org", &org.to_string()),
                        ("instruments", "grant"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            funders.push(reg_id(&state, id, u).await.to_string());
        }
        let fields: Vec<(&str, &str)> = funders.iter().map(|f| ("to", f.as_str())).collect();
        let r = ca.post(&format!("/events/{id}/wishes"), &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label);
        assert!(r.body.contains("3 financeurs au plus"));
        let r = ca.post(&format!("/events/{id}/wishes"), &fields[..3]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
}
