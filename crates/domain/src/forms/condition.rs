//! One condition language for eligibility, conditional display and routing: a serialisable
//! tree of `all` / `any` / `not` over comparisons, `includes`, `empty` and `in_communes`, on
//! answers (`{"field": "id"}`) and organisation facts (`{"org": "has_rna"}`).
//!
//! Evaluation never fails: a missing value or a type mismatch makes the leaf false (use
//! `empty` to test for a missing answer). [`Condition::check`] and [`super::FormSchema::check`]
//! catch mismatches before a form is published.

use super::answers::Value;
use super::errors::{SchemaError, SchemaErrorKind as K};
use super::schema::{FieldId, FormSchema, ValueType};
use super::LocalizedText;
use crate::esus::EsusStatus;
use crate::identifiers::{CommuneCode, LegalCategory};
use crate::money::Cents;
use crate::org::OrgKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Facts about the applicant organisation, for eligibility and routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgFact {
    /// The organisation kind, compared as text: "association", "ess_company"…
    Kind,
    /// INSEE code of the head office's commune.
    CommuneCode,
    /// ESUS approval: "valid", "expiring", "expired" or "none".
    EsusStatus,
    HasSiret,
    HasRna,
    /// INSEE legal category, 4 digits as text: "9220".
    LegalCategory,
    /// Whole years since creation.
    CreatedYears,
}

impl OrgFact {
    pub const ALL: [OrgFact; 7] = [
        OrgFact::Kind,
        OrgFact::CommuneCode,
        OrgFact::EsusStatus,
        OrgFact::HasSiret,
        OrgFact::HasRna,
        OrgFact::LegalCategory,
        OrgFact::CreatedYears,
    ];

    /// Values of [`OrgFact::EsusStatus`].
    pub const ESUS_VALUES: [&'static str; 4] = ["valid", "expiring", "expired", "none"];

    pub(crate) fn value_type(self) -> ValueType {
        match self {
            OrgFact::Kind => {
                ValueType::Choice(OrgKind::ALL.iter().map(|k| k.as_str().into()).collect())
            }
            OrgFact::CommuneCode => ValueType::Commune,
            OrgFact::EsusStatus => {
                ValueType::Choice(Self::ESUS_VALUES.iter().map(|s| (*s).into()).collect())
            }
            OrgFact::HasSiret | OrgFact::HasRna => ValueType::Bool,
            OrgFact::LegalCategory => ValueType::Text,
            OrgFact::CreatedYears => ValueType::Integer,
        }
    }
}

/// The organisation facts conditions read, filled by the web layer from the profile (ESUS
/// status computed for `today` by [`crate::esus::EsusApproval::status`]). `Default` is an
/// unknown applicant (an eligibility quiz before signing up).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFacts {
    pub kind: Option<OrgKind>,
    pub commune: Option<CommuneCode>,
    /// `None`: no ESUS approval on file.
    pub esus: Option<EsusStatus>,
    pub has_siret: bool,
    pub has_rna: bool,
    pub legal_category: Option<LegalCategory>,
    pub created_years: Option<i64>,
}

impl OrgFacts {
    pub fn value(&self, fact: OrgFact) -> Option<Value> {
        match fact {
            OrgFact::Kind => self.kind.map(|k| Value::Choice(k.as_str().to_owned())),
            OrgFact::CommuneCode => self.commune.as_ref().map(|c| Value::Text(c.to_string())),
            OrgFact::EsusStatus => Some(Value::Choice(
                self.esus.map_or("none", EsusStatus::as_str).to_owned(),
            )),
            OrgFact::HasSiret => Some(Value::Bool(self.has_siret)),
            OrgFact::HasRna => Some(Value::Bool(self.has_rna)),
            OrgFact::LegalCategory => self
                .legal_category
                .as_ref()
                .map(|c| Value::Text(c.to_string())),
            OrgFact::CreatedYears => self.created_years.map(Value::Integer),
        }
    }
}

/// Where conditions read values.
pub trait Env {
    /// The answer (or computed value, or budget total `budget.total_income`) at `id`.
    fn field(&self, id: &FieldId) -> Option<Value>;
    fn org(&self, fact: OrgFact) -> Option<Value>;
}

/// Organisation facts only: for eligibility before any answer.
impl Env for OrgFacts {
    fn field(&self, _id: &FieldId) -> Option<Value> {
        None
    }

    fn org(&self, fact: OrgFact) -> Option<Value> {
        self.value(fact)
    }
}

