//! XLSX and ZIP exports, produced by a background job and then downloaded.
//!
//! Why not streamed like the CSV: an XLSX is a ZIP whose directory comes last and a ZIP of
//! attachments may weigh gigabytes; producing either for 100,000 files takes longer than a
//! proxy waits for a response. Staff ask for the export, get a page that says when it is ready
//! (reload it, or come back later from the export page's list), and download it from storage.
//! Files are kept [`RETENTION_DAYS`] days, then a job deletes them: exports hold personal data.

use super::columns::{self, Cell, Params, Spec};
use super::{path_id, staff_call, xlsx, zip, BATCH};
use crate::model;
use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use essor_domain::ids::CallId;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::i18n::{Locale, Tr};
use essor_platform::jobs::{self, Job, Registry};
use essor_platform::session::Users;
use essor_platform::storage::content_disposition;
use essor_platform::storage::FileType;
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx};
use essor_platform::AppState;
use futures::{SinkExt, TryStreamExt};
use sea_query::{Alias, Expr, Iden, Order, Query};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::PathBuf;

/// Days an export file stays downloadable.
pub const RETENTION_DAYS: i64 = 7;

#[derive(Iden, Clone, Copy)]
pub(super) enum Exports {
    Table,
    Id,
    CallId,
    RequestedBy,
    Format,
    Params,
    State,
    StorageKey,
    SizeBytes,
    RowCount,
    Error,
    CreatedAt,
    FinishedAt,
}

/// One export as its pages show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRec {
    pub id: i64,
    pub call_id: i64,
    pub format: String,
    pub params: String,
    pub state: String,
    pub storage_key: Option<String>,
    pub size_bytes: Option<i64>,
    pub row_count: Option<i64>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub requester: String,
}

impl StatusTpl<'_> {
    fn format_name(&self) -> String {
        self.p.t(format!("exports-format-{}", self.export.format))
    }

    fn state_name(&self) -> String {
        self.p.t(format!("exports-job-{}", self.export.state))
    }

    fn count_label(&self) -> String {
        self.p.t(format!("exports-count-{}", self.export.format))
    }
}

impl ExportRec {
    pub fn is_ready(&self) -> bool {
        self.state == "done" && self.storage_key.is_some()
    }

    pub fn is_waiting(&self) -> bool {
        matches!(self.state.as_str(), "pending" | "running")
    }

    /// "2,4 MB"
    pub fn size(&self) -> String {
        let b = self.size_bytes.unwrap_or(0) as f64;
        if b >= 1e6 {
            format!("{:.1} MB", b / 1e6).replace('.', ",")
        } else {
            format!("{:.0} kB", (b / 1e3).ceil())
        }
    }

    fn file_name(&self, slug: &str) -> String {
        let ext = if self.format == "zip" { "zip" } else { "xlsx" };
        format!(
            "{slug}-{}-{}.{ext}",
            self.id,
            self.created_at.format("%Y%m%d")
        )
    }
}

fn select() -> sea_query::SelectStatement {
    let e = Exports::Table;
    Query::select()
        .columns([
            (e, Exports::Id),
            (e, Exports::CallId),
            (e, Exports::Format),
            (e, Exports::Params),
            (e, Exports::State),
            (e, Exports::StorageKey),
            (e, Exports::SizeBytes),
            (e, Exports::RowCount),
            (e, Exports::Error),
            (e, Exports::CreatedAt),
            (e, Exports::FinishedAt),
        ])
        .expr_as(
            Expr::col((Users::Table, Users::DisplayName)),
            Alias::new("requester"),
        )
        .from(e)
        .inner_join(
            Users::Table,
            Expr::col((Users::Table, Users::Id)).equals((e, Exports::RequestedBy)),
        )
        .to_owned()
}

async fn load(db: &Db, id: i64) -> anyhow::Result<Option<ExportRec>> {
    db.fetch_optional(
        &select()
            .and_where(Expr::col((Exports::Table, Exports::Id)).eq(id))
            .to_owned(),
    )
    .await
}

/// The latest exports of a call, for its export page.
pub async fn recent(db: &Db, call_id: i64) -> anyhow::Result<Vec<ExportRec>> {
    db.fetch_all(
        &select()
            .and_where(Expr::col((Exports::Table, Exports::CallId)).eq(call_id))
            .order_by((Exports::Table, Exports::Id), Order::Desc)
            .limit(20)
            .to_owned(),
    )
    .await
}

#[derive(Serialize, Deserialize)]
struct RunExport {
    export_id: i64,
}

impl Job for RunExport {
    const KIND: &'static str = "calls.export";
    // A failure is recorded on the export for staff to see; they ask again if they wish.
    const MAX_ATTEMPTS: i64 = 1;
    fn dedup_key(&self) -> Option<String> {
        Some(format!("calls.export:{}", self.export_id))
    }
}

#[derive(Serialize, Deserialize)]
struct ExpireExport {
    export_id: i64,
}

impl Job for ExpireExport {
    const KIND: &'static str = "calls.export_expire";
}

