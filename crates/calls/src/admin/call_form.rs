//! Creating and editing a call: texts, dates and times in the call's time zone, who may apply,
//! amounts, required documents, contact.

use super::queries::{self, CallData};
use super::text::{self, Fields};
use super::time::{self, ZONES};
use super::{money, staff_call, tr};
use crate::model::Call;
use askama::Template;
use axum::body::Bytes;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::email::Email;
use essor_domain::forms::{EligibilityRule, FormSchema};
use essor_domain::ids::CallId;
use essor_domain::lifecycle::CallState;
use essor_domain::money::Cents;
use essor_domain::org::OrgKind;
use essor_platform::audit::{self, Entry};
use essor_platform::orgs::DocumentKind;
use essor_platform::web::{render, render_invalid, see_other_flash, AppResult, Ctx, FormErrors};
use serde_json::json;
use std::collections::BTreeSet;

const MAX_TITLE: usize = 200;
const MAX_SUMMARY: usize = 600;
const MAX_DESCRIPTION: usize = 50_000;
const MAX_RULES: usize = 100_000;

pub(super) const TERRITORY_RULES: [&str; 2] = ["head_office", "any"];

/// Kinds of organisation a call may be open to.
pub(crate) fn applicant_kinds() -> impl Iterator<Item = OrgKind> {
    OrgKind::ALL.into_iter().filter(|k| k.is_applicant_kind())
}

/// Vault documents a call may require ("other" is not a kind one can ask for).
pub(crate) fn requirable_documents() -> impl Iterator<Item = DocumentKind> {
    DocumentKind::ALL
        .into_iter()
        .filter(|d| *d != DocumentKind::Other)
}

impl CallData {
    /// The data of a stored call, to compare with an edit.
    fn of(call: &Call) -> CallData {
        let docs: Vec<String> = serde_json::from_str(&call.required_documents).unwrap_or_default();
        CallData {
            slug: call.slug.clone(),
            title: call.title.clone(),
            theme: call.theme.clone(),
            summary: call.summary.clone(),
            description: call.description.clone(),
            opens_at: call.opens_at,
            closes_at: call.closes_at,
            time_zone: call.time_zone.clone(),
            eligible_kinds: call.eligible_kinds(),
            require_esus: call.require_esus,
            territory_rule: call.territory_rule.clone(),
            eligibility_rules: call.eligibility_rules.clone(),
            max_amount: call.max_amount(),
            envelope: call.envelope(),
            required_documents: docs.iter().filter_map(|d| DocumentKind::parse(d)).collect(),
            contact_name: call.contact_name.clone(),
            contact_email: call.contact_email.clone(),
            file_prefix: call.file_prefix.clone(),
        }
    }

    /// Names of the columns an edit changes, for the audit entry.
    fn changes(&self, new: &CallData) -> Vec<&'static str> {
        let mut out = vec![];
        let mut diff = |name, changed: bool| {
            if changed {
                out.push(name)
            }
        };
        diff("slug", self.slug != new.slug);
        diff("title", self.title != new.title);
        diff("theme", self.theme != new.theme);
        diff("summary", self.summary != new.summary);
        diff("description", self.description != new.description);
        diff("opens_at", self.opens_at != new.opens_at);
        diff("closes_at", self.closes_at != new.closes_at);
        diff("time_zone", self.time_zone != new.time_zone);
        diff("eligible_kinds", self.eligible_kinds != new.eligible_kinds);
        diff("require_esus", self.require_esus != new.require_esus);
        diff("territory_rule", self.territory_rule != new.territory_rule);
        diff(
            "eligibility_rules",
            self.eligibility_rules != new.eligibility_rules,
        );
        diff("max_amount", self.max_amount != new.max_amount);
        diff("envelope", self.envelope != new.envelope);
        diff(
            "required_documents",
            self.required_documents != new.required_documents,
        );
        diff("contact_name", self.contact_name != new.contact_name);
        diff("contact_email", self.contact_email != new.contact_email);
        diff("file_prefix", self.file_prefix != new.file_prefix);
        out
    }
}