/// What a condition reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Var {
    Field(FieldId),
    Org(OrgFact),
}

impl Var {
    /// For ids written in code. Panics on an invalid id (see [`FieldId::new`]).
    pub fn field(id: &str) -> Var {
        Var::Field(FieldId::new(id))
    }

    /// "budget.total_income", "org.has_rna": for messages.
    pub fn name(&self) -> String {
        match self {
            Var::Field(id) => id.to_string(),
            Var::Org(fact) => {
                let json = serde_json_name(*fact);
                format!("org.{json}")
            }
        }
    }

    fn get(&self, env: &dyn Env) -> Option<Value> {
        match self {
            Var::Field(id) => env.field(id),
            Var::Org(fact) => env.org(*fact),
        }
    }
}

fn serde_json_name(fact: OrgFact) -> &'static str {
    match fact {
        OrgFact::Kind => "kind",
        OrgFact::CommuneCode => "commune_code",
        OrgFact::EsusStatus => "esus_status",
        OrgFact::HasSiret => "has_siret",
        OrgFact::HasRna => "has_rna",
        OrgFact::LegalCategory => "legal_category",
        OrgFact::CreatedYears => "created_years",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn holds(self, o: Ordering) -> bool {
        match self {
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        }
    }

    fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// A constant in a condition. Exact where it matters: integers, cents and basis points are
/// integers; `Decimal` is for decimal fields only. A number compares with the same unit only
/// (an amount with `cents`, a percentage with `percent`); integers and decimals compare
/// together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    /// Text, an option id, a commune code, an organisation kind.
    Text(String),
    Integer(i64),
    Decimal(f64),
    Cents(Cents),
    /// Basis points: 5000 is 50 %.
    Percent(i64),
    Bool(bool),
    Date(NaiveDate),
    /// Option ids, codes.
    List(Vec<String>),
}

/// A condition. JSON: `{"all": [...]}`, `{"not": {...}}`,
/// `{"compare": {"var": {"field": "employees"}, "op": "ge", "value": {"integer": 1}}}`,
/// `{"includes": {"var": {"field": "publics"}, "value": {"text": "youth"}}}`,
/// `{"empty": {"var": {"field": "website"}}}`,
/// `{"in_communes": {"var": {"org": "commune_code"}, "codes": ["92"]}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// True when every member holds (an empty list holds).
    All(Vec<Condition>),
    /// True when one member holds (an empty list does not).
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// False when the value is missing, whatever the operator (`ne` included): test
    /// emptiness with `empty`. Text, options and yes/no take `eq` / `ne` only.
    Compare {
        var: Var,
        op: CmpOp,
        value: Literal,
    },
    /// A multiple choice (or list of communes) contains the text, or one of the list; a single
    /// value (text, option, commune) is one of the list.
    Includes {
        var: Var,
        value: Literal,
    },
    /// No answer, blank text, no choice, no item, an empty budget.
    Empty {
        var: Var,
    },
    /// The commune (every commune of a list, and at least one) is among `codes`: INSEE commune
    /// codes ("92050") or département codes ("92", "2A", "974").
    InCommunes {
        var: Var,
        codes: Vec<String>,
    },
}

/// A leaf (or a `not`, or an empty `any`) that does not hold, and where it sits in the tree:
/// child indices from the root.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedRule {
    pub path: Vec<usize>,
    pub condition: Condition,
}

/// An eligibility rule of a call, with the message shown when it fails ("Le projet doit se
/// dérouler dans les Hauts-de-Seine").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EligibilityRule {
    pub id: String,
    pub condition: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<LocalizedText>,
}

/// A failed eligibility rule: its message and the leaves that fail.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFailure {
    pub rule_id: String,
    pub message: Option<LocalizedText>,
    pub failed: Vec<FailedRule>,
}

/// The rules that fail, in order; empty means eligible.
pub fn check_eligibility(rules: &[EligibilityRule], env: &dyn Env) -> Vec<RuleFailure> {
    rules
        .iter()
        .filter(|r| !r.condition.eval(env))
        .map(|r| RuleFailure {
            rule_id: r.id.clone(),
            message: r.message.clone(),
            failed: r.condition.explain(env),
        })
        .collect()
}

impl Condition {
    pub fn compare(var: Var, op: CmpOp, value: Literal) -> Condition {
        Condition::Compare { var, op, value }
    }

