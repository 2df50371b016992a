//! The applicant's side of an award: what was awarded, the schedule, the letters, and the
//! consent to appear on the public showcase (given or withdrawn by a member of the organisation;
//! staff see it).

use super::letters::staff_or_member;
use super::{award_by_id, instalments, Award, Instalment, JuryAwards};
use crate::award::shared::{field, form_pairs, is_member, money, path_id};
use askama::Template;
use axum::extract::{Path, Request};
use axum::response::Response;
use chrono::Utc;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{render, see_other, see_other_flash, AppError, AppResult, Ctx};
use sea_query::{Expr, Query};
use serde_json::json;

#[derive(Template)]
#[template(path = "jury/award/applicant.html")]
struct ApplicantTpl<'a> {
    p: &'a Ctx,
    award: &'a Award,
    schedule: Vec<Instalment>,
    is_member: bool,
}

impl ApplicantTpl<'_> {
    fn m(&self, c: &i64) -> String {
        money(self.p.lang(), *c)
    }
}

/// GET /awards/{id}
pub(super) async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let db = p.state.db();
    let award = award_by_id(db, path_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let staff = staff_or_member(&p, award.org_id).await?;
    let is_member = !staff || is_member(&p, award.org_id).await?;
    render(&ApplicantTpl {
        p: &p,
        schedule: instalments(db, award.id).await?,
        award: &award,
        is_member,
    })
}

/// GET /files/{id}/award — the award of a file, for its organisation's members and staff (the
/// calls module links here from the file's page without knowing award ids).
pub(super) async fn of_file(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let award = super::award_of_file(p.state.db(), path_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    staff_or_member(&p, award.org_id).await?;
    Ok(see_other(&format!("/awards/{}", award.id)))
}

/// POST /awards/{id}/consent — `consent=yes` shows the project on `/laureats`, anything else
/// withdraws it. Only a member of the laureate organisation decides.
pub(super) async fn consent(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let user = p.require_user()?.clone();
    let db = p.state.db();
    let award = award_by_id(db, path_id(&id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_member(&p, award.org_id).await? {
        return Err(AppError::NotFound);
    }
    let pairs = form_pairs(req).await?;
    let yes = field(&pairs, "consent") == "yes";
    let now = Utc::now();
    let mut tx = db.begin().await?;
    tx.execute(
        Query::update()
            .table(JuryAwards::Table)
            .values([
                (JuryAwards::ShowcaseConsent, yes.into()),
                (JuryAwards::ConsentBy, user.id.0.into()),
                (JuryAwards::ConsentAt, now.into()),
                (JuryAwards::UpdatedAt, now.into()),
            ])
            .and_where(Expr::col(JuryAwards::Id).eq(award.id)),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.award.consent",
            record_type: "jury_award",
            record_id: award.id.to_string(),
            summary: json!({ "showcase_consent": yes }),
        },
    )
    .await?;
    tx.commit().await?;
    let flash = if yes {
        "jury-award-flash-consent-given"
    } else {
        "jury-award-flash-consent-withdrawn"
    };
    Ok(see_other_flash(&format!("/awards/{}", award.id), flash))
}
