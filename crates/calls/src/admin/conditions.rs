//! The display condition of a field: a simple builder (a few comparisons on earlier fields or
//! on the organisation, all or any of them) and, for anything else, the condition as JSON.
//! Both are checked before saving: by `Condition::check` (the fields exist, the comparison can
//! hold) and by the form's check at this field (only earlier fields may be named).
//!
//! The builder (`read`, `rows_of`, `candidates`, [`BuilderView`] and the
//! `admin/condition_builder.html` include) also writes the conditions of routing rules.

use super::editor::{edit_schema, field_path};
use super::queries;
use super::text::Fields;
use super::words::{self, fact_message, fact_name};
use super::{money, staff_call, tr};
use crate::model::Call;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use essor_domain::forms::budget::BUDGET_VALUES;
use essor_domain::forms::{
    CmpOp, ComputedDisplay, Condition, FieldId, FieldKind, FormSchema, Literal, OrgFact, Var,
};
use essor_domain::money::Cents;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use serde_json::json;

/// Rows of the builder beyond the existing ones.
pub(crate) const BLANK_ROWS: usize = 2;
pub(crate) const MAX_ROWS: usize = 20;
const OPS: [&str; 10] = [
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "includes",
    "empty",
    "not_empty",
    "in_communes",
];

/// What a variable holds, to read the typed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vt {
    Text,
    /// One option or code among several.
    One,
    /// Several options or communes.
    Many,
    Integer,
    Decimal,
    Cents,
    Percent,
    Date,
    Bool,
    /// Groups, files, budgets: only `empty` applies.
    Other,
}

fn kind_type(kind: &FieldKind) -> Vt {
    use FieldKind as F;
    match kind {
        F::ShortText { .. }
        | F::LongText { .. }
        | F::Email
        | F::Phone
        | F::Url
        | F::Siret
        | F::Rna => Vt::Text,
        F::Integer { .. } => Vt::Integer,
        F::Decimal { .. } => Vt::Decimal,
        F::Currency { .. } => Vt::Cents,
        F::Percentage { .. } => Vt::Percent,
        F::Date { .. } => Vt::Date,
        F::YesNo { .. } => Vt::Bool,
        F::SingleChoice { .. } | F::Commune { multiple: false } => Vt::One,
        F::MultipleChoice { .. } | F::Commune { multiple: true } => Vt::Many,
        F::Computed { display, .. } => match display {
            ComputedDisplay::Integer => Vt::Integer,
            ComputedDisplay::Decimal => Vt::Decimal,
            ComputedDisplay::Currency => Vt::Cents,
            ComputedDisplay::Percentage => Vt::Percent,
        },
        F::Attachment { .. } | F::Group { .. } | F::BudgetTable { .. } | F::Explanation { .. } => {
            Vt::Other
        }
    }
}

fn fact_type(fact: OrgFact) -> Vt {
    match fact {
        OrgFact::Kind | OrgFact::EsusStatus | OrgFact::CommuneCode => Vt::One,
        OrgFact::HasSiret | OrgFact::HasRna => Vt::Bool,
        OrgFact::LegalCategory => Vt::Text,
        OrgFact::CreatedYears => Vt::Integer,
    }
}

/// The type of a variable in this schema (budget totals are amounts).
fn var_type(schema: &FormSchema, var: &Var) -> Vt {
    match var {
        Var::Org(f) => fact_type(*f),
        Var::Field(id) => match schema.field(id.as_str()) {
            Some(f) => kind_type(&f.kind),
            None if id.tail().is_some_and(|t| BUDGET_VALUES.contains(&t)) => Vt::Cents,
            None => Vt::Other,
        },
    }
}

/// The value of a builder's variable select.
fn var_value(var: &Var) -> String {
    match var {
        Var::Field(id) => format!("field:{id}"),
        Var::Org(f) => format!("org:{}", fact_name(*f)),
    }
}

