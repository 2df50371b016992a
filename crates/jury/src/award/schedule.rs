//! The staff page of an award: its facts, the de minimis check, the letter and convention, the
//! payment schedule (instalments with amount, date and status, editable) and the final report's
//! due date.

use super::{award_by_id, instalments, Award, Instalment, JuryAwards, JuryInstalments};
use crate::award::shared::{self, field, form_pairs, money, path_id};
use askama::Template;
use axum::extract::{Path, Request};
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use sea_query::{Expr, Query};
use serde_json::json;

#[derive(Template)]
#[template(path = "jury/award/staff.html")]
struct StaffTpl<'a> {
    p: &'a Ctx,
    award: &'a Award,
    schedule: Vec<Instalment>,
    scheduled: String,
    unscheduled: Option<String>,
    de_minimis: String,
    de_minimis_over: bool,
    errors: FormErrors,
    /// The add form as typed: amount, date.
    add: (String, String),
    report: String,
}

impl StaffTpl<'_> {
    fn m(&self, c: &i64) -> String {
        money(self.p.lang(), *c)
    }
    fn euros(&self, c: &i64) -> String {
        if c % 100 == 0 {
            (c / 100).to_string()
        } else {
            format!("{},{:02}", c / 100, c % 100)
        }
    }
}

async fn render_page(
    p: &Ctx,
    award: &Award,
    errors: FormErrors,
    add: (String, String),
    report: Option<String>,
) -> AppResult<Response> {
    let db = p.state.db();
    let schedule = instalments(db, award.id).await?;
    let settings = shared::settings(db, award.call_id).await?;
    let scheduled: i64 = schedule.iter().map(|i| i.amount).sum();
    let three_years = shared::awards_last_three_years(db, award.org_id, None).await?;
    let tpl = StaffTpl {
        p,
        award,
        scheduled: money(p.lang(), scheduled),
        unscheduled: (scheduled != award.amount).then(|| money(p.lang(), award.amount - scheduled)),
        de_minimis: money(p.lang(), three_years),
        de_minimis_over: three_years > settings.de_minimis_ceiling,
        schedule,
        add,
        report: report.unwrap_or_else(|| award.report_due_on.to_string()),
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn staff_award(
    p: &Ctx,
    id: &str,
) -> AppResult<(essor_platform::session::CurrentUser, Award)> {
    let user = p.require_staff()?.clone();
    let award = award_by_id(p.state.db(), path_id(id)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, award))
}

/// GET /staff/awards/{id}
pub(super) async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, award) = staff_award(&p, &id).await?;
    render_page(&p, &award, FormErrors::default(), Default::default(), None).await
}

fn here(award: &Award) -> String {
    format!("/staff/awards/{}", award.id)
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Checks an instalment's amount: above zero and the schedule never above the award.
fn check_amount(
    p: &Ctx,
    errors: &mut FormErrors,
    name: &str,
    raw: &str,
    others: i64,
    award: i64,
) -> Option<i64> {
    match shared::parse_euros(raw) {
        Some(a) if a > 0 && others + a <= award => Some(a),
        Some(a) if a > 0 => {
            errors.add(
                name,
                p.t1(
                    "jury-award-error-schedule-over",
                    "amount",
                    money(p.lang(), award - others),
                ),
            );
            None
        }
        _ => {
            errors.add(name, p.t("jury-award-error-amount-positive"));
            None
        }
    }
}

/// POST /staff/awards/{id}/instalments — adds an instalment.
pub(super) async fn add(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, award) = staff_award(&p, &id).await?;
    let pairs = form_pairs(req).await?;
    let (amount_raw, due_raw) = (field(&pairs, "amount"), field(&pairs, "due_on"));
    let db = p.state.db();
    let others: i64 = instalments(db, award.id)
        .await?
        .iter()
        .map(|i| i.amount)
        .sum();
    let mut errors = FormErrors::default();
    let amount = check_amount(&p, &mut errors, "amount", amount_raw, others, award.amount);
    let due = date(due_raw);
    if due.is_none() {
        errors.add("due_on", p.t("jury-award-error-date"));
    }
    let (Some(amount), Some(due)) = (amount, due) else {
        return render_page(
            &p,
            &award,
            errors,
            (amount_raw.to_owned(), due_raw.to_owned()),
            None,
        )
        .await;
    };
    let mut tx = db.begin().await?;
    let inst = super::insert_instalment(&mut tx, award.id, amount, due, user.id).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.instalment.add",
            record_type: "jury_award",
            record_id: award.id.to_string(),
            summary: json!({ "instalment": inst, "amount": amount, "due_on": due.to_string() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&here(&award), "jury-award-flash-schedule"))
}

