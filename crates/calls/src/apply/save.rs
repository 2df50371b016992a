//! One page (step) of a file: shown with its table of contents and progress, and saved.
//!
//! Saving never loses what was typed: [`apply_input`] stores every readable answer (even one
//! that breaks a rule, reported), and the raw text of an unreadable one is kept in
//! `files.raw_inputs` and shown back with its error until it is corrected. Each save names the
//! version of the file it was made on; a save made on an older version (another tab, another
//! member) is refused with the person's input shown back, so they can check it and save again.
//!
//! Buttons: "Save" (stay), "Save and continue" (next step, once the page is complete),
//! "Previous", and the add / remove buttons of repeatable groups, all plain submit buttons.
//! `apply.js` also posts the page every 20 seconds when it changed (`autosave=1`, answered 204
//! with the new version in `X-File-Version`). Background saves are not written to the audit log
//! (every 20 seconds per applicant would drown it); explicit saves, attachments and every state
//! change are.

use super::attachments::{self, discard, storage_types, NewAttachment};
use super::files::{head, read_form, toc, Head, Toc};
use super::render::{read_pages, Build, ReadPage, SectionView, Widget};
use super::{
    answers_of, load, local_date, org_facts, raw_of, territory_codes, text, validate_options, Arg,
    Lang, Loaded,
};
use crate::model::{FileAccess, Files};
use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Query as UrlQuery, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use essor_domain::forms::{
    apply_input, check_file, parse_input, resolve, validate, Answers, Field, FieldError,
    FieldErrorCode, FieldKind, FileRef, FormPage, RawInput, Scope, Value,
};
use essor_domain::lifecycle::FileState;
use essor_domain::money::Cents;
use essor_platform::audit::{self, Entry};
use essor_platform::orgs::{self, Document};
use essor_platform::storage::{Stored, UploadError};
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx, FormErrors};
use futures::StreamExt;
use sea_query::{Expr, Query};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A notice above the form.
pub(crate) struct PageNotice {
    /// `warning` or `success`.
    pub class: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "apply/page.html")]
pub(crate) struct PageTpl<'a> {
    pub p: &'a Ctx,
    pub head: Head,
    pub toc: Toc,
    pub page_id: String,
    pub page_title: String,
    pub step: String,
    pub sections: Vec<SectionView>,
    pub errors: FormErrors,
    pub notice: Option<PageNotice>,
    pub version: i64,
    pub editable: bool,
    /// The page read only (submitted files, staff).
    pub read: Option<ReadPage>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub saved_text: String,
    pub conflict_text: String,
    pub failed_text: String,
}

/// What a page shows: answers (stored, or a trial of a refused post), raw text shown back,
/// errors, a notice.
pub(crate) struct Shown {
    pub answers: Answers,
    pub raw: RawInput,
    pub errors: Vec<(String, String)>,
    pub notice: Option<PageNotice>,
    pub version: i64,
}