fn parse_var(s: &str) -> Option<Var> {
    if let Some(path) = s.strip_prefix("field:") {
        return FieldId::parse(path).ok().map(Var::Field);
    }
    let name = s.strip_prefix("org:")?;
    OrgFact::ALL
        .into_iter()
        .find(|f| fact_name(*f) == name)
        .map(Var::Org)
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "oui" | "yes" | "vrai" | "true" | "1" => Some(true),
        "non" | "no" | "faux" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn list(s: &str) -> Vec<String> {
    s.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An option typed by its label is read as its id.
fn option_id(schema: &FormSchema, var: &Var, typed: &str) -> String {
    let typed = typed.trim();
    if let Var::Field(id) = var {
        if let Some(f) = schema.field(id.as_str()) {
            if let Some(o) = f.kind.options().iter().find(|o| {
                o.id == typed
                    || o.label.fr.eq_ignore_ascii_case(typed)
                    || o.label
                        .en
                        .as_deref()
                        .is_some_and(|en| en.eq_ignore_ascii_case(typed))
            }) {
                return o.id.clone();
            }
        }
    }
    typed.to_owned()
}

/// One comparison from a builder row; `Err` is the Fluent id of the problem.
fn leaf(schema: &FormSchema, var: Var, op: &str, value: &str) -> Result<Condition, &'static str> {
    let t = var_type(schema, &var);
    let value = value.trim();
    match op {
        "empty" => return Ok(Condition::Empty { var }),
        "not_empty" => return Ok(Condition::Empty { var }.negate()),
        "in_communes" => {
            let codes = list(value);
            return if codes.is_empty() {
                Err("admin-error-value-required")
            } else {
                Ok(Condition::InCommunes { var, codes })
            };
        }
        _ => {}
    }
    if value.is_empty() {
        return Err("admin-error-value-required");
    }
    if op == "includes" {
        let items: Vec<String> = list(value)
            .iter()
            .map(|v| option_id(schema, &var, v))
            .collect();
        let lit = if t == Vt::Many && items.len() == 1 {
            Literal::Text(items[0].clone())
        } else {
            Literal::List(items)
        };
        return Ok(Condition::Includes { var, value: lit });
    }
    let op = match op {
        "eq" => CmpOp::Eq,
        "ne" => CmpOp::Ne,
        "lt" => CmpOp::Lt,
        "le" => CmpOp::Le,
        "gt" => CmpOp::Gt,
        "ge" => CmpOp::Ge,
        _ => return Err("admin-error-choice"),
    };
    let bad = "admin-error-value";
    let lit = match t {
        Vt::Text | Vt::One | Vt::Many | Vt::Other => Literal::Text(option_id(schema, &var, value)),
        Vt::Integer => Literal::Integer(
            value
                .replace([' ', '\u{a0}', '\u{202f}'], "")
                .parse()
                .map_err(|_| bad)?,
        ),
        Vt::Decimal => Literal::Decimal(
            value
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|d| d.is_finite())
                .ok_or(bad)?,
        ),
        Vt::Cents => Literal::Cents(Cents::parse_eur(value).map_err(|_| bad)?),
        Vt::Percent => Literal::Percent(super::field_form::parse_percent(value).ok_or(bad)?),
        Vt::Date => Literal::Date(super::time::parse_date(value).ok_or(bad)?),
        Vt::Bool => Literal::Bool(parse_bool(value).ok_or(bad)?),
    };
    Ok(Condition::Compare {
        var,
        op,
        value: lit,
    })
}

/// A builder row: variable, operator, value as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub var: String,
    pub op: String,
    pub value: String,
}

/// What the builder include (`admin/condition_builder.html`) asks of the page around it,
/// besides its `combinator`, `rows` and `vars` fields.
pub(crate) trait BuilderView {
    fn ctx(&self) -> &Ctx;
    fn form_errors(&self) -> &FormErrors;

    fn ops(&self, chosen: &str) -> Vec<(&'static str, String, bool)> {
        OPS.iter()
            .map(|o| {
                (
                    *o,
                    self.ctx().t(format!("admin-op-{}", o.replace('_', "-"))),
                    chosen == *o,
                )
            })
            .collect()
    }

    fn row_key(&self, name: &str, i: &usize) -> String {
        format!("{name}_{i}")
    }

    fn row_error(&self, name: &str, i: &usize) -> Option<&str> {
        self.form_errors().get(&format!("{name}_{i}"))
    }
}

