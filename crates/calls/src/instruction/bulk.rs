//! One action on many files: change their state, label them, assign them, or write to their
//! applicants. Each file is handled in its own transaction through the same functions as the
//! file's page, so a refusal on one (a guard, a state that does not allow the event) never
//! stops the others; the result page says what happened to each. Every change is audited per
//! file, and the bulk action itself once.

use super::actions::{apply_transition, attach_label, label_call, set_assignee};
use super::list::{render_list, BulkForm, ListParams};
use super::messages::{post_message, recipients};
use super::{
    clean_text, event_label, form_id, is_staff_member, needs_reason, state_label, transition_error,
    Fields, MAX_TEXT, STAFF_EVENTS,
};
use crate::model::{self, File};
use askama::Template;
use axum::extract::Request;
use axum::response::Response;
use essor_domain::ids::{FileId, UserId};
use essor_domain::lifecycle::FileEvent;
use essor_platform::audit::{self, Entry};
use essor_platform::web::{render, AppError, AppResult, Ctx, FormErrors};
use essor_platform::AppState;
use serde_json::json;

/// Most files one bulk action touches.
pub(crate) const MAX_FILES: usize = 500;

/// The action, checked before any file is touched.
enum Action {
    Transition(FileEvent, Option<String>),
    Label(i64, i64),
    Assign(Option<i64>),
    Message(String),
}

impl Action {
    fn code(&self) -> &'static str {
        match self {
            Action::Transition(..) => "transition",
            Action::Label(..) => "label",
            Action::Assign(_) => "assign",
            Action::Message(_) => "message",
        }
    }
}

struct Outcome {
    id: i64,
    number: String,
    title: String,
    ok: bool,
    message: String,
}

#[derive(Template)]
#[template(path = "instruction/bulk.html")]
struct ResultTpl<'a> {
    p: &'a Ctx,
    action: String,
    outcomes: Vec<Outcome>,
    summary: String,
    back: String,
}