    pub fn eq(var: Var, value: Literal) -> Condition {
        Condition::Compare {
            var,
            op: CmpOp::Eq,
            value,
        }
    }

    /// A yes/no field answered yes.
    pub fn is_yes(field: &str) -> Condition {
        Condition::eq(Var::field(field), Literal::Bool(true))
    }

    pub fn includes(var: Var, value: Literal) -> Condition {
        Condition::Includes { var, value }
    }

    pub fn empty(var: Var) -> Condition {
        Condition::Empty { var }
    }

    pub fn negate(self) -> Condition {
        Condition::Not(Box::new(self))
    }

    pub fn in_communes(var: Var, codes: &[&str]) -> Condition {
        Condition::InCommunes {
            var,
            codes: codes.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    /// Whether the condition holds. Never panics: missing values and type mismatches make a
    /// leaf false.
    pub fn eval(&self, env: &dyn Env) -> bool {
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.eval(env)),
            Condition::Any(cs) => cs.iter().any(|c| c.eval(env)),
            Condition::Not(c) => !c.eval(env),
            Condition::Compare { var, op, value } => var
                .get(env)
                .and_then(|v| compare(&v, *op, value))
                .unwrap_or(false),
            Condition::Includes { var, value } => var.get(env).is_some_and(|v| includes(&v, value)),
            Condition::Empty { var } => var.get(env).is_none_or(|v| v.is_empty()),
            Condition::InCommunes { var, codes } => {
                var.get(env).is_some_and(|v| in_communes(&v, codes))
            }
        }
    }

    /// Why the condition fails: the leaves that do not hold (under an `all`, the failing
    /// members; under a failing `any`, all of them). A failing `not` is reported whole. Empty
    /// when the condition holds.
    pub fn explain(&self, env: &dyn Env) -> Vec<FailedRule> {
        let mut out = vec![];
        self.explain_into(env, &mut vec![], &mut out);
        out
    }

    fn explain_into(&self, env: &dyn Env, path: &mut Vec<usize>, out: &mut Vec<FailedRule>) {
        if self.eval(env) {
            return;
        }
        match self {
            Condition::All(cs) | Condition::Any(cs) if !cs.is_empty() => {
                for (i, c) in cs.iter().enumerate() {
                    path.push(i);
                    c.explain_into(env, path, out);
                    path.pop();
                }
            }
            _ => out.push(FailedRule {
                path: path.clone(),
                condition: self.clone(),
            }),
        }
    }

    /// Every variable the condition reads, in order.
    pub fn vars(&self) -> Vec<&Var> {
        let mut out = vec![];
        self.collect_vars(&mut out);
        out
    }

    fn collect_vars<'a>(&'a self, out: &mut Vec<&'a Var>) {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.collect_vars(out)),
            Condition::Not(c) => c.collect_vars(out),
            Condition::Compare { var, .. }
            | Condition::Includes { var, .. }
            | Condition::Empty { var }
            | Condition::InCommunes { var, .. } => out.push(var),
        }
    }

    /// Checks a condition used outside the form's fields (eligibility rules, routing) against
    /// a schema: fields exist (anywhere in the form; group members cannot be named) and every
    /// comparison can hold.
    pub fn check(&self, schema: &FormSchema) -> Vec<SchemaError> {
        let mut errs = vec![];
        self.check_with(&|v| schema.resolve_anywhere(v), "condition", &mut errs);
        errs
    }

    pub(crate) fn check_with(
        &self,
        resolve: &dyn Fn(&Var) -> Result<ValueType, K>,
        at: &str,
        errs: &mut Vec<SchemaError>,
    ) {
        let leaf = |var: &Var, ok: &dyn Fn(&ValueType) -> bool, errs: &mut Vec<SchemaError>| {
            match resolve(var) {
                Err(k) => errs.push(SchemaError::new(at, k)),
                Ok(t) => {
                    if !ok(&t) {
                        errs.push(SchemaError::new(at, K::ConditionType { id: var.name() }));
                    }
                }
            }
        };
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.check_with(resolve, at, errs))
            }
            Condition::Not(c) => c.check_with(resolve, at, errs),
            Condition::Compare { var, op, value } => {
                leaf(var, &|t| compare_fits(t, *op, value), errs)
            }
            Condition::Includes { var, value } => leaf(var, &|t| includes_fits(t, value), errs),
            Condition::Empty { var } => leaf(var, &|t| *t != ValueType::Nothing, errs),
            Condition::InCommunes { var, codes } => leaf(
                var,
                &|t| {
                    matches!(t, ValueType::Commune | ValueType::Communes)
                        && !codes.is_empty()
                        && codes.iter().all(|c| is_territory_code(c))
                },
                errs,
            ),
        }
    }
}

