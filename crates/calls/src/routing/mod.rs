//! Routing of submitted files: staff write rules in the condition language the form already
//! uses for eligibility and conditional display ("when the commune is Nanterre, or the amount
//! requested is above 10,000 €"), each assigning the file to a staff member and/or putting a
//! label on it. Rules run inside the submission's transaction (see `apply::submit`); staff can
//! also run them on the files already received.
//!
//! Staff only: every handler starts with the staff check of `admin::staff_call`.

pub(crate) mod rules;

use crate::admin::conditions::{self, candidates, typed_rows, BuilderView, Row};
use crate::admin::queries::latest_revision;
use crate::admin::text::Fields;
use crate::admin::{staff_call, tr, words};
use crate::instruction::actions::{label_name, MAX_LABEL};
use crate::instruction::{is_staff_member, staff_members};
use crate::model::Call;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use essor_domain::forms::FormSchema;
use essor_platform::web::{
    render, render_invalid, see_other, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;

const MAX_NAME: usize = 120;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/calls/{id}/routing", get(page).post(add))
        .route("/staff/calls/{id}/routing/apply", post(apply_received))
        .route("/staff/calls/{id}/routing/{rule}/delete", post(remove))
}

/// A rule as the page lists it.
struct RuleView {
    id: i64,
    name: String,
    condition: String,
    actions: Vec<String>,
}

#[derive(Template)]
#[template(path = "routing/rules.html")]
struct RulesTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    /// The call has a form: conditions can name its fields.
    has_form: bool,
    /// After running the rules on the files received: how many they matched, in words.
    applied: Option<String>,
    rules: Vec<RuleView>,
    staff: Vec<(i64, String)>,
    // The new rule as typed (not `name` or `label`: the form macros' parameters are called so).
    rule_name: String,
    assignee: String,
    rule_label: String,
    json: String,
    combinator: String,
    rows: Vec<Row>,
    vars: Vec<(String, String)>,
    errors: FormErrors,
}

impl BuilderView for RulesTpl<'_> {
    fn ctx(&self) -> &Ctx {
        self.p
    }

    fn form_errors(&self) -> &FormErrors {
        &self.errors
    }
}

impl RulesTpl<'_> {
    fn selected(&self, id: &i64) -> bool {
        self.assignee == id.to_string()
    }
}

/// The form staff write rules against: the newest revision (field ids are stable across
/// revisions, so a rule reads files started on older ones too).
async fn schema_of(p: &Ctx, call: &Call) -> AppResult<Option<FormSchema>> {
    Ok(match latest_revision(p.state.db(), call.id()).await? {
        Some(r) => Some(r.schema()?),
        None => None,
    })
}

struct Typed {
    name: String,
    assignee: String,
    label: String,
    json: String,
    combinator: String,
    rows: Vec<Row>,
}