/// The form's values for a stored call, as the inputs show them.
fn fields_of(p: &Ctx, call: &Call) -> Fields {
    let tz = call.tz();
    let (od, ot) = time::local_inputs(&call.opens_at, tz);
    let (cd, ct) = time::local_inputs(&call.closes_at, tz);
    let amount = |c: Option<i64>| c.map(|c| money(p, Cents(c))).unwrap_or_default();
    let rules = serde_json::from_str::<serde_json::Value>(&call.eligibility_rules)
        .ok()
        .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_default();
    let mut f = Fields::default();
    for (k, v) in [
        ("title", call.title.clone()),
        ("slug", call.slug.clone()),
        ("theme", call.theme.clone()),
        ("summary", call.summary.clone()),
        ("description", call.description.clone()),
        ("time_zone", call.time_zone.clone()),
        ("opens_date", od),
        ("opens_time", ot),
        ("closes_date", cd),
        ("closes_time", ct),
        ("territory_rule", call.territory_rule.clone()),
        ("eligibility_rules", rules),
        ("max_amount", amount(call.max_amount)),
        ("envelope", amount(call.envelope)),
        ("contact_name", call.contact_name.clone()),
        ("contact_email", call.contact_email.clone()),
        ("file_prefix", call.file_prefix.clone()),
    ] {
        f.push(k, v);
    }
    if call.require_esus {
        f.push("require_esus", "on");
    }
    for k in call.eligible_kinds() {
        f.push("eligible_kinds", k.as_str());
    }
    for d in CallData::of(call).required_documents {
        f.push("required_documents", d.as_str());
    }
    f
}

/// The values of a new call: the configuration's time zone, 17:00 deadlines, the usual
/// applicants of the programme.
fn new_fields(p: &Ctx) -> Fields {
    let mut f = Fields::default();
    f.push("time_zone", p.state.tz().name());
    f.push("opens_time", "09:00");
    f.push("closes_time", "17:00");
    f.push("territory_rule", "head_office");
    f.push("eligible_kinds", OrgKind::Association.as_str());
    f
}

fn text_field(
    errors: &mut FormErrors,
    p: &Ctx,
    f: &Fields,
    name: &str,
    max: usize,
    multi_line: bool,
) -> String {
    let v = if multi_line {
        f.get(name).trim().replace("\r\n", "\n")
    } else {
        text::one_line(f.get(name))
    };
    if v.is_empty() {
        errors.add(name, p.t("field-required"));
    } else if v.chars().count() > max {
        errors.add(
            name,
            tr(p, "admin-error-too-long", &[("max", max.to_string())]),
        );
    }
    v
}

fn amount(errors: &mut FormErrors, p: &Ctx, f: &Fields, name: &str) -> Option<Cents> {
    let raw = f.get(name).trim();
    if raw.is_empty() {
        return None;
    }
    match Cents::parse_eur(raw) {
        Ok(c) if c.0 > 0 => Some(c),
        Ok(_) => {
            errors.add(name, p.t("admin-error-amount-positive"));
            None
        }
        Err(e) => {
            errors.add(name, p.t(e.code()));
            None
        }
    }
}

/// A file number prefix from the public address: its first word, in capitals.
fn default_prefix(slug: &str) -> String {
    let first: String = slug
        .split('-')
        .next()
        .unwrap_or("")
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    if first.len() >= 2 {
        first
    } else {
        "AAP".to_owned()
    }
}

fn is_prefix(s: &str) -> bool {
    (2..=12).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Checks the eligibility rules typed as JSON against the call's form.
pub(super) fn check_rules(p: &Ctx, raw: &str, schema: &FormSchema) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok("[]".to_owned());
    }
    if raw.len() > MAX_RULES {
        return Err(tr(
            p,
            "admin-error-too-long",
            &[("max", MAX_RULES.to_string())],
        ));
    }
    let rules: Vec<EligibilityRule> = serde_json::from_str(raw)
        .map_err(|e| tr(p, "admin-error-rules-json", &[("error", e.to_string())]))?;
    let mut problems = vec![];
    let mut ids = BTreeSet::new();
    for r in &rules {
        if r.id.trim().is_empty() || !ids.insert(r.id.as_str()) {
            problems.push(tr(p, "admin-error-rules-id", &[("id", r.id.clone())]));
        }
        for e in r.condition.check(schema) {
            problems.push(super::words::schema_error(p, schema, &e));
        }
    }
    if problems.is_empty() {
        serde_json::to_string(&rules).map_err(|e| e.to_string())
    } else {
        Err(problems.join(" "))
    }
}

