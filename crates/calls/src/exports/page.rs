//! The export page of a call: choose columns and states, download the CSV at once or ask for an
//! XLSX or a ZIP of attachments, see the recent exports, and set the open-data file.

use super::background::{self, ExportRec, RETENTION_DAYS};
use super::columns::{self, Choice};
use super::scdl::{self, Settings};
use super::staff_call;
use crate::model::Call;
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use essor_domain::lifecycle::FileState;
use essor_platform::web::{render, render_invalid, AppResult, Ctx, FormErrors};

/// The open-data settings form, as typed.
#[derive(Debug, Clone, Default)]
pub struct OpenDataForm {
    pub name: String,
    pub siret: String,
    /// `unique` or `staggered`.
    pub terms: String,
    pub start: String,
    pub end: String,
    pub notified_eu: bool,
    pub aid_scheme: String,
}

impl OpenDataForm {
    fn from_settings(s: Option<&Settings>, territory: &str) -> OpenDataForm {
        let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        match s {
            Some(s) => OpenDataForm {
                name: s.attributing_name.clone(),
                siret: s.attributing_siret.clone(),
                terms: if s.payment_terms == "unique" {
                    "unique".into()
                } else {
                    "staggered".into()
                },
                start: iso(s.payment_start),
                end: iso(s.payment_end),
                notified_eu: s.notified_eu,
                aid_scheme: s.aid_scheme.clone().unwrap_or_default(),
            },
            // The territory's name is a starting point; the SIRET only staff can know.
            None => OpenDataForm {
                name: territory.to_owned(),
                terms: "unique".into(),
                ..OpenDataForm::default()
            },
        }
    }
}

pub struct StateChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "exports/export.html")]
struct ExportTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    fixed: Vec<Choice>,
    fields: Vec<Choice>,
    states: Vec<StateChoice>,
    recent: Vec<ExportRec>,
    od: OpenDataForm,
    errors: FormErrors,
    /// Set once the open-data file exists.
    public_url: Option<String>,
    retention: i64,
}

impl ExportTpl<'_> {
    fn export_state(&self, e: &ExportRec) -> String {
        self.p.t(format!("exports-job-{}", e.state))
    }

    fn format_name(&self, e: &ExportRec) -> String {
        self.p.t(format!("exports-format-{}", e.format))
    }
}

pub(super) async fn render_page(
    p: &Ctx,
    call: &Call,
    od: OpenDataForm,
    errors: FormErrors,
    invalid: bool,
) -> AppResult<Response> {
    let db = p.state.db();
    let schema = columns::current_schema(db, call).await?;
    let (fixed, fields): (Vec<Choice>, Vec<Choice>) = columns::choices(&schema, &p.t)
        .into_iter()
        .partition(|c| c.fixed);
    let states = FileState::ALL
        .iter()
        .map(|s| StateChoice {
            value: s.as_str(),
            label: p.t(s.message_id()),
            checked: *s != FileState::Draft,
        })
        .collect();
    let public_url = scdl::settings(db, call.id).await?.map(|_| {
        format!(
            "{}/open-data/calls/{}/subventions.csv",
            p.state.config().base_url(),
            call.slug
        )
    });
    let tpl = ExportTpl {
        p,
        call,
        fixed,
        fields,
        states,
        recent: background::recent(db, call.id).await?,
        od,
        errors,
        public_url,
        retention: RETENTION_DAYS,
    };
    if invalid {
        render_invalid(&tpl)
    } else {
        render(&tpl)
    }
}

/// GET /staff/calls/{id}/export
pub(super) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let settings = scdl::settings(p.state.db(), call.id).await?;
    let od = OpenDataForm::from_settings(settings.as_ref(), p.territory_name());
    render_page(&p, &call, od, FormErrors::default(), false).await
}
