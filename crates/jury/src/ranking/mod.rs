//! Ranking of a call's files for staff: per file the weighted score of each reviewer, mean,
//! median, spread, the calibrated score beside the raw one, disagreement and elimination flags;
//! sortable server-side by raw or calibrated score; CSV download.
//!
//! Access: staff only (`require_staff`); a call that does not exist is 404.

pub mod compute;

use crate::award::shared::{csv_field, money, path_id, staff_call};
use askama::Template;
use axum::extract::{Path, Query as UrlQuery};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use compute::{Criterion, FileStats, Review};
use essor_calls::model::Call;
use essor_platform::db::Db;
use essor_platform::web::{render, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::{Alias, Expr, Order, Query};
use std::collections::BTreeMap;

/// Shrinkage of the calibration: each reviewer's offset is estimated as if they had also given
/// two scores at offset zero (see `essor_solve::calibrate`).
pub const LAMBDA: f64 = essor_solve::calibrate::DEFAULT_LAMBDA;
/// Reviews of one file further apart than this (points on 100) flag a disagreement.
pub const DISAGREEMENT_POINTS: f64 = 25.0;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/jury/ranking", get(page))
        .route("/staff/calls/{id}/jury/ranking.csv", get(csv))
}

fn a(s: &str) -> Alias {
    Alias::new(s)
}

/// A file as the ranking lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RankedFile {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub org_id: i64,
    pub org_name: String,
    pub requested_amount: Option<i64>,
    pub state: String,
    pub commune_code: Option<String>,
}

pub struct Row {
    pub rank: usize,
    pub file: RankedFile,
    pub stats: FileStats,
}

impl Row {
    pub fn eliminated(&self) -> bool {
        !self.stats.eliminated_by.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Calibrated,
    Raw,
}

impl Sort {
    pub fn parse(s: Option<&str>) -> Sort {
        match s {
            Some("raw") => Sort::Raw,
            _ => Sort::Calibrated,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Calibrated => "calibrated",
            Sort::Raw => "raw",
        }
    }
}

pub struct Reviewer {
    pub id: i64,
    pub name: String,
    pub offset: Option<f64>,
}

pub struct Ranking {
    pub rows: Vec<Row>,
    pub reviewers: Vec<Reviewer>,
    pub criteria: Vec<Criterion>,
}

/// States of the files the jury ranks (submitted and after).
pub const RANKED_STATES: [&str; 4] = ["submitted", "under_instruction", "accepted", "refused"];

pub async fn criteria(db: &Db, call: i64) -> anyhow::Result<Vec<Criterion>> {
    let rows: Vec<(i64, i64, i64, i64, Option<i64>)> = db
        .fetch_all(
            Query::select()
                .columns([
                    a("id"),
                    a("weight"),
                    a("scale_min"),
                    a("scale_max"),
                    a("elimination_below"),
                ])
                .from(a("jury_criteria"))
                .and_where(Expr::col(a("call_id")).eq(call))
                .order_by(a("position"), Order::Asc)
                .order_by(a("id"), Order::Asc),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, weight, scale_min, scale_max, elimination_below)| Criterion {
                id,
                weight,
                scale_min,
                scale_max,
                elimination_below,
            },
        )
        .collect())
}

async fn files(db: &Db, call: i64) -> anyhow::Result<Vec<RankedFile>> {
    db.fetch_all(
        Query::select()
            .columns([
                (a("files"), a("id")),
                (a("files"), a("number")),
                (a("files"), a("title")),
                (a("files"), a("org_id")),
                (a("files"), a("requested_amount")),
                (a("files"), a("state")),
                (a("files"), a("commune_code")),
            ])
            .expr_as(Expr::col((a("organisations"), a("name"))), a("org_name"))
            .from(a("files"))
            .inner_join(
                a("organisations"),
                Expr::col((a("organisations"), a("id"))).equals((a("files"), a("org_id"))),
            )
            .and_where(Expr::col((a("files"), a("call_id"))).eq(call))
            .and_where(Expr::col((a("files"), a("state"))).is_in(RANKED_STATES))
            .and_where(
                Expr::col((a("files"), a("id"))).not_in_subquery(
                    Query::select()
                        .column(a("file_id"))
                        .from(a("jury_exclusions"))
                        .and_where(Expr::col(a("call_id")).eq(call))
                        .to_owned(),
                ),
            )
            .order_by((a("files"), a("id")), Order::Asc),
    )
    .await
}

/// Submitted reviews of the call with their values.
async fn reviews(db: &Db, call: i64) -> anyhow::Result<Vec<Review>> {
    let rows: Vec<(i64, i64, i64, i64, i64)> = db
        .fetch_all(
            Query::select()
                .columns([
                    (a("jury_assignments"), a("id")),
                    (a("jury_assignments"), a("reviewer_id")),
                    (a("jury_assignments"), a("file_id")),
                    (a("jury_scores"), a("criterion_id")),
                    (a("jury_scores"), a("value")),
                ])
                .from(a("jury_assignments"))
                .inner_join(
                    a("jury_scores"),
                    Expr::col((a("jury_scores"), a("assignment_id")))
                        .equals((a("jury_assignments"), a("id"))),
                )
                .and_where(Expr::col((a("jury_assignments"), a("call_id"))).eq(call))
                .and_where(Expr::col((a("jury_assignments"), a("state"))).eq("submitted"))
                .and_where(Expr::col((a("jury_scores"), a("value"))).is_not_null()),
        )
        .await?;
    let mut by_assignment: BTreeMap<i64, Review> = BTreeMap::new();
    for (id, reviewer, file, criterion, value) in rows {
        by_assignment
            .entry(id)
            .or_insert_with(|| Review {
                reviewer,
                file,
                values: BTreeMap::new(),
            })
            .values
            .insert(criterion, value);
    }
    Ok(by_assignment.into_values().collect())
}