pub(crate) async fn render_page(
    p: &Ctx,
    l: &Loaded,
    page: &FormPage,
    shown: Shown,
    status: StatusCode,
) -> AppResult<Response> {
    let now = Utc::now();
    let lang = Lang::of(p);
    let today = local_date(now, l.call.tz());
    let facts = org_facts(&p.state, &l.org, today).await?;
    let territory = territory_codes(&p.state, &l.call);
    let stored_raw = raw_of(&l.file);
    let toc = toc(
        l,
        &answers_of(&l.file),
        &stored_raw,
        &facts,
        &territory,
        Some(&page.id),
        &lang,
    );
    let resolved = resolve(&l.schema, &shown.answers, &facts);
    let editable = l.editable();
    let vault = if editable {
        orgs::documents_of(p.state.db(), l.org.id())
            .await?
            .into_iter()
            .filter(|d| !d.is_expired(today))
            .collect()
    } else {
        vec![]
    };
    let communes: Option<Vec<(String, String)>> = territory.as_ref().map(|_| {
        p.state
            .territory()
            .communes
            .iter()
            .map(|c| (c.code.clone(), c.name.clone()))
            .collect()
    });
    let errors_by_path: BTreeMap<String, String> = shown.errors.iter().cloned().collect();
    let build = Build {
        resolved: &resolved,
        raw: &shown.raw,
        errors: &errors_by_path,
        lang: &lang,
        file_id: l.file.id,
        vault: &vault,
        communes: communes.as_deref(),
        max_upload: p.state.config().max_upload_bytes,
    };
    let index = l
        .schema
        .pages
        .iter()
        .position(|pg| pg.id == page.id)
        .unwrap_or(0);
    let total = l.schema.pages.len();
    let read = (!editable).then(|| {
        read_pages(&l.schema, &resolved, &lang, l.file.id)
            .into_iter()
            .nth(index)
    });
    let tpl = PageTpl {
        p,
        head: head(p, l, now).await?,
        toc,
        page_id: page.id.clone(),
        page_title: page.title.get(lang.code()).to_owned(),
        step: lang.ta(
            "apply-step",
            &[
                ("n", Arg::N(index as i64 + 1)),
                ("total", Arg::N(total as i64)),
            ],
        ),
        sections: if editable { build.page(page) } else { vec![] },
        errors: FormErrors(summary(l, shown.errors, &lang)),
        notice: shown.notice,
        version: shown.version,
        editable,
        read: read.flatten(),
        prev: index
            .checked_sub(1)
            .and_then(|i| l.schema.pages.get(i))
            .map(|pg| pg.id.clone()),
        next: l.schema.pages.get(index + 1).map(|pg| pg.id.clone()),
        saved_text: lang.ta("apply-autosaved", &[("time", Arg::S("{time}".into()))]),
        conflict_text: lang.t("apply-autosave-conflict"),
        failed_text: lang.t("apply-autosave-failed"),
    };
    let mut res = render(&tpl)?;
    *res.status_mut() = status;
    Ok(res)
}

/// The error summary: in form order whichever check found them, each message saying which
/// question it is about.
fn summary(l: &Loaded, mut errors: Vec<(String, String)>, lang: &Lang) -> Vec<(String, String)> {
    errors.sort_by_key(|(path, _)| super::files::form_order(&l.schema, path));
    errors
        .into_iter()
        .map(|(path, message)| {
            if path.is_empty() {
                return (path, message);
            }
            let label = super::files::path_label(&l.schema, &path, lang);
            let text = lang.ta(
                "apply-error-with-label",
                &[("label", Arg::S(label)), ("message", Arg::S(message))],
            );
            (path, text)
        })
        .collect()
}

/// The error of a kept raw input, read again: what the person saw when saving.
pub(crate) fn raw_error(l: &Loaded, path: &str, values: &[String]) -> Option<FieldError> {
    let parts: Vec<&str> = path.split('.').collect();
    let field: Option<&Field> = match parts.as_slice() {
        [one] => l.schema.field(one),
        [g, n, m] if n.parse::<usize>().is_ok() => l.schema.field(&format!("{g}.{m}")),
        [f, line] => {
            return match l.schema.field(f).map(|f| &f.kind) {
                Some(FieldKind::BudgetTable { .. }) => {
                    let text = values.iter().rev().find(|v| !v.trim().is_empty())?;
                    Cents::parse_eur(text)
                        .err()
                        .map(|e| FieldError::new(format!("{f}.{line}"), &FieldErrorCode::Money(e)))
                }
                _ => None,
            }
        }
        _ => None,
    };
    let field = field?;
    match parse_input(&field.kind, values) {
        Err(e) => Some(FieldError::new(path, &e)),
        Ok(_) => None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PageQuery {
    /// Set by the links of a refused submission: show missing answers too.
    check: Option<String>,
}

pub(super) async fn page(
    p: Ctx,
    Path((id, page_id)): Path<(String, String)>,
    UrlQuery(q): UrlQuery<PageQuery>,
) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    let page = l.schema.page(&page_id).ok_or(AppError::NotFound)?.clone();
    let lang = Lang::of(&p);
    let answers = answers_of(&l.file);
    let raw: RawInput = raw_of(&l.file)
        .into_iter()
        .filter(|(k, _)| l.schema.page_of(k).is_some_and(|pg| pg.id == page.id))
        .collect();
    let mut errors: Vec<(String, String)> = vec![];
    if l.editable() {
        for (path, values) in &raw {
            if let Some(e) = raw_error(&l, path, values) {
                errors.push((path.clone(), text::error_text(&lang, &e)));
            }
        }
        let today = local_date(Utc::now(), l.call.tz());
        let facts = org_facts(&p.state, &l.org, today).await?;
        let territory = territory_codes(&p.state, &l.call);
        let opts = validate_options(&l.call, &territory);
        let all = q.check.is_some();
        for e in validate(&l.schema, &answers, &facts, Scope::Page(&page.id), &opts) {
            let shown = all || e.code != "forms-required";
            if shown && !errors.iter().any(|(path, _)| *path == e.path) {
                errors.push((e.path.clone(), text::error_text(&lang, &e)));
            }
        }
    }
    let version = l.file.version;
    render_page(
        &p,
        &l,
        &page,
        Shown {
            answers,
            raw,
            errors,
            notice: None,
            version,
        },
        StatusCode::OK,
    )
    .await
}

// ---- Saving ----------------------------------------------------------------------------------

/// What the buttons ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    Save,
    Next,
    Prev,
    /// Adds an item to a repeatable group.
    Add(String),
    /// Removes item `n` of a group.
    Remove(String, usize),
}

