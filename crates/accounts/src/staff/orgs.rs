//! Organisations: search and verification. The organisation's own page is `/orgs/{id}`.

use super::{contains, count, page_number, path_id, Organisations, Pager, PER_PAGE};
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::org::OrgKind;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{self, render, see_other, see_other_flash, AppError, AppResult, Ctx};
use sea_query::{Cond, Expr, Func, Order};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SearchQuery {
    q: String,
    kind: String,
    /// "yes", "no", or anything else for both.
    verified: String,
    page: String,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: i64,
    kind: String,
    name: String,
    acronym: Option<String>,
    siret: Option<String>,
    rna: Option<String>,
    commune_code: String,
    verified_at: Option<DateTime<Utc>>,
}

struct OrgLine {
    row: OrgRow,
    kind_label: String,
}

#[derive(Template)]
#[template(path = "staff/orgs.html")]
struct OrgsTpl<'a> {
    p: &'a Ctx,
    q: &'a str,
    verified: &'a str,
    /// (code, label, selected) of every kind, for the filter.
    kinds: Vec<(&'static str, String, bool)>,
    orgs: Vec<OrgLine>,
    pager: Pager,
}

pub(super) async fn search(p: Ctx, Query(sq): Query<SearchQuery>) -> AppResult<Response> {
    p.require_staff()?;
    let db = p.state.db();
    let term = sq.q.trim();
    // Unknown filter values are ignored rather than refused: the form only offers valid ones.
    let kind = OrgKind::parse(&sq.kind);
    let verified = match sq.verified.as_str() {
        v @ ("yes" | "no") => v,
        _ => "",
    };
    let page = page_number(&sq.page);
    let mut q = sea_query::Query::select();
    q.columns([
        Organisations::Id,
        Organisations::Kind,
        Organisations::Name,
        Organisations::Acronym,
        Organisations::Siret,
        Organisations::Rna,
        Organisations::CommuneCode,
        Organisations::VerifiedAt,
    ])
    .from(Organisations::Table);
    if !term.is_empty() {
        // Identifiers are often typed with spaces ("123 456 789 00012"); stored without.
        let compact: String = term.chars().filter(|c| !c.is_whitespace()).collect();
        q.cond_where(
            Cond::any()
                .add(contains(Organisations::Name, term))
                .add(contains(Organisations::Acronym, term))
                .add(contains(Organisations::Siret, &compact))
                .add(contains(Organisations::Siren, &compact))
                .add(contains(Organisations::Rna, &compact)),
        );
    }
    if let Some(k) = kind {
        q.and_where(Expr::col(Organisations::Kind).eq(k.as_str()));
    }
    match verified {
        "yes" => {
            q.and_where(Expr::col(Organisations::VerifiedAt).is_not_null());
        }
        "no" => {
            q.and_where(Expr::col(Organisations::VerifiedAt).is_null());
        }
        _ => {}
    }
    let total = count(db, q.clone()).await?;
    q.order_by_expr(
        Func::lower(Expr::col(Organisations::Name)).into(),
        Order::Asc,
    )
    .order_by(Organisations::Id, Order::Asc)
    .limit(PER_PAGE)
    .offset(Pager::offset(page));
    let rows: Vec<OrgRow> = db.fetch_all(&q).await?;
    let orgs = rows
        .into_iter()
        .map(|row| OrgLine {
            kind_label: OrgKind::parse(&row.kind)
                .map(|k| p.t(k.message_id()))
                .unwrap_or_else(|| row.kind.clone()),
            row,
        })
        .collect();
    let kind_code = kind.map(OrgKind::as_str).unwrap_or("");
    let pager = Pager::new(
        &p,
        page,
        total,
        "/staff/orgs",
        &[("q", term), ("kind", kind_code), ("verified", verified)],
    );
    render(&OrgsTpl {
        p: &p,
        q: term,
        verified,
        kinds: OrgKind::ALL
            .into_iter()
            .map(|k| (k.as_str(), p.t(k.message_id()), Some(k) == kind))
            .collect(),
        orgs,
        pager,
    })
}

/// The organisation's page belongs to the organisations module; staff read it there.
pub(super) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_staff()?;
    let id = path_id(&id)?;
    org_name(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other(&format!("/orgs/{id}")))
}

async fn org_name(db: &essor_platform::db::Db, id: i64) -> anyhow::Result<Option<String>> {
    let row: Option<(String,)> = db
        .fetch_optional(
            sea_query::Query::select()
                .column(Organisations::Name)
                .from(Organisations::Table)
                .and_where(Expr::col(Organisations::Id).eq(id)),
        )
        .await?;
    Ok(row.map(|(n,)| n))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NextForm {
    next: String,
}

pub(super) async fn verify(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<NextForm>,
) -> AppResult<Response> {
    set_verified(&p, &id, &f.next, true).await
}

pub(super) async fn unverify(
    p: Ctx,
    Path(id): Path<String>,
    Form(f): Form<NextForm>,
) -> AppResult<Response> {
    set_verified(&p, &id, &f.next, false).await
}

/// Marks an organisation as checked by staff (or takes the mark back). Repeating it changes
/// nothing and records nothing.
async fn set_verified(p: &Ctx, id: &str, next: &str, verified: bool) -> AppResult<Response> {
    let actor = p.require_staff()?.clone();
    let id = path_id(id)?;
    let db = p.state.db();
    let name = org_name(db, id).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let mut q = sea_query::Query::update();
    q.table(Organisations::Table)
        .value(Organisations::UpdatedAt, now)
        .and_where(Expr::col(Organisations::Id).eq(id));
    if verified {
        q.value(Organisations::VerifiedAt, now)
            .value(Organisations::VerifiedBy, actor.id.0)
            .and_where(Expr::col(Organisations::VerifiedAt).is_null());
    } else {
        q.value(Organisations::VerifiedAt, Option::<DateTime<Utc>>::None)
            .value(Organisations::VerifiedBy, Option::<i64>::None)
            .and_where(Expr::col(Organisations::VerifiedAt).is_not_null());
    }
    let mut tx = db.begin().await?;
    if tx.execute(&q).await? > 0 {
        audit::record(
            &mut tx,
            Entry {
                actor: Some(actor.id),
                action: if verified {
                    "staff.org_verify"
                } else {
                    "staff.org_unverify"
                },
                record_type: "organisation",
                record_id: id.to_string(),
                summary: json!({ "name": name }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    let to = if next.is_empty() {
        "/staff/orgs".to_owned()
    } else {
        web::safe_next(Some(next))
    };
    Ok(see_other_flash(
        &to,
        if verified {
            "staff-org-verified"
        } else {
            "staff-org-unverified"
        },
    ))
}
