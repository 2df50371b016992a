//! The observatory's figures: each chart's table and its CSV and JSON match the data in the
//! database (counted here independently), the charts are accessible SVG, and the calls' figure
//! counts files, laureates and awarded amounts by commune.

mod support;

use axum::http::StatusCode;
use chrono::Utc;
use essor_observatory::sirene::{run, sample, store};
use essor_platform::db::{Db, Raw};
use essor_platform::testing::{self, Client};
use essor_platform::AppState;
use sea_query::{Alias, Query};
use sea_query_binder::SqlxValues;
use std::collections::BTreeMap;
use support::modules;

async fn import(state: &AppState, dir: &std::path::Path, version: u64) {
    let sub = dir.join(format!("v{version}"));
    std::fs::create_dir_all(&sub).unwrap();
    let spec = sample::Spec {
        seed: 5,
        units: 150,
        max_establishments: 3,
        communes: sample::communes_of(state.territory()),
        territory_percent: 90,
        malformed_every: 0,
        version,
        ess_percent: 100,
    };
    let (u, e) = sample::write(&sub, &spec, false).unwrap();
    let mut tx = state.db().begin().await.unwrap();
    let id = store::create(&mut tx, "cli", ("u", None), ("e", None), None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    run::run(
        state.db(),
        state.territory(),
        id,
        &run::Files {
            units: u,
            establishments: e,
        },
        &run::Progress::default(),
    )
    .await
    .unwrap();
}

/// Active establishments by `col`, counted straight from the table.
async fn counts(db: &Db, col: &str) -> BTreeMap<String, i64> {
    let rows: Vec<(Option<String>, i64)> = db
        .fetch_all(&Raw(
            format!("SELECT {col}, COUNT(*) FROM directory_establishments WHERE status = 'active' GROUP BY {col}"),
            SqlxValues(sea_query::Values(vec![])),
        ))
        .await
        .unwrap();
    rows.into_iter()
        .map(|(k, n)| (k.unwrap_or_default(), n))
        .collect()
}

fn csv_rows(body: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(body.as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn each_figure_table_csv_and_json_match_the_data() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let d = tempfile::tempdir().unwrap();
        import(&state, d.path(), 0).await;
        import(&state, d.path(), 1).await;
        let mut c = Client::new(&router);
        let page = c.get("/observatoire").await;
        assert_eq!(page.status, StatusCode::OK);

        for (slug, col) in [
            ("communes", "commune_code"),
            ("familles", "legal_family"),
            ("secteurs", "naf_section"),
            ("effectifs", "size_band"),
        ] {
            let expected = counts(state.db(), col).await;
            let csv = c.get(&format!("/observatoire/{slug}.csv")).await;
            assert_eq!(csv.status, StatusCode::OK);
            assert!(csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv"));
            let rows = csv_rows(&csv.body);
            let json: serde_json::Value =
                serde_json::from_str(&c.get(&format!("/observatoire/{slug}.json")).await.body)
                    .unwrap();
            let jrows = json["rows"].as_array().unwrap();
            assert_eq!(jrows.len(), rows.len(), "{slug}");
            let mut seen = 0;
            for (row, j) in rows.iter().zip(jrows) {
                let n: i64 = row[2].parse().unwrap();
                assert_eq!(
                    n,
                    expected.get(&row[0]).copied().unwrap_or(0),
                    "{}: {slug} {row:?}",
                    t.label
                );
                assert_eq!(j["etablissements"].as_i64().unwrap(), n);
                assert_eq!(j[json["columns"][0].as_str().unwrap()], row[0].as_str());
                seen += n;
                // The page's table holds the same line.
                let label = row[1].replace('&', "&amp;").replace('\'', "&#x27;");
                let line = format!(
                    "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    row[0], row[2], row[3]
                );
                assert!(page.body.contains(&line), "{}: {slug} {line}", t.label);
            }
            assert_eq!(
                seen,
                expected.values().sum::<i64>(),
                "{slug}: every establishment counted once"
            );
            // The chart: an accessible SVG with one bar per row.
            let title = format!("<title id=\"chart-{slug}-title\">");
            assert!(page.body.contains(&title), "{slug}");
            assert!(page.body.contains(&format!(
                "role=\"img\" aria-labelledby=\"chart-{slug}-title\""
            )));
        }

        // The change between the two imports: the counts of each import record.
        let imports = store::latest_done(state.db(), 2).await.unwrap();
        let rows = csv_rows(&c.get("/observatoire/evolution.csv").await.body);
        let added = rows.iter().find(|r| r[0] == "ajoutes").unwrap();
        assert_eq!(added[2], imports[0].added.to_string());
        assert_eq!(added[3], imports[1].added.to_string());
        let closed = rows.iter().find(|r| r[0] == "fermes").unwrap();
        assert_eq!(closed[2], imports[0].closed.to_string());
        assert!(imports[0].closed > 0);

        assert_eq!(
            c.get("/observatoire/nothing.csv").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            c.get("/observatoire/communes.xml").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_file(
    db: &Db,
    call: i64,
    form: i64,
    org: i64,
    user: i64,
    n: u32,
    state: &str,
    commune: &str,
    amount: i64,
    submitted: bool,
) {
    let now = Utc::now();
    let mut q = Query::insert();
    q.into_table(Alias::new("files"))
        .columns(
            [
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
            ]
            .map(Alias::new),
        )
        .values_panic([
            format!("TEST-{n}").into(),
            call.into(),
            form.into(),
            org.into(),
            user.into(),
            state.into(),
            "{}".into(),
            "{}".into(),
            "Projet".into(),
            amount.into(),
            commune.into(),
            "projet".into(),
            submitted.then_some(now).into(),
            now.into(),
            now.into(),
        ]);
    db.execute(&q).await.unwrap();
}

#[tokio::test]
async fn calls_figure_counts_files_laureates_and_amounts_by_commune() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        essor_accounts::demo::seed(&state, "essor-demo-2026")
            .await
            .unwrap();
        let staff = essor_accounts::users::by_email(
            state.db(),
            &essor_domain::email::Email::parse("agent@essor.demo").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
        essor_calls::admin::demo::seed_demo(&state, staff.id())
            .await
            .unwrap();
        let v = SqlxValues(sea_query::Values(vec![]));
        let (call, form): (i64, i64) = state
            .db()
            .fetch_one(&Raw("SELECT id, current_form_id FROM calls WHERE current_form_id IS NOT NULL ORDER BY id LIMIT 1".into(), v.clone()))
            .await
            .unwrap();
        let (org,): (i64,) = state
            .db()
            .fetch_one(&Raw("SELECT MIN(id) FROM organisations".into(), v.clone()))
            .await
            .unwrap();
        let user = staff.id().0;
        // Start from what the demo left, then add known files.
        let mut c = Client::new(&router);
        let res = c.get("/observatoire/appels-communes.csv").await;
        assert_eq!(res.status, StatusCode::OK, "{}: {}", t.label, res.body);
        let before = csv_rows(&res.body);
        let get = |rows: &Vec<Vec<String>>, code: &str| -> [i64; 3] {
            rows.iter()
                .find(|r| r[0] == code)
                .map(|r| {
                    [
                        r[2].parse().unwrap(),
                        r[3].parse().unwrap(),
                        r[4].parse().unwrap(),
                    ]
                })
                .unwrap_or([0, 0, 0])
        };
        let (n0, b0) = (get(&before, "92050"), get(&before, "92012"));
        insert_file(
            state.db(),
            call,
            form,
            org,
            user,
            1,
            "accepted",
            "92050",
            500_000,
            true,
        )
        .await;
        insert_file(
            state.db(),
            call,
            form,
            org,
            user,
            2,
            "submitted",
            "92050",
            200_000,
            true,
        )
        .await;
        insert_file(
            state.db(),
            call,
            form,
            org,
            user,
            3,
            "accepted",
            "92012",
            300_000,
            true,
        )
        .await;
        insert_file(
            state.db(),
            call,
            form,
            org,
            user,
            4,
            "draft",
            "92050",
            900_000,
            false,
        )
        .await;
        let res = c.get("/observatoire/appels-communes.csv").await;
        assert_eq!(res.status, StatusCode::OK, "{}: {}", t.label, res.body);
        let after = csv_rows(&res.body);
        let (n1, b1) = (get(&after, "92050"), get(&after, "92012"));
        assert_eq!(
            [n1[0] - n0[0], n1[1] - n0[1], n1[2] - n0[2]],
            [2, 1, 500_000],
            "{}",
            t.label
        );
        assert_eq!(
            [b1[0] - b0[0], b1[1] - b0[1], b1[2] - b0[2]],
            [1, 1, 300_000]
        );
        let page = c.get("/observatoire").await;
        let line = format!(
            "<tr><th scope=\"row\">Nanterre</th><td>92050</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n1[0],
            n1[1],
            essor_domain::money::Cents(n1[2]).format_fr()
        );
        assert!(page.body.contains(&line), "{line}");
    }
}
