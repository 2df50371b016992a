//! The staff back-office: people, organisations, the audit log and the job queue, for department
//! staff and administrators only.
//!
//! Every handler starts with `p.require_staff()?` (anonymous visitors go to the sign-in page,
//! anyone else gets 403); finer rules, such as who may grant which role, live in [`people`].
//! Every change writes its audit entry in the transaction of the change.

mod audit_log;
mod jobs;
mod orgs;
mod people;

use askama::Template;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use essor_platform::db::Db;
use essor_platform::jobs::Jobs;
use essor_platform::session::Users;
use essor_platform::web::{self, render, AppError, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::{
    Asterisk, Expr, Func, Iden, IntoColumnRef, LikeExpr, Query, SelectStatement, SimpleExpr,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(dashboard))
        .route("/staff/people", get(people::search))
        .route("/staff/people/{id}", get(people::show))
        .route("/staff/people/{id}/roles", post(people::grant))
        .route("/staff/people/{id}/roles/revoke", post(people::revoke))
        .route("/staff/people/{id}/disable", post(people::disable))
        .route("/staff/people/{id}/enable", post(people::enable))
        .route("/staff/orgs", get(orgs::search))
        .route("/staff/orgs/{id}", get(orgs::show))
        .route("/staff/orgs/{id}/verify", post(orgs::verify))
        .route("/staff/orgs/{id}/unverify", post(orgs::unverify))
        .route("/staff/audit", get(audit_log::browse))
        .route("/staff/jobs", get(jobs::list))
        .route("/staff/jobs/{id}/retry", post(jobs::retry))
}

/// The columns of `organisations` the back-office reads and writes.
#[derive(Iden)]
enum Organisations {
    Table,
    Id,
    Kind,
    Name,
    Acronym,
    Siret,
    Siren,
    Rna,
    CommuneCode,
    VerifiedAt,
    VerifiedBy,
    UpdatedAt,
}

const PER_PAGE: u64 = 50;

/// An id from the URL; anything but a positive number is a page that does not exist (not a
/// 400 from the extractor, which would bypass the error pages).
fn path_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// A 1-based page number from the query string; anything unreadable is the first page.
fn page_number(raw: &str) -> u64 {
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n >= 1)
        .unwrap_or(1)
        .min(1_000_000)
}

/// `path?k=v&…`, leaving out empty values.
fn url(path: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", web::urlencode(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Case-insensitive "contains" on a column: `lower(col) LIKE '%term%'`, the same on both
/// engines. The term's own wildcards are escaped with `!` rather than `\`, which PostgreSQL and
/// SQLite quote differently. `lower()` folds ASCII only on SQLite (and depends on the server's
/// locale on PostgreSQL): "élodie" does not find "Élodie" there.
fn contains(col: impl IntoColumnRef, term: &str) -> SimpleExpr {
    let mut pattern = String::from("%");
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push('%');
    Expr::expr(Func::lower(Expr::col(col))).like(LikeExpr::new(pattern).escape('!'))
}

/// `SELECT count(*)` of a query's rows (its columns, order and limit are replaced).
async fn count(db: &Db, mut q: SelectStatement) -> anyhow::Result<i64> {
    q.clear_selects()
        .clear_order_by()
        .reset_limit()
        .reset_offset()
        .expr(Expr::col(Asterisk).count());
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n)
}

/// Previous/next links of a paginated list, keeping the search parameters.
struct Pager {
    page: u64,
    pages: u64,
    /// "12 results", already translated.
    total: String,
    prev: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn new(p: &Ctx, page: u64, total: i64, path: &str, params: &[(&str, &str)]) -> Pager {
        let pages = (total.max(0) as u64).div_ceil(PER_PAGE).max(1);
        let link = |n: u64| {
            let n = n.to_string();
            let mut all = params.to_vec();
            all.push(("page", &n));
            url(path, &all)
        };
        Pager {
            page,
            pages,
            total: p.t.tn("staff-results", "count", total),
            prev: (page > 1).then(|| link((page - 1).min(pages))),
            next: (page < pages).then(|| link(page + 1)),
        }
    }

    fn offset(page: u64) -> u64 {
        (page - 1) * PER_PAGE
    }

    fn position(&self, p: &Ctx) -> String {
        p.t1(
            "staff-page-position",
            "position",
            format!("{} / {}", self.page, self.pages),
        )
    }
}

/// A catalogue message when there is one, else the raw code (e.g. an audit action written by a
/// module whose labels are not in this catalogue).
fn label_or_code(p: &Ctx, id: &str, code: &str) -> String {
    if p.state.i18n().has(p.locale(), id) {
        p.t(id)
    } else {
        code.to_owned()
    }
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardTpl<'a> {
    p: &'a Ctx,
    people: i64,
    orgs: i64,
    awaiting: i64,
    jobs_pending: i64,
    jobs_dead: i64,
}

async fn dashboard(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let db = p.state.db();
    let people = count(db, Query::select().from(Users::Table).to_owned()).await?;
    let orgs_q = Query::select().from(Organisations::Table).to_owned();
    let orgs = count(db, orgs_q.clone()).await?;
    let awaiting = count(
        db,
        orgs_q
            .clone()
            .and_where(Expr::col(Organisations::VerifiedAt).is_null())
            .to_owned(),
    )
    .await?;
    let jobs_q = Query::select().from(Jobs::Table).to_owned();
    let jobs_pending = count(
        db,
        jobs_q
            .clone()
            .and_where(Expr::col(Jobs::DeadAt).is_null())
            .to_owned(),
    )
    .await?;
    let jobs_dead = count(
        db,
        jobs_q
            .clone()
            .and_where(Expr::col(Jobs::DeadAt).is_not_null())
            .to_owned(),
    )
    .await?;
    render(&DashboardTpl {
        p: &p,
        people,
        orgs,
        awaiting,
        jobs_pending,
        jobs_dead,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_lenient() {
        assert_eq!(page_number(""), 1);
        assert_eq!(page_number("0"), 1);
        assert_eq!(page_number("-3"), 1);
        assert_eq!(page_number("abc"), 1);
        assert_eq!(page_number(" 4 "), 4);
        assert_eq!(page_number("99999999999"), 1_000_000);
    }

    #[test]
    fn urls_skip_empty_values_and_encode_the_rest() {
        assert_eq!(
            url("/staff/people", &[("q", ""), ("page", "")]),
            "/staff/people"
        );
        assert_eq!(
            url(
                "/staff/orgs",
                &[("q", "a&b é"), ("kind", ""), ("page", "2")]
            ),
            "/staff/orgs?q=a%26b+%C3%A9&page=2"
        );
    }

    #[test]
    fn ids_must_be_positive_numbers() {
        assert_eq!(path_id("12").ok(), Some(12));
        assert!(path_id("0").is_err());
        assert!(path_id("1 OR 1=1").is_err());
    }
}
