//! Which fields are displayed, and whether the answers are complete and coherent.
//!
//! [`resolve`] walks the form once, in order: a field whose condition (or section's condition)
//! does not hold is hidden and its answer set aside, so hiding cascades (a field shown because
//! of a hidden answer is hidden too); computed fields are computed from what is displayed.
//! [`validate()`] then checks the displayed fields only.

use super::answers::{Answers, FileRef, Value};
use super::budget::{self, BudgetAnswer};
use super::computed::compute_field;
use super::condition::{Env, OrgFact, OrgFacts};
use super::errors::{ArgValue, FieldError, FieldErrorCode};
use super::schema::{Field, FieldId, FieldKind, FileType, FormPage, FormSchema};
use crate::email::Email;
use crate::identifiers::{CommuneCode, Rna, Siret};
use crate::money::Cents;
use std::collections::{BTreeMap, BTreeSet};

/// What to validate: one page (when leaving a step) or the whole form (before submitting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Page(&'a str),
}

impl Scope<'_> {
    pub fn includes(&self, page: &FormPage) -> bool {
        match self {
            Scope::All => true,
            Scope::Page(id) => page.id == *id,
        }
    }
}

/// Rules of the call that the form does not hold.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateOptions<'a> {
    /// Most a project may ask from this call.
    pub max_request: Option<Cents>,
    /// Largest share of the project's income (70–78) the request may be, in basis points.
    pub max_request_share: Option<i64>,
    /// The communes a commune field may name (the call's territory). `None`: any commune.
    pub territory: Option<&'a [CommuneCode]>,
}

/// The answers as displayed: hidden answers set aside, computed values added.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Answers of displayed fields (and answers to fields the schema does not know, kept).
    pub answers: Answers,
    /// Values of computed fields that could be computed.
    pub computed: BTreeMap<FieldId, Value>,
    /// Hidden fields: ids, and `group.n.member` for members hidden in one item.
    pub hidden: BTreeSet<String>,
}

impl Resolved {
    pub fn is_hidden(&self, path: &str) -> bool {
        self.hidden.contains(path)
    }

    /// The environment conditions read: displayed answers, computed values, budget totals,
    /// organisation facts.
    pub fn env<'a>(&'a self, schema: &'a FormSchema, org: &'a OrgFacts) -> FormEnv<'a> {
        FormEnv {
            schema,
            answers: &self.answers,
            computed: &self.computed,
            org,
        }
    }
}

/// An [`Env`] over a form's answers: fields, computed values, budget totals
/// (`budget.total_income`, `budget.requested`…) and organisation facts.
#[derive(Debug, Clone, Copy)]
pub struct FormEnv<'a> {
    pub schema: &'a FormSchema,
    pub answers: &'a Answers,
    pub computed: &'a BTreeMap<FieldId, Value>,
    pub org: &'a OrgFacts,
}

impl Env for FormEnv<'_> {
    fn field(&self, id: &FieldId) -> Option<Value> {
        if let Some(v) = self
            .computed
            .get(id)
            .or_else(|| self.answers.get(id.as_str()))
        {
            return Some(v.clone());
        }
        let tail = id.tail()?;
        let field = self.schema.field(id.head())?;
        let FieldKind::BudgetTable { requested_line, .. } = &field.kind else {
            return None;
        };
        match self.answers.get(id.head())? {
            Value::Budget(b) => b.value(tail, requested_line.as_deref()).map(Value::Cents),
            _ => None,
        }
    }

    fn org(&self, fact: OrgFact) -> Option<Value> {
        self.org.value(fact)
    }
}

/// Inside one item of a repeatable group: `group.member` reads the item, the rest the form.
pub(crate) struct ItemEnv<'a> {
    pub outer: &'a dyn Env,
    pub group: &'a FieldId,
    pub item: &'a Answers,
}

impl Env for ItemEnv<'_> {
    fn field(&self, id: &FieldId) -> Option<Value> {
        match id.tail() {
            Some(member) if id.head() == self.group.head() => self.item.get(member).cloned(),
            _ => self.outer.field(id),
        }
    }

    fn org(&self, fact: OrgFact) -> Option<Value> {
        self.outer.org(fact)
    }
}

