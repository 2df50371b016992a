//! Staff API tokens: each staff member creates and revokes their own. A token is shown once,
//! when created; only its SHA-256 hash is stored, so a database leak leaks no live token.
//! A token works while it is not revoked and its owner is enabled and still staff.

use super::path_id;
use askama::Template;
use axum::extract::{Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::password;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use sea_query::{Expr, Iden, Order, Query};
use serde_json::json;

#[derive(Iden, Clone, Copy)]
pub(super) enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

/// Longest token name.
const MAX_NAME: usize = 100;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Template)]
#[template(path = "exports/tokens.html")]
struct TokensTpl<'a> {
    p: &'a Ctx,
    tokens: Vec<TokenRow>,
    token_name: String,
    errors: FormErrors,
    /// The token just created, shown this once.
    new_token: Option<String>,
}

async fn page(
    p: &Ctx,
    name: String,
    errors: FormErrors,
    new_token: Option<String>,
) -> AppResult<Response> {
    let user = p.require_staff()?;
    let tokens: Vec<TokenRow> = p
        .state
        .db()
        .fetch_all(
            Query::select()
                .columns([
                    ApiTokens::Id,
                    ApiTokens::Name,
                    ApiTokens::CreatedAt,
                    ApiTokens::LastUsedAt,
                    ApiTokens::RevokedAt,
                ])
                .from(ApiTokens::Table)
                .and_where(Expr::col(ApiTokens::UserId).eq(user.id.0))
                .order_by(ApiTokens::Id, Order::Desc),
        )
        .await?;
    let invalid = !errors.is_empty();
    let shown = new_token.is_some();
    let tpl = TokensTpl {
        p,
        tokens,
        token_name: name,
        errors,
        new_token,
    };
    let mut res = if invalid {
        render_invalid(&tpl)?
    } else {
        render(&tpl)?
    };
    if shown {
        // The secret must not stay in a cache or the history's copy of the page.
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// GET /staff/api-tokens
pub(super) async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    page(&p, String::new(), FormErrors::default(), None).await
}

/// POST /staff/api-tokens: `name`.
pub(super) async fn create(p: Ctx, req: Request) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let body = axum::body::to_bytes(req.into_body(), 16 * 1024)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let name = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let mut errors = FormErrors::default();
    if name.is_empty() {
        errors.add("name", p.t("exports-token-name-required"));
    } else if name.chars().count() > MAX_NAME {
        errors.add("name", p.t("exports-token-name-long"));
    }
    if !errors.is_empty() {
        return page(&p, name, errors, None).await;
    }
    let (token, hash) = password::new_token();
    let mut tx = p.state.db().begin().await?;
    let id = tx
        .insert_id(
            Query::insert()
                .into_table(ApiTokens::Table)
                .columns([
                    ApiTokens::UserId,
                    ApiTokens::Name,
                    ApiTokens::TokenHash,
                    ApiTokens::CreatedAt,
                ])
                .values_panic([
                    user.id.0.into(),
                    name.clone().into(),
                    hash.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "api_token.create",
            record_type: "api_token",
            record_id: id.to_string(),
            summary: json!({ "name": name }),
        },
    )
    .await?;
    tx.commit().await?;
    page(&p, String::new(), FormErrors::default(), Some(token)).await
}

/// POST /staff/api-tokens/{id}/revoke: one's own tokens only (others' do not exist here).
pub(super) async fn revoke(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let id = path_id(&id)?;
    let mut tx = p.state.db().begin().await?;
    let owned: Option<(Option<DateTime<Utc>>,)> = tx
        .fetch_optional(
            Query::select()
                .column(ApiTokens::RevokedAt)
                .from(ApiTokens::Table)
                .and_where(Expr::col(ApiTokens::Id).eq(id))
                .and_where(Expr::col(ApiTokens::UserId).eq(user.id.0)),
        )
        .await?;
    let (revoked_at,) = owned.ok_or(AppError::NotFound)?;
    if revoked_at.is_some() {
        return Ok(see_other_flash(
            "/staff/api-tokens",
            "exports-token-revoked",
        ));
    }
    tx.execute(
        Query::update()
            .table(ApiTokens::Table)
            .value(ApiTokens::RevokedAt, Utc::now())
            .and_where(Expr::col(ApiTokens::Id).eq(id))
            .and_where(Expr::col(ApiTokens::RevokedAt).is_null()),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "api_token.revoke",
            record_type: "api_token",
            record_id: id.to_string(),
            summary: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        "/staff/api-tokens",
        "exports-token-revoked",
    ))
}
