//! Editing one field: labels in French and English, help, required, prefill from the
//! organisation's profile, and the settings of its kind (limits, options one per line,
//! accepted files, computed operands…).

use super::editor::{edit_schema, field_path};
use super::queries;
use super::text::{self, one_line, Fields};
use super::words::{self, kind_message, kind_name};
use super::{money, staff_call, tr};
use crate::model::Call;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use essor_domain::forms::budget::{self, Side};
use essor_domain::forms::{
    ChoiceOption, ComputedDisplay, ComputedOp, Field, FieldId, FieldKind, FileType, FormSchema,
    LocalizedText, Prefill,
};
use essor_domain::money::Cents;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use serde_json::json;
use std::collections::BTreeSet;

/// Longest help text or section introduction.
pub(super) const MAX_HELP: usize = 2_000;
const MAX_LABEL: usize = 300;
const MAX_TEXT_LIMIT: u32 = 100_000;

const OPS: [&str; 3] = ["sum", "difference", "ratio"];
const DISPLAYS: [&str; 4] = ["integer", "decimal", "currency", "percentage"];

fn is_option_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Options as staff type them, one per line: `id = Libellé | English label`; the id and the
/// English label may be left out (a new id is made from the French label). Existing options
/// are shown with their id, so relabelling keeps the answers already given.
fn parse_options(raw: &str) -> Result<Vec<ChoiceOption>, &'static str> {
    let mut out: Vec<ChoiceOption> = vec![];
    let mut explicit = BTreeSet::new();
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // Explicit ids first, so that a generated one never takes them.
    for line in &lines {
        if let Some((id, _)) = line
            .split_once('=')
            .filter(|(id, _)| is_option_id(id.trim()))
        {
            if !explicit.insert(id.trim().to_owned()) {
                return Err("admin-error-option-duplicate");
            }
        }
    }
    for line in lines {
        let (id, rest) = match line.split_once('=') {
            Some((id, rest)) if is_option_id(id.trim()) => {
                (Some(id.trim().to_owned()), rest.trim())
            }
            _ => (None, line),
        };
        let (fr, en) = match rest.split_once('|') {
            Some((fr, en)) => (fr.trim(), en.trim()),
            None => (rest, ""),
        };
        if fr.is_empty() {
            return Err("admin-error-option-label");
        }
        let id = id.unwrap_or_else(|| {
            let base = text::slugify(fr, '-', 40);
            let base = if base.is_empty() {
                "option".to_owned()
            } else {
                base
            };
            text::unique(&base, '-', |c| {
                explicit.contains(c) || out.iter().any(|o| o.id == c)
            })
        });
        out.push(ChoiceOption {
            id,
            label: LocalizedText {
                fr: fr.to_owned(),
                en: (!en.is_empty()).then(|| en.to_owned()),
            },
        });
    }
    Ok(out)
}