pub(crate) async fn bulk(p: Ctx, req: Request) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let f = Fields::read(req).await?;
    let params = ListParams::from_query(f.get("back"));
    let mut ids: Vec<i64> = vec![];
    for id in f.all("file").into_iter().filter_map(form_id) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let form = BulkForm {
        selected: ids.clone(),
        event: f.get("event").to_owned(),
        reason: clean_text(f.get("reason")),
        label: f.get("label").to_owned(),
        assignee: f.get("assignee").to_owned(),
        body: clean_text(f.get("body")),
    };
    let mut errors = FormErrors::default();
    if ids.is_empty() {
        errors.add("bulk-selection", p.t("instruction-error-bulk-none"));
    } else if ids.len() > MAX_FILES {
        errors.add(
            "bulk-selection",
            p.t1("instruction-error-bulk-too-many", "max", MAX_FILES),
        );
    }
    let db = p.state.db();
    let action = match f.get("action") {
        "transition" => {
            let event = FileEvent::parse(&form.event).filter(|e| STAFF_EVENTS.contains(e));
            match event {
                None => errors.add("bulk-event", p.t("instruction-error-event")),
                Some(e) if needs_reason(e) && form.reason.is_empty() => {
                    errors.add("bulk-reason", p.t("instruction-error-reason-required"))
                }
                _ => {}
            }
            if form.reason.chars().count() > MAX_TEXT {
                errors.add("bulk-reason", p.t("instruction-error-too-long"));
            }
            let reason = (!form.reason.is_empty()).then(|| form.reason.clone());
            event.map(|e| Action::Transition(e, reason))
        }
        "label" => {
            let label = match form_id(&form.label) {
                Some(l) => label_call(db, l).await?.map(|call| Action::Label(l, call)),
                None => None,
            };
            if label.is_none() {
                errors.add("bulk-label", p.t("instruction-error-label-missing"));
            }
            label
        }
        "assign" => match form.assignee.as_str() {
            "" | "none" => Some(Action::Assign(None)),
            raw => match form_id(raw) {
                Some(a) if is_staff_member(db, a).await? => Some(Action::Assign(Some(a))),
                _ => {
                    errors.add("bulk-assignee", p.t("instruction-error-assignee"));
                    None
                }
            },
        },
        "message" => {
            if form.body.is_empty() {
                errors.add("bulk-body", p.t("instruction-error-message-empty"));
            } else if form.body.chars().count() > MAX_TEXT {
                errors.add("bulk-body", p.t("instruction-error-too-long"));
            }
            Some(Action::Message(form.body.clone()))
        }
        _ => return Err(AppError::BadRequest),
    };
    let Some(action) = action.filter(|_| errors.is_empty()) else {
        return render_list(&p, params, errors, form).await;
    };

    let mut outcomes = Vec::with_capacity(ids.len());
    for id in &ids {
        let file = model::file_by_id(db, FileId(*id)).await?;
        let Some(file) = file else {
            outcomes.push(Outcome {
                id: *id,
                number: format!("#{id}"),
                title: String::new(),
                ok: false,
                message: p.t("instruction-bulk-not-found"),
            });
            continue;
        };
        let result = match apply(&p, &file, &action, user.id).await {
            Ok(r) => r,
            Err(e) => {
                // One file failing (a lost connection…) must not hide what happened to others.
                tracing::error!(file = file.id, error = %format!("{e:#}"), "bulk action");
                Err(p.t("instruction-bulk-error"))
            }
        };
        let (ok, message) = match result {
            Ok(m) => (true, m),
            Err(m) => (false, m),
        };
        outcomes.push(Outcome {
            id: file.id,
            number: file.number,
            title: file.title,
            ok,
            message,
        });
    }
    let succeeded = outcomes.iter().filter(|o| o.ok).count();
    let failed = outcomes.len() - succeeded;
    let mut tx = db.begin().await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "file.bulk",
            record_type: "file",
            record_id: "bulk".to_owned(),
            summary: json!({
                "action": action.code(),
                "files": ids,
                "succeeded": succeeded,
                "failed": failed,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    let action_label = match &action {
        Action::Transition(e, _) => event_label(&p, *e),
        Action::Label(..) => p.t("instruction-bulk-label"),
        Action::Assign(_) => p.t("instruction-bulk-assign"),
        Action::Message(_) => p.t("instruction-bulk-message"),
    };
    let query = params.query();
    render(&ResultTpl {
        p: &p,
        action: action_label,
        outcomes,
        summary: format!(
            "{} {}",
            p.t.tn("instruction-bulk-succeeded", "count", succeeded as i64),
            p.t.tn("instruction-bulk-failed", "count", failed as i64)
        ),
        back: if query.is_empty() {
            "/staff/files".to_owned()
        } else {
            format!("/staff/files?{query}")
        },
    })
}

/// Applies the action to one file: `Ok(what was done)` or `Err(why not)`, both translated.
async fn apply(
    p: &Ctx,
    file: &File,
    action: &Action,
    actor: UserId,
) -> anyhow::Result<Result<String, String>> {
    let state: &AppState = &p.state;
    Ok(match action {
        Action::Transition(event, reason) => {
            match apply_transition(state, file, *event, actor, reason.as_deref()).await? {
                Ok(to) => Ok(p.t1(
                    "instruction-bulk-moved",
                    "state",
                    state_label(p, to.as_str()),
                )),
                Err(e) => Err(transition_error(p, e.code)),
            }
        }
        Action::Label(label, call) => {
            if *call != file.call_id {
                Err(p.t("instruction-bulk-label-other-call"))
            } else {
                let mut tx = state.db().begin().await?;
                let added = attach_label(&mut tx, file, *label, Some(actor)).await?;
                tx.commit().await?;
                Ok(p.t(if added {
                    "instruction-bulk-labelled"
                } else {
                    "instruction-bulk-already-labelled"
                }))
            }
        }
        Action::Assign(assignee) => {
            let mut tx = state.db().begin().await?;
            let changed = set_assignee(&mut tx, file, *assignee, Some(actor)).await?;
            tx.commit().await?;
            Ok(p.t(if changed {
                "instruction-bulk-assigned"
            } else {
                "instruction-bulk-already-assigned"
            }))
        }
        Action::Message(body) => {
            let (call, creator) = recipients(state, file).await?;
            let mut tx = state.db().begin().await?;
            post_message(
                &mut tx,
                state,
                file,
                &call,
                creator.as_ref(),
                actor,
                body,
                None,
            )
            .await?;
            tx.commit().await?;
            Ok(p.t("instruction-bulk-sent"))
        }
    })
}