async fn show(
    p: &Ctx,
    call: &Call,
    typed: Option<Typed>,
    applied: Option<u32>,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let schema = schema_of(p, call).await?;
    let staff = staff_members(db).await?;
    let name_of = |id: i64| {
        staff
            .iter()
            .find(|(s, _)| *s == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| p.t("routing-former-staff"))
    };
    let rules = rules::rules(db, call.id)
        .await?
        .into_iter()
        .map(|r| {
            let condition = match r.condition() {
                Some(c) => words::condition(p, schema.as_ref(), &c),
                None => p.t("routing-condition-unreadable"),
            };
            let mut actions = vec![];
            if let Some(a) = r.assignee_id {
                actions.push(tr(p, "routing-action-assign", &[("name", name_of(a))]));
            }
            if let Some(l) = &r.label {
                actions.push(tr(p, "routing-action-label", &[("label", l.clone())]));
            }
            RuleView {
                id: r.id,
                name: r.name,
                condition,
                actions,
            }
        })
        .collect();
    let t = typed.unwrap_or(Typed {
        name: String::new(),
        assignee: String::new(),
        label: String::new(),
        json: String::new(),
        combinator: "all".into(),
        rows: vec![],
    });
    let tpl = RulesTpl {
        p,
        call,
        applied: applied.map(|n| {
            p.state.i18n().get(
                p.locale(),
                "routing-applied",
                &[("count", i64::from(n).into())],
            )
        }),
        has_form: schema.is_some(),
        rules,
        staff,
        rule_name: t.name,
        assignee: t.assignee,
        rule_label: t.label,
        json: t.json,
        combinator: t.combinator,
        rows: conditions::with_blank_rows(t.rows),
        vars: schema
            .as_ref()
            .map(|s| candidates(p, s, None))
            .unwrap_or_default(),
        errors,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

#[derive(serde::Deserialize)]
struct PageQuery {
    applied: Option<u32>,
}

async fn page(p: Ctx, Path(id): Path<String>, Query(q): Query<PageQuery>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    show(&p, &call, None, q.applied, FormErrors::default()).await
}

async fn add(p: Ctx, Path(id): Path<String>, body: Bytes) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let f = Fields::parse(&body);
    let Some(schema) = schema_of(&p, &call).await? else {
        return Err(AppError::NotFound);
    };
    let mut errors = FormErrors::default();
    let name = label_name(f.get("name"));
    if name.is_empty() {
        errors.add("name", p.t("routing-error-name"));
    } else if name.chars().count() > MAX_NAME {
        errors.add("name", p.t("routing-error-name-long"));
    }
    let label = label_name(f.get("label"));
    if label.chars().count() > MAX_LABEL {
        errors.add("label", p.t("instruction-error-label-long"));
    }
    let assignee = match f.get("assignee") {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(a) if is_staff_member(p.state.db(), a).await? => Some(a),
            _ => {
                errors.add("assignee", p.t("instruction-error-assignee"));
                None
            }
        },
    };
    if assignee.is_none() && label.is_empty() && !errors.has("assignee") {
        errors.add("assignee", p.t("routing-error-action"));
    }
    let condition = match conditions::read(&p, &f, &schema) {
        Ok(Some(c)) => {
            let problems: Vec<String> = c
                .check(&schema)
                .iter()
                .map(|e| words::schema_error(&p, &schema, e))
                .collect();
            let key = if f.get("mode") == "json" {
                "json"
            } else {
                "condition"
            };
            for msg in &problems {
                errors.add(key, msg.clone());
            }
            problems.is_empty().then_some(c)
        }
        Ok(None) => {
            errors.add("condition", p.t("routing-error-condition"));
            None
        }
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    match condition {
        Some(condition) if errors.is_empty() => {
            let mut tx = p.state.db().begin().await?;
            let rule = rules::NewRule {
                name,
                condition,
                assignee_id: assignee,
                label: (!label.is_empty()).then_some(label),
            };
            rules::insert(&mut tx, call.id, &rule, user.id, Utc::now()).await?;
            tx.commit().await?;
            Ok(see_other_flash(
                &format!("/staff/calls/{}/routing", call.id),
                "routing-flash-added",
            ))
        }
        _ => {
            let typed = Typed {
                name: f.get("name").to_owned(),
                assignee: f.get("assignee").to_owned(),
                label: f.get("label").to_owned(),
                json: f.get("json").to_owned(),
                combinator: f.get("combinator").to_owned(),
                rows: typed_rows(&f),
            };
            show(&p, &call, Some(typed), None, errors).await
        }
    }
}

async fn remove(p: Ctx, Path((id, rule)): Path<(String, String)>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let user = p.require_staff()?.clone();
    let rule = rule.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let mut tx = p.state.db().begin().await?;
    if !rules::delete(&mut tx, call.id, rule, user.id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/routing", call.id),
        "routing-flash-deleted",
    ))
}

async fn apply_received(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    let n = rules::route_received(&p.state, call.id, Utc::now()).await?;
    // The count travels in the address: flashes carry a message id only.
    Ok(see_other(&format!(
        "/staff/calls/{}/routing?applied={n}",
        call.id
    )))
}