impl Action {
    fn parse(s: &str) -> Action {
        if let Some(g) = s.strip_prefix("add:") {
            return Action::Add(g.to_owned());
        }
        if let Some(rest) = s.strip_prefix("remove:") {
            if let Some((g, n)) = rest.rsplit_once('.') {
                if let Ok(n) = n.parse() {
                    return Action::Remove(g.to_owned(), n);
                }
            }
        }
        match s {
            "next" => Action::Next,
            "prev" => Action::Prev,
            _ => Action::Save,
        }
    }
}

/// A file received for an attachment input, stored and waiting to be recorded.
struct Upload {
    name: String,
    stored: Stored,
}

/// A post of the page: its inputs and uploads.
struct Posted {
    raw: RawInput,
    uploads: BTreeMap<String, Upload>,
    upload_errors: Vec<(String, String)>,
}

/// Room for the multipart framing and the text inputs beside the files.
const BODY_MARGIN: u64 = 2 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[error("request body too large")]
struct BodyTooLarge;

/// Caps the body at `limit` bytes as it streams; `tripped` tells afterwards that the cap cut it.
fn limit_body(req: Request, limit: u64, tripped: Arc<AtomicBool>) -> Request {
    let (parts, body) = req.into_parts();
    let mut seen = 0u64;
    let stream = body.into_data_stream().map(move |chunk| {
        let chunk = chunk?;
        seen += chunk.len() as u64;
        if seen > limit {
            tripped.store(true, Ordering::Relaxed);
            return Err(axum::Error::new(BodyTooLarge));
        }
        Ok(chunk)
    });
    Request::from_parts(parts, Body::from_stream(stream))
}

/// The attachment field a posted name designates on this page: `field` or `group.n.member`.
fn attachment_field<'s>(page: &'s FormPage, name: &str) -> Option<&'s Field> {
    let parts: Vec<&str> = name.split('.').collect();
    let top = |id: &str| {
        page.sections
            .iter()
            .flat_map(|s| &s.fields)
            .find(|f| f.id.as_str() == id)
    };
    let f = match parts.as_slice() {
        [one] => top(one)?,
        [g, n, m] if n.parse::<usize>().is_ok() => {
            top(g)?.members().iter().find(|f| f.id.as_str() == *m)?
        }
        _ => return None,
    };
    matches!(f.kind, FieldKind::Attachment { .. }).then_some(f)
}

