//! The read-only JSON API, version 1, for staff tools: calls, and their files without drafts.
//! Documented by `crates/calls/openapi.json`, served at `/api/v1/openapi.json`.
//!
//! Every data route needs `Authorization: Bearer <token>` with a live staff token (see
//! [`super::tokens`]); without one the answer is 401 with a JSON error, before anything else is
//! read. Tokens are looked up by their SHA-256 hash: the stored value is never compared with
//! what the client sent, and timing reveals nothing about a live token. The API only reads
//! (GET), so it needs no CSRF token; it never reads the session cookie.
//!
//! Files are listed by `(updated_at, id)` with an opaque cursor: a client that keeps the last
//! `updated_at` it saw syncs with `updated_since`, and a page boundary never skips or repeats a
//! file (a file changed during the walk comes again later, with its new `updated_at`).

use super::columns::{file_rows_query, FileRow};
use super::tokens::ApiTokens;
use super::{path_id, FileAttachments};
use crate::model::{self, Call, CallForms, Calls, FileTransitions, Files, CALL_COLUMNS};
use axum::extract::{FromRequestParts, Path, RawQuery};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Duration, Utc};
use essor_domain::ids::{CallId, FileId, UserId};
use essor_domain::lifecycle::FileState;
use essor_platform::session::{self, Users};
use essor_platform::{password, AppState};
use sea_query::{Cond, Expr, Order, Query};
use serde::Serialize;
use serde_json::{json, Value};

/// The OpenAPI 3.0 description of this API, committed beside the crate.
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// Files per page unless the client asks otherwise, and at most.
const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 500;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/calls", get(list_calls))
        .route("/api/v1/calls/{id}", get(show_call))
        .route("/api/v1/calls/{id}/files", get(list_files))
        .route("/api/v1/files/{id}", get(show_file))
}

/// An API refusal, as JSON.
#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
    NotFound,
    BadRequest(&'static str),
    Internal(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError::Internal(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid staff API token is required: Authorization: Bearer <token>",
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such record"),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m),
            ApiError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the request failed",
                )
            }
        };
        let mut res = (status, Json(json!({ "error": code, "message": message }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"essor\""),
            );
        }
        res
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The staff member behind a valid bearer token. As an extractor it runs first, so a request
/// without a valid token is refused before its path or query is looked at.
pub struct ApiUser;

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<ApiUser> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            })
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or(ApiError::Unauthorized)?;
        let db = state.db();
        let row: Option<(i64, i64, Option<DateTime<Utc>>)> = db
            .fetch_optional(
                Query::select()
                    .columns([
                        (ApiTokens::Table, ApiTokens::Id),
                        (ApiTokens::Table, ApiTokens::UserId),
                        (ApiTokens::Table, ApiTokens::LastUsedAt),
                    ])
                    .from(ApiTokens::Table)
                    .inner_join(
                        Users::Table,
                        Expr::col((Users::Table, Users::Id))
                            .equals((ApiTokens::Table, ApiTokens::UserId)),
                    )
                    .and_where(
                        Expr::col((ApiTokens::Table, ApiTokens::TokenHash))
                            .eq(password::token_hash(token)),
                    )
                    .and_where(Expr::col((ApiTokens::Table, ApiTokens::RevokedAt)).is_null())
                    .and_where(Expr::col((Users::Table, Users::Disabled)).eq(false)),
            )
            .await?;
        let (token_id, user_id, last_used) = row.ok_or(ApiError::Unauthorized)?;
        let roles = session::roles_of(db, UserId(user_id)).await?;
        let staff = roles.contains(&essor_domain::role::Role::Staff)
            || roles.contains(&essor_domain::role::Role::Admin);
        if !staff {
            return Err(ApiError::Unauthorized);
        }
        // Once a minute at most: a busy client does not turn every read into a write.
        let now = Utc::now();
        if last_used.is_none_or(|t| now - t > Duration::seconds(60)) {
            db.execute(
                Query::update()
                    .table(ApiTokens::Table)
                    .value(ApiTokens::LastUsedAt, now)
                    .and_where(Expr::col(ApiTokens::Id).eq(token_id)),
            )
            .await?;
        }
        Ok(ApiUser)
    }
}

/// GET /api/v1/openapi.json: public, it describes the API and holds no data.
async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