fn options_text(options: &[ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| match &o.label.en {
            Some(en) => format!("{} = {} | {en}", o.id, o.label.fr),
            None => format!("{} = {}", o.id, o.label.fr),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Basis points from a typed percentage: "12,5" or "12.5 %" → 1250.
pub(super) fn parse_percent(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if frac.len() > 2 || whole.trim_start_matches('-').is_empty() {
        return None;
    }
    let negative = whole.starts_with('-');
    let w: i64 = whole.trim_start_matches('-').parse().ok()?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    let bp = w.checked_mul(100)?.checked_add(f)?;
    Some(if negative { -bp } else { bp })
}

pub(super) fn percent_text(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let (w, f) = (bp.abs() / 100, bp.abs() % 100);
    if f == 0 {
        format!("{sign}{w}")
    } else {
        format!("{sign}{w},{}", format!("{f:02}").trim_end_matches('0'))
    }
}

fn parse_decimal(s: &str) -> Option<f64> {
    s.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite())
}

/// The form's values for a field.
fn fields_of(p: &Ctx, f: &Field) -> Fields {
    use FieldKind as F;
    let mut v = Fields::default();
    v.push("kind", kind_name(&f.kind));
    v.push("label_fr", f.label.fr.clone());
    v.push("label_en", f.label.en.clone().unwrap_or_default());
    if let Some(h) = &f.help {
        v.push("help_fr", h.fr.clone());
        v.push("help_en", h.en.clone().unwrap_or_default());
    }
    if f.required {
        v.push("required", "on");
    }
    if let Some(src) = f.prefill {
        v.push("prefill", words::prefill_name(src));
    }
    let opt = |n: Option<String>| n.unwrap_or_default();
    match &f.kind {
        F::ShortText { max_len } | F::LongText { max_len } => {
            v.push("max_len", opt(max_len.map(|n| n.to_string())));
        }
        F::Integer { min, max } => {
            v.push("min", opt(min.map(|n| n.to_string())));
            v.push("max", opt(max.map(|n| n.to_string())));
        }
        F::Decimal { min, max, decimals } => {
            v.push("min", opt(min.map(|d| words::decimal(p, d))));
            v.push("max", opt(max.map(|d| words::decimal(p, d))));
            v.push("decimals", decimals.to_string());
        }
        F::Currency { min, max } => {
            v.push("min", opt(min.map(|c| money(p, c))));
            v.push("max", opt(max.map(|c| money(p, c))));
        }
        F::Percentage { min, max } => {
            v.push("min", opt(min.map(percent_text)));
            v.push("max", opt(max.map(percent_text)));
        }
        F::Date { min, max } => {
            v.push("min", opt(min.map(|d| d.format("%Y-%m-%d").to_string())));
            v.push("max", opt(max.map(|d| d.format("%Y-%m-%d").to_string())));
        }
        F::YesNo { must_accept } => {
            if *must_accept {
                v.push("must_accept", "on");
            }
        }
        F::SingleChoice { options } => v.push("options", options_text(options)),
        F::MultipleChoice { options, min, max } => {
            v.push("options", options_text(options));
            v.push("min", opt(min.map(|n| n.to_string())));
            v.push("max", opt(max.map(|n| n.to_string())));
        }
        F::Commune { multiple } => {
            if *multiple {
                v.push("multiple", "on");
            }
        }
        F::Attachment { accept, max_bytes } => {
            for t in accept {
                v.push("accept", file_type_name(*t));
            }
            v.push("max_mb", (max_bytes / (1024 * 1024)).max(1).to_string());
        }
        F::Group {
            min_items,
            max_items,
            ..
        } => {
            v.push(
                "min",
                if *min_items > 0 {
                    min_items.to_string()
                } else {
                    String::new()
                },
            );
            v.push("max", opt(max_items.map(|n| n.to_string())));
        }
        F::BudgetTable {
            requested_line,
            project,
        } => {
            v.push("requested_line", opt(requested_line.clone()));
            if *project {
                v.push("project", "on");
            }
        }
        F::Computed {
            op,
            operands,
            display,
        } => {
            v.push("op", op_name(*op));
            v.push("display", display_name(*display));
            let lines: Vec<String> = operands.iter().map(|o| o.to_string()).collect();
            v.push("operands", lines.join("\n"));
        }
        F::Explanation { text } => {
            v.push("text_fr", text.fr.clone());
            v.push("text_en", text.en.clone().unwrap_or_default());
        }
        F::Email | F::Phone | F::Url | F::Siret | F::Rna => {}
    }
    v
}

fn file_type_name(t: FileType) -> &'static str {
    match t {
        FileType::Pdf => "pdf",
        FileType::Png => "png",
        FileType::Jpeg => "jpeg",
        FileType::Office => "office",
    }
}

fn op_name(op: ComputedOp) -> &'static str {
    match op {
        ComputedOp::Sum => "sum",
        ComputedOp::Difference => "difference",
        ComputedOp::Ratio => "ratio",
    }
}

fn display_name(d: ComputedDisplay) -> &'static str {
    match d {
        ComputedDisplay::Integer => "integer",
        ComputedDisplay::Decimal => "decimal",
        ComputedDisplay::Currency => "currency",
        ComputedDisplay::Percentage => "percentage",
    }
}

