//! The SIRENE import from the terminal (`cli`) and from the staff page (`page`): staff pick two
//! files from the server's import folder or upload them; a background job runs the import and
//! keeps its record's progress up to date for the page to show.

pub mod cli;
mod page;

use crate::sirene::{run, store};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use essor_platform::jobs::{Job, Registry};
use essor_platform::AppState;
use sea_query::{Expr, Query};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/observatory/imports",
            get(page::list).post(page::start_from_folder),
        )
        .route(
            "/staff/observatory/imports/upload",
            post(page::start_from_upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/staff/observatory/imports/{id}", get(page::show))
        .route("/observatory/static/imports.js", get(page::script))
}

pub fn jobs(r: &mut Registry) {
    r.register(
        |state: AppState, job: RunImport| async move { execute(&state, job.import_id).await },
    );
}

/// Runs one queued import.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunImport {
    pub import_id: i64,
}

impl Job for RunImport {
    const KIND: &'static str = "observatory.sirene_import";
    /// A failed import is recorded on its row; running it again would not help.
    const MAX_ATTEMPTS: i64 = 1;
    fn dedup_key(&self) -> Option<String> {
        Some(format!("observatory.sirene_import.{}", self.import_id))
    }
}

/// Where uploaded stock files are stored, in the platform's storage (removed once read).
pub const UPLOADS: &str = "sirene/uploads";

/// The folder staff put stock files in (`<data dir>/sirene`); uploads go to the platform's
/// storage under [`UPLOADS`].
pub fn import_dir(state: &AppState) -> PathBuf {
    state.config().data_dir.join("sirene")
}

/// Takes the import if it is still queued (a second worker, or the job run again after its
/// lease expired, finds it taken and leaves it), then runs it.
pub async fn execute(state: &AppState, import_id: i64) -> anyhow::Result<()> {
    let db = state.db();
    let taken = db
        .execute(
            Query::update()
                .table(store::SireneImports::Table)
                .value(store::SireneImports::State, "starting")
                .and_where(Expr::col(store::SireneImports::Id).eq(import_id))
                .and_where(Expr::col(store::SireneImports::State).eq("queued")),
        )
        .await?;
    if taken == 0 {
        return Ok(());
    }
    let Some(row) = store::get(db, import_id).await? else {
        return Ok(());
    };
    let (Some(units), Some(ests)) = (row.units_path.clone(), row.establishments_path.clone())
    else {
        store::fail(db, import_id, "no file to read").await?;
        return Ok(());
    };
    let files = run::Files {
        units: units.into(),
        establishments: ests.into(),
    };
    // The outcome (counts or error) is on the record; the job itself is done either way.
    let _ = run::run(
        db,
        state.territory(),
        import_id,
        &files,
        &run::Progress::default(),
    )
    .await;
    // Uploaded copies are removed once read; files of the import folder stay.
    if let Some(uploads) = state.storage().local_path(UPLOADS) {
        for p in [&files.units, &files.establishments] {
            if p.starts_with(&uploads) {
                let _ = tokio::fs::remove_file(p).await;
            }
        }
    }
    Ok(())
}