/// Reads the page's post: URL-encoded (no files), or multipart with files streamed to storage.
async fn read_post(p: &Ctx, l: &Loaded, page: &FormPage, req: Request) -> AppResult<Posted> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Ok(Posted {
            raw: read_form(p, req).await?,
            uploads: BTreeMap::new(),
            upload_errors: vec![],
        });
    }
    let platform_max = p.state.config().max_upload_bytes;
    let inputs = page
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| match &f.kind {
            FieldKind::Attachment { .. } => 1,
            FieldKind::Group { fields, .. } => {
                let items = match answers_of(&l.file).get(f.id.as_str()) {
                    Some(Value::Group(items)) => items.len() + 1,
                    _ => 1,
                };
                items
                    * fields
                        .iter()
                        .filter(|m| matches!(m.kind, FieldKind::Attachment { .. }))
                        .count()
            }
            _ => 0,
        })
        .sum::<usize>()
        .max(1) as u64;
    let limit = platform_max
        .saturating_mul(inputs)
        .saturating_add(BODY_MARGIN);
    let tripped = Arc::new(AtomicBool::new(false));
    let req = limit_body(req, limit, tripped.clone());
    let mut multipart = Multipart::from_request(req, &p.state)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let mut posted = Posted {
        raw: RawInput::new(),
        uploads: BTreeMap::new(),
        upload_errors: vec![],
    };
    let too_large_or = |other: &'static str| {
        if tripped.load(Ordering::Relaxed) {
            UploadError::TooLarge.message_id()
        } else {
            other
        }
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                let m = too_large_or(UploadError::Interrupted(String::new()).message_id());
                posted.upload_errors.push((String::new(), p.t(m)));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        let Some(file_name) = field.file_name().map(str::to_owned) else {
            let value = field.text().await.unwrap_or_default();
            posted.raw.entry(name).or_default().push(value);
            continue;
        };
        // A file input left empty sends a part without a name.
        if file_name.is_empty() || posted.uploads.contains_key(&name) {
            continue;
        }
        let Some(FieldKind::Attachment { accept, max_bytes }) =
            attachment_field(page, &name).map(|f| &f.kind)
        else {
            continue;
        };
        let max = (*max_bytes).min(platform_max);
        let prefix = format!("files/{}", l.file.id);
        match p
            .state
            .storage()
            .put_stream(&prefix, field, max, &storage_types(accept))
            .await
        {
            Ok(stored) => {
                let name_clean = attachments::sanitise_file_name(&file_name);
                posted.uploads.insert(
                    name,
                    Upload {
                        name: if name_clean.is_empty() {
                            p.t("apply-attachment-unnamed")
                        } else {
                            name_clean
                        },
                        stored,
                    },
                );
            }
            Err(UploadError::Empty) => {}
            Err(e) => {
                let cut =
                    matches!(e, UploadError::Interrupted(_)) || tripped.load(Ordering::Relaxed);
                let message = match e {
                    UploadError::TooLarge => p.t1(
                        "apply-upload-too-large",
                        "max",
                        text::bytes(max, &Lang::of(p)),
                    ),
                    UploadError::BadType => {
                        let types: Vec<&str> = accept.iter().map(|t| t.display()).collect();
                        p.t1("apply-upload-bad-type", "types", types.join(", "))
                    }
                    other => p.t(too_large_or(other.message_id())),
                };
                posted.upload_errors.push((name, message));
                if cut {
                    // The rest of the body is unusable after a cut-off stream.
                    break;
                }
            }
        }
    }
    Ok(posted)
}

/// The posted item numbers of a group, in order: item `k` of the saved group came from input
/// number `map[k]` (as [`apply_input`] renumbers them).
fn item_map(group: &Field, raw: &RawInput) -> Vec<usize> {
    let prefix = format!("{}.", group.id);
    let mut ns: Vec<usize> = raw
        .keys()
        .filter_map(|name| {
            let rest = name.strip_prefix(&prefix)?;
            let (n, member) = rest.split_once('.')?;
            let n = n.parse::<usize>().ok()?;
            group
                .members()
                .iter()
                .any(|m| m.id.as_str() == member)
                .then_some(n)
        })
        .collect();
    ns.sort_unstable();
    ns.dedup();
    ns
}

/// The input name a saved path came from (`team.1.name` may have been posted as `team.3.name`).
fn posted_name(page: &FormPage, raw: &RawInput, path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    if let [g, k, m] = parts.as_slice() {
        if let Ok(k) = k.parse::<usize>() {
            let group = page
                .sections
                .iter()
                .flat_map(|s| &s.fields)
                .find(|f| f.id.as_str() == *g);
            if let Some(group) = group {
                if let Some(n) = item_map(group, raw).get(k) {
                    return format!("{g}.{n}.{m}");
                }
            }
        }
    }
    path.to_owned()
}