/// The builder's rows as typed, to show them back with their errors.
pub(crate) fn typed_rows(f: &Fields) -> Vec<Row> {
    let n = f.get("rows").parse::<usize>().unwrap_or(0).min(MAX_ROWS);
    (0..n)
        .map(|i| Row {
            var: f.get(&format!("var_{i}")).to_owned(),
            op: f.get(&format!("op_{i}")).to_owned(),
            value: f.get(&format!("value_{i}")).to_owned(),
        })
        .collect()
}

/// Stored rows plus blank ones to add more.
pub(crate) fn with_blank_rows(mut rows: Vec<Row>) -> Vec<Row> {
    let target = (rows.len() + BLANK_ROWS).min(MAX_ROWS);
    rows.resize_with(target.max(rows.len()), Row::default);
    rows
}

fn literal_text(p: &Ctx, lit: &Literal) -> String {
    match lit {
        Literal::Text(s) => s.clone(),
        Literal::Integer(n) => n.to_string(),
        Literal::Decimal(d) => words::decimal(p, *d),
        Literal::Cents(c) => money(p, *c),
        Literal::Percent(bp) => super::field_form::percent_text(*bp),
        Literal::Bool(b) => p.t(if *b { "admin-yes" } else { "admin-no" }),
        Literal::Date(d) => d.format("%Y-%m-%d").to_string(),
        Literal::List(items) => items.join(", "),
    }
}

fn row_of(p: &Ctx, c: &Condition) -> Option<Row> {
    let op_name = |op: CmpOp| match op {
        CmpOp::Eq => "eq",
        CmpOp::Ne => "ne",
        CmpOp::Lt => "lt",
        CmpOp::Le => "le",
        CmpOp::Gt => "gt",
        CmpOp::Ge => "ge",
    };
    let row = |var: &Var, op: &str, value: String| Row {
        var: var_value(var),
        op: op.to_owned(),
        value,
    };
    Some(match c {
        Condition::Compare { var, op, value } => row(var, op_name(*op), literal_text(p, value)),
        Condition::Includes { var, value } => row(var, "includes", literal_text(p, value)),
        Condition::Empty { var } => row(var, "empty", String::new()),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Empty { var } => row(var, "not_empty", String::new()),
            _ => return None,
        },
        Condition::InCommunes { var, codes } => row(var, "in_communes", codes.join(", ")),
        Condition::All(_) | Condition::Any(_) => return None,
    })
}

/// The builder's rows for a stored condition, or `None` when it is beyond the builder
/// (nested groups, negations): then only the JSON editor shows it.
pub(crate) fn rows_of(p: &Ctx, c: &Condition) -> Option<(&'static str, Vec<Row>)> {
    match c {
        Condition::All(cs) => Some((
            "all",
            cs.iter()
                .map(|c| row_of(p, c))
                .collect::<Option<Vec<_>>>()?,
        )),
        Condition::Any(cs) => Some((
            "any",
            cs.iter()
                .map(|c| row_of(p, c))
                .collect::<Option<Vec<_>>>()?,
        )),
        leaf => Some(("all", vec![row_of(p, leaf)?])),
    }
}

#[derive(Template)]
#[template(path = "admin/condition.html")]
struct CondTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    path: String,
    label: String,
    /// The stored condition in words.
    current: Option<String>,
    /// Too complex for the builder.
    complex: bool,
    combinator: String,
    rows: Vec<Row>,
    json: String,
    vars: Vec<(String, String)>,
    errors: FormErrors,
}

impl BuilderView for CondTpl<'_> {
    fn ctx(&self) -> &Ctx {
        self.p
    }

    fn form_errors(&self) -> &FormErrors {
        &self.errors
    }
}

