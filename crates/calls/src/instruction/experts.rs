//! Opinions of outside experts. Staff ask by e-mail; the link holds a token (only its hash is
//! stored) that is the expert's whole access: no account, one file, answered once. The expert
//! sees the file's answers and the question, and other experts' answered opinions only when
//! staff allowed it. Staff may revoke a request at any time: the link then leads nowhere (404).

use super::answers::{self, Leaf, Links, PageView, Shown};
use super::file::{attachments, expert_requests, render_file, PageForm};
use super::{
    absolute, actions::org_name, clean_text, download, lines, money, path_id, person, staff_file,
    ExpertRequests, Fields, MAX_TEXT,
};
use crate::model::{self, Call, File};
use askama::Template;
use axum::extract::{Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::email::Email;
use essor_domain::ids::{CallId, FileId};
use essor_platform::audit::{self, Entry};
use essor_platform::i18n::{Locale, Tr};
use essor_platform::password::{new_token, token_hash};
use essor_platform::web::{
    render, render_invalid, see_other, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use sea_query::{Expr, Query};
use serde_json::json;
use std::collections::BTreeSet;

/// The answers an expert may give, in the order offered.
pub(crate) const OPINIONS: [&str; 3] = ["favourable", "reserved", "unfavourable"];

const MAX_NAME: usize = 120;

pub(crate) async fn request(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let f = Fields::read(req).await?;
    let form = PageForm {
        expert_name: f.get("expert_name").trim().to_owned(),
        expert_email: f.get("expert_email").trim().to_owned(),
        question: clean_text(f.get("question")),
        sees_others: f.get("sees_others") == "yes",
        expert_lang: f.get("expert_lang").to_owned(),
        ..PageForm::default()
    };
    // The expert has no account to say their language: staff choose it (theirs by default).
    let expert_locale = match form.expert_lang.as_str() {
        "" => Some(p.locale()),
        raw => Locale::parse(raw),
    };
    let mut errors = FormErrors::default();
    if form.expert_name.is_empty() {
        errors.add("expert_name", p.t("instruction-error-expert-name"));
    } else if form.expert_name.chars().count() > MAX_NAME {
        errors.add("expert_name", p.t("instruction-error-too-long"));
    }
    let email = match Email::parse(&form.expert_email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("expert_email", p.t(e.code()));
            None
        }
    };
    if expert_locale.is_none() {
        errors.add("expert_lang", p.t("instruction-error-expert-lang"));
    }
    if form.question.is_empty() {
        errors.add("question", p.t("instruction-error-question"));
    } else if form.question.chars().count() > MAX_TEXT {
        errors.add("question", p.t("instruction-error-too-long"));
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return render_file(&p, &file, form, errors).await;
    };
    let db = p.state.db();
    let call = call_of(&p, &file).await?;
    let org = org_name(db, file.org_id).await?;
    let (token, hash) = new_token();
    let mut tx = db.begin().await?;
    let request = tx
        .insert_id(
            Query::insert()
                .into_table(ExpertRequests::Table)
                .columns([
                    ExpertRequests::FileId,
                    ExpertRequests::ExpertEmail,
                    ExpertRequests::ExpertName,
                    ExpertRequests::Question,
                    ExpertRequests::TokenHash,
                    ExpertRequests::SeesOtherOpinions,
                    ExpertRequests::RequestedBy,
                    ExpertRequests::RequestedAt,
                ])
                .values_panic([
                    file.id.into(),
                    email.as_str().into(),
                    form.expert_name.clone().into(),
                    form.question.clone().into(),
                    hash.into(),
                    form.sees_others.into(),
                    user.id.0.into(),
                    Utc::now().into(),
                ])
                .to_owned(),
        )
        .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "file.expert_request",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({
                "request": request,
                "expert": email.as_str(),
                "sees_other_opinions": form.sees_others,
            }),
        },
    )
    .await?;
    let expert_tr = Tr::new(p.state.i18n(), expert_locale.unwrap_or_default());
    super::emails::queue_expert_request(
        &mut tx,
        &p.state,
        &expert_tr,
        email.as_str(),
        &form.expert_name,
        &user.display_name,
        &call,
        &file,
        &org,
        &form.question,
        &absolute(&p.state, &format!("/expert/{token}")),
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/files/{}#experts", file.id),
        "instruction-flash-expert-sent",
    ))
}

