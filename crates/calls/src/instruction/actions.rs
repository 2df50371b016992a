//! What staff do to one file: move it through its lifecycle (with the letter the applicant
//! receives), assign it, label it. The same functions serve the bulk actions, one file and one
//! transaction at a time.

use super::emails::{self, letter_kind};
use super::file::{render_file, PageForm};
use super::{
    clean_text, form_id, is_staff_member, needs_reason, path_id, person, staff_file,
    transition_error, CallLabels, Fields, FileLabels, Organisations, MAX_TEXT, STAFF_EVENTS,
};
use crate::model::{self, File, Files};
use axum::extract::{Path, Request};
use axum::response::Response;
use essor_domain::ids::{CallId, UserId};
use essor_domain::lifecycle::{Actor, FileEvent, FileState, TransitionError};
use essor_platform::audit::{self, Entry};
use essor_platform::db::Tx;
use essor_platform::web::{see_other_flash, AppError, AppResult, Ctx, FormErrors};
use essor_platform::AppState;
use sea_query::{Expr, OnConflict, Query};
use serde_json::json;

/// Longest label name.
pub(crate) const MAX_LABEL: usize = 60;

pub(crate) async fn transition(
    p: Ctx,
    Path(id): Path<String>,
    req: Request,
) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let f = Fields::read(req).await?;
    let reason = clean_text(f.get("reason"));
    let form = PageForm {
        event: f.get("event").to_owned(),
        reason: reason.clone(),
        ..PageForm::default()
    };
    let mut errors = FormErrors::default();
    let event = FileEvent::parse(f.get("event")).filter(|e| STAFF_EVENTS.contains(e));
    match event {
        None => errors.add("event", p.t("instruction-error-event")),
        Some(e) if needs_reason(e) && reason.is_empty() => {
            errors.add("reason", p.t("instruction-error-reason-required"))
        }
        _ => {}
    }
    if reason.chars().count() > MAX_TEXT {
        errors.add("reason", p.t("instruction-error-too-long"));
    }
    let Some(event) = event.filter(|_| errors.is_empty()) else {
        return render_file(&p, &file, form, errors).await;
    };
    let reason = (!reason.is_empty()).then_some(reason.as_str());
    match apply_transition(&p.state, &file, event, user.id, reason).await? {
        Ok(_) => Ok(see_other_flash(
            &format!("/staff/files/{}", file.id),
            "instruction-flash-transition",
        )),
        Err(e) => {
            let field = if e.code == "file-reason-required" {
                "reason"
            } else {
                "event"
            };
            errors.add(field, transition_error(&p, e.code));
            render_file(&p, &file, form, errors).await
        }
    }
}

/// Moves the file in its own transaction, with its history row, audit entry and, for a
/// correction request or a decision, the letter to the applicant.
pub(crate) async fn apply_transition(
    state: &AppState,
    file: &File,
    event: FileEvent,
    actor: UserId,
    reason: Option<&str>,
) -> anyhow::Result<Result<FileState, TransitionError>> {
    let db = state.db();
    // Read before the transaction: SQLite transactions hold the write lock from their start.
    let letter = match letter_kind(event) {
        Some(kind) => {
            let call = model::call_by_id(db, CallId(file.call_id))
                .await?
                .ok_or_else(|| anyhow::anyhow!("file {} without its call", file.id))?;
            let org = org_name(db, file.org_id).await?;
            let to = person(db, file.created_by).await?;
            to.map(|to| (kind, call, org, to))
        }
        None => None,
    };
    let mut tx = db.begin().await?;
    let to = match model::transition_file(&mut tx, file, event, Actor::Staff, actor, reason).await?
    {
        Ok(to) => to,
        Err(e) => return Ok(Err(e)),
    };
    if let Some((kind, call, org, person)) = &letter {
        emails::queue_letter(&mut tx, state, person, call, file, org, kind, reason).await?;
    }
    tx.commit().await?;
    Ok(Ok(to))
}

pub(crate) async fn org_name(db: &essor_platform::db::Db, org: i64) -> anyhow::Result<String> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Query::select()
                .column(Organisations::Name)
                .from(Organisations::Table)
                .and_where(Expr::col(Organisations::Id).eq(org)),
        )
        .await?;
    Ok(row.map(|(n,)| n).unwrap_or_default())
}

pub(crate) async fn assign(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let f = Fields::read(req).await?;
    let assignee = match f.get("assignee") {
        "" | "none" => None,
        raw => match form_id(raw) {
            Some(a) if is_staff_member(p.state.db(), a).await? => Some(a),
            _ => {
                let mut errors = FormErrors::default();
                errors.add("assignee", p.t("instruction-error-assignee"));
                return render_file(&p, &file, PageForm::default(), errors).await;
            }
        },
    };
    let mut tx = p.state.db().begin().await?;
    set_assignee(&mut tx, &file, assignee, Some(user.id)).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/files/{}", file.id),
        "instruction-flash-assigned",
    ))
}