/// Walks the form in order and sets hidden answers aside (see the module doc).
pub fn resolve(schema: &FormSchema, answers: &Answers, org: &OrgFacts) -> Resolved {
    let mut visible = answers.clone();
    let mut computed = BTreeMap::new();
    let mut hidden = BTreeSet::new();
    for page in &schema.pages {
        for section in &page.sections {
            let section_shown = section.condition.as_ref().is_none_or(|c| {
                c.eval(&FormEnv {
                    schema,
                    answers: &visible,
                    computed: &computed,
                    org,
                })
            });
            for field in &section.fields {
                let env = FormEnv {
                    schema,
                    answers: &visible,
                    computed: &computed,
                    org,
                };
                let shown = section_shown && field.condition.as_ref().is_none_or(|c| c.eval(&env));
                if !shown {
                    visible.remove(field.id.as_str());
                    hidden.insert(field.id.to_string());
                    continue;
                }
                match &field.kind {
                    FieldKind::Computed { .. } => {
                        if let Some(v) = compute_field(schema, field, &visible, &computed) {
                            computed.insert(field.id.clone(), v);
                        }
                    }
                    FieldKind::Group { fields, .. } => {
                        let mut items = match visible.remove(field.id.as_str()) {
                            Some(Value::Group(items)) => items,
                            Some(other) => {
                                // Not a group (a revision changed the kind): left as is.
                                visible.insert(field.id.clone(), other);
                                continue;
                            }
                            None => continue,
                        };
                        let env = FormEnv {
                            schema,
                            answers: &visible,
                            computed: &computed,
                            org,
                        };
                        for (i, item) in items.iter_mut().enumerate() {
                            for member in fields {
                                let Some(c) = &member.condition else { continue };
                                let shown = c.eval(&ItemEnv {
                                    outer: &env,
                                    group: &field.id,
                                    item,
                                });
                                if !shown {
                                    item.remove(member.id.as_str());
                                    hidden.insert(format!("{}.{i}.{}", field.id, member.id));
                                }
                            }
                        }
                        visible.insert(field.id.clone(), Value::Group(items));
                    }
                    _ => {}
                }
            }
        }
    }
    Resolved {
        answers: visible,
        computed,
        hidden,
    }
}

/// The answers without those of hidden fields (answers to fields the schema does not know are
/// kept: a later revision may bring them back).
pub fn prune_hidden(schema: &FormSchema, answers: &Answers, org: &OrgFacts) -> Answers {
    resolve(schema, answers, org).answers
}

/// Checks the displayed fields of `scope`: required answers, lengths, ranges, options, files,
/// group sizes, budget balance and request. Answers of hidden fields and of fields the schema
/// does not know are ignored. Errors come in form order.
pub fn validate(
    schema: &FormSchema,
    answers: &Answers,
    org: &OrgFacts,
    scope: Scope<'_>,
    opts: &ValidateOptions<'_>,
) -> Vec<FieldError> {
    let r = resolve(schema, answers, org);
    let mut errs = vec![];
    for page in schema.pages.iter().filter(|p| scope.includes(p)) {
        for section in &page.sections {
            for field in &section.fields {
                let id = field.id.as_str();
                if !r.is_hidden(id) {
                    validate_field(field, r.answers.get(id), id, opts, &r, &mut errs);
                }
            }
        }
    }
    errs
}

fn validate_field(
    field: &Field,
    value: Option<&Value>,
    path: &str,
    opts: &ValidateOptions<'_>,
    r: &Resolved,
    errs: &mut Vec<FieldError>,
) {
    let push = |errs: &mut Vec<FieldError>, e: FieldErrorCode| errs.push(FieldError::new(path, &e));
    match &field.kind {
        FieldKind::Computed { .. } | FieldKind::Explanation { .. } => {}
        FieldKind::Group {
            fields,
            min_items,
            max_items,
        } => {
            let items: &[Answers] = match value {
                None => &[],
                Some(Value::Group(items)) => items,
                Some(_) => return push(errs, FieldErrorCode::WrongValue),
            };
            let n = u32::try_from(items.len()).unwrap_or(u32::MAX);
            if items.is_empty() && field.required && *min_items == 0 {
                return push(errs, FieldErrorCode::Required);
            }
            if n < *min_items {
                push(errs, FieldErrorCode::TooFewItems { min: *min_items });
            }
            if let Some(max) = max_items.filter(|m| n > *m) {
                push(errs, FieldErrorCode::TooManyItems { max });
            }
            for (i, item) in items.iter().enumerate() {
                for member in fields {
                    let mpath = format!("{path}.{i}.{}", member.id);
                    if !r.is_hidden(&mpath) {
                        validate_field(member, item.get(member.id.as_str()), &mpath, opts, r, errs);
                    }
                }
            }
        }
        FieldKind::BudgetTable {
            requested_line,
            project,
        } => match value {
            None => {
                if field.required {
                    push(errs, FieldErrorCode::Required);
                }
            }
            Some(Value::Budget(b)) if b.is_empty() => {
                if field.required {
                    push(errs, FieldErrorCode::Required);
                }
            }
            Some(Value::Budget(b)) => {
                check_budget(path, b, requested_line.as_deref(), *project, opts, errs)
            }
            Some(_) => push(errs, FieldErrorCode::WrongValue),
        },
        kind => match value {
            Some(v) if !v.is_empty() => {
                if let Err(e) = check_value(kind, v, opts) {
                    push(errs, e);
                }
            }
            _ => {
                if field.required {
                    push(errs, FieldErrorCode::Required);
                }
            }
        },
    }
}

