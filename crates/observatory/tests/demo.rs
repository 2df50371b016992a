//! The demo: the sample fills the directory and the observatory; running it again changes
//! nothing.

mod support;

use essor_observatory::sirene::store;
use essor_platform::db::Raw;
use essor_platform::testing::{self, Client};
use sea_query_binder::SqlxValues;
use support::modules;

#[derive(sqlx::FromRow, Debug, PartialEq)]
struct Line {
    siret: String,
    name: String,
    status: String,
    fingerprint: i64,
    updated_at: chrono::DateTime<chrono::Utc>,
}

#[tokio::test]
async fn the_demo_fills_the_directory_and_running_it_again_changes_nothing() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        essor_accounts::demo::seed(&state, "essor-demo-2026")
            .await
            .unwrap();
        essor_observatory::demo::seed(&state).await.unwrap();
        let all = || {
            Raw(
                "SELECT siret, name, status, fingerprint, updated_at FROM directory_establishments ORDER BY siret".into(),
                SqlxValues(sea_query::Values(vec![])),
            )
        };
        let first: Vec<Line> = state.db().fetch_all(&all()).await.unwrap();
        assert!(first.len() > 1_000, "{}: {}", t.label, first.len());
        let i1 = &store::latest_done(state.db(), 1).await.unwrap()[0];
        assert!(i1.malformed > 0);

        essor_observatory::demo::seed(&state).await.unwrap();
        let second: Vec<Line> = state.db().fetch_all(&all()).await.unwrap();
        assert_eq!(first, second, "{}", t.label);
        let i2 = &store::latest_done(state.db(), 1).await.unwrap()[0];
        assert_ne!(i1.id, i2.id);
        assert_eq!((i2.added, i2.updated, i2.closed, i2.absent), (0, 0, 0, 0));
        assert_eq!(i2.unchanged, i1.kept);

        // The demo association (Nanterre) is in the directory, linked to its account.
        let mut c = Client::new(&router);
        let page = c
            .get("/annuaire?q=jardins%20partages%20de%20nanterre")
            .await;
        assert!(
            page.body.contains("Les Jardins partagés de Nanterre"),
            "{}",
            t.label
        );
        assert!(page.body.contains("inscrite sur Essor"), "{}", t.label);
        let figures = c.get("/observatoire").await;
        assert!(figures.body.contains("Nanterre"));
    }
}
