//! The form editor, without scripts: one page listing pages, sections and fields with a
//! button per action (add, edit, move, delete), the ready-made CERFA 12156 template, the
//! preview, and the revisions (publish the new version, discard it).

use super::queries;
use super::text::{self, one_line, Fields};
use super::words::{self, kind_message, KINDS};
use super::{ops, staff_call, tr};
use crate::model::{Call, FormRevision};
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use essor_domain::forms::{
    cerfa_12156_template, revision_conflicts, Field, FieldId, FieldKind, FormPage, FormSchema,
    LocalizedText, Section,
};
use essor_domain::ids::CallId;
use essor_domain::lifecycle::CallState;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const MAX_LABEL: usize = 300;

/// Ids already given to fields in any revision of the call. A new field never takes one of
/// them: answers are keyed by field id and kept across revisions, so a reused id would bring
/// back another question's answers.
pub(super) async fn used_ids(db: &Db, call: CallId) -> anyhow::Result<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    for rev in queries::revisions(db, call).await? {
        ids.extend(ops::paths(&rev.schema()?));
    }
    Ok(ids)
}

/// Applies `change` to the working revision, in one transaction with its audit entry: in place
/// while it is a draft, else on a new draft revision copied from it. With `create`, a call
/// without a form gets revision 1. The call's row is locked, so concurrent edits queue up.
pub(super) async fn edit_schema<F>(
    p: &Ctx,
    call: CallId,
    create: bool,
    action: &str,
    summary: Value,
    change: F,
) -> AppResult<Result<i64, FormErrors>>
where
    F: FnOnce(&mut FormSchema) -> Result<(), FormErrors>,
{
    let user = p.require_staff()?.clone();
    let mut tx = p.state.db().begin().await?;
    let locked = queries::lock_call(&mut tx, call)
        .await?
        .ok_or(AppError::NotFound)?;
    let refuse = |id: &str| {
        let mut e = FormErrors::default();
        e.add("form", p.t(id));
        Ok(Err(e))
    };
    if locked.state() == CallState::Archived {
        return refuse("admin-error-archived");
    }
    let latest = queries::latest_revision_tx(&mut tx, call).await?;
    let mut schema = match &latest {
        Some(r) => r.schema()?,
        None if create => FormSchema::default(),
        None => return refuse("admin-error-no-form"),
    };
    if let Err(e) = change(&mut schema) {
        return Ok(Err(e));
    }
    let revision = match &latest {
        Some(r) if r.published_at.is_none() => {
            if !queries::update_revision(&mut tx, r.id(), &schema).await? {
                return Err(
                    anyhow::anyhow!("draft revision {} was published meanwhile", r.id).into(),
                );
            }
            r.revision
        }
        other => {
            let n = other.as_ref().map_or(1, |r| r.revision + 1);
            let id = queries::insert_revision(&mut tx, call, n, &schema, user.id).await?;
            audit::record(
                &mut tx,
                Entry {
                    actor: Some(user.id),
                    action: "call.form.revision",
                    record_type: "call",
                    record_id: call.to_string(),
                    summary: json!({ "revision": n, "form": id.0 }),
                },
            )
            .await?;
            n
        }
    };
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "call.form.edit",
            record_type: "call",
            record_id: call.to_string(),
            summary: json!({ "revision": revision, "action": action, "detail": summary }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(revision))
}

/// A field as listed by the editor and the preview.
pub(super) struct FieldView {
    pub path: String,
    pub anchor: String,
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub help: Option<String>,
    pub condition: Option<String>,
    pub settings: String,
    pub is_group: bool,
    pub members: Vec<FieldView>,
}

pub(super) struct SectionView {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
    pub condition: Option<String>,
    pub fields: Vec<FieldView>,
}

pub(super) struct PageView {
    pub id: String,
    pub title: String,
    pub sections: Vec<SectionView>,
}