fn range<T: PartialOrd + Copy>(
    v: T,
    min: Option<T>,
    max: Option<T>,
    arg: impl Fn(T) -> ArgValue,
) -> Result<(), FieldErrorCode> {
    if let Some(m) = min.filter(|m| v < *m) {
        return Err(FieldErrorCode::TooSmall { min: arg(m) });
    }
    if let Some(m) = max.filter(|m| v > *m) {
        return Err(FieldErrorCode::TooLarge { max: arg(m) });
    }
    Ok(())
}

fn check_commune(code: &str, opts: &ValidateOptions<'_>) -> Result<(), FieldErrorCode> {
    let c = CommuneCode::parse(code)?;
    match opts.territory {
        Some(list) if !list.contains(&c) => Err(FieldErrorCode::CommuneOutside),
        _ => Ok(()),
    }
}

/// Checks a file against an attachment field's rules (for the upload handler too): the
/// extension of its name among the accepted types, its size at most `max_bytes`.
pub fn check_file(
    accept: &[FileType],
    max_bytes: u64,
    file: &FileRef,
) -> Result<(), FieldErrorCode> {
    let ext = file.extension().unwrap_or_default();
    if !accept
        .iter()
        .any(|t| t.extensions().contains(&ext.as_str()))
    {
        return Err(FieldErrorCode::FileType {
            accept: accept
                .iter()
                .map(|t| t.display())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    if file.size > max_bytes {
        return Err(FieldErrorCode::FileTooLarge { max_bytes });
    }
    Ok(())
}

/// Checks one non-empty answer against its field's constraints (not `required`, which
/// depends on display; not groups and budget tables, which [`validate()`] checks whole). Also
/// re-checks formats, for answers that came from elsewhere than [`super::parse_input`] (an
/// API, an older revision).
pub fn check_value(
    kind: &FieldKind,
    value: &Value,
    opts: &ValidateOptions<'_>,
) -> Result<(), FieldErrorCode> {
    use FieldKind as F;
    match (kind, value) {
        (F::ShortText { .. } | F::LongText { .. }, Value::Text(s)) => {
            let max = kind.max_len().unwrap_or(u32::MAX);
            if s.chars().count() > max as usize {
                return Err(FieldErrorCode::TooLong { max });
            }
            Ok(())
        }
        (F::Email, Value::Text(s)) => Email::parse(s).map(|_| ()).map_err(Into::into),
        (F::Phone, Value::Text(s)) => super::input::parse_phone(s).map(|_| ()),
        (F::Url, Value::Text(s)) => super::input::parse_url(s).map(|_| ()),
        (F::Siret, Value::Text(s)) => Siret::parse(s).map(|_| ()).map_err(Into::into),
        (F::Rna, Value::Text(s)) => Rna::parse(s).map(|_| ()).map_err(Into::into),
        (F::Commune { multiple: false }, Value::Text(s)) => check_commune(s, opts),
        (F::Commune { multiple: true }, Value::Choices(list)) => {
            list.iter().try_for_each(|c| check_commune(c, opts))
        }
        (F::Integer { min, max }, Value::Integer(n)) => range(*n, *min, *max, ArgValue::Integer),
        (F::Decimal { min, max, .. }, Value::Decimal(x)) => {
            if !x.is_finite() {
                return Err(FieldErrorCode::NumberFormat);
            }
            range(*x, *min, *max, ArgValue::Decimal)
        }
        (F::Currency { min, max }, Value::Cents(c)) => range(*c, *min, *max, ArgValue::Cents),
        (F::Percentage { min, max }, Value::Percent(p)) => range(*p, *min, *max, ArgValue::Percent),
        (F::Date { min, max }, Value::Date(d)) => {
            if let Some(m) = min.filter(|m| d < m) {
                return Err(FieldErrorCode::DateTooEarly { min: m });
            }
            if let Some(m) = max.filter(|m| d > m) {
                return Err(FieldErrorCode::DateTooLate { max: m });
            }
            Ok(())
        }
        (F::YesNo { must_accept }, Value::Bool(b)) => {
            if *must_accept && !b {
                Err(FieldErrorCode::MustAccept)
            } else {
                Ok(())
            }
        }
        (F::SingleChoice { options }, Value::Choice(c)) => {
            if options.iter().any(|o| o.id == *c) {
                Ok(())
            } else {
                Err(FieldErrorCode::InvalidChoice)
            }
        }
        (F::MultipleChoice { options, min, max }, Value::Choices(list)) => {
            let known = list.iter().all(|c| options.iter().any(|o| o.id == *c));
            let unique = list.iter().collect::<BTreeSet<_>>().len() == list.len();
            if !known || !unique {
                return Err(FieldErrorCode::InvalidChoice);
            }
            let n = u32::try_from(list.len()).unwrap_or(u32::MAX);
            if let Some(m) = min.filter(|m| n < *m) {
                return Err(FieldErrorCode::TooFewChoices { min: m });
            }
            if let Some(m) = max.filter(|m| n > *m) {
                return Err(FieldErrorCode::TooManyChoices { max: m });
            }
            Ok(())
        }
        (F::Attachment { accept, max_bytes }, Value::File(f)) => check_file(accept, *max_bytes, f),
        _ => Err(FieldErrorCode::WrongValue),
    }
}

fn check_budget(
    path: &str,
    b: &BudgetAnswer,
    requested_line: Option<&str>,
    project: bool,
    opts: &ValidateOptions<'_>,
    errs: &mut Vec<FieldError>,
) {
    for (code, amount) in &b.lines {
        let lpath = format!("{path}.{code}");
        let known = budget::line(code).is_some_and(|l| project || !l.project_only);
        if !known {
            errs.push(FieldError::new(&lpath, &FieldErrorCode::BudgetUnknownLine));
        } else if amount.is_negative() {
            errs.push(FieldError::new(&lpath, &FieldErrorCode::BudgetNegative));
        } else if *amount > budget::MAX_LINE {
            let e = FieldErrorCode::TooLarge {
                max: ArgValue::Cents(budget::MAX_LINE),
            };
            errs.push(FieldError::new(&lpath, &e));
        }
    }
    for (code, detail) in &b.details {
        let max = budget::MAX_DETAIL_LEN;
        if detail.chars().count() > max as usize {
            let e = FieldErrorCode::TooLong { max };
            errs.push(FieldError::new(format!("{path}.{code}.detail"), &e));
        }
    }
    let t = b.totals();
    if t.in_kind_uses != t.in_kind_contributions {
        let e = FieldErrorCode::BudgetInKindUnbalanced {
            uses: t.in_kind_uses,
            contributions: t.in_kind_contributions,
        };
        errs.push(FieldError::new(path, &e));
    }
    if !b.is_balanced() {
        let e = FieldErrorCode::BudgetUnbalanced {
            charges: t.grand_total_charges(),
            income: t.grand_total_income(),
        };
        errs.push(FieldError::new(path, &e));
    }
    if let Some(line) = requested_line {
        let lpath = format!("{path}.{line}");
        let requested = b.requested(line);
        if requested <= Cents::ZERO {
            errs.push(FieldError::new(&lpath, &FieldErrorCode::RequestMissing));
            return;
        }
        if let Some(cap) = opts.max_request.filter(|cap| requested > *cap) {
            errs.push(FieldError::new(
                &lpath,
                &FieldErrorCode::RequestOverCap { max: cap },
            ));
        }
        if let Some(share) = opts.max_request_share {
            // requested / income > share / 10 000, without division.
            let over =
                i128::from(requested.0) * 10_000 > i128::from(share) * i128::from(t.income.0);
            if over {
                let e = FieldErrorCode::RequestShare { max: share };
                errs.push(FieldError::new(&lpath, &e));
            }
        }
    }
}
