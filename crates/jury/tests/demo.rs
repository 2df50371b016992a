//! The jury's demo data seeds on every engine: Progr'ESS has its grid, reviewers, a conflict,
//! a complete assignment and scores; the pilot call has files under instruction and no jury.

use essor_domain::email::Email;
use essor_jury::model::{self, raw};
use essor_platform::testing;

async fn count(state: &essor_platform::AppState, sql: &str) -> i64 {
    let (n,): (i64,) = state.db().fetch_one(&raw(sql, vec![])).await.unwrap();
    n
}

#[tokio::test]
async fn the_demo_has_a_scored_jury_and_a_call_ready_for_one() {
    for t in testing::databases().await {
        let (state, _) = testing::app(&t, || {
            vec![
                essor_accounts::module(),
                essor_calls::module(),
                essor_jury::module(),
            ]
        });
        essor_accounts::demo::seed(&state, "essor-demo-2026")
            .await
            .unwrap();
        let staff =
            essor_accounts::users::by_email(state.db(), &Email::parse("agent@essor.demo").unwrap())
                .await
                .unwrap()
                .unwrap();
        let call = essor_calls::admin::demo::seed_demo(&state, staff.id())
            .await
            .unwrap();
        essor_jury::demo::seed(&state).await.unwrap();
        let db = state.db();
        assert_eq!(model::criteria(db, call.0).await.unwrap().len(), 5);
        let files = model::jury_files(db, call.0).await.unwrap();
        assert_eq!(files.len(), 6);
        let conflicts = model::conflicts(db, call.0).await.unwrap();
        assert!(!conflicts.is_empty());
        let assignments = model::assignments(db, call.0).await.unwrap();
        // Two reviews per file, none on a conflict, all submitted but one.
        assert_eq!(assignments.len(), 12);
        for f in &files {
            assert_eq!(assignments.iter().filter(|a| a.file_id == f.id).count(), 2);
        }
        assert!(assignments
            .iter()
            .all(|a| !conflicts.contains_key(&(a.file_id, a.reviewer_id))));
        assert_eq!(assignments.iter().filter(|a| !a.is_submitted()).count(), 1);
        assert_eq!(
            count(
                &state,
                "SELECT COUNT(*) FROM jury_scores WHERE value IS NOT NULL"
            )
            .await,
            11 * 5
        );
        // The pilot call: files under instruction, no grid, no reviewer.
        assert_eq!(
            count(
                &state,
                "SELECT COUNT(*) FROM files f JOIN calls c ON c.id = f.call_id \
                 WHERE c.slug = 'progress-edition-pilote' AND f.state = 'under_instruction'"
            )
            .await,
            3
        );
        assert_eq!(
            count(
                &state,
                "SELECT COUNT(*) FROM jury_criteria j JOIN calls c ON c.id = j.call_id \
                 WHERE c.slug = 'progress-edition-pilote'"
            )
            .await,
            0
        );
    }
}