fn field_view(p: &Ctx, schema: &FormSchema, f: &Field, group: Option<&Field>) -> FieldView {
    let path = match group {
        Some(g) => g.id.join(&f.id).to_string(),
        None => f.id.to_string(),
    };
    FieldView {
        anchor: format!("field-{}", path.replace('.', "-")),
        label: words::label(p, f),
        kind: p.t(kind_message(words::kind_name(&f.kind))),
        required: f.required,
        help: f.help.as_ref().map(|h| h.get(p.lang()).to_owned()),
        condition: f
            .condition
            .as_ref()
            .map(|c| words::condition(p, Some(schema), c)),
        settings: words::settings(p, f),
        is_group: matches!(f.kind, FieldKind::Group { .. }),
        members: f
            .members()
            .iter()
            .map(|m| field_view(p, schema, m, Some(f)))
            .collect(),
        path,
    }
}

pub(super) fn schema_view(p: &Ctx, schema: &FormSchema) -> Vec<PageView> {
    schema
        .pages
        .iter()
        .map(|page| PageView {
            id: page.id.clone(),
            title: page.title.get(p.lang()).to_owned(),
            sections: page
                .sections
                .iter()
                .map(|s| SectionView {
                    id: s.id.clone(),
                    title: s.title.get(p.lang()).to_owned(),
                    intro: s.intro.as_ref().map(|i| i.get(p.lang()).to_owned()),
                    condition: s
                        .condition
                        .as_ref()
                        .map(|c| words::condition(p, Some(schema), c)),
                    fields: s
                        .fields
                        .iter()
                        .map(|f| field_view(p, schema, f, None))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/editor.html")]
struct EditorTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    rev: Option<FormRevision>,
    current: Option<i64>,
    pages: Vec<PageView>,
    /// What `FormSchema::check` finds, in words: to fix before publishing.
    problems: Vec<String>,
    /// Fields whose answers no longer fit, against the current published revision.
    conflicts: Vec<String>,
    can_publish: bool,
    errors: FormErrors,
    /// The values of the refused small form, keyed like `errors`.
    typed: Fields,
}

impl EditorTpl<'_> {
    /// Kinds offered by an "add" form (those a repeatable group may hold, for `members`), and
    /// whether each was the one chosen in a refused submission.
    fn kind_options(
        &self,
        name: &str,
        target: &str,
        members: bool,
    ) -> Vec<(&'static str, String, bool)> {
        let chosen = self.typed(name, target);
        KINDS
            .iter()
            .filter(|k| !members || !matches!(**k, "group" | "budget_table" | "computed"))
            .map(|k| (*k, self.p.t(kind_message(k)), chosen == *k))
            .collect()
    }

    fn typed(&self, name: &str, target: &str) -> &str {
        self.typed.get(&key(name, target))
    }

    fn key(&self, name: &str, target: &str) -> String {
        key(name, target)
    }

    fn err(&self, name: &str, target: &str) -> Option<&str> {
        self.errors.get(&key(name, target))
    }

    fn is_draft_revision(&self) -> bool {
        self.rev.as_ref().is_some_and(|r| r.published_at.is_none())
    }

    fn call_is_draft(&self) -> bool {
        self.call.state() == CallState::Draft
    }

    fn revision_note(&self) -> String {
        match &self.rev {
            Some(r) if r.published_at.is_none() => tr(
                self.p,
                "admin-form-revision-draft",
                &[("revision", r.revision.to_string())],
            ),
            Some(r) => tr(
                self.p,
                "admin-form-revision-published",
                &[("revision", r.revision.to_string())],
            ),
            None => String::new(),
        }
    }

    fn move_label(&self, id: &str, name: &str) -> String {
        tr(self.p, id, &[("name", name.to_owned())])
    }
}

/// The key of an input of one of the editor's small forms: its name and what it belongs to.
fn key(name: &str, target: &str) -> String {
    if target.is_empty() {
        name.to_owned()
    } else {
        format!("{name}-{}", target.replace('.', "-"))
    }
}

async fn editor_page(
    p: &Ctx,
    call: &Call,
    errors: FormErrors,
    typed: Fields,
) -> AppResult<Response> {
    let db = p.state.db();
    let rev = queries::latest_revision(db, call.id()).await?;
    let schema = match &rev {
        Some(r) => Some(r.schema()?),
        None => None,
    };
    let current = match call.current_form_id {
        Some(id) => crate::model::form_by_id(db, essor_domain::ids::FormId(id)).await?,
        None => None,
    };
    let problems = match &schema {
        Some(s) => s
            .check()
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| words::schema_error(p, s, e))
            .collect(),
        None => vec![],
    };
    let newer_draft = match (&rev, &current) {
        (Some(r), Some(c)) => r.published_at.is_none() && r.id != c.id,
        _ => false,
    };
    let conflicts = match (&schema, &current) {
        (Some(new), Some(cur)) if newer_draft => {
            let old = cur.schema()?;
            revision_conflicts(&old, new)
                .iter()
                .map(|path| match new.field(path.as_str()) {
                    Some(f) => tr(
                        p,
                        "admin-place-field",
                        &[("label", words::label(p, f)), ("path", path.to_string())],
                    ),
                    None => path.to_string(),
                })
                .collect()
        }
        _ => vec![],
    };
    let can_publish =
        newer_draft && matches!(call.state(), CallState::Published | CallState::Closed);
    let tpl = EditorTpl {
        p,
        call,
        current: current.map(|c| c.revision),
        pages: schema
            .as_ref()
            .map(|s| schema_view(p, s))
            .unwrap_or_default(),
        rev,
        problems,
        conflicts,
        can_publish,
        errors,
        typed,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    editor_page(&p, &call, FormErrors::default(), Fields::default()).await
}

fn back(call: &Call, anchor: &str) -> String {
    if anchor.is_empty() {
        format!("/staff/calls/{}/form", call.id)
    } else {
        format!("/staff/calls/{}/form#{anchor}", call.id)
    }
}

/// Runs an edit and answers: back to the editor (at `anchor`), or the editor with the errors
/// and the typed values.
async fn finish<F>(
    p: &Ctx,
    call: &Call,
    action: &str,
    summary: Value,
    typed: Fields,
    to: String,
    change: F,
) -> AppResult<Response>
where
    F: FnOnce(&mut FormSchema) -> Result<(), FormErrors>,
{
    match edit_schema(p, call.id(), false, action, summary, change).await? {
        Ok(_) => Ok(see_other_flash(&to, "admin-flash-form-saved")),
        Err(errors) => editor_page(p, call, errors, typed).await,
    }
}

/// A required title (French) and its optional English version, from a small form.
fn titles(p: &Ctx, f: &Fields, errors: &mut FormErrors, error_key: &str) -> (String, String) {
    let fr = one_line(f.get("title_fr"));
    let en = one_line(f.get("title_en"));
    if fr.is_empty() {
        errors.add(error_key, p.t("field-required"));
    } else if fr.chars().count() > MAX_LABEL || en.chars().count() > MAX_LABEL {
        errors.add(
            error_key,
            tr(p, "admin-error-too-long", &[("max", MAX_LABEL.to_string())]),
        );
    }
    (fr, en)
}

fn localized(fr: String, en: String) -> LocalizedText {
    LocalizedText {
        fr,
        en: (!en.is_empty()).then_some(en),
    }
}

fn optional_localized(fr: String, en: String) -> Option<LocalizedText> {
    (!fr.is_empty()).then(|| localized(fr, en))
}

fn not_found_error(p: &Ctx) -> FormErrors {
    let mut e = FormErrors::default();
    e.add("form", p.t("admin-error-gone"));
    e
}

// ---- Starting, publishing, discarding ------------------------------------------------------

pub(super) async fn start(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let template = f.get("template").to_owned();
    let schema = match template.as_str() {
        "cerfa_12156" => cerfa_12156_template(),
        "empty" => FormSchema::default(),
        _ => {
            let mut e = FormErrors::default();
            e.add("form", p.t("admin-error-template"));
            return editor_page(&p, &call, e, Fields::default()).await;
        }
    };
    let exists = queries::latest_revision(p.state.db(), call.id())
        .await?
        .is_some();
    let res = if exists {
        let mut e = FormErrors::default();
        e.add("form", p.t("admin-error-form-exists"));
        Err(e)
    } else {
        edit_schema(
            &p,
            call.id(),
            true,
            "start",
            json!({ "template": template }),
            |s| {
                *s = schema;
                Ok(())
            },
        )
        .await?
    };
    match res {
        Ok(_) => Ok(see_other_flash(
            &back(&call, ""),
            "admin-flash-form-created",
        )),
        Err(e) => editor_page(&p, &call, e, Fields::default()).await,
    }
}

/// Publishes the newer draft revision of a published (or closed) call: new files start on it,
/// files already started keep theirs.
pub(super) async fn publish(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let confirmed = Fields::parse(&body).checked("confirm");
    let mut errors = FormErrors::default();
    let mut tx = p.state.db().begin().await?;
    let locked = queries::lock_call(&mut tx, call.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let latest = queries::latest_revision_tx(&mut tx, call.id()).await?;
    let current = match locked.current_form_id {
        Some(f) => crate::model::form_by_id(p.state.db(), essor_domain::ids::FormId(f)).await?,
        None => None,
    };
    let mut publish = None;
    match (&latest, &current) {
        _ if !matches!(locked.state(), CallState::Published | CallState::Closed) => {
            errors.add("form", p.t("admin-error-publish-with-call"))
        }
        (Some(new), Some(cur)) if new.published_at.is_none() && new.id != cur.id => {
            let schema = new.schema()?;
            if schema.check().is_err() {
                errors.add("form", p.t("admin-error-form-invalid"));
            } else {
                let conflicts = revision_conflicts(&cur.schema()?, &schema);
                if !conflicts.is_empty() && !confirmed {
                    errors.add("confirm", p.t("admin-error-confirm-conflicts"));
                } else {
                    let names: Vec<String> = conflicts.iter().map(|c| c.to_string()).collect();
                    publish = Some((new.id(), new.revision, names));
                }
            }
        }
        _ => errors.add("form", p.t("admin-error-nothing-to-publish")),
    }
    let Some((form, revision, conflicts)) = publish else {
        drop(tx);
        return editor_page(&p, &call, errors, Fields::default()).await;
    };
    queries::publish_revision(&mut tx, call.id(), form).await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "call.form.publish",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "revision": revision, "form": form.0, "conflicts": conflicts }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &back(&call, ""),
        "admin-flash-form-published",
    ))
}

/// Throws away the draft revision (the published one stays current).
pub(super) async fn discard(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let mut tx = p.state.db().begin().await?;
    let locked = queries::lock_call(&mut tx, call.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let latest = queries::latest_revision_tx(&mut tx, call.id()).await?;
    let discarded = match &latest {
        Some(r) if r.published_at.is_none() && locked.state() != CallState::Archived => {
            queries::delete_draft_revision(&mut tx, r.id()).await?
        }
        _ => false,
    };
    let Some(r) = latest.filter(|_| discarded) else {
        drop(tx);
        let mut e = FormErrors::default();
        e.add("form", p.t("admin-error-nothing-to-discard"));
        return editor_page(&p, &call, e, Fields::default()).await;
    };
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "call.form.discard",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "revision": r.revision, "form": r.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &back(&call, ""),
        "admin-flash-form-discarded",
    ))
}