/// Checks the form; the data to store, or the errors per field.
async fn validate(
    p: &Ctx,
    f: &mut Fields,
    call: Option<&Call>,
) -> AppResult<Result<CallData, FormErrors>> {
    let db = p.state.db();
    let mut errors = FormErrors::default();
    let title = text_field(&mut errors, p, f, "title", MAX_TITLE, false);

    // The public address is fixed once the call was published: shared links must keep working.
    let slug_locked = call.is_some_and(|c| c.state() != CallState::Draft);
    let slug = match call {
        Some(c) if slug_locked => c.slug.clone(),
        _ => {
            let typed = f.get("slug").trim().to_owned();
            if typed.is_empty() {
                let base = text::slugify(&title, '-', text::MAX_SLUG);
                if base.is_empty() {
                    if !title.is_empty() {
                        errors.add("slug", p.t("admin-error-slug"));
                    }
                    String::new()
                } else {
                    let mut candidate = base.clone();
                    let mut n = 2;
                    while queries::slug_taken(db, &candidate, call.map(Call::id)).await? {
                        candidate = format!("{base}-{n}");
                        n += 1;
                    }
                    f.set("slug", candidate.clone());
                    candidate
                }
            } else if !text::is_slug(&typed) {
                errors.add("slug", p.t("admin-error-slug"));
                typed
            } else {
                if queries::slug_taken(db, &typed, call.map(Call::id)).await? {
                    errors.add("slug", p.t("admin-error-slug-taken"));
                }
                typed
            }
        }
    };

    let theme = text_field(&mut errors, p, f, "theme", MAX_TITLE, false);
    let summary = text_field(&mut errors, p, f, "summary", MAX_SUMMARY, true);
    let description = text_field(&mut errors, p, f, "description", MAX_DESCRIPTION, true);

    let tz = time::parse_zone(f.get("time_zone"));
    if tz.is_none() {
        errors.add("time_zone", p.t("admin-error-zone"));
    }
    // `stored` is the instant the inputs showed: when they come back unchanged, it is kept to
    // the second (closing early sets the deadline to the second; inputs show minutes).
    let mut instant = |date: &str, time_name: &str, stored: Option<DateTime<Utc>>| {
        let tz = tz?;
        let typed = (
            f.get(date).trim().to_owned(),
            f.get(time_name).trim().to_owned(),
        );
        if let Some(at) = stored.filter(|at| time::local_inputs(at, tz) == typed) {
            return Some(at);
        }
        match time::local_to_utc(&typed.0, &typed.1, tz) {
            Ok(at) => Some(at),
            Err(e) => {
                errors.add(if e.on_date() { date } else { time_name }, p.t(e.code()));
                None
            }
        }
    };
    let opens_at = instant("opens_date", "opens_time", call.map(|c| c.opens_at));
    let closes_at = instant("closes_date", "closes_time", call.map(|c| c.closes_at));
    if let (Some(o), Some(c)) = (opens_at, closes_at) {
        let state = call.map(Call::state);
        if o >= c {
            errors.add("closes_date", p.t("admin-error-closes-before-opens"));
        } else if state == Some(CallState::Published) && c <= Utc::now() {
            // An open call would silently close: closing is its own action, with its history.
            errors.add("closes_date", p.t("admin-error-closes-past"));
        } else if state == Some(CallState::Closed) && call.is_some_and(|call| call.closes_at != c) {
            // A closed call's deadline is when it closed; a new one comes with reopening.
            errors.add("closes_date", p.t("admin-error-closed-deadline"));
        }
    }

    let mut kinds = vec![];
    for k in f.all("eligible_kinds") {
        match OrgKind::parse(k).filter(|k| k.is_applicant_kind()) {
            Some(k) if !kinds.contains(&k) => kinds.push(k),
            Some(_) => {}
            None => errors.add("eligible_kinds", p.t("admin-error-kinds")),
        }
    }
    if kinds.is_empty() && !errors.has("eligible_kinds") {
        errors.add("eligible_kinds", p.t("admin-error-kinds"));
    }
    kinds.sort();
    let require_esus = f.checked("require_esus");
    let territory_rule = f.get("territory_rule").to_owned();
    if !TERRITORY_RULES.contains(&territory_rule.as_str()) {
        errors.add("territory_rule", p.t("admin-error-territory-rule"));
    }

    let schema = match call {
        Some(c) => match queries::latest_revision(db, c.id()).await? {
            Some(r) => r.schema()?,
            None => FormSchema::default(),
        },
        None => FormSchema::default(),
    };
    let eligibility_rules = match check_rules(p, f.get("eligibility_rules"), &schema) {
        Ok(r) => r,
        Err(msg) => {
            errors.add("eligibility_rules", msg);
            String::new()
        }
    };

    let max_amount = amount(&mut errors, p, f, "max_amount");
    let envelope = amount(&mut errors, p, f, "envelope");
    if let (Some(m), Some(e)) = (max_amount, envelope) {
        if m > e {
            errors.add("max_amount", p.t("admin-error-max-over-envelope"));
        }
    }
    let mut required_documents = vec![];
    for d in f.all("required_documents") {
        match DocumentKind::parse(d).filter(|d| *d != DocumentKind::Other) {
            Some(d) if !required_documents.contains(&d) => required_documents.push(d),
            Some(_) => {}
            None => errors.add("required_documents", p.t("admin-error-documents")),
        }
    }
    required_documents.sort_by_key(|d| DocumentKind::ALL.iter().position(|k| k == d));

    let contact_name = text_field(&mut errors, p, f, "contact_name", MAX_TITLE, false);
    let contact_email = match Email::parse(f.get("contact_email")) {
        Ok(e) => e.as_str().to_owned(),
        Err(e) => {
            errors.add("contact_email", p.t(e.code()));
            String::new()
        }
    };
    let mut file_prefix = f.get("file_prefix").trim().to_ascii_uppercase();
    if file_prefix.is_empty() && !slug.is_empty() {
        file_prefix = default_prefix(&slug);
        f.set("file_prefix", file_prefix.clone());
    }
    if !is_prefix(&file_prefix) {
        errors.add("file_prefix", p.t("admin-error-prefix"));
    }

    Ok(match (tz, opens_at, closes_at) {
        (Some(tz), Some(opens_at), Some(closes_at)) if errors.is_empty() => Ok(CallData {
            slug,
            title,
            theme,
            summary,
            description,
            opens_at,
            closes_at,
            time_zone: tz.name().to_owned(),
            eligible_kinds: kinds,
            require_esus,
            territory_rule,
            eligibility_rules,
            max_amount,
            envelope,
            required_documents,
            contact_name,
            contact_email,
            file_prefix,
        }),
        _ => Err(errors),
    })
}

