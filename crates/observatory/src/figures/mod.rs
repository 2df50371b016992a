//! The observatory (`/observatoire`): the territory's ESS by commune, legal family, sector and
//! size band, the change between the two latest imports, and the calls' figures by commune.
//! Each figure is one table ([`data::Figure`]) drawn as an SVG chart, shown as an accessible
//! table beside it, and downloadable as CSV and JSON (`/observatoire/{slug}.csv|json`).

pub mod chart;
pub mod data;

use askama::Template;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
pub use data::Figure;
use essor_domain::money::Cents;
use essor_platform::i18n::Locale;
use essor_platform::web::{render, AppError, AppResult, Ctx};
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/observatoire", get(page))
        .route("/observatoire/{file}", get(download))
}

/// A figure ready for the page: its chart and its table's formatted cells.
pub struct Shown {
    pub f: Figure,
    pub svg: String,
    pub cells: Vec<(String, String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "figures/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    figures: Vec<Shown>,
}

pub async fn all(p: &Ctx) -> anyhow::Result<Vec<Figure>> {
    let mut v = vec![];
    for slug in data::SLUGS {
        if let Some(f) = data::figure(p.state.db(), &p.t, p.state.territory(), slug).await? {
            v.push(f);
        }
    }
    Ok(v)
}

fn money(p: &Ctx, cents: i64) -> String {
    match p.locale() {
        Locale::Fr => Cents(cents).format_fr(),
        Locale::En => Cents(cents).format_en(),
    }
}

async fn page(p: Ctx) -> AppResult<Response> {
    let figures = all(&p)
        .await?
        .into_iter()
        .map(|f| {
            let bars: Vec<(String, i64)> = f
                .rows
                .iter()
                .map(|r| (r.label.clone(), r.values[f.charted]))
                .collect();
            let svg = chart::bars(
                &format!("chart-{}", f.slug),
                &format!("{} — {}", f.title, f.headers[2 + f.charted]),
                &bars,
            );
            let cells = f
                .rows
                .iter()
                .map(|r| {
                    let vals = r
                        .values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            if f.money.contains(&i) {
                                money(&p, *v)
                            } else {
                                v.to_string()
                            }
                        })
                        .collect();
                    (r.label.clone(), r.key.clone(), vals)
                })
                .collect();
            Shown { f, svg, cells }
        })
        .collect();
    render(&PageTpl { p: &p, figures })
}

/// CSV: UTF-8, comma, RFC 4180 quoting, one header line of the machine column names; amounts in
/// cents. JSON: the same columns, one object per row.
pub fn csv(f: &Figure) -> String {
    let mut w = csv::Writer::from_writer(vec![]);
    let _ = w.write_record(&f.keys);
    for r in &f.rows {
        let mut rec = vec![r.key.clone(), r.label.clone()];
        rec.extend(r.values.iter().map(|v| v.to_string()));
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn json(f: &Figure) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = f
        .rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert(f.keys[0].into(), r.key.clone().into());
            o.insert(f.keys[1].into(), r.label.clone().into());
            for (k, v) in f.keys[2..].iter().zip(&r.values) {
                o.insert((*k).into(), (*v).into());
            }
            o.into()
        })
        .collect();
    serde_json::json!({
        "figure": f.slug,
        "title": f.title,
        "licence": "Licence Ouverte 2.0",
        "columns": f.keys,
        "rows": rows,
    })
}

async fn download(p: Ctx, Path(file): Path<String>) -> AppResult<Response> {
    let (slug, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let f = data::figure(p.state.db(), &p.t, p.state.territory(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (body, ctype) = match ext {
        "csv" => (csv(&f), "text/csv; charset=utf-8"),
        "json" => (json(&f).to_string(), "application/json"),
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(ctype)),
            (
                header::CONTENT_DISPOSITION,
                essor_platform::storage::content_disposition(&format!("observatoire-{slug}.{ext}")),
            ),
        ],
        body,
    )
        .into_response())
}