// ---- Preview -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/preview.html")]
struct PreviewTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    revision: i64,
    pages: Vec<PageView>,
}

pub(super) async fn preview(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let rev = queries::latest_revision(p.state.db(), call.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let schema = rev.schema()?;
    render(&PreviewTpl {
        p: &p,
        call: &call,
        revision: rev.revision,
        pages: schema_view(&p, &schema),
    })
}

// ---- Pages ---------------------------------------------------------------------------------

fn direction(f: &Fields) -> bool {
    f.get("direction") == "up"
}

pub(super) async fn add_page(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let mut errors = FormErrors::default();
    let (fr, en) = titles(&p, &f, &mut errors, "page_title");
    let mut typed = Fields::default();
    typed.push("page_title", fr.clone());
    typed.push("page_title_en", en.clone());
    if !errors.is_empty() {
        return editor_page(&p, &call, errors, typed).await;
    }
    let mut new_id = String::new();
    let base = non_empty(text::slugify(&fr, '_', 40), "page");
    let summary = json!({ "title": fr });
    let res = edit_schema(&p, call.id(), false, "add_page", summary, |s| {
        new_id = text::unique(&base, '_', |c| s.pages.iter().any(|pg| pg.id == c));
        s.pages.push(FormPage {
            id: new_id.clone(),
            title: localized(fr, en),
            sections: vec![],
        });
        Ok(())
    })
    .await?;
    match res {
        Ok(_) => Ok(see_other_flash(
            &back(&call, &format!("page-{new_id}")),
            "admin-flash-form-saved",
        )),
        Err(e) => editor_page(&p, &call, e, typed).await,
    }
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.is_empty() {
        fallback.to_owned()
    } else {
        s
    }
}

#[derive(Template)]
#[template(path = "admin/title_form.html")]
struct TitleTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    heading: String,
    action: String,
    f: Fields,
    errors: FormErrors,
    /// Sections have an introduction too.
    with_intro: bool,
}