#[derive(Template)]
#[template(path = "admin/call_form.html")]
struct FormTpl<'a> {
    p: &'a Ctx,
    f: &'a Fields,
    errors: FormErrors,
    title_id: &'a str,
    action: String,
    cancel: String,
    slug_locked: bool,
}

impl FormTpl<'_> {
    fn zones(&self) -> Vec<String> {
        let mut z: Vec<String> = ZONES.iter().map(|s| (*s).to_owned()).collect();
        for extra in [self.p.state.tz().name(), self.f.get("time_zone")] {
            if !extra.is_empty() && !z.iter().any(|s| s == extra) {
                z.push(extra.to_owned());
            }
        }
        z
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        applicant_kinds()
            .map(|k| (k.as_str(), k.message_id()))
            .collect()
    }

    fn documents(&self) -> Vec<(&'static str, String)> {
        requirable_documents()
            .map(|d| (d.as_str(), d.message_id()))
            .collect()
    }

    fn territory_rules(&self) -> [&'static str; 2] {
        TERRITORY_RULES
    }

    fn territory_label(&self, rule: &str) -> String {
        format!("admin-territory-{}", rule.replace('_', "-"))
    }

    fn zone_hint(&self) -> String {
        tr(
            self.p,
            "admin-field-zone.hint",
            &[("zone", self.f.get("time_zone").to_owned())],
        )
    }

    fn territory_hint(&self) -> String {
        tr(
            self.p,
            "admin-field-territory-rule.hint",
            &[("territory", self.p.territory_name().to_owned())],
        )
    }

    fn rules_example(&self) -> &'static str {
        r#"[{"id": "employees", "condition": {"compare": {"var": {"org": "created_years"}, "op": "ge", "value": {"integer": 1}}}, "message": {"fr": "La structure doit avoir au moins un an.", "en": "The organisation must be at least one year old."}}]"#
    }
}