/// Sets (or clears) the answer at `path`: a field, or a member of one item of a group.
fn set_answer(answers: &mut Answers, path: &str, value: Option<Value>) {
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        [g, k, m] => {
            let Ok(k) = k.parse::<usize>() else { return };
            if let Some(Value::Group(items)) = answers.0.get_mut(*g) {
                if let Some(item) = items.get_mut(k) {
                    match (value, essor_domain::forms::FieldId::parse(m)) {
                        (Some(v), Ok(id)) => {
                            item.insert(id, v);
                        }
                        (None, _) => {
                            item.remove(m);
                        }
                        _ => {}
                    }
                }
            }
        }
        _ => match (value, essor_domain::forms::FieldId::parse(path)) {
            (Some(v), Ok(id)) => {
                answers.insert(id, v);
            }
            (None, _) => {
                answers.remove(path);
            }
            _ => {}
        },
    }
}

/// Every attachment input the page displays after this save: (path, field).
fn attachment_paths<'s>(
    page: &'s FormPage,
    answers: &Answers,
    resolved: &essor_domain::forms::Resolved,
) -> Vec<(String, &'s Field)> {
    let mut out = vec![];
    for f in page.sections.iter().flat_map(|s| &s.fields) {
        if resolved.is_hidden(f.id.as_str()) {
            continue;
        }
        match &f.kind {
            FieldKind::Attachment { .. } => out.push((f.id.to_string(), f)),
            FieldKind::Group { fields, .. } => {
                let n = match answers.get(f.id.as_str()) {
                    Some(Value::Group(items)) => items.len(),
                    _ => 0,
                };
                for k in 0..n {
                    for m in fields {
                        let path = format!("{}.{k}.{}", f.id, m.id);
                        if matches!(m.kind, FieldKind::Attachment { .. })
                            && !resolved.is_hidden(&path)
                        {
                            out.push((path, m));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A change of attachment decided from the post, recorded in the save's transaction.
enum AttachmentChange<'a> {
    Upload(&'a Upload),
    Vault(&'a Document),
    Remove,
}

pub(super) async fn save(
    p: Ctx,
    Path((id, page_id)): Path<(String, String)>,
    req: Request,
) -> AppResult<Response> {
    let l = load(&p, &id).await?;
    if l.access != FileAccess::Applicant {
        return Err(AppError::Forbidden);
    }
    let page = l.schema.page(&page_id).ok_or(AppError::NotFound)?.clone();
    let user = p.require_user()?.clone();
    let lang = Lang::of(&p);
    if !l.file.state().editable_by_applicant() {
        // Sent files are read only: say so and change nothing.
        let notice = PageNotice {
            class: "warning",
            text: lang.t("apply-read-only-refused"),
        };
        return render_page(
            &p,
            &l,
            &page,
            Shown {
                answers: answers_of(&l.file),
                raw: RawInput::new(),
                errors: vec![],
                notice: Some(notice),
                version: l.file.version,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let posted = read_post(&p, &l, &page, req).await?;
    let last = |k: &str| posted.raw.get(k).and_then(|v| v.last()).cloned();
    let autosave = last("autosave").as_deref() == Some("1");
    let action = if autosave {
        Action::Save
    } else {
        Action::parse(&last("action").unwrap_or_default())
    };
    let version = last("version").and_then(|v| v.parse::<i64>().ok());
    let now = Utc::now();
    let today = local_date(now, l.call.tz());
    let facts = org_facts(&p.state, &l.org, today).await?;
    let territory = territory_codes(&p.state, &l.call);
    let opts = validate_options(&l.call, &territory);

    let mut raw = posted.raw.clone();
    if let Action::Remove(group, n) = &action {
        let prefix = format!("{group}.{n}.");
        raw.retain(|k, _| !k.starts_with(&prefix));
    }
    let mut answers = answers_of(&l.file);
    let apply_errors = apply_input(
        &l.schema,
        &mut answers,
        Scope::Page(&page.id),
        &raw,
        &facts,
        &opts,
    );
    if let Action::Add(group) = &action {
        let field = page
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .find(|f| f.id.as_str() == group.as_str());
        if let Some(Field {
            id,
            kind: FieldKind::Group { max_items, .. },
            ..
        }) = field
        {
            let mut items = match answers.remove(id.as_str()) {
                Some(Value::Group(items)) => items,
                _ => vec![],
            };
            if max_items.is_none_or(|m| items.len() < m as usize) {
                items.push(Answers::new());
            }
            answers.insert(id.clone(), Value::Group(items));
        }
    }

    let stale = version != Some(l.file.version);
    if stale {
        return stale_response(
            &p,
            &l,
            &page,
            posted,
            answers,
            apply_errors,
            autosave,
            &lang,
        )
        .await;
    }

    // Attachments: an upload wins over a vault document, which wins over removal.
    let resolved = resolve(&l.schema, &answers, &facts);
    let vault = orgs::documents_of(p.state.db(), l.org.id()).await?;
    let mut errors: Vec<(String, String)> = vec![];
    let mut changes: Vec<(String, AttachmentChange)> = vec![];
    let mut used: Vec<String> = vec![];
    for (path, field) in attachment_paths(&page, &answers, &resolved) {
        let FieldKind::Attachment { accept, max_bytes } = &field.kind else {
            continue;
        };
        let name = posted_name(&page, &raw, &path);
        let check = |r: &FileRef| check_file(accept, *max_bytes, r);
        if let Some(up) = posted.uploads.get(&name) {
            let r = FileRef {
                id: 0,
                name: up.name.clone(),
                size: up.stored.size,
            };
            match check(&r) {
                Ok(()) => {
                    used.push(name.clone());
                    changes.push((path, AttachmentChange::Upload(up)));
                }
                Err(e) => errors.push((
                    path.clone(),
                    text::error_text(&lang, &FieldError::new(&path, &e)),
                )),
            }
            continue;
        }
        let chosen = posted
            .raw
            .get(&format!("{name}.vault"))
            .and_then(|v| v.last())
            .and_then(|v| v.parse::<i64>().ok());
        if let Some(doc_id) = chosen {
            match vault.iter().find(|d| d.id == doc_id) {
                Some(d) if d.is_expired(today) => {
                    let until = d
                        .valid_until
                        .map(|v| text::date(v, &lang))
                        .unwrap_or_default();
                    errors.push((
                        path,
                        lang.ta("apply-vault-expired", &[("date", Arg::S(until))]),
                    ));
                }
                Some(d) => {
                    let r = FileRef {
                        id: d.id,
                        name: d.original_name.clone(),
                        size: d.size_bytes.max(0) as u64,
                    };
                    match check(&r) {
                        Ok(()) => changes.push((path, AttachmentChange::Vault(d))),
                        Err(e) => errors.push((
                            path.clone(),
                            text::error_text(&lang, &FieldError::new(&path, &e)),
                        )),
                    }
                }
                // Not a document of this organisation: ignored, as if nothing was chosen.
                None => {}
            }
            continue;
        }
        let remove = posted
            .raw
            .get(&format!("{name}.remove"))
            .is_some_and(|v| v.iter().any(|x| x == "1"));
        if remove {
            changes.push((path, AttachmentChange::Remove));
        }
    }
    for (name, message) in &posted.upload_errors {
        errors.push((name.clone(), message.clone()));
    }

    // Raw text kept for the inputs that could not be read or broke a rule, by saved path.
    let mut kept: RawInput = raw_of(&l.file)
        .into_iter()
        .filter(|(k, _)| l.schema.page_of(k).is_none_or(|pg| pg.id != page.id))
        .collect();
    for e in &apply_errors {
        let name = posted_name(&page, &raw, &e.path);
        if let Some(v) = raw.get(&name) {
            kept.insert(e.path.clone(), v.clone());
        }
    }

    let result: anyhow::Result<Option<i64>> = async {
        let mut tx = p.state.db().begin().await?;
        let mut recorded = vec![];
        for (path, change) in &changes {
            match change {
                AttachmentChange::Upload(up) => {
                    let r = attachments::insert(
                        &mut tx,
                        &NewAttachment {
                            file_id: l.file.id,
                            field_id: path,
                            document_id: None,
                            storage_key: &up.stored.key,
                            original_name: &up.name,
                            content_type: up.stored.file_type.content_type(&up.name),
                            size_bytes: up.stored.size,
                            sha256: &up.stored.sha256,
                            uploaded_by: user.id,
                        },
                    )
                    .await?;
                    recorded.push(json!({"field": path, "name": up.name, "sha256": up.stored.sha256}));
                    set_answer(&mut answers, path, Some(Value::File(r)));
                }
                AttachmentChange::Vault(d) => {
                    let r = attachments::insert(
                        &mut tx,
                        &NewAttachment::from_document(l.file.id, path, d, user.id),
                    )
                    .await?;
                    recorded.push(json!({"field": path, "document": d.id}));
                    set_answer(&mut answers, path, Some(Value::File(r)));
                }
                AttachmentChange::Remove => {
                    attachments::mark_replaced(&mut tx, l.file.id, path).await?;
                    recorded.push(json!({"field": path, "removed": true}));
                    set_answer(&mut answers, path, None);
                }
            }
        }
        let editable = [
            FileState::Draft.as_str(),
            FileState::CorrectionRequested.as_str(),
        ];
        // Guarded by the version the page was made on, and by an editable state.
        let n = tx
            .execute(
                Query::update()
                    .table(Files::Table)
                    .values([
                        (Files::Answers, serde_json::to_string(&answers)?.into()),
                        (Files::RawInputs, serde_json::to_string(&kept)?.into()),
                        (Files::Version, (l.file.version + 1).into()),
                        (Files::UpdatedAt, now.into()),
                    ])
                    .and_where(Expr::col(Files::Id).eq(l.file.id))
                    .and_where(Expr::col(Files::Version).eq(l.file.version))
                    .and_where(Expr::col(Files::State).is_in(editable)),
            )
            .await?;
        if n == 0 {
            return Ok(None);
        }
        if !autosave || !recorded.is_empty() {
            audit::record(
                &mut tx,
                Entry {
                    actor: Some(user.id),
                    action: if recorded.is_empty() { "file.save" } else { "file.attachments" },
                    record_type: "file",
                    record_id: l.file.id.to_string(),
                    summary: json!({"page": page.id, "version": l.file.version + 1, "attachments": recorded}),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(l.file.version + 1))
    }
    .await;
    let new_version = match result {
        Ok(Some(v)) => v,
        Ok(None) => {
            // Another save got in first: nothing was written.
            return stale_response(
                &p,
                &l,
                &page,
                posted,
                answers,
                apply_errors,
                autosave,
                &lang,
            )
            .await;
        }
        Err(e) => {
            for up in posted.uploads.values() {
                discard(&p, &up.stored.key).await;
            }
            return Err(e.into());
        }
    };
    // Uploads that were not recorded (refused, or for a hidden field) leave nothing behind.
    for (name, up) in &posted.uploads {
        if !used.contains(name) {
            discard(&p, &up.stored.key).await;
        }
    }

    if autosave {
        let saved_at = text::time(now, l.call.tz());
        let mut res = StatusCode::NO_CONTENT.into_response();
        res.headers_mut()
            .insert("x-file-version", HeaderValue::from(new_version));
        if let Ok(v) = HeaderValue::from_str(&saved_at) {
            res.headers_mut().insert("x-saved-at", v);
        }
        return Ok(res);
    }

    for e in &apply_errors {
        if !errors.iter().any(|(path, _)| *path == e.path) {
            errors.push((e.path.clone(), text::error_text(&lang, e)));
        }
    }
    if action == Action::Next {
        for e in validate(&l.schema, &answers, &facts, Scope::Page(&page.id), &opts) {
            if !errors.iter().any(|(path, _)| *path == e.path) {
                errors.push((e.path.clone(), text::error_text(&lang, &e)));
            }
        }
    }
    let index = l
        .schema
        .pages
        .iter()
        .position(|pg| pg.id == page.id)
        .unwrap_or(0);
    let here = format!("/files/{}/pages/{}", l.file.id, page.id);
    let go = match &action {
        Action::Prev => Some(
            match index.checked_sub(1).and_then(|i| l.schema.pages.get(i)) {
                Some(pg) => format!("/files/{}/pages/{}", l.file.id, pg.id),
                None => format!("/files/{}", l.file.id),
            },
        ),
        Action::Add(group) => {
            let n = match answers.get(group) {
                Some(Value::Group(items)) => items.len().saturating_sub(1),
                _ => 0,
            };
            Some(format!("{here}#item-{group}-{n}"))
        }
        Action::Remove(group, _) => Some(format!("{here}#f-{group}")),
        _ if !errors.is_empty() => None,
        Action::Next => Some(match l.schema.pages.get(index + 1) {
            Some(pg) => format!("/files/{}/pages/{}", l.file.id, pg.id),
            None => format!("/files/{}", l.file.id),
        }),
        Action::Save => Some(here.clone()),
    };
    if let Some(to) = go {
        return Ok(see_other_flash(&to, "apply-saved"));
    }
    // Saved, with problems to show on this page. The file changed: load it again.
    let fresh = super::load_parts(
        p.state.db(),
        crate::model::file_by_id(p.state.db(), l.file.id())
            .await?
            .ok_or(AppError::NotFound)?,
        l.access,
    )
    .await?;
    let shown_raw: RawInput = kept
        .into_iter()
        .filter(|(k, _)| l.schema.page_of(k).is_some_and(|pg| pg.id == page.id))
        .collect();
    render_page(
        &p,
        &fresh,
        &page,
        Shown {
            answers,
            raw: shown_raw,
            errors,
            notice: Some(PageNotice {
                class: "warning",
                text: lang.t("apply-saved-with-errors"),
            }),
            version: new_version,
        },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// A save made on an older version: nothing written, the person's input shown back as they
/// posted it (over the current answers), with the current version so saving again replaces.
#[allow(clippy::too_many_arguments)]
async fn stale_response(
    p: &Ctx,
    l: &Loaded,
    page: &FormPage,
    posted: Posted,
    trial: Answers,
    apply_errors: Vec<FieldError>,
    autosave: bool,
    lang: &Lang,
) -> AppResult<Response> {
    for up in posted.uploads.values() {
        discard(p, &up.stored.key).await;
    }
    if autosave {
        return Ok(StatusCode::CONFLICT.into_response());
    }
    let current = crate::model::file_by_id(p.state.db(), l.file.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let fresh = super::load_parts(p.state.db(), current, l.access).await?;
    // The trial was made on the answers this page was loaded with; what the person typed on
    // this page goes over the current answers of the other pages.
    let mut shown = answers_of(&fresh.file);
    for section in &page.sections {
        for f in &section.fields {
            match trial.get(f.id.as_str()) {
                Some(v) => {
                    shown.insert(f.id.clone(), v.clone());
                }
                None => {
                    shown.remove(f.id.as_str());
                }
            }
        }
    }
    let raw: RawInput = apply_errors
        .iter()
        .filter_map(|e| {
            let name = posted_name(page, &posted.raw, &e.path);
            posted.raw.get(&name).map(|v| (e.path.clone(), v.clone()))
        })
        .collect();
    let errors = apply_errors
        .iter()
        .map(|e| (e.path.clone(), text::error_text(lang, e)))
        .collect();
    let version = fresh.file.version;
    if !fresh.file.state().editable_by_applicant() {
        return render_page(
            p,
            &fresh,
            page,
            Shown {
                answers: answers_of(&fresh.file),
                raw: RawInput::new(),
                errors: vec![],
                notice: Some(PageNotice {
                    class: "warning",
                    text: lang.t("apply-read-only-refused"),
                }),
                version,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    render_page(
        p,
        &fresh,
        page,
        Shown {
            answers: shown,
            raw,
            errors,
            notice: Some(PageNotice {
                class: "warning",
                text: lang.t("apply-stale"),
            }),
            version,
        },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