fn title_page(tpl: TitleTpl<'_>) -> AppResult<Response> {
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// Saves a page's or a section's titles: when `tpl` (the form as typed) has no errors, runs
/// `change` and goes back to the editor at `anchor`; otherwise, or when the change is refused,
/// shows the form again with what was typed.
async fn save_titles<F>(
    mut tpl: TitleTpl<'_>,
    action: &str,
    summary: Value,
    anchor: &str,
    change: F,
) -> AppResult<Response>
where
    F: FnOnce(&mut FormSchema) -> Result<(), FormErrors>,
{
    if tpl.errors.is_empty() {
        match edit_schema(tpl.p, tpl.call.id(), false, action, summary, change).await? {
            Ok(_) => {
                return Ok(see_other_flash(
                    &back(tpl.call, anchor),
                    "admin-flash-form-saved",
                ))
            }
            Err(e) => tpl.errors = e,
        }
    }
    title_page(tpl)
}

async fn working_schema(p: &Ctx, call: &Call) -> AppResult<FormSchema> {
    match queries::latest_revision(p.state.db(), call.id()).await? {
        Some(r) => Ok(r.schema()?),
        None => Err(AppError::NotFound),
    }
}

pub(super) async fn page_form(
    p: Ctx,
    Path((id, page)): Path<(String, String)>,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let schema = working_schema(&p, &call).await?;
    let pg = schema.page(&page).ok_or(AppError::NotFound)?;
    let mut f = Fields::default();
    f.push("title_fr", pg.title.fr.clone());
    f.push("title_en", pg.title.en.clone().unwrap_or_default());
    title_page(TitleTpl {
        p: &p,
        call: &call,
        heading: tr(
            &p,
            "admin-page-edit",
            &[("title", pg.title.get(p.lang()).to_owned())],
        ),
        action: format!("/staff/calls/{}/form/pages/{page}", call.id),
        f,
        errors: FormErrors::default(),
        with_intro: false,
    })
}

pub(super) async fn save_page(
    p: Ctx,
    Path((id, page)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let mut errors = FormErrors::default();
    let (fr, en) = titles(&p, &f, &mut errors, "title_fr");
    let summary = json!({ "page": page, "title": fr });
    let tpl = TitleTpl {
        p: &p,
        call: &call,
        heading: p.t("admin-page-edit-title"),
        action: format!("/staff/calls/{}/form/pages/{page}", call.id),
        f,
        errors,
        with_intro: false,
    };
    save_titles(tpl, "edit_page", summary, &format!("page-{page}"), |s| {
        let pg = s
            .pages
            .iter_mut()
            .find(|pg| pg.id == page)
            .ok_or_else(|| not_found_error(&p))?;
        pg.title = localized(fr, en);
        Ok(())
    })
    .await
}

pub(super) async fn move_page(
    p: Ctx,
    Path((id, page)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let up = direction(&Fields::parse(&body));
    let summary = json!({ "page": page, "up": up });
    let target = page.clone();
    finish(
        &p,
        &call,
        "move_page",
        summary,
        Fields::default(),
        back(&call, &format!("page-{page}")),
        |s| {
            ops::move_page(s, &target, up);
            Ok(())
        },
    )
    .await
}

pub(super) async fn delete_page(
    p: Ctx,
    Path((id, page)): Path<(String, String)>,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let summary = json!({ "page": page });
    finish(
        &p,
        &call,
        "delete_page",
        summary,
        Fields::default(),
        back(&call, ""),
        |s| {
            let before = s.pages.len();
            s.pages.retain(|pg| pg.id != page);
            if s.pages.len() == before {
                return Err(not_found_error(&p));
            }
            Ok(())
        },
    )
    .await
}

// ---- Sections ------------------------------------------------------------------------------

pub(super) async fn add_section(
    p: Ctx,
    Path((id, page)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let mut errors = FormErrors::default();
    let error_key = key("section_title", &page);
    let (fr, en) = titles(&p, &f, &mut errors, &error_key);
    let mut typed = Fields::default();
    typed.push(&error_key, fr.clone());
    typed.push(&key("section_title_en", &page), en.clone());
    if !errors.is_empty() {
        return editor_page(&p, &call, errors, typed).await;
    }
    let base = non_empty(text::slugify(&fr, '_', 40), "section");
    let mut new_id = String::new();
    let summary = json!({ "page": page, "title": fr });
    let res = edit_schema(&p, call.id(), false, "add_section", summary, |s| {
        new_id = text::unique(&base, '_', |c| {
            s.pages
                .iter()
                .flat_map(|pg| &pg.sections)
                .any(|sec| sec.id == c)
        });
        let pg = s
            .pages
            .iter_mut()
            .find(|pg| pg.id == page)
            .ok_or_else(|| not_found_error(&p))?;
        pg.sections.push(Section {
            id: new_id.clone(),
            title: localized(fr, en),
            intro: None,
            condition: None,
            fields: vec![],
        });
        Ok(())
    })
    .await?;
    match res {
        Ok(_) => Ok(see_other_flash(
            &back(&call, &format!("section-{new_id}")),
            "admin-flash-form-saved",
        )),
        Err(e) => editor_page(&p, &call, e, typed).await,
    }
}

pub(super) async fn section_form(
    p: Ctx,
    Path((id, section)): Path<(String, String)>,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let mut schema = working_schema(&p, &call).await?;
    let s = ops::section_mut(&mut schema, &section).ok_or(AppError::NotFound)?;
    let mut f = Fields::default();
    f.push("title_fr", s.title.fr.clone());
    f.push("title_en", s.title.en.clone().unwrap_or_default());
    if let Some(i) = &s.intro {
        f.push("intro_fr", i.fr.clone());
        f.push("intro_en", i.en.clone().unwrap_or_default());
    }
    title_page(TitleTpl {
        p: &p,
        call: &call,
        heading: tr(
            &p,
            "admin-section-edit",
            &[("title", s.title.get(p.lang()).to_owned())],
        ),
        action: format!("/staff/calls/{}/form/sections/{section}", call.id),
        f,
        errors: FormErrors::default(),
        with_intro: true,
    })
}

pub(super) async fn save_section(
    p: Ctx,
    Path((id, section)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let mut errors = FormErrors::default();
    let (fr, en) = titles(&p, &f, &mut errors, "title_fr");
    let intro_fr = f.get("intro_fr").trim().to_owned();
    let intro_en = f.get("intro_en").trim().to_owned();
    if intro_fr.chars().count() > super::field_form::MAX_HELP
        || intro_en.chars().count() > super::field_form::MAX_HELP
    {
        errors.add(
            "intro_fr",
            tr(
                &p,
                "admin-error-too-long",
                &[("max", super::field_form::MAX_HELP.to_string())],
            ),
        );
    }
    let summary = json!({ "section": section, "title": fr });
    let tpl = TitleTpl {
        p: &p,
        call: &call,
        heading: p.t("admin-section-edit-title"),
        action: format!("/staff/calls/{}/form/sections/{section}", call.id),
        f,
        errors,
        with_intro: true,
    };
    let anchor = format!("section-{section}");
    save_titles(tpl, "edit_section", summary, &anchor, |s| {
        let sec = ops::section_mut(s, &section).ok_or_else(|| not_found_error(&p))?;
        sec.title = localized(fr, en);
        sec.intro = optional_localized(intro_fr, intro_en);
        Ok(())
    })
    .await
}

pub(super) async fn move_section(
    p: Ctx,
    Path((id, section)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let up = direction(&Fields::parse(&body));
    let summary = json!({ "section": section, "up": up });
    let target = section.clone();
    let to = back(&call, &format!("section-{section}"));
    finish(
        &p,
        &call,
        "move_section",
        summary,
        Fields::default(),
        to,
        |s| {
            ops::move_section(s, &target, up);
            Ok(())
        },
    )
    .await
}

pub(super) async fn delete_section(
    p: Ctx,
    Path((id, section)): Path<(String, String)>,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let summary = json!({ "section": section });
    finish(
        &p,
        &call,
        "delete_section",
        summary,
        Fields::default(),
        back(&call, ""),
        |s| {
            let mut found = false;
            for pg in &mut s.pages {
                let before = pg.sections.len();
                pg.sections.retain(|sec| sec.id != section);
                found |= pg.sections.len() != before;
            }
            if found {
                Ok(())
            } else {
                Err(not_found_error(&p))
            }
        },
    )
    .await
}

// ---- Fields --------------------------------------------------------------------------------

/// A field path from the URL; anything else is a page that does not exist.
pub(super) fn field_path(raw: &str) -> AppResult<FieldId> {
    FieldId::parse(raw).map_err(|_| AppError::NotFound)
}

/// Reads the small "add a field" form: kind and label.
fn new_field(
    p: &Ctx,
    f: &Fields,
    target: &str,
    prefix: &str,
    allowed: &[&str],
    errors: &mut FormErrors,
    typed: &mut Fields,
) -> Option<(FieldKind, String)> {
    let kind_name = f.get("kind");
    let label = one_line(f.get("label"));
    typed.push(&key(&format!("{prefix}_kind"), target), kind_name);
    typed.push(&key(&format!("{prefix}_label"), target), label.clone());
    if label.is_empty() {
        errors.add(
            &key(&format!("{prefix}_label"), target),
            p.t("field-required"),
        );
    } else if label.chars().count() > MAX_LABEL {
        errors.add(
            &key(&format!("{prefix}_label"), target),
            tr(p, "admin-error-too-long", &[("max", MAX_LABEL.to_string())]),
        );
    }
    let kind = allowed
        .contains(&kind_name)
        .then(|| words::new_kind(kind_name, &label))
        .flatten();
    if kind.is_none() {
        errors.add(
            &key(&format!("{prefix}_kind"), target),
            p.t("admin-error-kind"),
        );
    }
    kind.filter(|_| errors.is_empty()).map(|k| (k, label))
}

fn make_field(id: &str, kind: FieldKind, label: String) -> Field {
    // An explanation shows its text; its label stays empty.
    let label = if matches!(kind, FieldKind::Explanation { .. }) {
        String::new()
    } else {
        label
    };
    Field {
        id: FieldId::new(id),
        label: LocalizedText::fr(label),
        help: None,
        required: false,
        condition: None,
        kind,
        prefill: None,
    }
}

pub(super) async fn add_field(
    p: Ctx,
    Path((id, section)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let mut errors = FormErrors::default();
    let mut typed = Fields::default();
    let Some((kind, label)) = new_field(&p, &f, &section, "field", &KINDS, &mut errors, &mut typed)
    else {
        return editor_page(&p, &call, errors, typed).await;
    };
    let used = used_ids(p.state.db(), call.id()).await?;
    let base = non_empty(text::slugify(&label, '_', 40), "field");
    let mut new_id = String::new();
    let summary = json!({ "section": section, "label": label, "kind": words::kind_name(&kind) });
    let res = edit_schema(&p, call.id(), false, "add_field", summary, |s| {
        let now = ops::paths(s);
        new_id = text::unique(&base, '_', |c| {
            used.contains(c) || now.iter().any(|x| x == c)
        });
        let sec = ops::section_mut(s, &section).ok_or_else(|| not_found_error(&p))?;
        sec.fields.push(make_field(&new_id, kind, label));
        Ok(())
    })
    .await?;
    match res {
        // Straight to its settings: a choice needs options, a group members.
        Ok(_) => Ok(see_other_flash(
            &format!("/staff/calls/{}/form/fields/{new_id}", call.id),
            "admin-flash-field-added",
        )),
        Err(e) => editor_page(&p, &call, e, typed).await,
    }
}

pub(super) async fn add_member(
    p: Ctx,
    Path((id, field)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let group = field_path(&field)?;
    let f = Fields::parse(&body);
    let mut errors = FormErrors::default();
    let mut typed = Fields::default();
    let allowed: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| !matches!(*k, "group" | "budget_table" | "computed"))
        .collect();
    let Some((kind, label)) = new_field(
        &p,
        &f,
        group.as_str(),
        "member",
        &allowed,
        &mut errors,
        &mut typed,
    ) else {
        return editor_page(&p, &call, errors, typed).await;
    };
    let used = used_ids(p.state.db(), call.id()).await?;
    let base = non_empty(text::slugify(&label, '_', 40), "field");
    let mut new_path = String::new();
    let summary =
        json!({ "group": group.as_str(), "label": label, "kind": words::kind_name(&kind) });
    let res = edit_schema(&p, call.id(), false, "add_member", summary, |s| {
        let g = ops::field_mut(s, group.as_str())
            .filter(|g| group.is_simple() && matches!(g.kind, FieldKind::Group { .. }))
            .ok_or_else(|| not_found_error(&p))?;
        let prefix = format!("{}.", g.id);
        let member = text::unique(&base, '_', |c| {
            used.contains(&format!("{prefix}{c}")) || g.members().iter().any(|m| m.id.as_str() == c)
        });
        new_path = format!("{prefix}{member}");
        if let FieldKind::Group { fields, .. } = &mut g.kind {
            fields.push(make_field(&member, kind, label));
        }
        Ok(())
    })
    .await?;
    match res {
        Ok(_) => Ok(see_other_flash(
            &format!("/staff/calls/{}/form/fields/{new_path}", call.id),
            "admin-flash-field-added",
        )),
        Err(e) => editor_page(&p, &call, e, typed).await,
    }
}

pub(super) async fn move_field(
    p: Ctx,
    Path((id, field)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let path = field_path(&field)?;
    let up = direction(&Fields::parse(&body));
    let summary = json!({ "field": path.as_str(), "up": up });
    let to = back(&call, &format!("field-{}", path.as_str().replace('.', "-")));
    finish(
        &p,
        &call,
        "move_field",
        summary,
        Fields::default(),
        to,
        |s| {
            ops::move_field(s, path.as_str(), up);
            Ok(())
        },
    )
    .await
}

pub(super) async fn delete_field(
    p: Ctx,
    Path((id, field)): Path<(String, String)>,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let path = field_path(&field)?;
    let summary = json!({ "field": path.as_str() });
    finish(
        &p,
        &call,
        "delete_field",
        summary,
        Fields::default(),
        back(&call, ""),
        |s| {
            if ops::remove_field(s, path.as_str()) {
                Ok(())
            } else {
                Err(not_found_error(&p))
            }
        },
    )
    .await
}
