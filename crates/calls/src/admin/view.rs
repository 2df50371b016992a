//! The staff list of calls and a call's page: facts, files per state, form revisions, history,
//! and the buttons that move it through its lifecycle.

use super::queries::{self, HistoryRow};
use super::{money, staff_call, tr, words};
use crate::model::{Call, FormRevision};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use essor_domain::lifecycle::{CallState, FileState};
use essor_platform::orgs::DocumentKind;
use essor_platform::web::{render, render_invalid, AppResult, Ctx, FormErrors};

/// Fluent id of a call state's name (also for templates).
pub(crate) fn state_message(state: &str) -> String {
    CallState::parse(state).map_or_else(|| state.to_owned(), CallState::message_id)
}

/// A UTC instant in a call's zone, with the zone: "15/01/2027 17:00 (Europe/Paris)".
pub(crate) fn local(p: &Ctx, at: &DateTime<Utc>, tz: Tz) -> String {
    let l = at.with_timezone(&tz);
    let s = match p.lang() {
        "fr" => l.format("%d/%m/%Y %H:%M"),
        _ => l.format("%Y-%m-%d %H:%M"),
    };
    format!("{s} ({})", tz.name())
}

/// A file state's name (`locales/*/calls-states.ftl`), or its code for an unknown state.
fn file_state_label(p: &Ctx, state: &str) -> String {
    FileState::parse(state).map_or_else(|| state.to_owned(), |s| p.t(s.message_id()))
}

/// Files of one call per state, in lifecycle order.
fn counts_of(p: &Ctx, all: &[(i64, String, i64)], call: i64) -> Vec<(String, i64)> {
    let mut out: Vec<(usize, String, i64)> = all
        .iter()
        .filter(|(c, _, _)| *c == call)
        .map(|(_, s, n)| {
            let order = FileState::ALL
                .iter()
                .position(|f| f.as_str() == s)
                .unwrap_or(usize::MAX);
            (order, file_state_label(p, s), *n)
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, l, n)| (l, n)).collect()
}

struct ListRow {
    call: Call,
    opens: String,
    closes: String,
    counts: Vec<(String, i64)>,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    rows: Vec<ListRow>,
}

pub(super) async fn list(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let db = p.state.db();
    let counts = queries::file_counts(db, None).await?;
    let rows = queries::all_calls(db)
        .await?
        .into_iter()
        .map(|call| ListRow {
            opens: local(&p, &call.opens_at, call.tz()),
            closes: local(&p, &call.closes_at, call.tz()),
            counts: counts_of(&p, &counts, call.id),
            call,
        })
        .collect();
    render(&ListTpl { p: &p, rows })
}

/// One revision of the form, as listed on the call's page.
struct RevisionRow {
    rev: FormRevision,
    current: bool,
}

#[derive(Template)]
#[template(path = "admin/show.html")]
pub(super) struct ShowTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    counts: Vec<(String, i64)>,
    files: i64,
    revisions: Vec<RevisionRow>,
    history: Vec<HistoryRow>,
    errors: FormErrors,
    /// The reopening form's values.
    reopen_date: String,
    reopen_time: String,
}

impl ShowTpl<'_> {
    fn is(&self, state: &str) -> bool {
        self.call.state().as_str() == state
    }

    fn at(&self, at: &DateTime<Utc>) -> String {
        local(self.p, at, self.call.tz())
    }

    fn kinds(&self) -> Vec<&'static str> {
        self.call
            .eligible_kinds()
            .iter()
            .map(|k| k.message_id())
            .collect()
    }

    fn documents(&self) -> Vec<String> {
        serde_json::from_str::<Vec<String>>(&self.call.required_documents)
            .unwrap_or_default()
            .iter()
            .filter_map(|d| DocumentKind::parse(d))
            .map(DocumentKind::message_id)
            .collect()
    }

    fn territory(&self) -> String {
        tr(
            self.p,
            &format!(
                "admin-territory-{}",
                self.call.territory_rule.replace('_', "-")
            ),
            &[],
        )
    }

    fn amount(&self, c: &Option<i64>) -> String {
        c.map_or_else(
            || self.p.t("admin-none"),
            |c| money(self.p, essor_domain::money::Cents(c)),
        )
    }

    fn rules(&self) -> Vec<String> {
        let rules: Vec<essor_domain::forms::EligibilityRule> =
            serde_json::from_str(&self.call.eligibility_rules).unwrap_or_default();
        rules
            .iter()
            .map(|r| {
                let cond = words::condition(self.p, None, &r.condition);
                match &r.message {
                    Some(m) => format!("{} — {cond}", m.get(self.p.lang())),
                    None => cond,
                }
            })
            .collect()
    }

    fn event(&self, event: &str) -> String {
        format!("admin-event-{event}")
    }

    fn zone(&self) -> &str {
        &self.call.time_zone
    }
}

/// The call's page; with `errors` (a refused transition) it comes back as 422.
pub(super) async fn show_page(
    p: &Ctx,
    call: &Call,
    errors: FormErrors,
    reopen: Option<(String, String)>,
) -> AppResult<Response> {
    let db = p.state.db();
    let all = queries::file_counts(db, Some(call.id())).await?;
    let counts = counts_of(p, &all, call.id);
    let files = counts.iter().map(|(_, n)| n).sum();
    let revisions = queries::revisions(db, call.id())
        .await?
        .into_iter()
        .map(|rev| RevisionRow {
            current: Some(rev.id) == call.current_form_id,
            rev,
        })
        .collect();
    let (reopen_date, reopen_time) = reopen.unwrap_or_else(|| (String::new(), "17:00".to_owned()));
    let tpl = ShowTpl {
        p,
        call,
        counts,
        files,
        revisions,
        history: queries::history(db, call.id()).await?,
        errors,
        reopen_date,
        reopen_time,
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

pub(super) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let call = staff_call(&p, &id).await?;
    show_page(&p, &call, FormErrors::default(), None).await
}
