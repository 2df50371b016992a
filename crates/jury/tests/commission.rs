//! Ranking, commission, award and showcase through HTTP, on every database engine available.

mod commission_support;

use axum::http::StatusCode;
use commission_support::*;
use essor_platform::{jobs, testing};
use sea_query::{Expr, Query};

async fn scalar_i64(
    w: &World,
    sql_table: &str,
    column: &str,
    id_col: &str,
    id: i64,
) -> Option<i64> {
    let row: Option<(Option<i64>,)> = w
        .state
        .db()
        .fetch_optional(
            Query::select()
                .column(col(column))
                .from(col(sql_table))
                .and_where(Expr::col(col(id_col)).eq(id)),
        )
        .await
        .unwrap();
    row.and_then(|r| r.0)
}

async fn file_state(w: &World, file: i64) -> String {
    let row: (String,) = w
        .state
        .db()
        .fetch_one(
            Query::select()
                .column(col("state"))
                .from(col("files"))
                .and_where(Expr::col(col("id")).eq(file)),
        )
        .await
        .unwrap();
    row.0
}

fn position(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in page"))
}

#[tokio::test]
async fn ranking_shows_raw_and_calibrated_side_by_side() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        scored(&w).await;
        let url = format!("/staff/calls/{}/jury/ranking", w.call);
        let res = w.staff.get(&url).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let b = &res.body;
        // Calibrated order by default: a (90) before c (75) before b (70).
        assert!(position(b, "Potager partagé") < position(b, "Repair café"));
        assert!(position(b, "Repair café") < position(b, "Atelier vélo"));
        assert!(b.contains("90,0") && b.contains("75,0") && b.contains("85,0"));
        // The shared file's reviewers disagree by 60 points.
        assert!(b.contains("désaccord"));
        assert!(b.contains("moindres carrés"), "the method is explained");
        // Raw order: c (85) first.
        let res = w.staff.get(&format!("{url}?sort=raw")).await;
        assert!(position(&res.body, "Repair café") < position(&res.body, "Potager partagé"));
        let csv = w
            .staff
            .get(&format!("/staff/calls/{}/jury/ranking.csv", w.call))
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        let lines: Vec<&str> = csv.body.lines().collect();
        assert!(
            lines[1].starts_with("1;PROG-2026-00001;Potager partagé"),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].contains(";80.00;80.00;0.00;90.00;0;0"),
            "{}",
            lines[1]
        );
        // Reviewers and applicants never see the ranking.
        assert_eq!(w.reviewer.get(&url).await.status, StatusCode::FORBIDDEN);
        assert_eq!(w.applicant.get(&url).await.status, StatusCode::FORBIDDEN);
    }
}