/// POST /staff/awards/{id}/instalments/{inst} — changes an instalment (`action=delete` removes it).
pub(super) async fn update(
    p: Ctx,
    Path((id, inst)): Path<(String, String)>,
    req: Request,
) -> AppResult<Response> {
    let (user, award) = staff_award(&p, &id).await?;
    let inst = path_id(&inst)?;
    let db = p.state.db();
    let schedule = instalments(db, award.id).await?;
    // An instalment of another award is not found here.
    let Some(current) = schedule.iter().find(|i| i.id == inst) else {
        return Err(AppError::NotFound);
    };
    let pairs = form_pairs(req).await?;
    let mut tx = db.begin().await?;
    let summary;
    if field(&pairs, "action") == "delete" {
        tx.execute(
            Query::delete()
                .from_table(JuryInstalments::Table)
                .and_where(Expr::col(JuryInstalments::Id).eq(inst)),
        )
        .await?;
        summary = json!({ "instalment": inst, "deleted": true });
    } else {
        let others: i64 = schedule
            .iter()
            .filter(|i| i.id != inst)
            .map(|i| i.amount)
            .sum();
        let mut errors = FormErrors::default();
        let name = format!("amount-{inst}");
        let amount = check_amount(
            &p,
            &mut errors,
            &name,
            field(&pairs, "amount"),
            others,
            award.amount,
        );
        let due = date(field(&pairs, "due_on"));
        if due.is_none() {
            errors.add(&format!("due_on-{inst}"), p.t("jury-award-error-date"));
        }
        let status = match field(&pairs, "status") {
            s @ ("planned" | "paid") => s,
            _ => {
                errors.add(&format!("status-{inst}"), p.t("jury-award-error-status"));
                "planned"
            }
        };
        let (Some(amount), Some(due)) = (amount, due) else {
            tx.rollback().await?;
            return render_page(&p, &award, errors, Default::default(), None).await;
        };
        if !errors.is_empty() {
            tx.rollback().await?;
            return render_page(&p, &award, errors, Default::default(), None).await;
        }
        let paid_on = (status == "paid").then(|| {
            current
                .paid_on
                .unwrap_or_else(|| Utc::now().with_timezone(&p.state.tz()).date_naive())
        });
        tx.execute(
            Query::update()
                .table(JuryInstalments::Table)
                .values([
                    (JuryInstalments::Amount, amount.into()),
                    (JuryInstalments::DueOn, due.into()),
                    (JuryInstalments::Status, status.into()),
                    (JuryInstalments::PaidOn, paid_on.into()),
                    (JuryInstalments::UpdatedBy, user.id.0.into()),
                    (JuryInstalments::UpdatedAt, Utc::now().into()),
                ])
                .and_where(Expr::col(JuryInstalments::Id).eq(inst)),
        )
        .await?;
        summary = json!({ "instalment": inst, "amount": amount, "due_on": due.to_string(), "status": status });
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.instalment.update",
            record_type: "jury_award",
            record_id: award.id.to_string(),
            summary,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&here(&award), "jury-award-flash-schedule"))
}

/// POST /staff/awards/{id}/report — the final report's due date.
pub(super) async fn report(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, award) = staff_award(&p, &id).await?;
    let pairs = form_pairs(req).await?;
    let raw = field(&pairs, "report_due_on");
    let Some(due) = date(raw) else {
        let mut errors = FormErrors::default();
        errors.add("report_due_on", p.t("jury-award-error-date"));
        return render_page(&p, &award, errors, Default::default(), Some(raw.to_owned())).await;
    };
    let mut tx = p.state.db().begin().await?;
    tx.execute(
        Query::update()
            .table(JuryAwards::Table)
            .values([
                (JuryAwards::ReportDueOn, due.into()),
                (JuryAwards::UpdatedAt, Utc::now().into()),
            ])
            .and_where(Expr::col(JuryAwards::Id).eq(award.id)),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.award.report_due",
            record_type: "jury_award",
            record_id: award.id.to_string(),
            summary: json!({ "report_due_on": due.to_string() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(&here(&award), "jury-award-flash-report"))
}
