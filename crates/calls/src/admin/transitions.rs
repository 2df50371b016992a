//! Publish, unpublish, close, reopen and archive a call, through [`crate::model::transition_call`]
//! (history row and audit entry in the same transaction), with the guards the lifecycle alone
//! cannot know: a valid form and a deadline ahead to publish, a new deadline ahead to reopen.

use super::queries;
use super::text::Fields;
use super::time;
use super::view::show_page;
use super::{path_id, staff_call};
use crate::model::{self, Call};
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::lifecycle::CallEvent;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{see_other_flash, AppError, AppResult, Ctx, FormErrors};
use serde_json::json;

/// Fluent id explaining a refused transition.
fn refusal_message(code: &str) -> &'static str {
    match code {
        "call-unpublish-has-files" => "call-unpublish-has-files",
        "transition-stale" => "admin-error-stale",
        _ => "admin-error-transition",
    }
}

/// What a transition needs besides the event: the new deadline of a reopening.
enum Extra {
    None,
    Reopen { date: String, time: String },
}

async fn run(p: Ctx, raw_id: String, event: CallEvent, extra: Extra) -> AppResult<Response> {
    // Access first, then the fresh, locked row.
    let shown = staff_call(&p, &raw_id).await?;
    let user = p.require_staff()?.clone();
    let id = path_id(&raw_id)?;
    let now = Utc::now();
    let mut errors = FormErrors::default();
    let reopen_values = match &extra {
        Extra::Reopen { date, time } => Some((date.clone(), time.clone())),
        Extra::None => None,
    };

    let mut tx = p.state.db().begin().await?;
    let call: Call = queries::lock_call(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut publish_form = None;
    let mut new_deadline: Option<DateTime<Utc>> = None;
    match (&extra, event) {
        (_, CallEvent::Publish) => match queries::latest_revision_tx(&mut tx, id).await? {
            None => errors.add("transitions", p.t("admin-error-no-form")),
            Some(rev) => {
                if rev.schema()?.check().is_err() {
                    errors.add("transitions", p.t("admin-error-form-invalid"));
                }
                if call.closes_at <= now {
                    errors.add("transitions", p.t("admin-error-closes-past"));
                } else if call.opens_at >= call.closes_at {
                    errors.add("transitions", p.t("admin-error-closes-before-opens"));
                }
                publish_form = Some(rev.id());
            }
        },
        (Extra::Reopen { date, time: t }, CallEvent::Reopen) => {
            match time::local_to_utc(date, t, call.tz()) {
                Ok(at) if at > now => new_deadline = Some(at),
                Ok(_) => errors.add("reopen_date", p.t("admin-error-reopen-past")),
                Err(e) => errors.add(
                    if e.on_date() {
                        "reopen_date"
                    } else {
                        "reopen_time"
                    },
                    p.t(e.code()),
                ),
            }
        }
        // Closing early: the deadline becomes now, so that pages and exports tell the truth.
        (_, CallEvent::Close) if call.closes_at > now => new_deadline = Some(now),
        _ => {}
    }
    if errors.is_empty() {
        let has_files = queries::count_files(&mut tx, id).await? > 0;
        match model::transition_call(&mut tx, &call, event, has_files, user.id).await? {
            Ok(_) => {}
            Err(e) => errors.add("transitions", p.t(refusal_message(e.code))),
        }
    }
    if !errors.is_empty() {
        drop(tx);
        return show_page(&p, &shown, errors, reopen_values).await;
    }
    if let Some(form) = publish_form {
        queries::publish_revision(&mut tx, id, form).await?;
    }
    if let Some(at) = new_deadline {
        queries::set_closes_at(&mut tx, id, at).await?;
        audit::record(
            &mut tx,
            Entry {
                actor: Some(user.id),
                action: "call.deadline",
                record_type: "call",
                record_id: call.id.to_string(),
                summary: json!({ "from": call.closes_at, "to": at, "event": event.as_str() }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}", call.id),
        &format!("admin-flash-{}", event.as_str()),
    ))
}

pub(super) async fn publish(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    run(p, id, CallEvent::Publish, Extra::None).await
}

pub(super) async fn unpublish(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    run(p, id, CallEvent::Unpublish, Extra::None).await
}

pub(super) async fn close(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    run(p, id, CallEvent::Close, Extra::None).await
}

pub(super) async fn archive(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    run(p, id, CallEvent::Archive, Extra::None).await
}

pub(super) async fn reopen(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    p.require_staff()?;
    let f = Fields::parse(&body);
    let extra = Extra::Reopen {
        date: f.get("reopen_date").to_owned(),
        time: f.get("reopen_time").to_owned(),
    };
    run(p, id, CallEvent::Reopen, extra).await
}