fn is_commune(code: &str) -> bool {
    CommuneCode::parse(code).is_ok_and(|c| c.as_str() == code)
}

/// A commune code, or a département code ("92", "2A", "974").
fn is_territory_code(code: &str) -> bool {
    is_commune(code) || departement_code(code)
}

fn departement_code(code: &str) -> bool {
    let probe = match code.len() {
        2 => format!("{code}001"),
        3 => format!("{code}01"),
        _ => return false,
    };
    CommuneCode::parse(&probe).is_ok_and(|c| c.departement() == code)
}

fn compare_fits(t: &ValueType, op: CmpOp, lit: &Literal) -> bool {
    use ValueType as T;
    match (t, lit) {
        (T::Text, Literal::Text(_)) => op.is_equality(),
        (T::Commune, Literal::Text(s)) => op.is_equality() && is_commune(s),
        (T::Choice(options), Literal::Text(s)) => op.is_equality() && options.contains(s),
        (T::Bool, Literal::Bool(_)) => op.is_equality(),
        (T::Integer | T::Decimal, Literal::Integer(_)) => true,
        (T::Integer | T::Decimal, Literal::Decimal(x)) => x.is_finite(),
        (T::Cents, Literal::Cents(_)) | (T::Percent, Literal::Percent(_)) => true,
        (T::Date, Literal::Date(_)) => true,
        _ => false,
    }
}

fn includes_fits(t: &ValueType, lit: &Literal) -> bool {
    use ValueType as T;
    match (t, lit) {
        (T::Choices(options), Literal::Text(s)) => options.contains(s),
        (T::Choices(options) | T::Choice(options), Literal::List(l)) => {
            !l.is_empty() && l.iter().all(|s| options.contains(s))
        }
        (T::Communes, Literal::Text(s)) => is_commune(s),
        (T::Communes | T::Commune, Literal::List(l)) => {
            !l.is_empty() && l.iter().all(|s| is_commune(s))
        }
        (T::Text, Literal::List(l)) => !l.is_empty(),
        _ => false,
    }
}

/// `None`: the value and the literal do not compare (type mismatch, ordering on text, NaN).
fn compare(v: &Value, op: CmpOp, lit: &Literal) -> Option<bool> {
    let equality = |equal: bool| match op {
        CmpOp::Eq => Some(equal),
        CmpOp::Ne => Some(!equal),
        _ => None,
    };
    let ord = match (v, lit) {
        (Value::Text(a) | Value::Choice(a), Literal::Text(b)) => return equality(a == b),
        (Value::Bool(a), Literal::Bool(b)) => return equality(a == b),
        (Value::Integer(a), Literal::Integer(b)) => Some(a.cmp(b)),
        (Value::Integer(a), Literal::Decimal(b)) => (*a as f64).partial_cmp(b),
        (Value::Decimal(a), Literal::Integer(b)) => a.partial_cmp(&(*b as f64)),
        (Value::Decimal(a), Literal::Decimal(b)) => a.partial_cmp(b),
        (Value::Cents(a), Literal::Cents(b)) => Some(a.cmp(b)),
        (Value::Percent(a), Literal::Percent(b)) => Some(a.cmp(b)),
        (Value::Date(a), Literal::Date(b)) => Some(a.cmp(b)),
        _ => None,
    };
    ord.map(|o| op.holds(o))
}

fn includes(v: &Value, lit: &Literal) -> bool {
    match (v, lit) {
        (Value::Choices(items), Literal::Text(s)) => items.contains(s),
        (Value::Choices(items), Literal::List(l)) => items.iter().any(|i| l.contains(i)),
        (Value::Text(s) | Value::Choice(s), Literal::List(l)) => l.contains(s),
        _ => false,
    }
}

fn in_communes(v: &Value, codes: &[String]) -> bool {
    let one = |code: &str| {
        let dep = CommuneCode::parse(code)
            .map(|c| c.departement().to_owned())
            .ok();
        codes
            .iter()
            .any(|c| c == code || dep.as_deref() == Some(c.as_str()))
    };
    match v {
        Value::Text(code) => one(code),
        Value::Choices(list) => !list.is_empty() && list.iter().all(|c| one(c)),
        _ => false,
    }
}
