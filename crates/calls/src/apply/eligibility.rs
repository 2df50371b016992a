//! "May we apply?", answered before the form and again at submission: the call is open, the
//! organisation's kind is accepted, a company holds a valid ESUS approval when the call asks
//! for one, the head office is in the territory, the vault holds the documents the call
//! requires, and the call's own eligibility rules hold. Each check says plainly whether it
//! passes and, when not, why and what to do.
//!
//! The call's rules are written in the same condition language as conditional fields. Rules
//! over organisation facts are checked from the profile; a rule naming a field of the form asks
//! that question on the eligibility page (its answer is then carried into the new file, "tell
//! us once"), except fields that cannot be asked alone (tables, groups, attachments, computed
//! values), which are checked on the whole form at submission.

use super::render::{Build, FieldView, Widget};
use super::text::{self, value_text};
use super::{local_date, org_facts, Arg, Lang};
use crate::model::{self, Call};
use askama::Template;
use axum::extract::{Path, Request};
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::forms::{
    check_eligibility, parse_input, resolve, Answers, CmpOp, Condition, EligibilityRule, Env,
    Field, FieldKind, FormSchema, Literal, OrgFact, OrgFacts, RawInput, Resolved, Value, Var,
};
use essor_domain::ids::{FormId, OrgId};
use essor_domain::lifecycle::CallState;
use essor_domain::org::OrgKind;
use essor_platform::orgs::{self, DocumentKind, MyOrg, Org};
use essor_platform::web::{render, render_invalid, AppError, AppResult, Ctx, FormErrors};
use essor_platform::AppState;
use std::collections::BTreeMap;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// Blocks applying (or submitting).
    Fail,
    /// Does not block starting a draft, but must be settled before submission.
    Warn,
}

impl Outcome {
    pub fn message_id(self) -> &'static str {
        match self {
            Outcome::Pass => "apply-outcome-pass",
            Outcome::Fail => "apply-outcome-fail",
            Outcome::Warn => "apply-outcome-warn",
        }
    }

    pub fn badge(self) -> &'static str {
        match self {
            Outcome::Pass => "ok",
            Outcome::Fail => "bad",
            Outcome::Warn => "warn",
        }
    }
}

/// One rule of eligibility and how it came out, in the reader's language.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable name: `open`, `kind`, `esus`, `territory`, `document:<kind>`, `rule:<id>`.
    pub key: String,
    pub outcome: Outcome,
    pub title: String,
    pub detail: String,
    /// Where to settle it (the ESUS page, the vault), with its label.
    pub link: Option<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Assessment {
    pub checks: Vec<Check>,
}

impl Assessment {
    pub fn eligible(&self) -> bool {
        !self.checks.iter().any(|c| c.outcome == Outcome::Fail)
    }

    pub fn check(&self, key: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.key == key)
    }

    fn push(&mut self, key: impl Into<String>, outcome: Outcome, title: String, detail: String) {
        self.checks.push(Check {
            key: key.into(),
            outcome,
            title,
            detail,
            link: None,
        });
    }

    fn link(&mut self, href: String, label: String) {
        if let Some(last) = self.checks.last_mut() {
            last.link = Some((href, label));
        }
    }
}

/// When the assessment is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Before starting a file: missing documents only warn, rules on the form are deferred.
    Start,
    /// At submission: everything must hold; the deadline is checked by the caller.
    Submit,
}

/// Conditions read the eligibility answers and the organisation's facts.
struct QuizEnv<'a> {
    answers: &'a Answers,
    org: &'a OrgFacts,
}

impl Env for QuizEnv<'_> {
    fn field(&self, id: &essor_domain::forms::FieldId) -> Option<Value> {
        self.answers.get(id.as_str()).cloned()
    }

    fn org(&self, fact: OrgFact) -> Option<Value> {
        self.org.value(fact)
    }
}