fn form_page(tpl: FormTpl<'_>) -> AppResult<Response> {
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn new_form(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    form_page(FormTpl {
        p: &p,
        f: &new_fields(&p),
        errors: FormErrors::default(),
        title_id: "admin-new-title",
        action: "/staff/calls/new".into(),
        cancel: "/staff/calls".into(),
        slug_locked: false,
    })
}

pub(super) async fn create(p: Ctx, body: Bytes) -> AppResult<Response> {
    let user = p.require_staff()?.clone();
    let mut f = Fields::parse(&body);
    let data = match validate(&p, &mut f, None).await? {
        Ok(d) => d,
        Err(errors) => {
            return form_page(FormTpl {
                p: &p,
                f: &f,
                errors,
                title_id: "admin-new-title",
                action: "/staff/calls/new".into(),
                cancel: "/staff/calls".into(),
                slug_locked: false,
            })
        }
    };
    let mut tx = p.state.db().begin().await?;
    let id = match queries::insert_call(&mut tx, &data, user.id).await {
        Ok(id) => id,
        // Two staff creating the same address at once: the unique index decides.
        Err(e) if essor_platform::db::is_unique_violation(&e) => {
            let mut errors = FormErrors::default();
            errors.add("slug", p.t("admin-error-slug-taken"));
            return form_page(FormTpl {
                p: &p,
                f: &f,
                errors,
                title_id: "admin-new-title",
                action: "/staff/calls/new".into(),
                cancel: "/staff/calls".into(),
                slug_locked: false,
            });
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "call.create",
            record_type: "call",
            record_id: id.to_string(),
            summary: json!({ "slug": data.slug, "title": data.title }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{id}"),
        "admin-flash-created",
    ))
}

pub(super) async fn edit_form(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    form_page(FormTpl {
        p: &p,
        f: &fields_of(&p, &call),
        errors: FormErrors::default(),
        title_id: "admin-edit-title",
        action: format!("/staff/calls/{}/edit", call.id),
        cancel: format!("/staff/calls/{}", call.id),
        slug_locked: call.state() != CallState::Draft,
    })
}

pub(super) async fn update(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let mut f = Fields::parse(&body);
    let slug_locked = call.state() != CallState::Draft;
    let refused = |f: &Fields, errors: FormErrors| {
        form_page(FormTpl {
            p: &p,
            f,
            errors,
            title_id: "admin-edit-title",
            action: format!("/staff/calls/{}/edit", call.id),
            cancel: format!("/staff/calls/{}", call.id),
            slug_locked,
        })
    };
    if call.state() == CallState::Archived {
        let mut errors = FormErrors::default();
        errors.add("title", p.t("admin-error-archived"));
        return refused(&f, errors);
    }
    let data = match validate(&p, &mut f, Some(&call)).await? {
        Ok(d) => d,
        Err(errors) => return refused(&f, errors),
    };
    let changes = CallData::of(&call).changes(&data);
    let mut tx = p.state.db().begin().await?;
    if let Err(e) = queries::update_call(&mut tx, CallId(call.id), &data).await {
        if essor_platform::db::is_unique_violation(&e) {
            let mut errors = FormErrors::default();
            errors.add("slug", p.t("admin-error-slug-taken"));
            return refused(&f, errors);
        }
        return Err(e.into());
    }
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "call.update",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({ "slug": data.slug, "changed": changes }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}", call.id),
        "admin-flash-updated",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(default_prefix("progress-2027"), "PROGRESS");
        assert_eq!(default_prefix("a-b"), "AAP");
        assert_eq!(default_prefix("solidarites-numeriques"), "SOLIDARI");
        assert!(is_prefix("PRG"));
        assert!(is_prefix("AAP2027"));
        assert!(!is_prefix("P"));
        assert!(!is_prefix("prg"));
        assert!(!is_prefix("PR-G"));
    }
}