pub(crate) async fn revoke(p: Ctx, Path((id, req)): Path<(String, String)>) -> AppResult<Response> {
    let (user, file) = staff_file(&p, &id).await?;
    let req = path_id(&req)?;
    let db = p.state.db();
    if !expert_requests(db, file.id)
        .await?
        .iter()
        .any(|r| r.id == req)
    {
        return Err(AppError::NotFound);
    }
    let mut tx = db.begin().await?;
    let n = tx
        .execute(
            Query::update()
                .table(ExpertRequests::Table)
                .value(ExpertRequests::RevokedAt, Utc::now())
                .and_where(Expr::col(ExpertRequests::Id).eq(req))
                .and_where(Expr::col(ExpertRequests::FileId).eq(file.id))
                .and_where(Expr::col(ExpertRequests::RevokedAt).is_null()),
        )
        .await?;
    if n > 0 {
        audit::record(
            &mut tx,
            Entry {
                actor: Some(user.id),
                action: "file.expert_revoke",
                record_type: "file",
                record_id: file.id.to_string(),
                summary: json!({ "request": req }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/files/{}#experts", file.id),
        "instruction-flash-expert-revoked",
    ))
}

async fn call_of(p: &Ctx, file: &File) -> anyhow::Result<Call> {
    model::call_by_id(p.state.db(), CallId(file.call_id))
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its call", file.id))
}

/// A live (not revoked) request, found by its token.
#[derive(sqlx::FromRow)]
struct Live {
    id: i64,
    file_id: i64,
    expert_name: String,
    question: String,
    sees_other_opinions: bool,
    requested_by: i64,
    opinion: Option<String>,
    comment: Option<String>,
    answered_at: Option<DateTime<Utc>>,
}

/// The request this token opens, and its file; 404 for an unknown or revoked token.
async fn live(p: &Ctx, token: &str) -> AppResult<(Live, File)> {
    // Tokens are 43 URL-safe characters; anything else cannot be one.
    if token.len() > 100 {
        return Err(AppError::NotFound);
    }
    let db = p.state.db();
    let live: Live = db
        .fetch_optional(
            Query::select()
                .columns([
                    ExpertRequests::Id,
                    ExpertRequests::FileId,
                    ExpertRequests::ExpertName,
                    ExpertRequests::Question,
                    ExpertRequests::SeesOtherOpinions,
                    ExpertRequests::RequestedBy,
                    ExpertRequests::Opinion,
                    ExpertRequests::Comment,
                    ExpertRequests::AnsweredAt,
                ])
                .from(ExpertRequests::Table)
                .and_where(Expr::col(ExpertRequests::TokenHash).eq(token_hash(token)))
                .and_where(Expr::col(ExpertRequests::RevokedAt).is_null()),
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let file = model::file_by_id(db, FileId(live.file_id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((live, file))
}

struct Opinion {
    name: String,
    opinion: String,
    comment: Vec<String>,
    at: Option<DateTime<Utc>>,
}

#[derive(Template)]
#[template(path = "instruction/expert.html")]
struct ExpertTpl<'a> {
    p: &'a Ctx,
    token: &'a str,
    file: &'a File,
    call: Call,
    org: String,
    amount: Option<String>,
    expert_name: String,
    question: Vec<String>,
    /// Their own answer, once given.
    mine: Option<Opinion>,
    others: Vec<Opinion>,
    sees_others: bool,
    pages: Option<Vec<PageView>>,
    opinions: Vec<(&'static str, String, bool)>,
    comment: String,
    errors: FormErrors,
}

async fn render_expert(
    p: &Ctx,
    token: &str,
    live: &Live,
    file: &File,
    chosen: &str,
    comment: String,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let call = call_of(p, file).await?;
    let org_row = essor_platform::orgs::by_id(db, file.org())
        .await?
        .ok_or_else(|| anyhow::anyhow!("file {} without its organisation", file.id))?;
    let current: BTreeSet<i64> = attachments(db, file.id)
        .await?
        .iter()
        .filter(|a| a.replaced_at.is_none())
        .map(|a| a.id)
        .collect();
    let base = format!("/expert/{token}");
    let pages = answers::pages_of(
        p,
        db,
        file,
        &org_row,
        &Links {
            base: &base,
            attachments: &current,
        },
    )
    .await?;
    let label = |o: &str| p.t(format!("instruction-opinion-{o}"));
    let others = if live.sees_other_opinions {
        expert_requests(db, file.id)
            .await?
            .into_iter()
            .filter(|r| r.id != live.id && r.revoked_at.is_none() && r.answered_at.is_some())
            .map(|r| Opinion {
                name: r.expert_name,
                opinion: r.opinion.as_deref().map(label).unwrap_or_default(),
                comment: r.comment.as_deref().map(lines).unwrap_or_default(),
                at: r.answered_at,
            })
            .collect()
    } else {
        vec![]
    };
    let mine = live.opinion.as_deref().map(|o| Opinion {
        name: live.expert_name.clone(),
        opinion: label(o),
        comment: live.comment.as_deref().map(lines).unwrap_or_default(),
        at: live.answered_at,
    });
    let tpl = ExpertTpl {
        p,
        token,
        file,
        org: org_row.name.clone(),
        amount: file.requested().map(|c| money(p.lang(), c)),
        call,
        expert_name: live.expert_name.clone(),
        question: lines(&live.question),
        mine,
        others,
        sees_others: live.sees_other_opinions,
        pages,
        opinions: OPINIONS
            .iter()
            .map(|o| (*o, label(o), *o == chosen))
            .collect(),
        comment,
        errors,
    };
    let mut res = if tpl.errors.is_empty() {
        render(&tpl)?
    } else {
        render_invalid(&tpl)?
    };
    // The token is in the address: keep it out of caches and of other sites' logs.
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

pub(crate) async fn page(p: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    let (live, file) = live(&p, &token).await?;
    render_expert(
        &p,
        &token,
        &live,
        &file,
        "",
        String::new(),
        FormErrors::default(),
    )
    .await
}

pub(crate) async fn answer(p: Ctx, Path(token): Path<String>, req: Request) -> AppResult<Response> {
    let (live, file) = live(&p, &token).await?;
    let back = format!("/expert/{token}");
    if live.answered_at.is_some() {
        return Ok(see_other(&back));
    }
    let f = Fields::read(req).await?;
    let opinion = OPINIONS.iter().find(|o| **o == f.get("opinion")).copied();
    let comment = clean_text(f.get("comment"));
    let mut errors = FormErrors::default();
    if opinion.is_none() {
        errors.add("opinion", p.t("instruction-error-opinion"));
    }
    if comment.is_empty() {
        errors.add("comment", p.t("instruction-error-comment"));
    } else if comment.chars().count() > MAX_TEXT {
        errors.add("comment", p.t("instruction-error-too-long"));
    }
    let Some(opinion) = opinion.filter(|_| errors.is_empty()) else {
        let chosen = f.get("opinion").to_owned();
        return render_expert(&p, &token, &live, &file, &chosen, comment, errors).await;
    };
    let db = p.state.db();
    let call = call_of(&p, &file).await?;
    let requester = person(db, live.requested_by).await?;
    let mut tx = db.begin().await?;
    // Guarded: answered once, and never after a revocation that raced with the answer.
    let n = tx
        .execute(
            Query::update()
                .table(ExpertRequests::Table)
                .values([
                    (ExpertRequests::Opinion, opinion.into()),
                    (ExpertRequests::Comment, comment.into()),
                    (ExpertRequests::AnsweredAt, Utc::now().into()),
                ])
                .and_where(Expr::col(ExpertRequests::Id).eq(live.id))
                .and_where(Expr::col(ExpertRequests::AnsweredAt).is_null())
                .and_where(Expr::col(ExpertRequests::RevokedAt).is_null()),
        )
        .await?;
    if n == 0 {
        return Ok(see_other(&back));
    }
    audit::record(
        &mut tx,
        Entry {
            actor: None,
            action: "file.expert_opinion",
            record_type: "file",
            record_id: file.id.to_string(),
            summary: json!({ "request": live.id, "opinion": opinion }),
        },
    )
    .await?;
    if let Some(to) = &requester {
        super::emails::queue_expert_answered(
            &mut tx,
            &p.state,
            to,
            &call,
            &file,
            &live.expert_name,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(see_other_flash(&back, "instruction-flash-opinion"))
}

/// An attachment of the file the token opens (current versions only).
pub(crate) async fn attachment(
    p: Ctx,
    Path((token, att)): Path<(String, String)>,
) -> AppResult<Response> {
    let (_, file) = live(&p, &token).await?;
    let att = path_id(&att)?;
    let a = attachments(p.state.db(), file.id)
        .await?
        .into_iter()
        .find(|a| a.id == att && a.replaced_at.is_none())
        .ok_or(AppError::NotFound)?;
    download(
        &p,
        &a.storage_key,
        &a.original_name,
        &a.content_type,
        a.size_bytes,
    )
    .await
}