/// The call's extra rules (stored as JSON); malformed JSON is a configuration error.
pub(crate) fn rules_of(call: &Call) -> anyhow::Result<Vec<EligibilityRule>> {
    if call.eligibility_rules.trim().is_empty() {
        return Ok(vec![]);
    }
    serde_json::from_str(&call.eligibility_rules)
        .map_err(|e| anyhow::anyhow!("call {}: eligibility rules: {e}", call.id))
}

/// The vault document kinds the call requires.
pub(crate) fn required_documents(call: &Call) -> Vec<DocumentKind> {
    serde_json::from_str::<Vec<String>>(&call.required_documents)
        .unwrap_or_default()
        .iter()
        .filter_map(|k| DocumentKind::parse(k))
        .collect()
}

/// A field the eligibility page can ask on its own.
fn askable(kind: &FieldKind) -> bool {
    kind.is_input()
        && !matches!(
            kind,
            FieldKind::Group { .. } | FieldKind::BudgetTable { .. } | FieldKind::Attachment { .. }
        )
}

/// The fields the rules name that the eligibility page asks, in form order.
pub(crate) fn questions<'s>(rules: &[EligibilityRule], schema: &'s FormSchema) -> Vec<&'s Field> {
    let named: Vec<String> = rules
        .iter()
        .flat_map(|r| r.condition.vars())
        .filter_map(|v| match v {
            Var::Field(id) => Some(id.to_string()),
            Var::Org(_) => None,
        })
        .collect();
    schema
        .fields()
        .filter(|f| named.iter().any(|n| n == f.id.as_str()) && askable(&f.kind))
        .collect()
}

/// Whether a rule can be checked before the form is filled in.
fn decidable_now(rule: &EligibilityRule, asked: &[&Field]) -> bool {
    rule.condition.vars().iter().all(|v| match v {
        Var::Org(_) => true,
        Var::Field(id) => asked.iter().any(|f| f.id == *id),
    })
}