async fn open_commission(w: &mut World) {
    let url = format!("/staff/calls/{}/jury/commission", w.call);
    let res = w
        .staff
        .post(
            &url,
            &[
                ("held_on", "2026-11-20"),
                ("members", "Mme la Vice-présidente"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
}

async fn decide(
    w: &mut World,
    file: usize,
    decision: &str,
    amount: &str,
    reason: &str,
) -> testing::TestResponse {
    let url = format!("/staff/calls/{}/jury/commission/decisions", w.call);
    let f = w.files[file].to_string();
    w.staff
        .post(
            &url,
            &[
                ("file", &f),
                ("decision", decision),
                ("amount", amount),
                ("reason", reason),
            ],
        )
        .await
}

#[tokio::test]
async fn commission_decides_within_limits_and_award_notifies_and_showcases() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        scored(&w).await;
        open_commission(&mut w).await;

        // The suggestion: minimums 10 k€ + 15 k€ + 5 k€, the 10 k€ left to the best ranked (a).
        let res = w
            .staff
            .post(
                &format!("/staff/calls/{}/jury/commission/suggest", w.call),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = w
            .staff
            .get(&format!("/staff/calls/{}/jury/commission", w.call))
            .await;
        assert!(
            page.body.contains("Total attribué : 40\u{202f}000,00"),
            "total shown against the envelope"
        );

        // Amounts never above the request, the call's maximum or the envelope: 422, form kept.
        let res = decide(&mut w, 0, "laureate", "20 000,01", "").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("20 000,01"), "typed amount kept");
        assert!(res.body.contains("dépasse la demande"));
        let res = decide(&mut w, 1, "laureate", "26000", "").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("plafond de l’appel"));
        let res = decide(&mut w, 1, "laureate", "25000", "").await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a + b would exceed the envelope"
        );
        assert!(res.body.contains("reste de l’enveloppe"));
        // A refusal needs a reason.
        let res = decide(&mut w, 2, "refused", "", "  ").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            decide(&mut w, 2, "refused", "", "Projet hors du territoire")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            decide(&mut w, 0, "laureate", "15000", "").await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            decide(&mut w, 1, "laureate", "25 000", "").await.status,
            StatusCode::SEE_OTHER
        );
        let page = w
            .staff
            .get(&format!("/staff/calls/{}/jury/commission", w.call))
            .await;
        assert!(page.body.contains("convention sera nécessaire"));
        assert!(!page.body.contains("De minimis"));
        // A lower de minimis ceiling warns on the 25 000 € award (settings kept on error).
        let settings = format!("/staff/calls/{}/jury/commission/settings", w.call);
        let res = w
            .staff
            .post(
                &settings,
                &[
                    ("share", "150"),
                    ("convention", "23000"),
                    ("ceiling", "20000"),
                    ("months", "12"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("value=\"150\""));
        let res = w
            .staff
            .post(
                &settings,
                &[
                    ("share", "50"),
                    ("convention", "23000"),
                    ("ceiling", "20000"),
                    ("months", "12"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let page = w
            .staff
            .get(&format!("/staff/calls/{}/jury/commission", w.call))
            .await;
        assert!(
            page.body.contains("De minimis"),
            "25 000 € over a 20 000 € ceiling"
        );

        // Neither a reviewer nor an applicant reaches the commission.
        for c in [&mut w.reviewer, &mut w.applicant] {
            let url = format!("/staff/calls/{}/jury/commission", w.call);
            assert_eq!(c.get(&url).await.status, StatusCode::FORBIDDEN);
            assert_eq!(
                c.post(&format!("{url}/close"), &[]).await.status,
                StatusCode::FORBIDDEN
            );
            assert_eq!(
                c.get(&format!("{url}/minutes.pdf")).await.status,
                StatusCode::FORBIDDEN
            );
        }

        let minutes = w
            .staff
            .get(&format!(
                "/staff/calls/{}/jury/commission/minutes.pdf",
                w.call
            ))
            .await;
        assert_eq!(minutes.status, StatusCode::OK);
        assert!(minutes.body.starts_with("%PDF"));

        // Closing: files to their final state with history, awards, letters.
        let res = w
            .staff
            .post(
                &format!("/staff/calls/{}/jury/commission/close", w.call),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        assert_eq!(file_state(&w, w.files[0]).await, "accepted");
        assert_eq!(file_state(&w, w.files[1]).await, "accepted");
        assert_eq!(file_state(&w, w.files[2]).await, "refused");
        assert_eq!(
            scalar_i64(&w, "files", "awarded_amount", "id", w.files[1]).await,
            Some(2_500_000)
        );
        let history: Vec<(String, Option<String>)> = w
            .state
            .db()
            .fetch_all(
                Query::select()
                    .columns([col("to_state"), col("reason")])
                    .from(col("file_transitions"))
                    .and_where(Expr::col(col("file_id")).eq(w.files[2]))
                    .order_by(col("id"), sea_query::Order::Asc),
            )
            .await
            .unwrap();
        assert_eq!(history.last().unwrap().0, "refused");
        assert_eq!(
            history.last().unwrap().1.as_deref(),
            Some("Projet hors du territoire")
        );
        // The open-data export reads the amount awarded, not the amount requested.
        let res = w
            .staff
            .post(
                &format!("/staff/calls/{}/open-data", w.call),
                &[
                    ("od_name", "Département"),
                    ("od_siret", "55210055400013"),
                    ("od_terms", "unique"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let csv = w
            .staff
            .get(&format!("/staff/calls/{}/subventions.csv", w.call))
            .await;
        assert!(csv.body.contains("15000.00"), "{}", csv.body);
        assert!(!csv.body.contains("20000.00"));
        // Closing twice is refused.
        let again = w
            .staff
            .post(
                &format!("/staff/calls/{}/jury/commission/close", w.call),
                &[],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);

        jobs::drain(&w.state).await.unwrap();
        let mails = testing::outbox(&w.state);
        assert_eq!(mails.len(), 3, "one letter per decided file");
        let to_a = mails
            .iter()
            .find(|m| m.contains("jo@asso.org"))
            .expect("mail to A");
        assert!(
            to_a.contains("Your project is a laureate"),
            "English for an English account"
        );
        let award_path = testing::link_path(to_a, "http://essor.test/awards/").expect("award link");
        let refused = mails
            .iter()
            .find(|m| m.contains("pas retenu votre projet"))
            .expect("refusal");
        assert!(refused.contains("lea@autre.org"));

        // The letters: the applicant's own, not another's.
        let letter = format!("/files/{}/decision.pdf", w.files[0]);
        let res = w.applicant.get(&letter).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.starts_with("%PDF"));
        assert_eq!(w.other.get(&letter).await.status, StatusCode::NOT_FOUND);
        assert_eq!(w.reviewer.get(&letter).await.status, StatusCode::NOT_FOUND);
        assert_eq!(w.other.get(&award_path).await.status, StatusCode::NOT_FOUND);

        // Conventions only above the threshold.
        let award_a = award_path.trim_start_matches("/awards/").to_owned();
        let res = w
            .applicant
            .get(&format!("/awards/{award_a}/convention.pdf"))
            .await;
        assert_eq!(
            res.status,
            StatusCode::NOT_FOUND,
            "15 000 € needs no convention"
        );
        let award_b: i64 = scalar_i64(&w, "jury_awards", "id", "file_id", w.files[1])
            .await
            .unwrap();
        let res = w
            .other
            .get(&format!("/awards/{award_b}/convention.pdf"))
            .await;
        assert_eq!(res.status, StatusCode::OK);

        // The schedule never exceeds the award.
        let res = w
            .staff
            .post(
                &format!("/staff/awards/{award_a}/instalments"),
                &[("amount", "1"), ("due_on", "2027-03-01")],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "already fully scheduled: {}",
            res.body
        );
        let page = w.staff.get(&format!("/staff/awards/{award_a}")).await;
        assert_eq!(page.status, StatusCode::OK);

        // The applicant's file page links to the award, which the jury resolves; others get 404.
        let home = w.applicant.get(&format!("/files/{}", w.files[0])).await;
        let link = format!("/files/{}/award", w.files[0]);
        assert!(home.body.contains(&link), "{}", home.body);
        let res = w.applicant.get(&link).await;
        assert_eq!(res.location(), Some(format!("/awards/{award_a}").as_str()));
        assert_eq!(w.other.get(&link).await.status, StatusCode::NOT_FOUND);

        // Only consenting laureates are public.
        let list = w.other.get("/laureats").await;
        assert!(!list.body.contains("Potager partagé"));
        assert_eq!(
            w.other.get(&format!("/laureats/{award_a}")).await.status,
            StatusCode::NOT_FOUND
        );
        // Another organisation cannot consent for A; staff neither.
        let url = format!("/awards/{award_a}/consent");
        assert_eq!(
            w.other.post(&url, &[("consent", "yes")]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.staff.post(&url, &[("consent", "yes")]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            w.applicant.post(&url, &[("consent", "yes")]).await.status,
            StatusCode::SEE_OTHER
        );
        let mut anon = testing::Client::new(&w.router);
        let list = anon.get("/laureats").await;
        assert!(list.body.contains("Potager partagé"));
        assert!(!list.body.contains("Atelier vélo"), "b did not consent");
        let page = anon.get(&format!("/laureats/{award_a}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("15\u{202f}000,00"));
        assert_eq!(
            anon.get(&format!("/laureats/{award_b}")).await.status,
            StatusCode::NOT_FOUND
        );
        // Withdrawn consent hides it again.
        w.applicant.post(&url, &[("consent", "no")]).await;
        assert!(!anon.get("/laureats").await.body.contains("Potager partagé"));
    }
}

#[tokio::test]
async fn eliminated_files_are_flagged_and_left_out_of_the_suggestion() {
    for t in testing::databases().await {
        let mut w = world(&t).await;
        // File a: 0 on the eliminatory criterion (threshold 1), 5 on the other.
        review(&w, 0, 0, [0, 5]).await;
        review(&w, 0, 1, [4, 4]).await;
        review(&w, 1, 1, [4, 4]).await;
        review(&w, 1, 2, [3, 3]).await;
        let page = w
            .staff
            .get(&format!("/staff/calls/{}/jury/ranking", w.call))
            .await;
        assert!(page.body.contains("éliminé"));
        open_commission(&mut w).await;
        let res = w
            .staff
            .post(
                &format!("/staff/calls/{}/jury/commission/suggest", w.call),
                &[],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
        let decisions: Vec<(i64, String, Option<i64>)> = w
            .state
            .db()
            .fetch_all(
                Query::select()
                    .columns([col("file_id"), col("decision"), col("amount")])
                    .from(col("jury_decisions"))
                    .order_by(col("file_id"), sea_query::Order::Asc),
            )
            .await
            .unwrap();
        // a is not a candidate; b (up to the 25 000 € maximum) and c (10 000 €) fit in 40 000 €.
        assert_eq!(
            decisions,
            vec![
                (w.files[1], "laureate".to_string(), Some(2_500_000)),
                (w.files[2], "laureate".to_string(), Some(1_000_000)),
            ]
        );
    }
}