fn page(tpl: CondTpl<'_>) -> AppResult<Response> {
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// The variables a condition may read: for a field's display condition (`Some(path)`), the
/// fields placed before it (in its own group for a member); for a whole file (`None`), every
/// field outside groups; then budget totals and the organisation's facts.
pub(crate) fn candidates(
    p: &Ctx,
    schema: &FormSchema,
    path: Option<&FieldId>,
) -> Vec<(String, String)> {
    let mut out = vec![];
    let own_group = path.filter(|p| !p.is_simple()).map(|p| p.head().to_owned());
    for r in schema.field_refs() {
        let rp = r.path();
        if Some(&rp) == path {
            break;
        }
        if matches!(r.field.kind, FieldKind::Explanation { .. }) {
            continue;
        }
        let allowed = match (r.group, &own_group) {
            (Some(g), Some(own)) => g.id.as_str() == own,
            (Some(_), None) => false,
            (None, Some(own)) => r.field.id.as_str() != own,
            (None, None) => true,
        };
        if !allowed {
            continue;
        }
        let label = words::label(p, r.field);
        out.push((format!("field:{rp}"), format!("{label} ({rp})")));
        if matches!(r.field.kind, FieldKind::BudgetTable { .. }) {
            for v in BUDGET_VALUES {
                out.push((
                    format!("field:{rp}.{v}"),
                    format!(
                        "{label} — {} ({rp}.{v})",
                        p.t(format!("admin-budget-{}", v.replace('_', "-")))
                    ),
                ));
            }
        }
    }
    for f in OrgFact::ALL {
        out.push((format!("org:{}", fact_name(f)), p.t(fact_message(f))));
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

fn template<'a>(
    p: &'a Ctx,
    call: &'a Call,
    schema: &FormSchema,
    path: &FieldId,
    typed: Option<(String, Vec<Row>, String)>,
    errors: FormErrors,
) -> CondTpl<'a> {
    let field = schema.field(path.as_str());
    let stored = field.and_then(|f| f.condition.clone());
    let built = stored.as_ref().map(|c| rows_of(p, c));
    let (combinator, rows, json) = match typed {
        Some(t) => t,
        None => {
            let json = stored
                .as_ref()
                .and_then(|c| serde_json::to_string_pretty(c).ok())
                .unwrap_or_default();
            match &built {
                Some(Some((comb, rows))) => ((*comb).to_owned(), rows.clone(), json),
                _ => ("all".to_owned(), vec![], json),
            }
        }
    };
    let rows = with_blank_rows(rows);
    CondTpl {
        p,
        call,
        path: path.to_string(),
        label: field.map(|f| words::label(p, f)).unwrap_or_default(),
        current: stored
            .as_ref()
            .map(|c| words::condition(p, Some(schema), c)),
        complex: matches!(built, Some(None)),
        combinator,
        rows,
        json,
        vars: candidates(p, schema, Some(path)),
        errors,
    }
}

pub(super) async fn form(p: Ctx, Path((id, field)): Path<(String, String)>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let (schema, path) = load(&p, &call, &field).await?;
    page(template(
        &p,
        &call,
        &schema,
        &path,
        None,
        FormErrors::default(),
    ))
}

/// The condition the form describes (`mode` builder or json; remove gives none), or the
/// errors per input.
pub(crate) fn read(
    p: &Ctx,
    f: &Fields,
    schema: &FormSchema,
) -> Result<Option<Condition>, FormErrors> {
    let mut errors = FormErrors::default();
    if f.get("mode") == "remove" {
        return Ok(None);
    }
    if f.get("mode") == "json" {
        let raw = f.get("json").trim();
        if raw.is_empty() {
            return Ok(None);
        }
        return match serde_json::from_str::<Condition>(raw) {
            Ok(c) => Ok(Some(c)),
            Err(e) => {
                errors.add(
                    "json",
                    tr(p, "admin-error-json", &[("error", e.to_string())]),
                );
                Err(errors)
            }
        };
    }
    let n = f.get("rows").parse::<usize>().unwrap_or(0).min(MAX_ROWS);
    let mut leaves = vec![];
    for i in 0..n {
        let var = f.get(&format!("var_{i}"));
        let op = f.get(&format!("op_{i}"));
        let value = f.get(&format!("value_{i}"));
        if var.is_empty() {
            if !value.trim().is_empty() {
                errors.add(&format!("var_{i}"), p.t("admin-error-var"));
            }
            continue;
        }
        let Some(var) = parse_var(var) else {
            errors.add(&format!("var_{i}"), p.t("admin-error-var"));
            continue;
        };
        match leaf(schema, var, op, value) {
            Ok(c) => leaves.push(c),
            Err(code) => errors.add(&format!("value_{i}"), p.t(code)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(match leaves.len() {
        0 => None,
        1 => leaves.pop(),
        _ if f.get("combinator") == "any" => Some(Condition::Any(leaves)),
        _ => Some(Condition::All(leaves)),
    })
}

/// What the checks find on a condition placed on `path`, in words.
fn problems(p: &Ctx, schema: &FormSchema, path: &FieldId, c: &Condition) -> Vec<String> {
    let mut out: Vec<String> = c
        .check(schema)
        .iter()
        .map(|e| words::schema_error(p, schema, e))
        .collect();
    let mut placed = schema.clone();
    if let Some(f) = super::ops::field_mut(&mut placed, path.as_str()) {
        f.condition = Some(c.clone());
    }
    for e in placed.check().err().unwrap_or_default() {
        if e.at == path.as_str() {
            let msg = words::schema_error(p, &placed, &e);
            if !out.contains(&msg) {
                out.push(msg);
            }
        }
    }
    out
}

pub(super) async fn save(
    p: Ctx,
    Path((id, field)): Path<(String, String)>,
    body: Bytes,
) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let (schema, path) = load(&p, &call, &field).await?;
    let f = Fields::parse(&body);
    let errors = match read(&p, &f, &schema) {
        Ok(condition) => {
            let found = condition
                .as_ref()
                .map(|c| problems(&p, &schema, &path, c))
                .unwrap_or_default();
            if found.is_empty() {
                let summary = json!({ "field": path.as_str(), "condition": condition });
                let target = path.clone();
                let res = edit_schema(&p, call.id(), false, "edit_condition", summary, |s| {
                    match super::ops::field_mut(s, target.as_str()) {
                        Some(slot) => {
                            slot.condition = condition;
                            Ok(())
                        }
                        None => {
                            let mut e = FormErrors::default();
                            e.add("form", p.t("admin-error-gone"));
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
                    Err(e) => e,
                }
            } else {
                let mut e = FormErrors::default();
                let key = if f.get("mode") == "json" {
                    "json"
                } else {
                    "condition"
                };
                for msg in found {
                    e.add(key, msg);
                }
                e
            }
        }
        Err(e) => e,
    };
    let typed = (
        f.get("combinator").to_owned(),
        typed_rows(&f),
        f.get("json").to_owned(),
    );
    page(template(&p, &call, &schema, &path, Some(typed), errors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use essor_domain::forms::cerfa_12156_template;

    #[test]
    fn builder_rows_read_values_by_type() {
        let s = cerfa_12156_template();
        let employees = s
            .field_refs()
            .iter()
            .find(|r| matches!(r.field.kind, FieldKind::Integer { .. }))
            .map(|r| r.path())
            .unwrap();
        let var = Var::Field(employees.clone());
        let c = leaf(&s, var.clone(), "ge", "1").unwrap();
        assert_eq!(
            c,
            Condition::compare(var.clone(), CmpOp::Ge, Literal::Integer(1))
        );
        assert_eq!(leaf(&s, var.clone(), "ge", "un"), Err("admin-error-value"));
        assert_eq!(
            leaf(&s, var.clone(), "ge", " "),
            Err("admin-error-value-required")
        );
        assert_eq!(
            leaf(&s, var.clone(), "empty", ""),
            Ok(Condition::empty(var.clone()))
        );
        assert_eq!(
            leaf(&s, var.clone(), "not_empty", ""),
            Ok(Condition::empty(var).negate())
        );
        let has_rna = Var::Org(OrgFact::HasRna);
        assert_eq!(
            leaf(&s, has_rna.clone(), "eq", "Oui"),
            Ok(Condition::eq(has_rna, Literal::Bool(true)))
        );
        let commune = Var::Org(OrgFact::CommuneCode);
        assert_eq!(
            leaf(&s, commune.clone(), "in_communes", "92, 75056"),
            Ok(Condition::in_communes(commune, &["92", "75056"]))
        );
        assert!(parse_var("org:kind").is_some());
        assert!(parse_var("field:a.b").is_some());
        assert!(parse_var("field:A").is_none());
        assert!(parse_var("other").is_none());
    }
}
