//! The open-data page and the directory's CSV, validated against its own Table Schema.

mod support;

use axum::http::StatusCode;
use chrono::Utc;
use essor_observatory::sirene::{run, sample, store};
use essor_platform::db::Raw;
use essor_platform::testing::{self, Client};
use sea_query::{Alias, Query};
use sea_query_binder::SqlxValues;
use support::modules;

/// Checks every line of `csv` against the Table Schema `schema`: header = field names in order,
/// required fields filled, types (string, boolean, date, integer) and patterns respected, and
/// the primary key unique.
fn validate(schema: &serde_json::Value, csv: &str) -> Result<usize, String> {
    let fields = schema["fields"].as_array().ok_or("no fields")?;
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_owned)
        .collect();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    if header != names {
        return Err(format!("header {header:?} is not {names:?}"));
    }
    let key = schema["primaryKey"][0].as_str().ok_or("no key")?;
    let key_at = names
        .iter()
        .position(|n| *n == key)
        .ok_or("key not a field")?;
    let mut keys = std::collections::HashSet::new();
    let mut n = 0;
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| e.to_string())?;
        if rec.len() != fields.len() {
            return Err(format!("line {}: {} values", i + 2, rec.len()));
        }
        for (f, v) in fields.iter().zip(rec.iter()) {
            let name = f["name"].as_str().unwrap();
            let c = &f["constraints"];
            if v.is_empty() {
                if c["required"].as_bool() == Some(true) {
                    return Err(format!("line {}: {name} is required", i + 2));
                }
                continue;
            }
            let ok_type = match f["type"].as_str().unwrap() {
                "string" => true,
                "boolean" => v == "true" || v == "false",
                "integer" => v.parse::<i64>().is_ok(),
                "date" => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok(),
                other => return Err(format!("unknown type {other}")),
            };
            if !ok_type {
                return Err(format!(
                    "line {}: {name} = {v:?} is not a {}",
                    i + 2,
                    f["type"]
                ));
            }
            if let Some(p) = c["pattern"].as_str() {
                let re = regex_lite::Regex::new(p).map_err(|e| e.to_string())?;
                if !re.is_match(v) {
                    return Err(format!("line {}: {name} = {v:?} does not match {p}", i + 2));
                }
            }
        }
        if !keys.insert(rec[key_at].to_owned()) {
            return Err(format!("line {}: duplicate key {}", i + 2, &rec[key_at]));
        }
        n += 1;
    }
    Ok(n)
}

#[tokio::test]
async fn the_directory_csv_validates_against_its_table_schema_and_hides_partial_data() {
    for t in testing::databases().await {
        let (state, router) = testing::app(&t, modules);
        let d = tempfile::tempdir().unwrap();
        let spec = sample::Spec {
            seed: 9,
            units: 400,
            max_establishments: 2,
            communes: sample::communes_of(state.territory()),
            territory_percent: 100,
            malformed_every: 0,
            version: 0,
            ess_percent: 100,
        };
        let (u, e) = sample::write(d.path(), &spec, false).unwrap();
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

        let mut c = Client::new(&router);
        let schema: serde_json::Value =
            serde_json::from_str(&c.get("/donnees-ouvertes/annuaire.schema.json").await.body)
                .unwrap();
        let res = c.get("/donnees-ouvertes/annuaire.csv").await;
        assert_eq!(res.status, StatusCode::OK);
        let lines = validate(&schema, &res.body).unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let (expected,): (i64,) = state
            .db()
            .fetch_one(&Raw(
                "SELECT COUNT(*) FROM directory_establishments WHERE status <> 'absent'".into(),
                SqlxValues(sea_query::Values(vec![])),
            ))
            .await
            .unwrap();
        assert_eq!(lines as i64, expected);
        assert!(lines > 100);

        // Partial diffusion: no street or postal code in the file.
        let partial: Vec<(String, Option<String>)> = state
            .db()
            .fetch_all(&Raw(
                "SELECT siret, street FROM directory_establishments WHERE partial_diffusion = $1"
                    .into(),
                SqlxValues(sea_query::Values(vec![true.into()])),
            ))
            .await
            .unwrap();
        assert!(!partial.is_empty());
        let mut r = csv::Reader::from_reader(res.body.as_bytes());
        for rec in r.records() {
            let rec = rec.unwrap();
            if partial.iter().any(|(s, _)| s == &rec[0]) {
                assert_eq!((&rec[14], &rec[15]), ("", ""), "{}", t.label);
            }
        }

        // The validator does refuse a broken file.
        let broken = res.body.replacen("\n", "\nnot-a-siret,", 1);
        assert!(validate(&schema, &broken).is_err());
    }
}

#[tokio::test]
async fn the_page_lists_the_directory_the_figures_and_each_call_with_open_data() {
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
        let mut c = Client::new(&router);
        let page = c.get("/donnees-ouvertes").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("/donnees-ouvertes/annuaire.csv"));
        assert!(page.body.contains("/donnees-ouvertes/annuaire.schema.json"));
        assert!(page.body.contains("/observatoire/communes.csv"));
        assert!(page.body.contains("/observatoire/appels-communes.json"));
        assert!(page.body.contains("Licence Ouverte 2.0"));
        assert!(
            !page.body.contains("/subventions.csv"),
            "no call has open data yet"
        );

        let (call, slug): (i64, String) = state
            .db()
            .fetch_one(&Raw(
                "SELECT id, slug FROM calls WHERE state <> 'draft' ORDER BY id LIMIT 1".into(),
                SqlxValues(sea_query::Values(vec![])),
            ))
            .await
            .unwrap();
        let mut q = Query::insert();
        q.into_table(Alias::new("call_open_data"))
            .columns(
                [
                    "call_id",
                    "attributing_name",
                    "attributing_siret",
                    "payment_terms",
                    "updated_by",
                    "updated_at",
                ]
                .map(Alias::new),
            )
            .values_panic([
                call.into(),
                "Département des Hauts-de-Seine".into(),
                "22920001800017".into(),
                "unique".into(),
                staff.id().0.into(),
                Utc::now().into(),
            ]);
        state.db().execute(&q).await.unwrap();
        let page = c.get("/donnees-ouvertes").await;
        let link = format!("/open-data/calls/{slug}/subventions.csv");
        assert!(page.body.contains(&link), "{}", t.label);
        assert!(page.body.contains("SCDL subventions"));
        // The link leads to the calls module's file.
        assert_eq!(c.get(&link).await.status, StatusCode::OK);
    }
}