/// Orders by the chosen score (files without one last), ties by the other score then file id.
pub fn sort_rows(rows: &mut [Row], sort: Sort) {
    let key = |r: &Row| match sort {
        Sort::Calibrated => (r.stats.calibrated, r.stats.mean),
        Sort::Raw => (r.stats.mean, r.stats.calibrated),
    };
    rows.sort_by(|x, y| {
        let (kx, ky) = (key(x), key(y));
        let cmp = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => b.total_cmp(&a),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        cmp(kx.0, ky.0)
            .then(cmp(kx.1, ky.1))
            .then(x.file.id.cmp(&y.file.id))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
}

/// The ranking of a call, in the chosen order.
pub async fn load(db: &Db, call: i64, sort: Sort) -> anyhow::Result<Ranking> {
    let criteria = criteria(db, call).await?;
    let files = files(db, call).await?;
    let reviews = reviews(db, call).await?;
    let ids: Vec<i64> = files.iter().map(|f| f.id).collect();
    let (stats, offsets) = compute::stats(&criteria, &ids, &reviews, LAMBDA, DISAGREEMENT_POINTS);
    let mut rows: Vec<Row> = files
        .into_iter()
        .zip(stats)
        .map(|(file, stats)| Row {
            rank: 0,
            file,
            stats,
        })
        .collect();
    sort_rows(&mut rows, sort);
    let names: Vec<(i64, String)> = db
        .fetch_all(
            Query::select()
                .columns([a("id"), a("name")])
                .from(a("jury_reviewers"))
                .and_where(Expr::col(a("call_id")).eq(call))
                .order_by(a("name"), Order::Asc),
        )
        .await?;
    let reviewers = names
        .into_iter()
        .map(|(id, name)| Reviewer {
            id,
            name,
            offset: offsets.get(&id).copied(),
        })
        .collect();
    Ok(Ranking {
        rows,
        reviewers,
        criteria,
    })
}

/// A score on 100 with one decimal, or a dash.
pub fn score(lang: &str, v: Option<f64>) -> String {
    match v {
        Some(v) if lang == "fr" => format!("{v:.1}").replace('.', ","),
        Some(v) => format!("{v:.1}"),
        None => "—".into(),
    }
}

#[derive(Template)]
#[template(path = "jury/ranking/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    r: &'a Ranking,
    sort: &'static str,
    threshold: f64,
    tab: &'static str,
}

impl PageTpl<'_> {
    fn s(&self, v: &Option<f64>) -> String {
        score(self.p.lang(), *v)
    }
    fn s1(&self, v: &f64) -> String {
        score(self.p.lang(), Some(*v))
    }
    fn offset(&self, v: &Option<f64>) -> String {
        match v {
            Some(v) => {
                let s = score(self.p.lang(), Some(*v));
                if *v > 0.0 {
                    format!("+{s}")
                } else {
                    s
                }
            }
            None => "—".into(),
        }
    }
    fn reviewer_name(&self, id: &i64) -> String {
        self.r
            .reviewers
            .iter()
            .find(|r| r.id == *id)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    }
    fn requested(&self, v: &Option<i64>) -> String {
        v.map(|c| money(self.p.lang(), c))
            .unwrap_or_else(|| "—".into())
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct SortQuery {
    sort: Option<String>,
}

/// GET /staff/calls/{id}/jury/ranking
async fn page(p: Ctx, Path(id): Path<String>, q: UrlQuery<SortQuery>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let sort = Sort::parse(q.sort.as_deref());
    let r = load(p.state.db(), call.id, sort).await?;
    render(&PageTpl {
        p: &p,
        call: &call,
        r: &r,
        sort: sort.as_str(),
        threshold: DISAGREEMENT_POINTS,
        tab: "ranking",
    })
}

/// GET /staff/calls/{id}/jury/ranking.csv — the table as shown, `;`-separated for French spreadsheets.
async fn csv(p: Ctx, Path(id): Path<String>, q: UrlQuery<SortQuery>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let sort = Sort::parse(q.sort.as_deref());
    let r = load(p.state.db(), call.id, sort).await?;
    let num = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    let mut out = String::from("\u{feff}");
    let head = [
        "rank",
        "number",
        "title",
        "organisation",
        "requested_cents",
        "reviews",
        "mean",
        "median",
        "spread",
        "calibrated",
        "disagreement",
        "eliminated",
    ];
    out.push_str(&head.join(";"));
    out.push_str("\r\n");
    for row in &r.rows {
        let f = [
            row.rank.to_string(),
            csv_field(&row.file.number),
            csv_field(&row.file.title),
            csv_field(&row.file.org_name),
            row.file
                .requested_amount
                .map(|c| c.to_string())
                .unwrap_or_default(),
            row.stats.by_reviewer.len().to_string(),
            num(row.stats.mean),
            num(row.stats.median),
            num(row.stats.spread),
            num(row.stats.calibrated),
            (row.stats.disagreement as u8).to_string(),
            (row.eliminated() as u8).to_string(),
        ];
        out.push_str(&f.join(";"));
        out.push_str("\r\n");
    }
    let _ = path_id;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!(
                    "attachment; filename=\"classement-{}-{}.csv\"",
                    call.id,
                    sort.as_str()
                ))
                .expect("ascii"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        out,
    )
        .into_response())
}
