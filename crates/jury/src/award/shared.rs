//! Small pieces the ranking, commission, award and showcase rooms share: loading a call for
//! staff, money and CSV formatting, and the per-call settings of the commission.

use chrono::Utc;
use essor_calls::model::{self, Call};
use essor_domain::ids::{CallId, OrgId};
use essor_domain::money::Cents;
use essor_platform::db::Db;
use essor_platform::session::CurrentUser;
use essor_platform::web::{AppError, AppResult, Ctx};
use sea_query::{Expr, Iden, Query};

/// A numeric id from the path, or 404.
pub fn path_id(raw: &str) -> AppResult<i64> {
    raw.parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or(AppError::NotFound)
}

/// Staff only (others: sign-in or 403), then the call or 404.
pub async fn staff_call(p: &Ctx, raw_id: &str) -> AppResult<(CurrentUser, Call)> {
    let user = p.require_staff()?.clone();
    let id = path_id(raw_id)?;
    let call = model::call_by_id(p.state.db(), CallId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, call))
}

pub fn money(lang: &str, cents: i64) -> String {
    if lang == "en" {
        Cents(cents).format_en()
    } else {
        Cents(cents).format_fr()
    }
}

/// A CSV field, quoted when needed; a leading formula character is neutralised so a spreadsheet
/// never runs what an applicant typed.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[derive(Iden)]
pub enum JuryAwardSettings {
    Table,
    CallId,
    MinSharePermille,
    ConventionThreshold,
    DeMinimisCeiling,
    ReportMonths,
    UpdatedBy,
    UpdatedAt,
}

/// The commission's settings of a call (defaults when none were saved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Settings {
    pub min_share_permille: i64,
    pub convention_threshold: i64,
    pub de_minimis_ceiling: i64,
    pub report_months: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_share_permille: 500,
            // Above 23,000 € a grant needs a convention (décret n° 2001-495).
            convention_threshold: 2_300_000,
            // General de minimis ceiling: 300,000 € over three years (regulation (EU) 2023/2831).
            de_minimis_ceiling: 30_000_000,
            report_months: 12,
        }
    }
}

pub async fn settings(db: &Db, call: i64) -> anyhow::Result<Settings> {
    let s: Option<Settings> = db
        .fetch_optional(
            Query::select()
                .columns([
                    JuryAwardSettings::MinSharePermille,
                    JuryAwardSettings::ConventionThreshold,
                    JuryAwardSettings::DeMinimisCeiling,
                    JuryAwardSettings::ReportMonths,
                ])
                .from(JuryAwardSettings::Table)
                .and_where(Expr::col(JuryAwardSettings::CallId).eq(call)),
        )
        .await?;
    Ok(s.unwrap_or_default())
}

pub async fn save_settings(
    db: &Db,
    call: i64,
    s: &Settings,
    by: essor_domain::ids::UserId,
) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    tx.execute(
        Query::delete()
            .from_table(JuryAwardSettings::Table)
            .and_where(Expr::col(JuryAwardSettings::CallId).eq(call)),
    )
    .await?;
    tx.execute(
        Query::insert()
            .into_table(JuryAwardSettings::Table)
            .columns([
                JuryAwardSettings::CallId,
                JuryAwardSettings::MinSharePermille,
                JuryAwardSettings::ConventionThreshold,
                JuryAwardSettings::DeMinimisCeiling,
                JuryAwardSettings::ReportMonths,
                JuryAwardSettings::UpdatedBy,
                JuryAwardSettings::UpdatedAt,
            ])
            .values_panic([
                call.into(),
                s.min_share_permille.into(),
                s.convention_threshold.into(),
                s.de_minimis_ceiling.into(),
                s.report_months.into(),
                by.0.into(),
                Utc::now().into(),
            ]),
    )
    .await?;
    essor_platform::audit::record(
        &mut tx,
        essor_platform::audit::Entry {
            actor: Some(by),
            action: "jury.award_settings",
            record_type: "call",
            record_id: call.to_string(),
            summary: serde_json::json!({
                "min_share_permille": s.min_share_permille,
                "convention_threshold": s.convention_threshold,
                "de_minimis_ceiling": s.de_minimis_ceiling,
                "report_months": s.report_months,
            }),
        },
    )
    .await?;
    tx.commit().await
}

/// Whether the signed-in person, if any, is a member of organisation `org`.
pub async fn is_member(p: &Ctx, org: i64) -> AppResult<bool> {
    Ok(match &p.user {
        Some(u) => essor_platform::orgs::role_of(p.state.db(), OrgId(org), u.id)
            .await?
            .is_some(),
        None => false,
    })
}

/// A form body as pairs (bounded).
pub async fn form_pairs(req: axum::extract::Request) -> AppResult<Vec<(String, String)>> {
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
        .await
        .map_err(|_| AppError::BadRequest)?;
    Ok(url::form_urlencoded::parse(&body).into_owned().collect())
}

pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The organisation's awards in Essor over the 3 years before now (cents), for the de minimis
/// check; `except_file` leaves out the file being decided.
pub async fn awards_last_three_years(
    db: &Db,
    org: i64,
    except_file: Option<i64>,
) -> anyhow::Result<i64> {
    let since = Utc::now() - chrono::Duration::days(3 * 365 + 1);
    let mut q = Query::select();
    // Summed here: PostgreSQL's SUM of a BIGINT is a NUMERIC.
    q.column(sea_query::Alias::new("amount"))
        .from(sea_query::Alias::new("jury_awards"))
        .and_where(Expr::col(sea_query::Alias::new("org_id")).eq(org))
        .and_where(Expr::col(sea_query::Alias::new("decided_at")).gte(since));
    if let Some(f) = except_file {
        q.and_where(Expr::col(sea_query::Alias::new("file_id")).ne(f));
    }
    let rows: Vec<(i64,)> = db.fetch_all(&q).await?;
    Ok(rows.iter().map(|r| r.0).sum())
}

/// Parses an amount typed in euros ("12 500", "12500,50", "12 500 €").
pub fn parse_euros(s: &str) -> Option<i64> {
    Cents::parse_eur(s.trim()).ok().map(|c| c.0)
}
