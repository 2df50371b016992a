//! The commission session of a call: files in ranking order, a decision per file (laureate with
//! an amount, waiting list, refused with a written reason), the running total against the
//! envelope, an allocation suggestion (`essor_solve::allocate`), the minutes as a PDF, and the
//! closing that makes the awards (see `crate::award`).
//!
//! Access: staff only; a reviewer (jury role) or an applicant never reaches any of it. Amounts are
//! validated here, server-side: never above the request, the call's maximum or what is left of
//! the envelope.

pub mod model;
mod validate;

pub use validate::{validate_decision, Limits};

use crate::award::shared::{self, field, form_pairs, money, staff_call, Settings};
use crate::ranking::{self, RankedFile, Sort};
use askama::Template;
use axum::extract::{Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use essor_calls::model::Call;
use essor_platform::pdf::{Block, Document};
use essor_platform::web::{
    render, render_invalid, see_other, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use essor_solve::allocate::{self, Candidate};
use model::{Commission, Decision, DecisionRow};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/jury/commission", get(page).post(open))
        .route(
            "/staff/calls/{id}/jury/commission/settings",
            post(save_settings),
        )
        .route("/staff/calls/{id}/jury/commission/decisions", post(decide))
        .route("/staff/calls/{id}/jury/commission/suggest", post(suggest))
        .route(
            "/staff/calls/{id}/jury/commission/minutes.pdf",
            get(minutes),
        )
        .route("/staff/calls/{id}/jury/commission/close", post(close))
}

/// One file of the session as the page shows it.
pub struct Line {
    pub rank: usize,
    pub file: RankedFile,
    pub raw: String,
    pub calibrated: String,
    pub eliminated: bool,
    pub disagreement: bool,
    pub decision: Option<Decision>,
    /// The amount as typed (or as saved, in euros).
    pub amount: String,
    pub reason: String,
    /// Largest amount this file may get (request and call maximum).
    pub upper: Option<i64>,
    pub warnings: Vec<String>,
}

/// What was typed in one row's form, kept when it comes back with errors.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub file: i64,
    pub decision: String,
    pub amount: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "jury/commission/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    tab: &'static str,
    commission: Option<Commission>,
    lines: Vec<Line>,
    settings: Settings,
    settings_form: SettingsForm,
    total: String,
    envelope: Option<String>,
    left: Option<String>,
    over: bool,
    errors: FormErrors,
    open_form: (String, String),
    awards: Vec<(i64, String, String)>,
}

impl PageTpl<'_> {
    fn decisions(&self) -> Vec<(&'static str, String)> {
        Decision::ALL
            .iter()
            .map(|d| (d.as_str(), self.p.t(d.message_id())))
            .collect()
    }
    fn chosen(&self, line: &Line, value: &str) -> bool {
        line.decision.map(|d| d.as_str()) == Some(value)
    }
    fn decision_label(&self, line: &Line) -> String {
        match line.decision {
            Some(d) => self.p.t(d.message_id()),
            None => self.p.t("jury-award-decision-none"),
        }
    }
    fn err(&self, name: &str, file: &i64) -> String {
        self.errors
            .get(&format!("{name}-{file}"))
            .unwrap_or("")
            .to_owned()
    }
    fn upper(&self, v: &Option<i64>) -> String {
        v.map(|c| money(self.p.lang(), c))
            .unwrap_or_else(|| "—".into())
    }
}

#[derive(Debug, Clone, Default)]
pub struct SettingsForm {
    pub share: String,
    pub convention: String,
    pub ceiling: String,
    pub months: String,
}

impl SettingsForm {
    fn of(s: &Settings) -> SettingsForm {
        let euros = |c: i64| (c / 100).to_string();
        SettingsForm {
            share: (s.min_share_permille / 10).to_string(),
            convention: euros(s.convention_threshold),
            ceiling: euros(s.de_minimis_ceiling),
            months: s.report_months.to_string(),
        }
    }
}

fn euros_text(c: i64) -> String {
    if c % 100 == 0 {
        (c / 100).to_string()
    } else {
        format!("{},{:02}", c / 100, c % 100)
    }
}

/// The largest award a file may get: its request, capped by the call's maximum.
pub fn upper_of(call: &Call, requested: Option<i64>) -> Option<i64> {
    requested.map(|r| match call.max_amount {
        Some(m) => r.min(m),
        None => r,
    })
}

#[derive(Default)]
struct View {
    typed: Option<Typed>,
    errors: FormErrors,
    settings_form: Option<SettingsForm>,
    open_form: (String, String),
}

