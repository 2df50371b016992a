//! Shortage jobs ("métiers en tension"): no registry publishes the list, so staff keep it as data
//! (job family, ROME codes, source, date). Offers whose job is on it are tagged "shortage job",
//! and every offer is re-tagged when the list changes.

use crate::model::{self, exec, insert};
use crate::types::{Axis, RomeCode};
use crate::web::{date, Fields};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{NaiveDate, Utc};
use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry};
use essor_platform::db::{Db, Tx};
use essor_platform::web::{render, render_invalid, see_other_flash, AppResult, Ctx, FormErrors};
use essor_platform::AppState;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/jeunes/metiers-en-tension", get(list).post(add))
        .route(
            "/staff/jeunes/metiers-en-tension/{id}/supprimer",
            post(remove),
        )
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShortageJob {
    pub id: i64,
    pub family: String,
    pub rome_codes: String,
    pub source: String,
    pub as_of: NaiveDate,
}

pub async fn list_all(db: &Db) -> anyhow::Result<Vec<ShortageJob>> {
    model::all(
        db,
        "SELECT id, family, rome_codes, source, as_of FROM youth_shortage_jobs ORDER BY family",
        vec![],
    )
    .await
}

async fn codes(tx: &mut Tx) -> anyhow::Result<Vec<String>> {
    let rows: Vec<(String,)> = tx
        .fetch_all(&model::sql(
            "SELECT rome_codes FROM youth_shortage_jobs",
            vec![],
        ))
        .await?;
    Ok(rows
        .iter()
        .flat_map(|(c,)| RomeCode::parse_list(c).unwrap_or_default())
        .map(|c| c.as_str().to_owned())
        .collect())
}

pub async fn is_shortage(tx: &mut Tx, rome: &RomeCode) -> anyhow::Result<bool> {
    Ok(codes(tx).await?.iter().any(|c| c == rome.as_str()))
}

/// Re-tags every offer after the list changed.
pub async fn retag_all(tx: &mut Tx) -> anyhow::Result<()> {
    let codes = codes(tx).await?;
    let offers: Vec<(i64, String, String)> = tx
        .fetch_all(&model::sql(
            "SELECT id, rome_code, axes FROM youth_offers",
            vec![],
        ))
        .await?;
    for (id, rome, axes) in offers {
        let mut v: Vec<Axis> = Axis::parse_set(&axes)
            .into_iter()
            .filter(|a| *a != Axis::ShortageJob)
            .collect();
        if codes.contains(&rome) {
            v.push(Axis::ShortageJob);
            v.sort();
        }
        let new = Axis::join(&v);
        if new != axes {
            exec(
                tx,
                "UPDATE youth_offers SET axes = $1 WHERE id = $2",
                vec![new.into(), id.into()],
            )
            .await?;
        }
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "youth/shortage.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    jobs: Vec<ShortageJob>,
    errors: FormErrors,
    f: Fields,
}

async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    render(&ListTpl {
        jobs: list_all(p.state.db()).await?,
        p: &p,
        errors: FormErrors::default(),
        f: Fields::default(),
    })
}

async fn add(p: Ctx, Form(f): Form<Fields>) -> AppResult<Response> {
    let u = p.require_staff()?;
    let mut errors = FormErrors::default();
    let family = f.get("family");
    if family.is_empty() {
        errors.add("family", p.t("youth-field-required"));
    }
    let source = f.get("source");
    if source.is_empty() {
        errors.add("source", p.t("youth-field-required"));
    }
    let codes = RomeCode::parse_list(&f.get("rome_codes"));
    if let Err(e) = &codes {
        errors.add("rome_codes", p.t(e.0));
    }
    let as_of = date(&f.get("as_of"));
    if as_of.is_none() {
        errors.add("as_of", p.t("youth-dates-required"));
    }
    if !errors.is_empty() {
        return render_invalid(&ListTpl {
            jobs: list_all(p.state.db()).await?,
            p: &p,
            errors,
            f,
        });
    }
    let codes = codes
        .expect("checked")
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let mut tx = p.state.db().begin().await?;
    let id = insert(
        &mut tx,
        "INSERT INTO youth_shortage_jobs (family, rome_codes, source, as_of, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            family.into(),
            codes.clone().into(),
            source.into(),
            as_of.into(),
            u.id.0.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    retag_all(&mut tx).await?;
    log(&mut tx, u.id, "youth.shortage.add", id, &codes).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        "/staff/jeunes/metiers-en-tension",
        "youth-flash-shortage-saved",
    ))
}

async fn remove(p: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let u = p.require_staff()?;
    let mut tx = p.state.db().begin().await?;
    let n = exec(
        &mut tx,
        "DELETE FROM youth_shortage_jobs WHERE id = $1",
        vec![id.into()],
    )
    .await?;
    if n == 0 {
        return Err(essor_platform::web::AppError::NotFound);
    }
    retag_all(&mut tx).await?;
    log(&mut tx, u.id, "youth.shortage.remove", id, "").await?;
    tx.commit().await?;
    Ok(see_other_flash(
        "/staff/jeunes/metiers-en-tension",
        "youth-flash-shortage-saved",
    ))
}

async fn log(tx: &mut Tx, by: UserId, action: &str, id: i64, codes: &str) -> anyhow::Result<()> {
    audit::record(
        tx,
        Entry {
            actor: Some(by),
            action,
            record_type: "youth_shortage_job",
            record_id: id.to_string(),
            summary: json!({ "rome_codes": codes }),
        },
    )
    .await
}
