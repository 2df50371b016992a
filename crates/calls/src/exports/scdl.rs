//! Awarded subsidies as open data, in the SCDL "subventions" schema v2.1.1 (OpenDataFrance,
//! schema.data.gouv.fr/scdl/subventions): public by law (décret 2017-779) at
//! `/open-data/calls/{slug}/subventions.csv`, and for staff at
//! `/staff/calls/{id}/subventions.csv`.
//!
//! What each column holds, and what is assumed:
//! - the file is CSV as the schema's validators read it: UTF-8 without byte-order mark, `,`
//!   between values, RFC 4180 quoting, one header line with the 16 columns in schema order;
//! - one line per accepted file that has an amount; `montant` is the awarded amount
//!   ([`awarded_amount`]), euros with a dot and two decimals; `pourcentageSubvention` is `1.00`
//!   (one beneficiary per file); `nature` is `aide en numéraire`;
//! - `nomAttribuant`, `idAttribuant` (a SIRET), `conditionsVersement` (`unique` or
//!   `échelonné`), the payment period, `notificationUE` (`oui`/`non`) and `dispositifAide` are
//!   set by staff once per call (table `call_open_data`); the public file exists once they are;
//! - `dateConvention` is the date of the decision (the platform records no separate convention
//!   date yet), in the call's time zone, `AAAA-MM-JJ`; `referenceDecision` is the file number;
//! - `datesPeriodeVersement` is the period staff gave (`AAAA-MM-JJ/AAAA-MM-JJ`), else the
//!   decision date (payments are not recorded yet);
//! - `idBeneficiaire` is the organisation's SIRET, `rnaBeneficiaire` its RNA number when it has
//!   the schema's form (`W` and 9 digits); `objet` the project title (255 characters at most);
//! - `idRAE` stays empty (aid to companies listed by the RAE is out of scope).
//!
//! Nothing else about the applicant is published: no person's name, address, e-mail or answer.
//! Text from applicants that could start a spreadsheet formula is defused as in the staff CSV.

use super::csv::push_record;
use super::page::{self, OpenDataForm};
use super::{keyset_body, staff_call, Orgs, BATCH};
use crate::model::{self, Call, Files};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use essor_domain::identifiers::Siret;
use essor_domain::lifecycle::{CallState, FileState};
use essor_domain::money::Cents;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::storage::content_disposition;
use essor_platform::web::{see_other_flash, AppError, AppResult, Ctx, FormErrors};
use sea_query::{Alias, Expr, ExprTrait, Func, Iden, Order, Query, SimpleExpr};
use serde_json::json;

/// The columns of SCDL subventions v2.1.1, in the schema's order.
pub const HEADER: [&str; 16] = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
];

#[derive(Iden, Clone, Copy)]
enum CallOpenData {
    Table,
    CallId,
    AttributingName,
    AttributingSiret,
    PaymentTerms,
    PaymentStart,
    PaymentEnd,
    NotifiedEu,
    AidScheme,
    UpdatedBy,
    UpdatedAt,
}

/// What staff set for a call's open-data file.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Settings {
    pub attributing_name: String,
    pub attributing_siret: String,
    /// `unique` or `échelonné`, as the schema spells them.
    pub payment_terms: String,
    pub payment_start: Option<NaiveDate>,
    pub payment_end: Option<NaiveDate>,
    pub notified_eu: bool,
    pub aid_scheme: Option<String>,
}

pub async fn settings(db: &Db, call_id: i64) -> anyhow::Result<Option<Settings>> {
    db.fetch_optional(
        Query::select()
            .columns([
                CallOpenData::AttributingName,
                CallOpenData::AttributingSiret,
                CallOpenData::PaymentTerms,
                CallOpenData::PaymentStart,
                CallOpenData::PaymentEnd,
                CallOpenData::NotifiedEu,
                CallOpenData::AidScheme,
            ])
            .from(CallOpenData::Table)
            .and_where(Expr::col(CallOpenData::CallId).eq(call_id)),
    )
    .await
}

/// The awarded amount of an accepted file. The one place it is read from: the amount a
/// commission awarded (`files.awarded_amount`), or the amount requested for a file accepted
/// without one.
pub fn awarded_amount() -> SimpleExpr {
    Func::coalesce([
        Expr::col((Files::Table, Files::AwardedAmount)).into(),
        Expr::col((Files::Table, Files::RequestedAmount)).into(),
    ])
    .into()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AwardRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub org_name: String,
    pub org_siret: Option<String>,
    pub org_rna: Option<String>,
    pub amount: i64,
}