async fn render_page(p: &Ctx, call: &Call, view: View) -> AppResult<Response> {
    let db = p.state.db();
    let commission = model::of_call(db, call.id).await?;
    let settings = shared::settings(db, call.id).await?;
    let ranking = ranking::load(db, call.id, Sort::Calibrated).await?;
    let decisions: BTreeMap<i64, DecisionRow> = match &commission {
        Some(c) => model::decisions(db, c.id)
            .await?
            .into_iter()
            .map(|d| (d.file_id, d))
            .collect(),
        None => BTreeMap::new(),
    };
    let lang = p.lang();
    let mut total = 0i64;
    let mut lines = Vec::new();
    for row in ranking.rows {
        let saved = decisions.get(&row.file.id);
        let decision = saved.map(|d| d.decision());
        if decision == Some(Decision::Laureate) {
            total += saved.and_then(|d| d.amount).unwrap_or(0);
        }
        let mut warnings = Vec::new();
        if let (Some(Decision::Laureate), Some(amount)) = (decision, saved.and_then(|d| d.amount)) {
            if amount > settings.convention_threshold {
                warnings.push(p.t("jury-award-warning-convention"));
            }
            let before =
                shared::awards_last_three_years(db, row.file.org_id, Some(row.file.id)).await?;
            if before + amount > settings.de_minimis_ceiling {
                warnings.push(p.t1(
                    "jury-award-warning-de-minimis",
                    "total",
                    money(lang, before + amount),
                ));
            }
        }
        let (mut amount, mut reason) = (
            saved
                .and_then(|d| d.amount)
                .map(euros_text)
                .unwrap_or_default(),
            saved.map(|d| d.reason.clone()).unwrap_or_default(),
        );
        let mut decision_shown = decision;
        if let Some(t) = view.typed.as_ref().filter(|t| t.file == row.file.id) {
            amount = t.amount.clone();
            reason = t.reason.clone();
            decision_shown = Decision::parse(&t.decision);
        }
        lines.push(Line {
            rank: row.rank,
            raw: ranking::score(lang, row.stats.mean),
            calibrated: ranking::score(lang, row.stats.calibrated),
            eliminated: row.eliminated(),
            disagreement: row.stats.disagreement,
            decision: decision_shown,
            amount,
            reason,
            upper: upper_of(call, row.file.requested_amount),
            warnings,
            file: row.file,
        });
    }
    let awards = match &commission {
        Some(c) if !c.is_open() => crate::award::awards_of_call(db, call.id)
            .await?
            .into_iter()
            .map(|a| (a.id, a.number, money(lang, a.amount)))
            .collect(),
        _ => vec![],
    };
    let tpl = PageTpl {
        p,
        call,
        tab: "commission",
        commission,
        lines,
        settings_form: view
            .settings_form
            .unwrap_or_else(|| SettingsForm::of(&settings)),
        settings,
        total: money(lang, total),
        envelope: call.envelope.map(|e| money(lang, e)),
        left: call.envelope.map(|e| money(lang, e - total)),
        over: call.envelope.is_some_and(|e| total > e),
        open_form: view.open_form,
        awards,
        errors: view.errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// GET /staff/calls/{id}/jury/commission
async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    render_page(&p, &call, View::default()).await
}

fn here(call: &Call) -> String {
    format!("/staff/calls/{}/jury/commission", call.id)
}

/// POST /staff/calls/{id}/jury/commission — opens the session (date and members).
async fn open(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let pairs = form_pairs(req).await?;
    let (held_on, members) = (field(&pairs, "held_on"), field(&pairs, "members"));
    let mut errors = FormErrors::default();
    let date = NaiveDate::parse_from_str(held_on.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.add("held_on", p.t("jury-award-error-date"));
    }
    if members.trim().is_empty() || members.len() > 2000 {
        errors.add("members", p.t("jury-award-error-members"));
    }
    match date {
        Some(d) if errors.is_empty() => {
            model::open(p.state.db(), call.id, d, members.trim(), user.id).await?;
            Ok(see_other_flash(&here(&call), "jury-award-flash-opened"))
        }
        _ => {
            let view = View {
                errors,
                open_form: (held_on.to_owned(), members.to_owned()),
                ..View::default()
            };
            render_page(&p, &call, view).await
        }
    }
}

/// POST /staff/calls/{id}/jury/commission/settings
async fn save_settings(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let pairs = form_pairs(req).await?;
    let form = SettingsForm {
        share: field(&pairs, "share").trim().to_owned(),
        convention: field(&pairs, "convention").trim().to_owned(),
        ceiling: field(&pairs, "ceiling").trim().to_owned(),
        months: field(&pairs, "months").trim().to_owned(),
    };
    let mut errors = FormErrors::default();
    let share = form
        .share
        .parse::<i64>()
        .ok()
        .filter(|v| (1..=100).contains(v));
    if share.is_none() {
        errors.add("share", p.t("jury-award-error-share"));
    }
    let convention = shared::parse_euros(&form.convention).filter(|v| *v >= 0);
    if convention.is_none() {
        errors.add("convention", p.t("jury-award-error-amount-format"));
    }
    let ceiling = shared::parse_euros(&form.ceiling).filter(|v| *v >= 0);
    if ceiling.is_none() {
        errors.add("ceiling", p.t("jury-award-error-amount-format"));
    }
    let months = form
        .months
        .parse::<i64>()
        .ok()
        .filter(|v| (1..=60).contains(v));
    if months.is_none() {
        errors.add("months", p.t("jury-award-error-months"));
    }
    match (share, convention, ceiling, months) {
        (Some(s), Some(c), Some(d), Some(m)) => {
            let settings = Settings {
                min_share_permille: s * 10,
                convention_threshold: c,
                de_minimis_ceiling: d,
                report_months: m,
            };
            shared::save_settings(p.state.db(), call.id, &settings, user.id).await?;
            Ok(see_other_flash(&here(&call), "jury-award-flash-settings"))
        }
        _ => {
            let view = View {
                errors,
                settings_form: Some(form),
                ..View::default()
            };
            render_page(&p, &call, view).await
        }
    }
}

/// The open commission of the call, or 404 (nothing to decide in a closed or absent session).
async fn open_commission(p: &Ctx, call: &Call) -> AppResult<Commission> {
    model::of_call(p.state.db(), call.id)
        .await?
        .filter(|c| c.is_open())
        .ok_or(AppError::NotFound)
}

/// POST /staff/calls/{id}/jury/commission/decisions — one file's decision.
async fn decide(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let commission = open_commission(&p, &call).await?;
    let pairs = form_pairs(req).await?;
    let typed = Typed {
        file: field(&pairs, "file").parse().unwrap_or(0),
        decision: field(&pairs, "decision").to_owned(),
        amount: field(&pairs, "amount").to_owned(),
        reason: field(&pairs, "reason").to_owned(),
    };
    let db = p.state.db();
    // Only a file of this call's ranking may be decided.
    let ranking = ranking::load(db, call.id, Sort::Calibrated).await?;
    // A file of another call (or none) is a malformed form, not a page.
    let Some(row) = ranking.rows.iter().find(|r| r.file.id == typed.file) else {
        return Err(AppError::BadRequest);
    };
    let others: i64 = model::decisions(db, commission.id)
        .await?
        .iter()
        .filter(|d| d.file_id != typed.file && d.decision() == Decision::Laureate)
        .filter_map(|d| d.amount)
        .sum();
    let limits = Limits {
        requested: row.file.requested_amount,
        call_maximum: call.max_amount,
        envelope_left: call.envelope.map(|e| e - others),
    };
    match validate_decision(&typed.decision, &typed.amount, &typed.reason, &limits) {
        Ok((decision, amount, reason)) => {
            let mut tx = db.begin().await?;
            model::set_decision(
                &mut tx,
                commission.id,
                typed.file,
                decision,
                amount,
                &reason,
                user.id,
            )
            .await?;
            tx.commit().await?;
            Ok(see_other(&format!("{}#file-{}", here(&call), typed.file)))
        }
        Err(errs) => {
            let mut errors = FormErrors::default();
            for (name, id, arg) in errs {
                let msg = match arg {
                    Some(v) => p.t1(id, "amount", money(p.lang(), v)),
                    None => p.t(id),
                };
                errors.add(&format!("{name}-{}", typed.file), msg);
            }
            let view = View {
                typed: Some(typed),
                errors,
                ..View::default()
            };
            render_page(&p, &call, view).await
        }
    }
}

/// POST /staff/calls/{id}/jury/commission/suggest — the exact allocation of the envelope, written as
/// decisions: the chosen files laureates with their amounts, the other candidates on the waiting
/// list. Eliminated files, files without a score and files already refused are left as they are.
async fn suggest(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let commission = open_commission(&p, &call).await?;
    let Some(envelope) = call.envelope else {
        return Ok(see_other_flash(
            &here(&call),
            "jury-award-flash-no-envelope",
        ));
    };
    let db = p.state.db();
    let settings = shared::settings(db, call.id).await?;
    let ranking = ranking::load(db, call.id, Sort::Calibrated).await?;
    let refused: Vec<i64> = model::decisions(db, commission.id)
        .await?
        .into_iter()
        .filter(|d| d.decision() == Decision::Refused)
        .map(|d| d.file_id)
        .collect();
    let pool: Vec<&ranking::Row> = ranking
        .rows
        .iter()
        .filter(|r| !r.eliminated() && !refused.contains(&r.file.id))
        .filter(|r| r.stats.calibrated.is_some() && r.file.requested_amount.is_some_and(|a| a > 0))
        .filter(|r| matches!(r.file.state.as_str(), "submitted" | "under_instruction"))
        .collect();
    let cands: Vec<Candidate> = pool
        .iter()
        .map(|r| Candidate {
            score: r.stats.calibrated.unwrap_or(0.0),
            requested: r.file.requested_amount.unwrap_or(0),
        })
        .collect();
    let s = allocate::Settings::new(
        envelope,
        call.max_amount,
        settings.min_share_permille.clamp(1, 1000) as u32,
    );
    let result = allocate::allocate(&cands, &s).map_err(|e| AppError::Internal(e.into()))?;
    let mut tx = db.begin().await?;
    for (r, &amount) in pool.iter().zip(&result.amounts) {
        let (d, a) = if amount > 0 {
            (Decision::Laureate, Some(amount))
        } else {
            (Decision::Waiting, None)
        };
        model::set_decision(&mut tx, commission.id, r.file.id, d, a, "", user.id).await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(&here(&call), "jury-award-flash-suggested"))
}

/// GET /staff/calls/{id}/jury/commission/minutes.pdf
async fn minutes(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let db = p.state.db();
    let commission = model::of_call(db, call.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decisions: BTreeMap<i64, DecisionRow> = model::decisions(db, commission.id)
        .await?
        .into_iter()
        .map(|d| (d.file_id, d))
        .collect();
    let ranking = ranking::load(db, call.id, Sort::Calibrated).await?;
    let lang = p.lang();
    let mut doc = Document::new(p.t1("jury-award-minutes-title", "call", &call.title));
    doc.footer = format!("Essor · {} — {}", p.territory_name(), call.title);
    doc.push(Block::Title(p.t1(
        "jury-award-minutes-title",
        "call",
        &call.title,
    )));
    doc.push(Block::Field(
        p.t("jury-award-held-on"),
        p.date(&commission.held_on),
    ));
    doc.push(Block::Field(
        p.t("jury-award-members"),
        commission.members.clone(),
    ));
    doc.push(Block::Field(
        p.t("jury-award-state"),
        p.t(format!("jury-award-commission-{}", commission.state)),
    ));
    if let Some(e) = call.envelope {
        doc.push(Block::Field(p.t("jury-award-envelope"), money(lang, e)));
    }
    doc.push(Block::Paragraph(p.t("jury-award-minutes-method")));
    let mut total = 0;
    for row in &ranking.rows {
        let d = decisions.get(&row.file.id);
        doc.push(Block::Heading(format!(
            "{}. {} — {}",
            row.rank, row.file.number, row.file.title
        )));
        doc.push(Block::Field(
            p.t("jury-award-col-org"),
            row.file.org_name.clone(),
        ));
        doc.push(Block::Field(
            p.t("jury-award-col-requested"),
            row.file
                .requested_amount
                .map(|c| money(lang, c))
                .unwrap_or_else(|| "—".into()),
        ));
        doc.push(Block::Field(
            p.t("jury-award-col-mean"),
            ranking::score(lang, row.stats.mean),
        ));
        doc.push(Block::Field(
            p.t("jury-award-col-calibrated"),
            ranking::score(lang, row.stats.calibrated),
        ));
        if row.eliminated() {
            doc.push(Block::Note(p.t("jury-award-flag-eliminated")));
        }
        let label = d
            .map(|d| p.t(d.decision().message_id()))
            .unwrap_or_else(|| p.t("jury-award-decision-none"));
        doc.push(Block::Field(p.t("jury-award-col-decision"), label));
        if let Some(d) = d {
            if let (Decision::Laureate, Some(a)) = (d.decision(), d.amount) {
                total += a;
                doc.push(Block::Field(p.t("jury-award-col-amount"), money(lang, a)));
            }
            if !d.reason.trim().is_empty() {
                doc.push(Block::Field(p.t("jury-award-col-reason"), d.reason.clone()));
            }
        }
    }
    doc.push(Block::Space);
    doc.push(Block::Field(p.t("jury-award-total"), money(lang, total)));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!(
                    "attachment; filename=\"proces-verbal-{}.pdf\"",
                    call.id
                ))
                .expect("ascii"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        doc.render(),
    )
        .into_response())
}

/// POST /staff/calls/{id}/jury/commission/close — closes the session and makes the awards.
async fn close(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let commission = open_commission(&p, &call).await?;
    match crate::award::close(&p.state, &call, &commission, user.id).await? {
        Ok(_) => Ok(see_other_flash(&here(&call), "jury-award-flash-closed")),
        Err(msg_id) => {
            let mut errors = FormErrors::default();
            errors.add("close", p.t(msg_id));
            let view = View {
                errors,
                ..View::default()
            };
            render_page(&p, &call, view).await
        }
    }
}
