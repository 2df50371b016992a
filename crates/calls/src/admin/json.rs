//! The whole form as JSON: exported to copy it to another call or keep it, imported to replace
//! the working revision. An import must pass the form's check; every problem is listed.

use super::editor::edit_schema;
use super::queries;
use super::text::Fields;
use super::{staff_call, tr, words};
use crate::model::Call;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use essor_domain::forms::FormSchema;
use essor_platform::web::{render, render_invalid, see_other_flash, AppResult, Ctx, FormErrors};
use serde_json::json;

#[derive(Template)]
#[template(path = "admin/json.html")]
struct JsonTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    json: String,
    errors: FormErrors,
    /// Every problem of a refused import, in words.
    problems: Vec<String>,
}

fn page(tpl: JsonTpl<'_>) -> AppResult<Response> {
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let json = match queries::latest_revision(p.state.db(), call.id()).await? {
        Some(r) => serde_json::to_string_pretty(&r.schema()?)?,
        None => String::new(),
    };
    page(JsonTpl {
        p: &p,
        call: &call,
        json,
        errors: FormErrors::default(),
        problems: vec![],
    })
}

/// Reads and checks a schema; the problems in words otherwise.
pub(super) fn parse(p: &Ctx, raw: &str) -> Result<FormSchema, Vec<String>> {
    let schema: FormSchema = serde_json::from_str(raw)
        .map_err(|e| vec![tr(p, "admin-error-json", &[("error", e.to_string())])])?;
    schema.check().map_err(|errs| {
        errs.iter()
            .map(|e| words::schema_error(p, &schema, e))
            .collect::<Vec<_>>()
    })?;
    Ok(schema)
}

pub(super) async fn import(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let f = Fields::parse(&body);
    let raw = f.get("json").to_owned();
    let mut errors = FormErrors::default();
    let mut problems = vec![];
    match parse(&p, &raw) {
        Ok(schema) => {
            let summary =
                json!({ "pages": schema.pages.len(), "fields": schema.field_refs().len() });
            let res = edit_schema(&p, call.id(), true, "import", summary, |s| {
                *s = schema;
                Ok(())
            })
            .await?;
            match res {
                Ok(_) => {
                    return Ok(see_other_flash(
                        &format!("/staff/calls/{}/form", call.id),
                        "admin-flash-form-imported",
                    ))
                }
                Err(e) => errors = e,
            }
        }
        Err(found) => {
            errors.add(
                "json",
                tr(
                    &p,
                    "admin-error-import",
                    &[("count", found.len().to_string())],
                ),
            );
            problems = found;
        }
    }
    page(JsonTpl {
        p: &p,
        call: &call,
        json: raw,
        errors,
        problems,
    })
}