/// Reads the typed settings onto `field`; errors per input.
fn apply(p: &Ctx, v: &Fields, field: &mut Field, errors: &mut FormErrors) {
    use FieldKind as F;
    let too_long = |max: usize| tr(p, "admin-error-too-long", &[("max", max.to_string())]);
    let is_explanation = matches!(field.kind, F::Explanation { .. });
    let label_fr = one_line(v.get("label_fr"));
    let label_en = one_line(v.get("label_en"));
    if label_fr.is_empty() && !is_explanation {
        errors.add("label_fr", p.t("field-required"));
    } else if label_fr.chars().count() > MAX_LABEL || label_en.chars().count() > MAX_LABEL {
        errors.add("label_fr", too_long(MAX_LABEL));
    }
    field.label = LocalizedText {
        fr: label_fr,
        en: (!label_en.is_empty()).then_some(label_en),
    };
    let help_fr = v.get("help_fr").trim().to_owned();
    let help_en = v.get("help_en").trim().to_owned();
    if help_fr.chars().count() > MAX_HELP || help_en.chars().count() > MAX_HELP {
        errors.add("help_fr", too_long(MAX_HELP));
    }
    field.help = (!help_fr.is_empty()).then(|| LocalizedText {
        fr: help_fr,
        en: (!help_en.is_empty()).then_some(help_en),
    });
    field.required = v.checked("required") && field.kind.is_input();
    field.prefill = match v.get("prefill") {
        "" => None,
        name => match Prefill::ALL
            .into_iter()
            .find(|s| words::prefill_name(*s) == name)
        {
            Some(s) if s.fits(&field.kind) => Some(s),
            _ => {
                errors.add("prefill", p.t("admin-error-prefill"));
                None
            }
        },
    };

    let mut int = |name: &str, errors: &mut FormErrors| -> Option<i64> {
        let raw = v.get(name).trim();
        if raw.is_empty() {
            return None;
        }
        raw.replace([' ', '\u{a0}', '\u{202f}'], "")
            .parse::<i64>()
            .ok()
            .or_else(|| {
                errors.add(name, p.t("admin-error-integer"));
                None
            })
    };
    let count = |name: &str,
                 errors: &mut FormErrors,
                 int: &mut dyn FnMut(&str, &mut FormErrors) -> Option<i64>| {
        int(name, errors).and_then(|n| {
            u32::try_from(n).ok().or_else(|| {
                errors.add(name, p.t("admin-error-integer"));
                None
            })
        })
    };
    match &mut field.kind {
        F::ShortText { max_len } | F::LongText { max_len } => {
            *max_len = count("max_len", errors, &mut int);
            if max_len.is_some_and(|n| n == 0 || n > MAX_TEXT_LIMIT) {
                errors.add(
                    "max_len",
                    tr(
                        p,
                        "admin-error-max-len",
                        &[("max", MAX_TEXT_LIMIT.to_string())],
                    ),
                );
            }
        }
        F::Integer { min, max } => {
            *min = int("min", errors);
            *max = int("max", errors);
        }
        F::Decimal { min, max, decimals } => {
            let mut dec = |name: &str| {
                let raw = v.get(name).trim();
                if raw.is_empty() {
                    return None;
                }
                parse_decimal(raw).or_else(|| {
                    errors.add(name, p.t("admin-error-number"));
                    None
                })
            };
            *min = dec("min");
            *max = dec("max");
            match v.get("decimals").trim().parse::<u8>() {
                Ok(d) if d <= essor_domain::forms::schema::MAX_DECIMALS => *decimals = d,
                _ => errors.add("decimals", p.t("admin-error-decimals")),
            }
        }
        F::Currency { min, max } => {
            let mut cents = |name: &str| {
                let raw = v.get(name).trim();
                if raw.is_empty() {
                    return None;
                }
                match Cents::parse_eur(raw) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        errors.add(name, p.t(e.code()));
                        None
                    }
                }
            };
            *min = cents("min");
            *max = cents("max");
        }
        F::Percentage { min, max } => {
            let mut pct = |name: &str| {
                let raw = v.get(name).trim();
                if raw.is_empty() {
                    return None;
                }
                parse_percent(raw).or_else(|| {
                    errors.add(name, p.t("admin-error-percent"));
                    None
                })
            };
            *min = pct("min");
            *max = pct("max");
        }
        F::Date { min, max } => {
            let mut date = |name: &str| {
                let raw = v.get(name).trim();
                if raw.is_empty() {
                    return None;
                }
                super::time::parse_date(raw).or_else(|| {
                    errors.add(name, p.t("admin-error-date"));
                    None
                })
            };
            *min = date("min");
            *max = date("max");
        }
        F::YesNo { must_accept } => *must_accept = v.checked("must_accept"),
        F::SingleChoice { options } | F::MultipleChoice { options, .. } => {
            match parse_options(v.get("options")) {
                Ok(o) if o.is_empty() => errors.add("options", p.t("admin-error-options")),
                Ok(o) => *options = o,
                Err(code) => errors.add("options", p.t(code)),
            }
        }
        F::Commune { multiple } => *multiple = v.checked("multiple"),
        F::Attachment { accept, max_bytes } => {
            let types: Vec<FileType> = FileType::ALL
                .into_iter()
                .filter(|t| v.has("accept", file_type_name(*t)))
                .collect();
            if types.is_empty() {
                errors.add("accept", p.t("admin-error-accept"));
            }
            *accept = types;
            let limit = (p.state.config().max_upload_bytes / (1024 * 1024)).max(1);
            match v.get("max_mb").trim().parse::<u64>() {
                Ok(mb) if (1..=limit).contains(&mb) => *max_bytes = mb * 1024 * 1024,
                _ => errors.add(
                    "max_mb",
                    tr(p, "admin-error-max-mb", &[("max", limit.to_string())]),
                ),
            }
        }
        F::Group {
            min_items,
            max_items,
            ..
        } => {
            *min_items = count("min", errors, &mut int).unwrap_or(0);
            *max_items = count("max", errors, &mut int);
        }
        F::BudgetTable {
            requested_line,
            project,
        } => {
            *project = v.checked("project");
            *requested_line = match v.get("requested_line") {
                "" => None,
                code => Some(code.to_owned()),
            };
        }
        F::Computed {
            op,
            operands,
            display,
        } => {
            match v.get("op") {
                "sum" => *op = ComputedOp::Sum,
                "difference" => *op = ComputedOp::Difference,
                "ratio" => *op = ComputedOp::Ratio,
                _ => errors.add("op", p.t("admin-error-choice")),
            }
            match v.get("display") {
                "integer" => *display = ComputedDisplay::Integer,
                "decimal" => *display = ComputedDisplay::Decimal,
                "currency" => *display = ComputedDisplay::Currency,
                "percentage" => *display = ComputedDisplay::Percentage,
                _ => errors.add("display", p.t("admin-error-choice")),
            }
            let mut ids = vec![];
            for line in v
                .get("operands")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                match FieldId::parse(line) {
                    Ok(id) => ids.push(id),
                    Err(_) => errors.add(
                        "operands",
                        tr(p, "admin-error-operand", &[("id", line.to_owned())]),
                    ),
                }
            }
            *operands = ids;
        }
        F::Explanation { text } => {
            let fr = v.get("text_fr").trim().to_owned();
            let en = v.get("text_en").trim().to_owned();
            if fr.is_empty() {
                errors.add("text_fr", p.t("field-required"));
            } else if fr.chars().count() > MAX_HELP || en.chars().count() > MAX_HELP {
                errors.add("text_fr", too_long(MAX_HELP));
            }
            *text = LocalizedText {
                fr,
                en: (!en.is_empty()).then_some(en),
            };
        }
        F::Email | F::Phone | F::Url | F::Siret | F::Rna => {}
    }
}