/// Assesses whether `org` may apply to `call` at `now`. `answers` are the eligibility answers
/// (at [`Stage::Start`]) or the whole file's answers (at [`Stage::Submit`]).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn assess(
    state: &AppState,
    lang: &Lang,
    call: &Call,
    schema: Option<&FormSchema>,
    org: &Org,
    answers: &Answers,
    stage: Stage,
    now: DateTime<Utc>,
) -> anyhow::Result<Assessment> {
    let tz = call.tz();
    let today = local_date(now, tz);
    let mut a = Assessment::default();

    if stage == Stage::Start {
        let title = lang.t("apply-check-open");
        let (outcome, detail) = if call.state() != CallState::Published {
            (Outcome::Fail, lang.t("apply-check-open-not-published"))
        } else if now < call.opens_at {
            let at = text::datetime(call.opens_at, tz, lang);
            (
                Outcome::Fail,
                lang.ta("apply-check-open-not-yet", &[("date", Arg::S(at))]),
            )
        } else if now >= call.closes_at {
            let at = text::datetime(call.closes_at, tz, lang);
            (
                Outcome::Fail,
                lang.ta("apply-check-open-closed", &[("date", Arg::S(at))]),
            )
        } else if schema.is_none() {
            (Outcome::Fail, lang.t("apply-check-open-no-form"))
        } else {
            let at = text::datetime(call.closes_at, tz, lang);
            let args = [
                ("date", Arg::S(at)),
                ("zone", Arg::S(text::zone(&call.time_zone))),
            ];
            (Outcome::Pass, lang.ta("apply-check-open-until", &args))
        };
        a.push("open", outcome, title, detail);
    }

    // Kind of organisation.
    let kinds = call.eligible_kinds();
    let kind = org.kind();
    let kind_name = lang.t(&org.kind_message_id());
    let accepted = match kind {
        Some(k) if kinds.is_empty() => k.is_applicant_kind(),
        Some(k) => kinds.contains(&k),
        None => false,
    };
    let detail = if accepted {
        lang.ta("apply-check-kind-pass", &[("kind", Arg::S(kind_name))])
    } else {
        let list = if kinds.is_empty() {
            OrgKind::ALL
                .iter()
                .filter(|k| k.is_applicant_kind())
                .map(|k| lang.t(k.message_id()))
                .collect::<Vec<_>>()
        } else {
            kinds.iter().map(|k| lang.t(k.message_id())).collect()
        };
        lang.ta(
            "apply-check-kind-fail",
            &[
                ("kinds", Arg::S(list.join(", "))),
                ("kind", Arg::S(kind_name)),
            ],
        )
    };
    let outcome = if accepted {
        Outcome::Pass
    } else {
        Outcome::Fail
    };
    a.push("kind", outcome, lang.t("apply-check-kind"), detail);

    // ESUS approval: companies must hold one; associations, cooperatives, mutuals and
    // foundations belong to the social economy by law.
    let company = matches!(kind, Some(OrgKind::EssCompany | OrgKind::CommercialCompany));
    if call.require_esus && company {
        let rules = state.esus_rules();
        let esus = orgs::current_esus(state.db(), org.id()).await?;
        let title = lang.t("apply-check-esus");
        match esus {
            None => {
                a.push(
                    "esus",
                    Outcome::Fail,
                    title,
                    lang.t("apply-check-esus-none"),
                );
                a.link(
                    format!("/orgs/{}/esus", org.id),
                    lang.t("apply-check-esus-link"),
                );
            }
            Some(row) => {
                let until = row.approval().valid_until(&rules);
                let until_text = text::date(until, lang);
                if today > until {
                    let detail =
                        lang.ta("apply-check-esus-expired", &[("date", Arg::S(until_text))]);
                    a.push("esus", Outcome::Fail, title, detail);
                    a.link(
                        format!("/orgs/{}/esus", org.id),
                        lang.t("apply-check-esus-link"),
                    );
                } else {
                    let detail = lang.ta("apply-check-esus-valid", &[("date", Arg::S(until_text))]);
                    a.push("esus", Outcome::Pass, title, detail);
                }
            }
        }
    }

    // Head office in the territory.
    if call.territory_rule == "head_office" {
        let territory = state.territory();
        let commune = text::commune(&org.commune_code);
        let args = [
            ("commune", Arg::S(commune)),
            ("territory", Arg::S(territory.name.clone())),
        ];
        let (outcome, id) = if territory.contains(&org.commune_code) {
            (Outcome::Pass, "apply-check-territory-pass")
        } else {
            (Outcome::Fail, "apply-check-territory-fail")
        };
        a.push(
            "territory",
            outcome,
            lang.t("apply-check-territory"),
            lang.ta(id, &args),
        );
    }

    // Documents the call requires, from the vault.
    let required = required_documents(call);
    if !required.is_empty() {
        let docs = orgs::documents_of(state.db(), org.id()).await?;
        let missing = if stage == Stage::Start {
            Outcome::Warn
        } else {
            Outcome::Fail
        };
        for kind in required {
            let title = lang.t(&kind.message_id());
            let key = format!("document:{}", kind.as_str());
            match docs.iter().find(|d| d.kind() == Some(kind)) {
                None => {
                    a.push(key, missing, title, lang.t("apply-check-document-missing"));
                    a.link(
                        format!("/orgs/{}/documents", org.id),
                        lang.t("apply-check-document-link"),
                    );
                }
                Some(d) if d.is_expired(today) => {
                    let until = d
                        .valid_until
                        .map(|v| text::date(v, lang))
                        .unwrap_or_default();
                    let detail =
                        lang.ta("apply-check-document-expired", &[("date", Arg::S(until))]);
                    a.push(key, missing, title, detail);
                    a.link(
                        format!("/orgs/{}/documents", org.id),
                        lang.t("apply-check-document-link"),
                    );
                }
                Some(d) => {
                    let detail = match d.valid_until {
                        Some(v) => lang.ta(
                            "apply-check-document-valid-until",
                            &[
                                ("name", Arg::S(d.original_name.clone())),
                                ("date", Arg::S(text::date(v, lang))),
                            ],
                        ),
                        None => lang.ta(
                            "apply-check-document-present",
                            &[("name", Arg::S(d.original_name.clone()))],
                        ),
                    };
                    a.push(key, Outcome::Pass, title, detail);
                }
            }
        }
    }

    // The call's own rules.
    let rules = rules_of(call)?;
    if !rules.is_empty() {
        let facts = org_facts(state, org, today).await?;
        let empty = FormSchema::default();
        let form = schema.unwrap_or(&empty);
        let asked = questions(&rules, form);
        let resolved: Option<Resolved> =
            (stage == Stage::Submit).then(|| resolve(form, answers, &facts));
        let quiz = QuizEnv {
            answers,
            org: &facts,
        };
        let env: &dyn Env = match &resolved {
            Some(r) => &r.env(form, &facts),
            None => &quiz,
        };
        let failures = check_eligibility(&rules, env);
        for rule in &rules {
            let key = format!("rule:{}", rule.id);
            let title = rule
                .message
                .as_ref()
                .map(|m| m.get(lang.code()).to_owned())
                .unwrap_or_else(|| lang.ta("apply-check-rule", &[("id", Arg::S(rule.id.clone()))]));
            if stage == Stage::Start && !decidable_now(rule, &asked) {
                a.push(key, Outcome::Warn, title, lang.t("apply-check-rule-later"));
                continue;
            }
            match failures.iter().find(|f| f.rule_id == rule.id) {
                None => a.push(key, Outcome::Pass, title, lang.t("apply-check-rule-pass")),
                Some(f) => {
                    let why: Vec<String> = f
                        .failed
                        .iter()
                        .map(|leaf| describe(&leaf.condition, form, env, lang))
                        .collect();
                    a.push(key, Outcome::Fail, title, why.join(" "));
                }
            }
        }
    }
    Ok(a)
}