/// The next keyset page of a call's awards (accepted files with an amount), by id.
pub async fn awards_page(
    db: &Db,
    call_id: i64,
    after: i64,
    limit: u64,
) -> anyhow::Result<Vec<AwardRow>> {
    db.fetch_all(
        Query::select()
            .columns([
                (Files::Table, Files::Id),
                (Files::Table, Files::Number),
                (Files::Table, Files::Title),
                (Files::Table, Files::DecidedAt),
                (Files::Table, Files::UpdatedAt),
            ])
            .expr_as(Expr::col((Orgs::Table, Orgs::Name)), Alias::new("org_name"))
            .expr_as(
                Expr::col((Orgs::Table, Orgs::Siret)),
                Alias::new("org_siret"),
            )
            .expr_as(Expr::col((Orgs::Table, Orgs::Rna)), Alias::new("org_rna"))
            .expr_as(awarded_amount(), Alias::new("amount"))
            .from(Files::Table)
            .inner_join(
                Orgs::Table,
                Expr::col((Orgs::Table, Orgs::Id)).equals((Files::Table, Files::OrgId)),
            )
            .and_where(Expr::col((Files::Table, Files::CallId)).eq(call_id))
            .and_where(Expr::col((Files::Table, Files::State)).eq(FileState::Accepted.as_str()))
            .and_where(awarded_amount().is_not_null())
            .and_where(Expr::col((Files::Table, Files::Id)).gt(after))
            .order_by((Files::Table, Files::Id), Order::Asc)
            .limit(limit),
    )
    .await
}

/// `^W\d{9}$`, the RNA form the schema accepts.
fn schema_rna(rna: &str) -> bool {
    rna.len() == 10 && rna.starts_with('W') && rna[1..].bytes().all(|b| b.is_ascii_digit())
}

fn one_line(s: &str, max: usize) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect()
}

/// One line of the file.
pub fn record(s: &Settings, call: &Call, row: &AwardRow) -> [String; 16] {
    let decided = row
        .decided_at
        .unwrap_or(row.updated_at)
        .with_timezone(&call.tz())
        .date_naive();
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let period = match (s.payment_start, s.payment_end) {
        (Some(a), Some(b)) if a == b => iso(a),
        (Some(a), Some(b)) => format!("{}/{}", iso(a), iso(b)),
        _ => iso(decided),
    };
    let title = if row.title.trim().is_empty() {
        &call.title
    } else {
        &row.title
    };
    let siret = row
        .org_siret
        .clone()
        .filter(|s| s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_default();
    let rna = row
        .org_rna
        .clone()
        .filter(|r| schema_rna(r))
        .unwrap_or_default();
    [
        s.attributing_name.clone(),
        s.attributing_siret.clone(),
        iso(decided),
        row.number.clone(),
        one_line(&row.org_name, 255),
        siret,
        rna,
        one_line(title, 255),
        super::columns::money_plain(Cents(row.amount), '.'),
        "aide en numéraire".to_owned(),
        s.payment_terms.clone(),
        period,
        String::new(),
        if s.notified_eu { "oui" } else { "non" }.to_owned(),
        "1.00".to_owned(),
        s.aid_scheme.clone().unwrap_or_default(),
    ]
}

/// Which values came from people (defused against formulas) rather than from us.
const TYPED_BY_PEOPLE: [bool; 16] = [
    true, false, false, false, true, false, false, true, false, false, false, false, false, false,
    false, true,
];

fn header_line() -> String {
    let mut s = String::new();
    push_record(&mut s, HEADER.iter().map(|h| (*h, false)), ',');
    s
}

fn body(db: Db, call: Call, settings: Settings) -> Body {
    keyset_body(Bytes::from(header_line()), move |after| {
        let (db, call, settings) = (db.clone(), call.clone(), settings.clone());
        async move {
            let rows = awards_page(&db, call.id, after, BATCH).await?;
            let Some(last) = rows.last().map(|r| r.id) else {
                return Ok(None);
            };
            let mut out = String::new();
            for row in &rows {
                let rec = record(&settings, &call, row);
                push_record(
                    &mut out,
                    rec.iter()
                        .zip(TYPED_BY_PEOPLE)
                        .map(|(v, t)| (v.as_str(), t)),
                    ',',
                );
            }
            Ok(Some((Bytes::from(out), last)))
        }
    })
}

fn csv_response(call: &Call, body: Body, public: bool) -> AppResult<Response> {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        content_disposition(&format!("subventions-{}.csv", call.slug)),
    );
    if public {
        // Open data: any site may fetch it, caches may keep it a few minutes.
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// GET /open-data/calls/{slug}/subventions.csv: public, once staff set the attributing body.
pub(super) async fn public_download(p: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let db = p.state.db().clone();
    let call = model::call_by_slug(&db, &slug)
        .await?
        .filter(|c| c.state() != CallState::Draft)
        .ok_or(AppError::NotFound)?;
    let settings = settings(&db, call.id).await?.ok_or(AppError::NotFound)?;
    let b = body(db, call.clone(), settings);
    csv_response(&call, b, true)
}

/// GET /staff/calls/{id}/subventions.csv: the same file, for staff to check before it is public.
pub(super) async fn staff_download(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let db = p.state.db().clone();
    let settings = settings(&db, call.id).await?.ok_or(AppError::NotFound)?;
    let b = body(db, call.clone(), settings);
    csv_response(&call, b, false)
}

/// Reads and checks the settings form; the errors name the form's fields.
pub fn parse_form(
    p: &Ctx,
    pairs: &[(String, String)],
) -> (OpenDataForm, Result<Settings, FormErrors>) {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let form = OpenDataForm {
        name: get("od_name"),
        siret: get("od_siret"),
        terms: get("od_terms"),
        start: get("od_start"),
        end: get("od_end"),
        notified_eu: get("od_notified_eu") == "yes",
        aid_scheme: get("od_aid_scheme"),
    };
    let mut errors = FormErrors::default();
    if form.name.is_empty() {
        errors.add("od_name", p.t("exports-od-name-required"));
    } else if form.name.chars().count() > 255 {
        errors.add("od_name", p.t("exports-od-too-long"));
    }
    let siret = match Siret::parse(&form.siret) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.add("od_siret", p.t(e.code()));
            None
        }
    };
    let terms = match form.terms.as_str() {
        "unique" => Some("unique"),
        "staggered" => Some("échelonné"),
        _ => {
            errors.add("od_terms", p.t("exports-od-terms-invalid"));
            None
        }
    };
    let mut date = |field: &str, raw: &str| -> Option<NaiveDate> {
        if raw.is_empty() {
            return None;
        }
        let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
        if d.is_none() {
            errors.add(field, p.t("exports-od-date-invalid"));
        }
        d
    };
    let start = date("od_start", &form.start);
    let end = date("od_end", &form.end);
    if !errors.has("od_start") && !errors.has("od_end") {
        match (start, end) {
            (Some(a), Some(b)) if a > b => errors.add("od_end", p.t("exports-od-period-order")),
            (Some(_), None) => errors.add("od_end", p.t("exports-od-period-half")),
            (None, Some(_)) => errors.add("od_start", p.t("exports-od-period-half")),
            (None, None) if terms == Some("échelonné") => {
                errors.add("od_start", p.t("exports-od-period-needed"))
            }
            _ => {}
        }
    }
    if form.aid_scheme.chars().count() > 100 {
        errors.add("od_aid_scheme", p.t("exports-od-too-long"));
    }
    let result = match (errors.is_empty(), siret, terms) {
        (true, Some(siret), Some(terms)) => Ok(Settings {
            attributing_name: one_line(&form.name, 255),
            attributing_siret: siret.to_string(),
            payment_terms: terms.to_owned(),
            payment_start: start,
            payment_end: end,
            notified_eu: form.notified_eu,
            aid_scheme: Some(form.aid_scheme.clone()).filter(|s| !s.is_empty()),
        }),
        _ => Err(errors),
    };
    (form, result)
}