/// Problems the form's check finds on this very field once changed, in words.
fn problems_at(p: &Ctx, schema: &FormSchema, path: &str) -> Vec<String> {
    schema
        .check()
        .err()
        .unwrap_or_default()
        .iter()
        .filter(|e| e.at == path)
        .map(|e| words::schema_error(p, schema, e))
        .collect()
}

#[derive(Template)]
#[template(path = "admin/field.html")]
struct FieldTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    path: String,
    kind: &'static str,
    v: Fields,
    errors: FormErrors,
    /// Other fields of the form, for the operands' hint.
    numeric: Vec<String>,
}

impl FieldTpl<'_> {
    /// The input type of the bounds: dates are picked, numbers typed (with a comma).
    fn bound_input(&self) -> &'static str {
        if self.kind == "date" {
            "date"
        } else {
            "text"
        }
    }

    fn kind_label(&self) -> String {
        self.p.t(kind_message(self.kind))
    }

    fn is(&self, kinds: &str) -> bool {
        kinds.split(',').any(|k| k.trim() == self.kind)
    }

    fn prefills(&self) -> Vec<(String, String)> {
        let kind = words::new_kind(self.kind, "").unwrap_or(FieldKind::Email);
        Prefill::ALL
            .into_iter()
            .filter(|s| s.fits(&kind))
            .map(|s| (words::prefill_name(s), self.p.t(words::prefill_message(s))))
            .collect()
    }

    fn file_types(&self) -> Vec<(&'static str, &'static str)> {
        FileType::ALL
            .into_iter()
            .map(|t| (file_type_name(t), t.display()))
            .collect()
    }

    /// Income lines that may hold the amount requested, and whether each is chosen.
    fn income_lines(&self) -> Vec<(&'static str, String, bool)> {
        let chosen = self.v.get("requested_line");
        budget::BUDGET_LINES
            .iter()
            .filter(|l| l.side == Side::Income && l.account == "74")
            .map(|l| {
                (
                    l.code,
                    format!("{} — {}", l.code, l.label(self.p.lang())),
                    chosen == l.code,
                )
            })
            .collect()
    }

    fn ops(&self) -> Vec<(&'static str, String, bool)> {
        let chosen = self.v.get("op");
        OPS.iter()
            .map(|o| (*o, self.p.t(format!("admin-op-name-{o}")), chosen == *o))
            .collect()
    }

    fn displays(&self) -> Vec<(&'static str, String, bool)> {
        let chosen = self.v.get("display");
        DISPLAYS
            .iter()
            .map(|d| (*d, self.p.t(format!("admin-display-{d}")), chosen == *d))
            .collect()
    }

    fn max_mb_hint(&self) -> String {
        let limit = (self.p.state.config().max_upload_bytes / (1024 * 1024)).max(1);
        tr(
            self.p,
            "admin-field-max-mb.hint",
            &[("max", limit.to_string())],
        )
    }

    fn numeric_hint(&self) -> String {
        tr(
            self.p,
            "admin-field-operands.hint",
            &[("fields", self.numeric.join(", "))],
        )
    }
}

