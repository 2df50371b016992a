//! The open-data page (`/donnees-ouvertes`): every downloadable dataset with its formats, its
//! schema and its licence (Licence Ouverte 2.0). The list is built from [`SOURCES`], one entry
//! per kind of dataset: a module that publishes a new dataset adds its source there (a function
//! returning [`Dataset`] descriptors, reading its own tables), nothing else changes.
//!
//! The directory itself is served here as CSV (`/donnees-ouvertes/annuaire.csv`) with its Table
//! Schema (`/donnees-ouvertes/annuaire.schema.json`, frictionless specification).

pub mod directory_csv;

use crate::figures;
use askama::Template;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use essor_platform::web::{render, AppResult, Ctx};
use essor_platform::AppState;
use futures::future::BoxFuture;
use sea_query::{Alias, Expr, Order, Query};

pub const LICENCE: &str = "Licence Ouverte 2.0";
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/donnees-ouvertes", get(page))
        .route("/donnees-ouvertes/annuaire.csv", get(directory_csv::csv))
        .route(
            "/donnees-ouvertes/annuaire.schema.json",
            get(directory_csv::schema),
        )
}

/// One downloadable file (or family of files) as the page lists it.
pub struct Dataset {
    pub title: String,
    pub description: String,
    /// (format, address) of each download.
    pub downloads: Vec<(String, String)>,
    /// Address of the schema the files follow, and its name.
    pub schema: Option<(String, String)>,
    pub licence: &'static str,
}

/// A source of datasets: reads what it needs and describes its files.
pub type Source = for<'a> fn(&'a Ctx) -> BoxFuture<'a, anyhow::Result<Vec<Dataset>>>;

/// Every source, in page order. Workshops, showcase… add theirs here.
pub const SOURCES: &[Source] = &[
    |p| Box::pin(directory(p)),
    |p| Box::pin(observatory(p)),
    |p| Box::pin(subsidies(p)),
];

async fn directory(p: &Ctx) -> anyhow::Result<Vec<Dataset>> {
    Ok(vec![Dataset {
        title: p.t("observatory-od-directory"),
        description: p.t("observatory-od-directory-desc"),
        downloads: vec![("CSV".into(), "/donnees-ouvertes/annuaire.csv".into())],
        schema: Some((
            "/donnees-ouvertes/annuaire.schema.json".into(),
            p.t("observatory-od-table-schema"),
        )),
        licence: LICENCE,
    }])
}

async fn observatory(p: &Ctx) -> anyhow::Result<Vec<Dataset>> {
    Ok(figures::all(p)
        .await?
        .into_iter()
        .map(|f| Dataset {
            description: f.intro.clone(),
            downloads: vec![
                ("CSV".into(), format!("/observatoire/{}.csv", f.slug)),
                ("JSON".into(), format!("/observatoire/{}.json", f.slug)),
            ],
            schema: None,
            title: p.t1("observatory-od-figure", "title", &f.title),
            licence: LICENCE,
        })
        .collect())
}

/// One SCDL "subventions" file per call that is no longer a draft and whose open-data settings
/// staff have filled (the calls module serves it; the rule is the one of its public download).
async fn subsidies(p: &Ctx) -> anyhow::Result<Vec<Dataset>> {
    let calls = Alias::new("calls");
    let od = Alias::new("call_open_data");
    let rows: Vec<(String, String)> = p
        .state
        .db()
        .fetch_all(
            Query::select()
                .columns([
                    (calls.clone(), Alias::new("slug")),
                    (calls.clone(), Alias::new("title")),
                ])
                .from(calls.clone())
                .inner_join(
                    od.clone(),
                    Expr::col((od.clone(), Alias::new("call_id")))
                        .equals((calls.clone(), Alias::new("id"))),
                )
                .and_where(Expr::col((calls.clone(), Alias::new("state"))).ne("draft"))
                .order_by((calls.clone(), Alias::new("id")), Order::Asc),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, title)| Dataset {
            title: p.t1("observatory-od-subsidies", "call", &title),
            description: p.t("observatory-od-subsidies-desc"),
            downloads: vec![(
                "CSV".into(),
                format!("/open-data/calls/{slug}/subventions.csv"),
            )],
            schema: Some((
                "https://schema.data.gouv.fr/scdl/subventions/".into(),
                "SCDL subventions 2.1.1".into(),
            )),
            licence: LICENCE,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "open_data/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    datasets: Vec<Dataset>,
    licence_url: &'static str,
}

async fn page(p: Ctx) -> AppResult<Response> {
    let mut datasets = vec![];
    for source in SOURCES {
        datasets.extend(source(&p).await?);
    }
    render(&PageTpl {
        p: &p,
        datasets,
        licence_url: LICENCE_URL,
    })
}