#[derive(Serialize)]
struct CallJson {
    id: i64,
    slug: String,
    title: String,
    theme: String,
    summary: String,
    state: String,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    time_zone: String,
    max_amount_cents: Option<i64>,
    envelope_cents: Option<i64>,
    current_form_id: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<&Call> for CallJson {
    fn from(c: &Call) -> Self {
        CallJson {
            id: c.id,
            slug: c.slug.clone(),
            title: c.title.clone(),
            theme: c.theme.clone(),
            summary: c.summary.clone(),
            state: c.state.clone(),
            opens_at: c.opens_at,
            closes_at: c.closes_at,
            time_zone: c.time_zone.clone(),
            max_amount_cents: c.max_amount,
            envelope_cents: c.envelope,
            current_form_id: c.current_form_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// GET /api/v1/calls
async fn list_calls(_: ApiUser, state: axum::extract::State<AppState>) -> ApiResult<Json<Value>> {
    let calls: Vec<Call> = state
        .db()
        .fetch_all(
            Query::select()
                .columns(CALL_COLUMNS)
                .from(Calls::Table)
                .order_by(Calls::Id, Order::Asc),
        )
        .await?;
    let calls: Vec<CallJson> = calls.iter().map(CallJson::from).collect();
    Ok(Json(json!({ "calls": calls })))
}

async fn call_of(state: &AppState, raw: &str) -> ApiResult<Call> {
    let id = path_id(raw).map_err(|_| ApiError::NotFound)?;
    model::call_by_id(state.db(), CallId(id))
        .await?
        .ok_or(ApiError::NotFound)
}

/// GET /api/v1/calls/{id}: the call and its current form (to read the files' answers).
async fn show_call(
    _: ApiUser,
    state: axum::extract::State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let call = call_of(&state, &id).await?;
    let form: Option<(i64, i64, String)> = match call.current_form_id {
        Some(form_id) => {
            state
                .db()
                .fetch_optional(
                    Query::select()
                        .columns([CallForms::Id, CallForms::Revision, CallForms::Schema])
                        .from(CallForms::Table)
                        .and_where(Expr::col(CallForms::Id).eq(form_id)),
                )
                .await?
        }
        None => None,
    };
    let mut body = serde_json::to_value(CallJson::from(&call))?;
    body["description"] = json!(call.description);
    body["form"] = match form {
        Some((id, revision, schema)) => json!({
            "id": id,
            "revision": revision,
            "schema": serde_json::from_str::<Value>(&schema)?,
        }),
        None => Value::Null,
    };
    Ok(Json(body))
}

#[derive(Serialize)]
struct OrgJson {
    id: i64,
    name: String,
    siret: Option<String>,
    rna: Option<String>,
}

#[derive(Serialize)]
struct FileJson {
    id: i64,
    number: String,
    state: String,
    title: String,
    organisation: OrgJson,
    requested_amount_cents: Option<i64>,
    commune_code: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    decided_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl From<&FileRow> for FileJson {
    fn from(r: &FileRow) -> Self {
        FileJson {
            id: r.id,
            number: r.number.clone(),
            state: r.state.clone(),
            title: r.title.clone(),
            organisation: OrgJson {
                id: r.org_id,
                name: r.org_name.clone(),
                siret: r.org_siret.clone(),
                rna: r.org_rna.clone(),
            },
            requested_amount_cents: r.requested_amount,
            commune_code: r.commune_code.clone(),
            submitted_at: r.submitted_at,
            decided_at: r.decided_at,
            updated_at: r.updated_at,
        }
    }
}

/// `{nanoseconds since 1970}.{id}` of the last file of a page.
fn cursor_of(r: &FileRow) -> String {
    format!(
        "{}.{}",
        r.updated_at.timestamp_nanos_opt().unwrap_or(i64::MAX),
        r.id
    )
}

fn parse_cursor(s: &str) -> Option<(DateTime<Utc>, i64)> {
    let (nanos, id) = s.split_once('.')?;
    Some((
        DateTime::from_timestamp_nanos(nanos.parse().ok()?),
        id.parse().ok()?,
    ))
}

/// GET /api/v1/calls/{id}/files?updated_since=&cursor=&limit=
async fn list_files(
    _: ApiUser,
    state: axum::extract::State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Json<Value>> {
    let call = call_of(&state, &id).await?;
    let query = query.unwrap_or_default();
    let (mut since, mut cursor, mut limit) = (None, None, DEFAULT_LIMIT);
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "updated_since" => {
                since = Some(
                    DateTime::parse_from_rfc3339(&v)
                        .map_err(|_| {
                            ApiError::BadRequest("updated_since must be an RFC 3339 date-time")
                        })?
                        .with_timezone(&Utc),
                )
            }
            "cursor" => {
                cursor = Some(
                    parse_cursor(&v)
                        .ok_or(ApiError::BadRequest("cursor is not one this API gave"))?,
                )
            }
            "limit" => {
                limit = v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or(ApiError::BadRequest("limit must be between 1 and 500"))?
            }
            _ => {}
        }
    }
    let mut q = file_rows_query(call.id);
    q.and_where(Expr::col((Files::Table, Files::State)).ne(FileState::Draft.as_str()));
    if let Some(since) = since {
        q.and_where(Expr::col((Files::Table, Files::UpdatedAt)).gte(since));
    }
    if let Some((c_at, c_id)) = cursor {
        q.cond_where(
            Cond::any()
                .add(Expr::col((Files::Table, Files::UpdatedAt)).gt(c_at))
                .add(
                    Cond::all()
                        .add(Expr::col((Files::Table, Files::UpdatedAt)).eq(c_at))
                        .add(Expr::col((Files::Table, Files::Id)).gt(c_id)),
                ),
        );
    }
    q.order_by((Files::Table, Files::UpdatedAt), Order::Asc)
        .order_by((Files::Table, Files::Id), Order::Asc)
        .limit(limit + 1);
    let mut rows: Vec<FileRow> = state.db().fetch_all(&q).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().map(cursor_of)
    } else {
        None
    };
    let files: Vec<FileJson> = rows.iter().map(FileJson::from).collect();
    Ok(Json(json!({ "files": files, "next_cursor": next })))
}

#[derive(Serialize, sqlx::FromRow)]
struct HistoryJson {
    from_state: String,
    to_state: String,
    event: String,
    reason: Option<String>,
    at: DateTime<Utc>,
}

#[derive(Serialize, sqlx::FromRow)]
struct AttachmentJson {
    id: i64,
    field_id: String,
    original_name: String,
    content_type: String,
    size_bytes: i64,
    uploaded_at: DateTime<Utc>,
}

/// GET /api/v1/files/{id}: the file, its answers as stored (JSON keyed by field id), its
/// history and its current attachments. Drafts do not exist here.
async fn show_file(
    _: ApiUser,
    state: axum::extract::State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = path_id(&id).map_err(|_| ApiError::NotFound)?;
    let db = state.db();
    let file = model::file_by_id(db, FileId(id))
        .await?
        .filter(|f| f.state() != FileState::Draft)
        .ok_or(ApiError::NotFound)?;
    let row: FileRow = db
        .fetch_one(
            &file_rows_query(file.call_id)
                .and_where(Expr::col((Files::Table, Files::Id)).eq(file.id))
                .to_owned(),
        )
        .await?;
    let history: Vec<HistoryJson> = db
        .fetch_all(
            Query::select()
                .columns([
                    FileTransitions::FromState,
                    FileTransitions::ToState,
                    FileTransitions::Event,
                    FileTransitions::Reason,
                    FileTransitions::At,
                ])
                .from(FileTransitions::Table)
                .and_where(Expr::col(FileTransitions::FileId).eq(file.id))
                .order_by(FileTransitions::At, Order::Asc)
                .order_by(FileTransitions::Id, Order::Asc),
        )
        .await?;
    let attachments: Vec<AttachmentJson> = db
        .fetch_all(
            Query::select()
                .columns([
                    FileAttachments::Id,
                    FileAttachments::FieldId,
                    FileAttachments::OriginalName,
                    FileAttachments::ContentType,
                    FileAttachments::SizeBytes,
                    FileAttachments::UploadedAt,
                ])
                .from(FileAttachments::Table)
                .and_where(Expr::col(FileAttachments::FileId).eq(file.id))
                .and_where(Expr::col(FileAttachments::ReplacedAt).is_null())
                .order_by(FileAttachments::Id, Order::Asc),
        )
        .await?;
    let mut body = serde_json::to_value(FileJson::from(&row))?;
    body["call_id"] = json!(file.call_id);
    body["form_id"] = json!(file.form_id);
    body["assignee_id"] = json!(file.assignee_id);
    body["created_at"] = json!(file.created_at);
    body["answers"] = serde_json::from_str(&file.answers)?;
    body["history"] = serde_json::to_value(history)?;
    body["attachments"] = serde_json::to_value(attachments)?;
    Ok(Json(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_to_the_nanosecond() {
        let at = DateTime::from_timestamp_nanos(1_780_000_000_123_456_789);
        let (back, id) =
            parse_cursor(&format!("{}.{}", at.timestamp_nanos_opt().unwrap(), 42)).unwrap();
        assert_eq!((back, id), (at, 42));
        assert!(parse_cursor("nonsense").is_none());
        assert!(parse_cursor("1.x").is_none());
    }

    #[test]
    fn the_openapi_document_is_json_of_version_3() {
        let doc: Value = serde_json::from_str(OPENAPI).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.0"));
    }
}