fn page(tpl: FieldTpl<'_>) -> AppResult<Response> {
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// Paths of the numeric fields (and budget totals) a computed field may add up.
fn numeric_paths(schema: &FormSchema) -> Vec<String> {
    use FieldKind as F;
    let mut out = vec![];
    for r in schema.field_refs() {
        match &r.field.kind {
            F::Integer { .. }
            | F::Decimal { .. }
            | F::Currency { .. }
            | F::Percentage { .. }
            | F::Computed { .. } => out.push(r.path().to_string()),
            F::BudgetTable { .. } => {
                for v in budget::BUDGET_VALUES {
                    out.push(format!("{}.{v}", r.field.id));
                }
            }
            _ => {}
        }
    }
    out
}

async fn load(p: &Ctx, call: &Call, raw: &str) -> AppResult<(FormSchema, FieldId)> {
    let path = field_path(raw)?;
    let rev = queries::latest_revision(p.state.db(), call.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let schema = rev.schema()?;
    if schema.field(path.as_str()).is_none() {
        return Err(AppError::NotFound);
    }
    Ok((schema, path))
}

pub(super) async fn form(p: Ctx, Path((id, field)): Path<(String, String)>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let (schema, path) = load(&p, &call, &field).await?;
    let f = schema.field(path.as_str()).ok_or(AppError::NotFound)?;
    page(FieldTpl {
        p: &p,
        call: &call,
        path: path.to_string(),
        kind: kind_name(&f.kind),
        v: fields_of(&p, f),
        errors: FormErrors::default(),
        numeric: numeric_paths(&schema),
    })
}

pub(super) async fn save(
    p: Ctx,
    Path((id, field)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let (schema, path) = load(&p, &call, &field).await?;
    let v = Fields::parse(&body);
    let old = schema
        .field(path.as_str())
        .ok_or(AppError::NotFound)?
        .clone();
    let kind = kind_name(&old.kind);
    let mut errors = FormErrors::default();
    // The page was made for a field of another kind (changed meanwhile, in another tab).
    if v.get("kind") != kind {
        errors.add("form", p.t("admin-error-stale-field"));
    }
    let mut new = old.clone();
    apply(&p, &v, &mut new, &mut errors);
    if errors.is_empty() {
        let mut changed = schema.clone();
        if let Some(slot) = super::ops::field_mut(&mut changed, path.as_str()) {
            *slot = new.clone();
        }
        for msg in problems_at(&p, &changed, path.as_str()) {
            errors.add("settings", msg);
        }
    }
    if errors.is_empty() {
        let summary = json!({ "field": path.as_str(), "kind": kind });
        let target = path.clone();
        let res = edit_schema(&p, call.id(), false, "edit_field", summary, |s| {
            match super::ops::field_mut(s, target.as_str()) {
                Some(slot) if kind_name(&slot.kind) == kind => {
                    // The condition has its own page: keep the stored one.
                    new.condition = slot.condition.clone();
                    *slot = new;
                    Ok(())
                }
                _ => {
                    let mut e = FormErrors::default();
                    e.add("form", p.t("admin-error-stale-field"));
                    Err(e)
                }
            }
        })
        .await?;
        match res {
            Ok(_) => {
                return Ok(see_other_flash(
                    &format!(
                        "/staff/calls/{}/form#field-{}",
                        call.id,
                        path.as_str().replace('.', "-")
                    ),
                    "admin-flash-form-saved",
                ))
            }
            Err(e) => errors = e,
        }
    }
    page(FieldTpl {
        p: &p,
        call: &call,
        path: path.to_string(),
        kind,
        v,
        errors,
        numeric: numeric_paths(&schema),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_keep_their_ids_and_get_new_ones() {
        assert_eq!(
            parse_options("a = A\na = B"),
            Err("admin-error-option-duplicate")
        );
        let o =
            parse_options("youth = Jeunes | Young people\nSeniors\n\n  Familles monoparentales  ")
                .unwrap();
        let ids: Vec<&str> = o.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["youth", "seniors", "familles-monoparentales"]);
        assert_eq!(o[0].label.en.as_deref(), Some("Young people"));
        assert_eq!(o[1].label.en, None);
        // A generated id never takes an explicit one, wherever it is.
        let o = parse_options("Seniors\nseniors = Aînés").unwrap();
        let ids: Vec<&str> = o.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["seniors-2", "seniors"]);
        // "a = b" where a is not an id is a label with an equals sign.
        let o = parse_options("1 + 1 = 2").unwrap();
        assert_eq!(o[0].label.fr, "1 + 1 = 2");
        assert_eq!(parse_options("x = | en"), Err("admin-error-option-label"));
        let text = options_text(&parse_options("youth = Jeunes | Young\nSeniors").unwrap());
        assert_eq!(text, "youth = Jeunes | Young\nseniors = Seniors");
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent("12,5"), Some(1250));
        assert_eq!(parse_percent("12.5 %"), Some(1250));
        assert_eq!(parse_percent("100"), Some(10000));
        assert_eq!(parse_percent("0,05"), Some(5));
        assert_eq!(parse_percent("-3"), Some(-300));
        assert_eq!(parse_percent("1,234"), None);
        assert_eq!(parse_percent("abc"), None);
        assert_eq!(parse_percent(""), None);
        assert_eq!(percent_text(1250), "12,5");
        assert_eq!(percent_text(10000), "100");
        assert_eq!(percent_text(5), "0,05");
    }
}