pub(super) fn register(r: &mut Registry) {
    r.register(|state: AppState, job: RunExport| async move { run(&state, job.export_id).await });
    r.register(
        |state: AppState, job: ExpireExport| async move { expire(&state, job.export_id).await },
    );
}

/// POST /staff/calls/{id}/export: `format` (`xlsx` or `zip`), `col`, `state`.
pub(super) async fn request(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let body = axum::body::to_bytes(req.into_body(), 1 << 20)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let format = match pairs
        .iter()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str())
    {
        Some("xlsx") => "xlsx",
        Some("zip") => "zip",
        _ => return Err(AppError::BadRequest),
    };
    let mut params = Params::from_pairs(
        pairs
            .iter()
            .map(|(k, v)| (k.as_str().into(), v.as_str().into())),
    );
    params.lang = p.lang().to_owned();
    if format == "zip" {
        params.columns.clear();
    }
    let now = Utc::now();
    let mut tx = p.state.db().begin().await?;
    let export_id = tx
        .insert_id(
            Query::insert()
                .into_table(Exports::Table)
                .columns([
                    Exports::CallId,
                    Exports::RequestedBy,
                    Exports::Format,
                    Exports::Params,
                    Exports::State,
                    Exports::CreatedAt,
                ])
                .values_panic([
                    call.id.into(),
                    user.id.0.into(),
                    format.into(),
                    serde_json::to_string(&params)?.into(),
                    "pending".into(),
                    now.into(),
                ])
                .to_owned(),
        )
        .await?;
    jobs::enqueue(&mut tx, &RunExport { export_id }).await?;
    jobs::enqueue_at(
        &mut tx,
        &ExpireExport { export_id },
        now + Duration::days(RETENTION_DAYS),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "export.request",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "export": export_id, "format": format }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/exports/{export_id}", call.id),
        "exports-requested",
    ))
}

#[derive(Template)]
#[template(path = "exports/status.html")]
struct StatusTpl<'a> {
    p: &'a Ctx,
    call: model::Call,
    export: ExportRec,
    retention: i64,
}

/// The export of this call named in the URL, else 404.
async fn of_call(p: &Ctx, call_id: i64, raw: &str) -> AppResult<ExportRec> {
    let id = path_id(raw)?;
    load(p.state.db(), id)
        .await?
        .filter(|e| e.call_id == call_id)
        .ok_or(AppError::NotFound)
}

/// GET /staff/calls/{id}/exports/{export}
pub(super) async fn status(
    p: Ctx,
    Path((id, export)): Path<(String, String)>,
) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let export = of_call(&p, call.id, &export).await?;
    let mut res = render(&StatusTpl {
        p: &p,
        call,
        export,
        retention: RETENTION_DAYS,
    })?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// GET /staff/calls/{id}/exports/{export}/download