/// A failing condition in words: "Type de structure doit être : Association (actuellement :
/// Entreprise de l’ESS)."
fn describe(c: &Condition, schema: &FormSchema, env: &dyn Env, lang: &Lang) -> String {
    let subject = |v: &Var| match v {
        Var::Org(fact) => lang.t(&format!("apply-orgfact-{}", fact_name(*fact))),
        Var::Field(id) => schema
            .field(id.as_str())
            .map(|f| f.label.get(lang.code()).to_owned())
            .unwrap_or_else(|| id.to_string()),
    };
    let actual = |v: &Var| {
        let value = match v {
            Var::Org(fact) => env.org(*fact),
            Var::Field(id) => env.field(id),
        };
        match value {
            None => lang.t("apply-not-answered"),
            Some(value) if value.is_empty() => lang.t("apply-not-answered"),
            Some(value) => match v {
                Var::Field(id) => match schema.field(id.as_str()) {
                    Some(f) => value_text(f, &value, lang),
                    None => plain(&value, v, schema, lang),
                },
                Var::Org(_) => plain(&value, v, schema, lang),
            },
        }
    };
    let args = |v: &Var, value: String| {
        [
            ("subject", Arg::S(subject(v))),
            ("value", Arg::S(value)),
            ("actual", Arg::S(actual(v))),
        ]
    };
    match c {
        Condition::Compare { var, op, value } => {
            let id = match op {
                CmpOp::Eq => "apply-cond-eq",
                CmpOp::Ne => "apply-cond-ne",
                CmpOp::Lt => "apply-cond-lt",
                CmpOp::Le => "apply-cond-le",
                CmpOp::Gt => "apply-cond-gt",
                CmpOp::Ge => "apply-cond-ge",
            };
            lang.ta(id, &args(var, literal(value, var, schema, lang)))
        }
        Condition::Includes { var, value } => lang.ta(
            "apply-cond-includes",
            &args(var, literal(value, var, schema, lang)),
        ),
        Condition::Empty { var } => lang.ta("apply-cond-empty", &args(var, String::new())),
        Condition::InCommunes { var, codes } => {
            let list = codes
                .iter()
                .map(|c| {
                    if c.len() == 5 {
                        text::commune(c)
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            lang.ta("apply-cond-in-communes", &args(var, list))
        }
        Condition::Not(inner) => lang.ta(
            "apply-cond-not",
            &[("condition", Arg::S(describe(inner, schema, env, lang)))],
        ),
        Condition::All(_) | Condition::Any(_) => lang.t("apply-cond-none"),
    }
}

fn fact_name(fact: OrgFact) -> &'static str {
    match fact {
        OrgFact::Kind => "kind",
        OrgFact::CommuneCode => "commune",
        OrgFact::EsusStatus => "esus",
        OrgFact::HasSiret => "siret",
        OrgFact::HasRna => "rna",
        OrgFact::LegalCategory => "legal-category",
        OrgFact::CreatedYears => "created-years",
    }
}

/// A text value of a variable in words: an organisation kind, an ESUS status, an option.
fn word(s: &str, var: &Var, schema: &FormSchema, lang: &Lang) -> String {
    match var {
        Var::Org(OrgFact::Kind) => OrgKind::parse(s)
            .map(|k| lang.t(k.message_id()))
            .unwrap_or_else(|| s.to_owned()),
        Var::Org(OrgFact::EsusStatus) => lang.t(&format!("apply-esus-{s}")),
        Var::Org(OrgFact::CommuneCode) => text::commune(s),
        Var::Field(id) => match schema.field(id.as_str()) {
            Some(f) if matches!(f.kind, FieldKind::Commune { .. }) => text::commune(s),
            Some(f) => f
                .kind
                .options()
                .iter()
                .find(|o| o.id == s)
                .map(|o| o.label.get(lang.code()).to_owned())
                .unwrap_or_else(|| s.to_owned()),
            None => s.to_owned(),
        },
        Var::Org(_) => s.to_owned(),
    }
}

fn plain(value: &Value, var: &Var, schema: &FormSchema, lang: &Lang) -> String {
    let code = lang.code();
    match value {
        Value::Text(s) | Value::Choice(s) => word(s, var, schema, lang),
        Value::Choices(l) => l
            .iter()
            .map(|s| word(s, var, schema, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Bool(b) => lang.t(if *b { "apply-yes" } else { "apply-no" }),
        Value::Integer(n) => essor_domain::forms::input::format_integer(*n, code),
        Value::Decimal(x) => essor_domain::forms::input::format_decimal(*x, 2, code),
        Value::Cents(c) => text::cents(*c, lang),
        Value::Percent(p) => essor_domain::forms::input::format_percent(*p, code),
        Value::Date(d) => text::date(*d, lang),
        Value::Group(_) | Value::Budget(_) | Value::File(_) => String::new(),
    }
}

fn literal(l: &Literal, var: &Var, schema: &FormSchema, lang: &Lang) -> String {
    let code = lang.code();
    match l {
        Literal::Text(s) => word(s, var, schema, lang),
        Literal::List(list) => list
            .iter()
            .map(|s| word(s, var, schema, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Literal::Integer(n) => essor_domain::forms::input::format_integer(*n, code),
        Literal::Decimal(x) => essor_domain::forms::input::format_decimal(*x, 2, code),
        Literal::Cents(c) => text::cents(*c, lang),
        Literal::Percent(p) => essor_domain::forms::input::format_percent(*p, code),
        Literal::Bool(b) => lang.t(if *b { "apply-yes" } else { "apply-no" }),
        Literal::Date(d) => text::date(*d, lang),
    }
}

// ---- Pages ---------------------------------------------------------------------------------

/// The result shown for one organisation.
pub(crate) struct ResultView {
    pub org_id: i64,
    pub org_name: String,
    pub assessment: Assessment,
    /// The organisation's file for this call, if it already has one: (id, number).
    pub existing: Option<(i64, String)>,
    /// The eligibility answers, carried into the new file.
    pub carried: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "apply/eligibility.html")]
pub(crate) struct EligibilityTpl<'a> {
    pub p: &'a Ctx,
    pub call: &'a Call,
    pub deadline: String,
    pub orgs: Vec<MyOrg>,
    pub chosen: Option<i64>,
    pub questions: Vec<FieldView>,
    pub errors: FormErrors,
    pub result: Option<ResultView>,
}

impl EligibilityTpl<'_> {
    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen == Some(*id)
    }
}

/// A call applicants may look at: published, or closed (to be told so).
pub(crate) async fn visible_call(p: &Ctx, slug: &str) -> AppResult<Call> {
    let call = model::call_by_slug(p.state.db(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !call.is_visible_to_public() {
        return Err(AppError::NotFound);
    }
    Ok(call)
}

/// The call's current form, if published.
pub(crate) async fn current_schema(
    state: &AppState,
    call: &Call,
) -> anyhow::Result<Option<(FormId, FormSchema)>> {
    let Some(id) = call.current_form_id else {
        return Ok(None);
    };
    let Some(rev) = model::form_by_id(state.db(), FormId(id)).await? else {
        return Ok(None);
    };
    Ok(Some((rev.id(), rev.schema()?)))
}

/// The organisation's file for this call, if any: (id, number).
pub(crate) async fn existing_file(
    state: &AppState,
    call: &Call,
    org: OrgId,
) -> anyhow::Result<Option<(i64, String)>> {
    use crate::model::Files;
    use sea_query::{Expr, Query};
    state
        .db()
        .fetch_optional(
            Query::select()
                .columns([Files::Id, Files::Number])
                .from(Files::Table)
                .and_where(Expr::col(Files::CallId).eq(call.id))
                .and_where(Expr::col(Files::OrgId).eq(org.0))
                .limit(1),
        )
        .await
}

/// Reads the eligibility questions from a post: answers, the raw text to show back, errors.
pub(crate) fn read_questions(
    fields: &[&Field],
    raw: &RawInput,
    lang: &Lang,
) -> (Answers, FormErrors, BTreeMap<String, String>) {
    let mut answers = Answers::new();
    let mut errors = FormErrors::default();
    let mut by_path = BTreeMap::new();
    for f in fields {
        let values = raw.get(f.id.as_str()).cloned().unwrap_or_default();
        match parse_input(&f.kind, &values) {
            Ok(Some(v)) => {
                answers.insert(f.id.clone(), v);
            }
            Ok(None) if f.required => {
                let m = lang.t("forms-required");
                errors.add(f.id.as_str(), m.clone());
                by_path.insert(f.id.to_string(), m);
            }
            Ok(None) => {}
            Err(e) => {
                let m = text::error_text(
                    lang,
                    &essor_domain::forms::FieldError::new(f.id.as_str(), &e),
                );
                errors.add(f.id.as_str(), m.clone());
                by_path.insert(f.id.to_string(), m);
            }
        }
    }
    (answers, errors, by_path)
}

/// Everything the page needs, assessed for `chosen` when given.
pub(crate) struct Quiz {
    pub raw: RawInput,
    pub chosen: Option<i64>,
    /// Whether to assess (a post, or a single organisation without questions).
    pub assess: bool,
}

/// Builds and renders the eligibility page; `starting` (a refused start) answers 422 when the
/// organisation may not apply.
pub(crate) async fn show(p: &Ctx, call: &Call, quiz: Quiz, starting: bool) -> AppResult<Response> {
    let user = p.require_user()?;
    let lang = Lang::of(p);
    let state = &p.state;
    let now = Utc::now();
    let all = orgs::orgs_of(state.db(), user.id).await?;
    let schema = current_schema(state, call).await?;
    let rules = rules_of(call)?;
    let empty = FormSchema::default();
    let form = schema.as_ref().map(|(_, s)| s).unwrap_or(&empty);
    let asked = questions(&rules, form);
    let chosen = quiz.chosen.or_else(|| (all.len() == 1).then(|| all[0].id));
    let (answers, mut errors, by_path) = read_questions(&asked, &quiz.raw, &lang);
    // Questions come back as typed; nothing is stored yet.
    let resolved = resolve(form, &Answers::new(), &OrgFacts::default());
    let vault = [];
    let build = Build {
        resolved: &resolved,
        raw: &quiz.raw,
        errors: &by_path,
        lang: &lang,
        file_id: 0,
        vault: &vault,
        communes: None,
        max_upload: state.config().max_upload_bytes,
    };
    let question_views: Vec<FieldView> = asked
        .iter()
        .map(|f| build.field(f, f.id.as_str(), None))
        .collect();
    let do_assess = quiz.assess || (asked.is_empty() && chosen.is_some() && all.len() == 1);
    let mut result = None;
    if do_assess {
        match chosen.and_then(|id| all.iter().find(|o| o.id == id)) {
            None => errors.add("org", lang.t("apply-eligibility-choose-org")),
            Some(mine) if errors.is_empty() => {
                let org = orgs::by_id(state.db(), OrgId(mine.id))
                    .await?
                    .ok_or(AppError::NotFound)?;
                let assessment = assess(
                    state,
                    &lang,
                    call,
                    schema.as_ref().map(|(_, s)| s),
                    &org,
                    &answers,
                    Stage::Start,
                    now,
                )
                .await?;
                let carried = asked
                    .iter()
                    .flat_map(|f| {
                        quiz.raw
                            .get(f.id.as_str())
                            .into_iter()
                            .flatten()
                            .map(|v| (f.id.to_string(), v.clone()))
                    })
                    .collect();
                result = Some(ResultView {
                    org_id: org.id,
                    org_name: org.name.clone(),
                    existing: existing_file(state, call, org.id()).await?,
                    assessment,
                    carried,
                });
            }
            Some(_) => {}
        }
    }
    let refused = result.as_ref().is_some_and(|r| !r.assessment.eligible());
    let tpl = EligibilityTpl {
        p,
        call,
        deadline: text::datetime(call.closes_at, call.tz(), &lang),
        orgs: all,
        chosen,
        questions: question_views,
        errors,
        result,
    };
    if !tpl.errors.is_empty() || (refused && starting) {
        render_invalid(&tpl)
    } else {
        render(&tpl)
    }
}

/// The posted form as raw input: name → values.
pub(crate) fn raw_input(pairs: Vec<(String, String)>) -> RawInput {
    let mut raw = RawInput::new();
    for (k, v) in pairs {
        raw.entry(k).or_default().push(v);
    }
    raw
}

pub(super) async fn page(p: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    p.require_user()?;
    let call = visible_call(&p, &slug).await?;
    show(
        &p,
        &call,
        Quiz {
            raw: RawInput::new(),
            chosen: None,
            assess: false,
        },
        false,
    )
    .await
}

pub(super) async fn check(p: Ctx, Path(slug): Path<String>, req: Request) -> AppResult<Response> {
    p.require_user()?;
    let call = visible_call(&p, &slug).await?;
    let raw = super::files::read_form(&p, req).await?;
    let chosen = raw
        .get("org")
        .and_then(|v| v.last())
        .and_then(|v| v.parse::<i64>().ok());
    show(
        &p,
        &call,
        Quiz {
            raw,
            chosen,
            assess: true,
        },
        false,
    )
    .await
}