/// POST /staff/calls/{id}/open-data: sets what the SCDL file says about the attributing body.
pub(super) async fn save(p: Ctx, Path(id): Path<String>, req: Request) -> AppResult<Response> {
    let (user, call) = staff_call(&p, &id).await?;
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
        .await
        .map_err(|_| AppError::BadRequest)?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let (form, parsed) = parse_form(&p, &pairs);
    let s = match parsed {
        Ok(s) => s,
        Err(errors) => return page::render_page(&p, &call, form, errors, true).await,
    };
    let mut tx = p.state.db().begin().await?;
    tx.execute(
        Query::delete()
            .from_table(CallOpenData::Table)
            .and_where(Expr::col(CallOpenData::CallId).eq(call.id)),
    )
    .await?;
    tx.execute(
        Query::insert()
            .into_table(CallOpenData::Table)
            .columns([
                CallOpenData::CallId,
                CallOpenData::AttributingName,
                CallOpenData::AttributingSiret,
                CallOpenData::PaymentTerms,
                CallOpenData::PaymentStart,
                CallOpenData::PaymentEnd,
                CallOpenData::NotifiedEu,
                CallOpenData::AidScheme,
                CallOpenData::UpdatedBy,
                CallOpenData::UpdatedAt,
            ])
            .values_panic([
                call.id.into(),
                s.attributing_name.clone().into(),
                s.attributing_siret.clone().into(),
                s.payment_terms.clone().into(),
                s.payment_start.into(),
                s.payment_end.into(),
                s.notified_eu.into(),
                s.aid_scheme.clone().into(),
                user.id.0.into(),
                Utc::now().into(),
            ]),
    )
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user.id),
            action: "export.open_data_settings",
            record_type: "call",
            record_id: call.id.to_string(),
            summary: json!({
                "attributing_name": s.attributing_name,
                "attributing_siret": s.attributing_siret,
                "payment_terms": s.payment_terms,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/calls/{}/export#open-data", call.id),
        "exports-od-saved",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_schema_shaped_rna_numbers_are_published() {
        assert!(schema_rna("W921000123"));
        assert!(!schema_rna("W9M1000123"));
        assert!(!schema_rna("921000123"));
    }

    #[test]
    fn text_is_one_line_and_bounded() {
        assert_eq!(one_line("a\r\n  b\tc", 255), "a b c");
        assert_eq!(one_line(&"x".repeat(300), 255).len(), 255);
    }
}
