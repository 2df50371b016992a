//! Staff build and run calls for projects: the call itself (dates in its time zone, who may
//! apply, amounts, documents), its form (pages, sections, fields, display conditions, a JSON
//! import and export, the ready-made CERFA 12156 template), its revisions, and its lifecycle
//! (publish, unpublish, close, reopen, archive).
//!
//! Every route is for department staff: each handler starts with `p.require_staff()?`
//! (anonymous visitors go to the sign-in page, anyone else gets 403) before reading anything
//! else, the body included (bodies are parsed by hand after the check, see [`text::Fields`]).
//! Every change is one transaction holding the change, its history row when the state moves,
//! and its audit entry.
//!
//! Form revisions: the newest revision is the one staff edit. While it is a draft (never
//! published) it changes in place; once published, the first edit copies it into a new draft
//! revision, which becomes current when staff publish it (or when the call is published).
//! Files keep the revision they were started on; answers are keyed by stable field ids.

mod call_form;
pub(crate) mod conditions;
pub mod demo;
mod editor;
mod field_form;
mod json;
mod ops;
pub(crate) mod queries;
pub(crate) mod text;
pub(crate) mod time;
mod transitions;
mod view;
pub(crate) mod words;

use crate::model::Call;
use axum::routing::{get, post};
use axum::Router;
use essor_domain::ids::CallId;
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls", get(view::list))
        .route(
            "/staff/calls/new",
            get(call_form::new_form).post(call_form::create),
        )
        .route("/staff/calls/{id}", get(view::show))
        .route(
            "/staff/calls/{id}/edit",
            get(call_form::edit_form).post(call_form::update),
        )
        .route("/staff/calls/{id}/publish", post(transitions::publish))
        .route("/staff/calls/{id}/unpublish", post(transitions::unpublish))
        .route("/staff/calls/{id}/close", post(transitions::close))
        .route("/staff/calls/{id}/reopen", post(transitions::reopen))
        .route("/staff/calls/{id}/archive", post(transitions::archive))
        .route("/staff/calls/{id}/form", get(editor::page))
        .route("/staff/calls/{id}/form/start", post(editor::start))
        .route("/staff/calls/{id}/form/publish", post(editor::publish))
        .route("/staff/calls/{id}/form/discard", post(editor::discard))
        .route("/staff/calls/{id}/form/preview", get(editor::preview))
        .route(
            "/staff/calls/{id}/form/json",
            get(json::form).post(json::import),
        )
        .route("/staff/calls/{id}/form/pages", post(editor::add_page))
        .route(
            "/staff/calls/{id}/form/pages/{page}",
            get(editor::page_form).post(editor::save_page),
        )
        .route(
            "/staff/calls/{id}/form/pages/{page}/move",
            post(editor::move_page),
        )
        .route(
            "/staff/calls/{id}/form/pages/{page}/delete",
            post(editor::delete_page),
        )
        .route(
            "/staff/calls/{id}/form/pages/{page}/sections",
            post(editor::add_section),
        )
        .route(
            "/staff/calls/{id}/form/sections/{section}",
            get(editor::section_form).post(editor::save_section),
        )
        .route(
            "/staff/calls/{id}/form/sections/{section}/move",
            post(editor::move_section),
        )
        .route(
            "/staff/calls/{id}/form/sections/{section}/delete",
            post(editor::delete_section),
        )
        .route(
            "/staff/calls/{id}/form/sections/{section}/fields",
            post(editor::add_field),
        )
        .route(
            "/staff/calls/{id}/form/fields/{field}",
            get(field_form::form).post(field_form::save),
        )
        .route(
            "/staff/calls/{id}/form/fields/{field}/move",
            post(editor::move_field),
        )
        .route(
            "/staff/calls/{id}/form/fields/{field}/delete",
            post(editor::delete_field),
        )
        .route(
            "/staff/calls/{id}/form/fields/{field}/members",
            post(editor::add_member),
        )
        .route(
            "/staff/calls/{id}/form/fields/{field}/condition",
            get(conditions::form).post(conditions::save),
        )
}

/// An id from the URL; anything but a positive number is a page that does not exist.
fn path_id(raw: &str) -> AppResult<CallId> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(CallId)
        .ok_or(AppError::NotFound)
}

/// The call of a staff page, after the staff check.
pub(crate) async fn staff_call(p: &Ctx, raw_id: &str) -> AppResult<Call> {
    p.require_staff()?;
    let id = path_id(raw_id)?;
    crate::model::call_by_id(p.state.db(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A message with several text arguments.
pub(crate) fn tr(p: &Ctx, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, _)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    p.state.i18n().get(p.locale(), id, &args)
}

/// An amount in the reader's language.
pub(crate) fn money(p: &Ctx, c: essor_domain::money::Cents) -> String {
    match p.locale() {
        essor_platform::i18n::Locale::Fr => c.format_fr(),
        essor_platform::i18n::Locale::En => c.format_en(),
    }
}
