//! Out of the platform: a call's files exported as CSV (streamed), XLSX and a ZIP of their
//! attachments (background jobs), awarded subsidies as open data in the SCDL "subventions"
//! format, statistics per call, and a read-only JSON API for staff tokens.
//!
//! Access: every `/staff/…` page checks `p.require_staff()` before reading anything else (a
//! call id of a call that does not exist is then a 404); `/api/v1/…` needs a live staff token
//! (`Authorization: Bearer`, 401 JSON otherwise, see [`api`]); `/open-data/…` is public, by law,
//! and holds no personal data.
//!
//! Large exports never hold the whole result: files are read in keyset pages
//! (`id > last ORDER BY id LIMIT 500`) and each page is written out before the next is read.

mod api;
mod background;
mod columns;
mod csv;
mod page;
mod scdl;
mod stats;
mod tokens;
mod xlsx;
mod zip;

use crate::model::{self, Call};
use axum::body::{Body, Bytes};
use axum::routing::{get, post};
use axum::Router;
use essor_domain::ids::CallId;
use essor_domain::lifecycle::FileState;
use essor_platform::jobs::Registry;
use essor_platform::session::CurrentUser;
use essor_platform::web::{AppError, AppResult, Ctx};
use essor_platform::AppState;
use sea_query::Iden;
use std::future::Future;

pub use scdl::awarded_amount;
pub use stats::{median, nearest_rank};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/calls/{id}/export",
            get(page::show).post(background::request),
        )
        .route("/staff/calls/{id}/export.csv", get(csv::download))
        .route(
            "/staff/calls/{id}/exports/{export}",
            get(background::status),
        )
        .route(
            "/staff/calls/{id}/exports/{export}/download",
            get(background::download),
        )
        .route("/staff/calls/{id}/open-data", post(scdl::save))
        .route(
            "/staff/calls/{id}/subventions.csv",
            get(scdl::staff_download),
        )
        .route(
            "/open-data/calls/{slug}/subventions.csv",
            get(scdl::public_download),
        )
        .route("/staff/calls/{id}/stats", get(stats::show))
        .route("/staff/api-tokens", get(tokens::list).post(tokens::create))
        .route("/staff/api-tokens/{id}/revoke", post(tokens::revoke))
        .merge(api::routes())
}

pub fn jobs(r: &mut Registry) {
    background::register(r);
}

/// Rows read per database round trip by every streamed export.
pub const BATCH: u64 = 500;

#[derive(Iden, Clone, Copy)]
#[iden = "organisations"]
enum Orgs {
    Table,
    Id,
    Name,
    Siret,
    Rna,
}

#[derive(Iden, Clone, Copy)]
enum FileAttachments {
    Table,
    Id,
    FileId,
    FieldId,
    StorageKey,
    OriginalName,
    ContentType,
    SizeBytes,
    UploadedAt,
    ReplacedAt,
}

/// An id from the URL; anything but a positive number is a page that does not exist.
fn path_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// Staff only (checked first), then the call named in the URL.
async fn staff_call(p: &Ctx, raw_id: &str) -> AppResult<(CurrentUser, Call)> {
    let user = p.require_staff()?.clone();
    let id = path_id(raw_id)?;
    let call = model::call_by_id(p.state.db(), CallId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, call))
}

/// States a file is in once submitted (drafts and withdrawn files are left out).
const SUBMITTED_STATES: [FileState; 6] = [
    FileState::Submitted,
    FileState::UnderInstruction,
    FileState::CorrectionRequested,
    FileState::Accepted,
    FileState::Refused,
    FileState::ClosedWithoutFollowUp,
];

/// A response body that sends `head` at once, then one chunk per keyset page: `next(after)`
/// reads the rows after id `after` and returns their bytes and the last id, or `None` at the
/// end. Memory holds one page; the first bytes leave before the first query.
fn keyset_body<F, Fut>(head: Bytes, mut next: F) -> Body
where
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<Option<(Bytes, i64)>>> + Send + 'static,
{
    enum Step {
        Head(Bytes),
        After(i64),
        Done,
    }
    let stream = futures::stream::unfold(Step::Head(head), move |step| {
        let page = match step {
            Step::Head(_) | Step::Done => None,
            Step::After(after) => Some(next(after)),
        };
        async move {
            match (step, page) {
                (Step::Head(head), _) => Some((Ok(head), Step::After(0))),
                (_, Some(page)) => match page.await {
                    Ok(Some((bytes, last))) => Some((Ok(bytes), Step::After(last))),
                    Ok(None) => None,
                    Err(e) => {
                        // The status line is gone already: the truncated body is the signal.
                        tracing::error!(error = %format!("{e:#}"), "streamed export failed");
                        Some((Err(std::io::Error::other("export interrupted")), Step::Done))
                    }
                },
                _ => None,
            }
        }
    });
    Body::from_stream(stream)
}