pub(super) async fn download(
    p: Ctx,
    Path((id, export)): Path<(String, String)>,
) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let export = of_call(&p, call.id, &export).await?;
    let Some(key) = export.storage_key.as_deref().filter(|_| export.is_ready()) else {
        return Err(AppError::NotFound);
    };
    let stream = p.state.storage().get_stream(key).await?;
    let mut tx = p.state.db().begin().await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "export.download",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "export": export.id, "format": export.format }),
        },
    )
    .await?;
    tx.commit().await?;
    let content_type = if export.format == "zip" {
        "application/zip"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    };
    let mut res = Body::from_stream(stream.map_err(std::io::Error::other)).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        content_disposition(&export.file_name(&call.slug)),
    );
    if let Some(size) = export.size_bytes {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn set_state(
    db: &Db,
    id: i64,
    values: Vec<(Exports, sea_query::SimpleExpr)>,
) -> anyhow::Result<()> {
    let mut q = Query::update();
    q.table(Exports::Table)
        .and_where(Expr::col(Exports::Id).eq(id));
    for (c, v) in values {
        q.value(c, v);
    }
    db.execute(&q).await?;
    Ok(())
}

/// Deletes its path when dropped, whatever happened.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// What a finished export left: its stored file (none when there was nothing to put in it).
struct Produced {
    key: Option<String>,
    size: i64,
    rows: i64,
}

/// The job: produces the file, stores it, records the outcome on the export. Only the worker
/// that moves the export from `pending` to `running` produces it, so a job claimed again by a
/// second server (after its lease ran out on a very long export) does nothing.
async fn run(state: &AppState, export_id: i64) -> anyhow::Result<()> {
    let db = state.db();
    let claimed = db
        .execute(
            Query::update()
                .table(Exports::Table)
                .value(Exports::State, "running")
                .and_where(Expr::col(Exports::Id).eq(export_id))
                .and_where(Expr::col(Exports::State).eq("pending")),
        )
        .await?;
    let Some(export) = load(db, export_id).await?.filter(|_| claimed == 1) else {
        return Ok(());
    };
    match produce(state, &export).await {
        Ok(done) => {
            set_state(
                db,
                export_id,
                vec![
                    (Exports::State, "done".into()),
                    (Exports::StorageKey, done.key.into()),
                    (Exports::SizeBytes, done.size.into()),
                    (Exports::RowCount, done.rows.into()),
                    (Exports::FinishedAt, Utc::now().into()),
                ],
            )
            .await?;
        }
        Err(err) => {
            tracing::error!(export = export_id, error = %format!("{err:#}"), "export failed");
            fail(db, export_id, &format!("{err:#}")).await?;
        }
    }
    Ok(())
}

async fn fail(db: &Db, export_id: i64, error: &str) -> anyhow::Result<()> {
    let message: String = error.chars().take(500).collect();
    set_state(
        db,
        export_id,
        vec![
            (Exports::State, "failed".into()),
            (Exports::Error, message.into()),
            (Exports::FinishedAt, Utc::now().into()),
        ],
    )
    .await
}

async fn produce(state: &AppState, export: &ExportRec) -> anyhow::Result<Produced> {
    let db = state.db().clone();
    let call = model::call_by_id(&db, CallId(export.call_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("the call is gone"))?;
    let params: Params = serde_json::from_str(&export.params)?;
    let tr = Tr::new(
        state.i18n(),
        Locale::parse(&params.lang).unwrap_or_default(),
    );
    let states = params.states();
    let dir = state.config().data_dir.join("tmp");
    std::fs::create_dir_all(&dir)?;
    let tmp = TempFile(dir.join(format!(
        "export-{}-{}",
        export.id,
        uuid::Uuid::new_v4().simple()
    )));
    let path = tmp.0.clone();
    let rows = if export.format == "zip" {
        let (tx, rx) = futures::channel::mpsc::channel::<zip::Msg>(4);
        let writer = tokio::task::spawn_blocking(move || {
            zip::write(&path, futures::executor::block_on_stream(rx))
        });
        let sent = zip::produce(state, call.id, &states, &tr, call.tz(), tx).await;
        let written = writer.await?;
        // The writer's error explains a failed send better than the send does.
        let entries = written?;
        sent?;
        entries
    } else {
        let schema = columns::current_schema(&db, &call).await?;
        let spec = Spec::new(
            schema,
            tr,
            call.tz(),
            state.territory().clone(),
            &params.columns,
        );
        let header = spec.header();
        let sheet = xlsx::sheet_name(&call.title);
        let tmp_dir = dir.clone();
        let (mut tx, rx) = futures::channel::mpsc::channel::<Vec<Vec<Cell>>>(2);
        let writer = tokio::task::spawn_blocking(move || {
            xlsx::write(
                &path,
                &tmp_dir,
                &sheet,
                &header,
                futures::executor::block_on_stream(rx),
            )
        });
        let sent: anyhow::Result<()> = async {
            let mut after = 0;
            loop {
                let page = columns::fetch_page(&db, call.id, &states, after, BATCH).await?;
                let Some(last) = page.last().map(|r| r.id) else {
                    return Ok(());
                };
                after = last;
                let cells = page.iter().map(|r| spec.cells(r)).collect();
                tx.send(cells)
                    .await
                    .map_err(|_| anyhow::anyhow!("the workbook writer stopped"))?;
            }
        }
        .await;
        drop(tx);
        let written = writer.await?;
        let rows = written?;
        sent?;
        rows
    };
    if rows == 0 && export.format == "zip" {
        return Ok(Produced {
            key: None,
            size: 0,
            rows: 0,
        });
    }
    let file = tokio::fs::File::open(&tmp.0).await?;
    // Both formats are ZIP containers, which storage recognises as such.
    let stored = state
        .storage()
        .put_stream(
            "exports",
            file_chunks(file),
            u64::MAX,
            &[FileType::OfficeZip],
        )
        .await?;
    Ok(Produced {
        key: Some(stored.key),
        size: i64::try_from(stored.size)?,
        rows: i64::try_from(rows)?,
    })
}

/// A file read in 256 KiB chunks.
fn file_chunks(
    file: tokio::fs::File,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Unpin {
    Box::pin(futures::stream::try_unfold(file, |mut f| async move {
        let mut buf = vec![0u8; 256 * 1024];
        let n = {
            let mut rb = tokio::io::ReadBuf::new(&mut buf);
            std::future::poll_fn(|cx| {
                tokio::io::AsyncRead::poll_read(std::pin::Pin::new(&mut f), cx, &mut rb)
            })
            .await?;
            rb.filled().len()
        };
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), f)))
    }))
}

/// The retention job: deletes the stored file and marks the export expired.
async fn expire(state: &AppState, export_id: i64) -> anyhow::Result<()> {
    let db = state.db();
    let Some(export) = load(db, export_id).await? else {
        return Ok(());
    };
    if export.is_waiting() {
        // Days after the request: the server that produced it stopped half-way.
        return fail(db, export_id, "interrupted").await;
    }
    if let Some(key) = &export.storage_key {
        state.storage().delete(key).await?;
    }
    set_state(
        db,
        export_id,
        vec![
            (Exports::State, "expired".into()),
            (Exports::StorageKey, Option::<String>::None.into()),
        ],
    )
    .await
}
