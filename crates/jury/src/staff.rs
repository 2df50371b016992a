//! The jury's home page of a call for staff (what is ready, what is missing) and its settings;
//! the helpers every staff page of the jury shares.

use crate::model::{self, parse_id, Settings};
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use essor_calls::model::{call_by_id, Call};
use essor_domain::ids::CallId;
use essor_platform::audit::{self, Entry};
use essor_platform::session::CurrentUser;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/jury", get(overview))
        .route("/staff/calls/{id}/jury/settings", post(save_settings))
}

/// A submitted form as name/value pairs (checkboxes and repeated names included).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}

pub type FormPairs = Form<Vec<(String, String)>>;

/// Staff only, then the call (404 when it does not exist).
pub async fn staff_call(p: &Ctx, id: &str) -> AppResult<(CurrentUser, Call)> {
    let user = p.require_staff()?.clone();
    let id = parse_id(id).ok_or(AppError::NotFound)?;
    let call = call_by_id(p.state.db(), CallId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, call))
}

/// A message with several variables (the platform's `t1` takes one).
pub fn tr(p: &Ctx, id: &str, args: &[(&str, String)]) -> String {
    let a: Vec<(&str, fluent_bundle::FluentValue<'_>)> = args
        .iter()
        .map(|(k, v)| (*k, fluent_bundle::FluentValue::from(v.clone())))
        .collect();
    p.state.i18n().get(p.locale(), id, &a)
}

/// Trims and drops control characters except line breaks.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .replace("\r\n", "\n")
        .trim()
        .to_owned()
}

/// An integer field within bounds, or the error message id.
pub fn int_in(s: &str, min: i64, max: i64) -> Result<i64, &'static str> {
    match s.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err("jury-error-out-of-range"),
        Err(_) => Err("jury-error-not-a-number"),
    }
}

#[derive(Template)]
#[template(path = "jury/staff/overview.html")]
struct OverviewTpl<'a> {
    p: &'a Ctx,
    call: Call,
    tab: &'static str,
    criteria: i64,
    reviewers_active: i64,
    reviewers_invited: i64,
    files: i64,
    reviews: i64,
    submitted: i64,
    errors: FormErrors,
    reviews_per_file: String,
    default_min_load: String,
    default_max_load: String,
    hide_others: bool,
}

async fn overview_page(
    p: &Ctx,
    call: Call,
    s: &Settings,
    input: Option<(&Fields, FormErrors)>,
) -> AppResult<Response> {
    let db = p.state.db();
    let criteria = model::criteria(db, call.id).await?.len();
    let reviewers = model::reviewers(db, call.id).await?;
    let files = model::jury_files(db, call.id)
        .await?
        .iter()
        .filter(|f| !f.excluded)
        .count();
    let assignments = model::assignments(db, call.id).await?;
    let (errors, rpf, min, max, hide) = match &input {
        Some((f, e)) => (
            e.clone(),
            f.get("reviews_per_file").to_owned(),
            f.get("default_min_load").to_owned(),
            f.get("default_max_load").to_owned(),
            f.has("hide_others"),
        ),
        None => (
            FormErrors::default(),
            s.reviews_per_file.to_string(),
            s.default_min_load.to_string(),
            s.default_max_load.to_string(),
            s.hide_others_until_submitted,
        ),
    };
    let t = OverviewTpl {
        p,
        tab: "overview",
        criteria: criteria as i64,
        reviewers_active: reviewers
            .iter()
            .filter(|r| r.state() == model::ReviewerState::Active)
            .count() as i64,
        reviewers_invited: reviewers
            .iter()
            .filter(|r| r.state() == model::ReviewerState::Invited)
            .count() as i64,
        files: files as i64,
        reviews: assignments.len() as i64,
        submitted: assignments.iter().filter(|a| a.is_submitted()).count() as i64,
        call,
        errors,
        reviews_per_file: rpf,
        default_min_load: min,
        default_max_load: max,
        hide_others: hide,
    };
    if input.is_some() {
        render_invalid(&t)
    } else {
        render(&t)
    }
}

async fn overview(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let s = model::settings(p.state.db(), call.id).await?;
    overview_page(&p, call, &s, None).await
}

async fn save_settings(p: Ctx, Path(id): Path<String>, Form(f): FormPairs) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let f = Fields(f);
    let mut errors = FormErrors::default();
    let mut s = model::settings(p.state.db(), call.id).await?;
    for (name, slot, lo, hi) in [
        ("reviews_per_file", &mut s.reviews_per_file, 1, 20),
        ("default_min_load", &mut s.default_min_load, 0, 500),
        ("default_max_load", &mut s.default_max_load, 0, 500),
    ] {
        match int_in(f.get(name), lo, hi) {
            Ok(n) => *slot = n,
            Err(e) => errors.add(name, p.t(e)),
        }
    }
    if errors.is_empty() && s.default_min_load > s.default_max_load {
        errors.add("default_min_load", p.t("jury-error-min-above-max"));
    }
    s.hide_others_until_submitted = f.has("hide_others");
    if !errors.is_empty() {
        return overview_page(&p, call, &s, Some((&f, errors))).await;
    }
    let mut tx = p.state.db().begin().await?;
    model::save_settings(&mut tx, &s).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "jury.settings",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({
                "reviews_per_file": s.reviews_per_file,
                "default_min_load": s.default_min_load,
                "default_max_load": s.default_max_load,
                "hide_others_until_submitted": s.hide_others_until_submitted,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/jury", call.id),
        "jury-flash-settings",
    ))
}