/// Assigns the file (or takes the assignment back); `false` when it already was so. The
/// assignee must have been checked to be a staff member. `actor` is `None` for Essor itself
/// (a routing rule).
pub(crate) async fn set_assignee(
    tx: &mut Tx,
    file: &File,
    assignee: Option<i64>,
    actor: Option<UserId>,
) -> anyhow::Result<bool> {
    let mut q = Query::update();
    q.table(Files::Table)
        .value(Files::AssigneeId, assignee)
        .and_where(Expr::col(Files::Id).eq(file.id));
    match assignee {
        Some(a) => q.cond_where(
            sea_query::Cond::any()
                .add(Expr::col(Files::AssigneeId).is_null())
                .add(Expr::col(Files::AssigneeId).ne(a)),
        ),
        None => q.and_where(Expr::col(Files::AssigneeId).is_not_null()),
    };
    if tx.execute(&q).await? == 0 {
        return Ok(false);
    }
    audit::record(
        tx,
        Entry {
            actor,
            action: "file.assign",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "assignee": assignee }),
        },
    )
    .await?;
    Ok(true)
}

/// A label (or any one-line name) as typed: one line, inner blanks collapsed.
pub(crate) fn label_name(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) async fn add_label(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let f = Fields::read(req).await?;
    let name = label_name(f.get("new_label"));
    let chosen = form_id(f.get("label"));
    let mut errors = FormErrors::default();
    if name.chars().count() > MAX_LABEL {
        errors.add("new_label", p.t("instruction-error-label-long"));
    } else if name.is_empty() && chosen.is_none() {
        errors.add("new_label", p.t("instruction-error-label-missing"));
    }
    if !errors.is_empty() {
        let form = PageForm {
            new_label: name,
            ..PageForm::default()
        };
        return render_file(&p, &file, form, errors).await;
    }
    let db = p.state.db();
    // Never trust an id from a form: the label must be one of the file's call.
    let chosen = match chosen {
        Some(l) if name.is_empty() => {
            if label_call(db, l).await? != Some(file.call_id) {
                return Err(AppError::NotFound);
            }
            Some(l)
        }
        _ => None,
    };
    let mut tx = db.begin().await?;
    let label = match chosen {
        Some(l) => l,
        None => label_for(&mut tx, file.call_id, &name, Some(user.id)).await?,
    };
    attach_label(&mut tx, &file, label, Some(user.id)).await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/files/{}#labels", file.id),
        "instruction-flash-labelled",
    ))
}

/// The call a label belongs to.
pub(crate) async fn label_call(
    db: &essor_platform::db::Db,
    label: i64,
) -> anyhow::Result<Option<i64>> {
    let row: Option<(i64,)> = db
        .fetch_optional(
            Query::select()
                .column(CallLabels::CallId)
                .from(CallLabels::Table)
                .and_where(Expr::col(CallLabels::Id).eq(label)),
        )
        .await?;
    Ok(row.map(|(c,)| c))
}

/// The call's label named `name` (compared without case), created when there is none.
pub(crate) async fn label_for(
    tx: &mut Tx,
    call: i64,
    name: &str,
    actor: Option<UserId>,
) -> anyhow::Result<i64> {
    let existing: Vec<(i64, String)> = tx
        .fetch_all(
            Query::select()
                .columns([CallLabels::Id, CallLabels::Name])
                .from(CallLabels::Table)
                .and_where(Expr::col(CallLabels::CallId).eq(call)),
        )
        .await?;
    let lower = name.to_lowercase();
    if let Some((id, _)) = existing.iter().find(|(_, n)| n.to_lowercase() == lower) {
        return Ok(*id);
    }
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(CallLabels::Table)
                .columns([CallLabels::CallId, CallLabels::Name])
                .values_panic([call.into(), name.into()])
                .to_owned(),
        )
        .await?;
    audit::record(
        tx,
        Entry {
            actor,
            action: "call.label_create",
            record_type: "call",
            record_id: call.to_string(),
            summary: json!({ "label": id, "name": name }),
        },
    )
    .await?;
    Ok(id)
}

/// Puts a label (of the file's call: checked by the caller) on the file; `false` when it
/// already was there.
pub(crate) async fn attach_label(
    tx: &mut Tx,
    file: &File,
    label: i64,
    actor: Option<UserId>,
) -> anyhow::Result<bool> {
    let n = tx
        .execute(
            Query::insert()
                .into_table(FileLabels::Table)
                .columns([FileLabels::FileId, FileLabels::LabelId])
                .values_panic([file.id.into(), label.into()])
                .on_conflict(
                    OnConflict::columns([FileLabels::FileId, FileLabels::LabelId])
                        .do_nothing()
                        .to_owned(),
                ),
        )
        .await?;
    if n == 0 {
        return Ok(false);
    }
    audit::record(
        tx,
        Entry {
            actor,
            action: "file.label_add",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "label": label }),
        },
    )
    .await?;
    Ok(true)
}

pub(crate) async fn remove_label(
    p: Ctx,
    Path((id, label)): Path<(String, String)>,
) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let label = path_id(&label)?;
    let mut tx = p.state.db().begin().await?;
    let n = tx
        .execute(
            Query::delete()
                .from_table(FileLabels::Table)
                .and_where(Expr::col(FileLabels::FileId).eq(file.id))
                .and_where(Expr::col(FileLabels::LabelId).eq(label)),
        )
        .await?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "file.label_remove",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "label": label }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/files/{}#labels", file.id),
        "instruction-flash-unlabelled",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_names_are_one_line() {
        assert_eq!(label_name("  À  revoir\n vite "), "À revoir vite");
        assert_eq!(label_name(" \t "), "");
    }
}
