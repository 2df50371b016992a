//! Follow-up and protection: attendance, short feedback forms (young person, host, referent),
//! statistics (per axis, kind, commune, age band), the log of accesses to minors' records, and
//! the periodic work: applications expire after 15 days, records are anonymised 12 months after
//! the last activity.

use crate::lifecycle::{ApplicationEvent, ApplicationState, EXPIRY_DAYS};
use crate::model::{self, exec, Application, Side};
use crate::types::{age_on, AgeBand, Axis, OfferKind};
use crate::web::{commune_name, date, Fields};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::jobs::{self, Job, Registry};
use essor_platform::web::{render, see_other_flash, AppError, AppResult, Ctx};
use essor_platform::AppState;
use serde_json::json;
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/jeunes/candidatures/{id}/presence",
            post(record_attendance),
        )
        .route("/jeunes/candidatures/{id}/avis", post(give_feedback))
        .route("/staff/jeunes/statistiques", get(stats))
        .route("/staff/jeunes/acces", get(access_log))
}

// ---- Attendance and feedback ---------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attendance {
    pub day: NaiveDate,
    pub present: bool,
}

pub async fn attendance_of(db: &Db, app: i64) -> anyhow::Result<Vec<Attendance>> {
    model::all(
        db,
        "SELECT day, present FROM youth_attendance WHERE application_id = $1 ORDER BY day",
        vec![app.into()],
    )
    .await
}

async fn record_attendance(
    p: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> AppResult<Response> {
    let (app, side) = model::require_application(&p, id).await?;
    if side != Side::Host {
        return Err(AppError::Forbidden);
    }
    let u = p.require_user()?;
    let back = format!("/jeunes/candidatures/{id}");
    if app.state() != ApplicationState::Started {
        return Ok(see_other_flash(&back, "youth-attendance-not-started"));
    }
    let Some(day) = date(&f.get("day")).filter(|d| *d >= app.start_date && *d <= app.end_date)
    else {
        return Ok(see_other_flash(&back, "youth-attendance-day-outside"));
    };
    let present = f.has("present");
    let mut tx = p.state.db().begin().await?;
    exec(
        &mut tx,
        "DELETE FROM youth_attendance WHERE application_id = $1 AND day = $2",
        vec![id.into(), day.into()],
    )
    .await?;
    exec(
        &mut tx,
        "INSERT INTO youth_attendance (application_id, day, present, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)",
        vec![id.into(), day.into(), present.into(), u.id.0.into(), Utc::now().into()],
    )
    .await?;
    model::touch_person(&mut tx, app.person_id).await?;
    tx.commit().await?;
    Ok(see_other_flash(&back, "youth-flash-saved"))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Feedback {
    pub author_role: String,
    pub rating: i64,
    pub comment: String,
}

impl Feedback {
    pub fn role_message_id(&self) -> String {
        format!("youth-feedback-by-{}", self.author_role)
    }
}

pub async fn feedback_of(db: &Db, app: i64) -> anyhow::Result<Vec<Feedback>> {
    model::all(
        db,
        "SELECT author_role, rating, comment FROM youth_feedback WHERE application_id = $1 ORDER BY id",
        vec![app.into()],
    )
    .await
}

async fn give_feedback(p: Ctx, Path(id): Path<i64>, Form(f): Form<Fields>) -> AppResult<Response> {
    let (app, side) = model::require_application(&p, id).await?;
    let u = p.require_user()?;
    let role = match side {
        Side::Young => "young",
        Side::Host => "host",
        Side::Referent => "referent",
        Side::Staff => return Err(AppError::Forbidden),
    };
    let back = format!("/jeunes/candidatures/{id}");
    if !matches!(
        app.state(),
        ApplicationState::Started | ApplicationState::Completed
    ) {
        return Ok(see_other_flash(&back, "youth-feedback-not-yet"));
    }
    let rating = match f.get("rating").parse::<i64>() {
        Ok(r) if (1..=5).contains(&r) => r,
        _ => return Err(AppError::BadRequest),
    };
    let mut tx = p.state.db().begin().await?;
    let r = model::insert(
        &mut tx,
        "INSERT INTO youth_feedback (application_id, author_role, author_id, rating, comment, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            id.into(),
            role.into(),
            u.id.0.into(),
            rating.into(),
            f.get("comment").into(),
            Utc::now().into(),
        ],
    )
    .await;
    match r {
        Ok(_) => {}
        Err(e) if essor_platform::db::is_unique_violation(&e) => {
            return Ok(see_other_flash(&back, "youth-feedback-already"))
        }
        Err(e) => return Err(e.into()),
    }
    model::touch_person(&mut tx, app.person_id).await?;
    tx.commit().await?;
    Ok(see_other_flash(&back, "youth-flash-feedback"))
}

// ---- Statistics ----------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
struct StatRow {
    state: String,
    axes: String,
    kind: String,
    commune_code: String,
    birth_date: NaiveDate,
    start_date: NaiveDate,
}

/// Applications and placements counted by a dimension.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub applications: i64,
    pub placements: i64,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub by_axis: BTreeMap<String, Counts>,
    pub by_kind: BTreeMap<String, Counts>,
    pub by_commune: BTreeMap<String, Counts>,
    pub by_age_band: BTreeMap<String, Counts>,
}

pub async fn statistics(db: &Db) -> anyhow::Result<Stats> {
    let rows: Vec<StatRow> = model::all(
        db,
        "SELECT a.state, o.axes, o.kind, o.commune_code, y.birth_date, o.start_date FROM youth_applications a \
         JOIN youth_offers o ON o.id = a.offer_id JOIN youth_people y ON y.id = a.person_id",
        vec![],
    )
    .await?;
    let mut s = Stats::default();
    for r in rows {
        let placed = ApplicationState::parse(&r.state).is_some_and(|st| st.is_placement());
        let add = |m: &mut BTreeMap<String, Counts>, k: String| {
            let c = m.entry(k).or_default();
            c.applications += 1;
            c.placements += i64::from(placed);
        };
        for a in Axis::parse_set(&r.axes) {
            add(&mut s.by_axis, a.message_id());
        }
        add(
            &mut s.by_kind,
            OfferKind::parse(&r.kind)
                .map(|k| k.message_id())
                .unwrap_or(r.kind),
        );
        add(&mut s.by_commune, r.commune_code);
        add(
            &mut s.by_age_band,
            AgeBand::of(age_on(r.birth_date, r.start_date)).message_id(),
        );
    }
    Ok(s)
}

#[derive(Template)]
#[template(path = "youth/stats.html")]
struct StatsTpl<'a> {
    p: &'a Ctx,
    tables: Vec<(&'static str, Vec<(String, Counts)>)>,
}

async fn stats(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let s = statistics(p.state.db()).await?;
    let label = |m: BTreeMap<String, Counts>| -> Vec<(String, Counts)> {
        m.into_iter().map(|(k, v)| (p.t(k), v)).collect()
    };
    let communes = s
        .by_commune
        .into_iter()
        .map(|(k, v)| (commune_name(&p, &k), v))
        .collect();
    let tables = vec![
        ("youth-stats-by-axis", label(s.by_axis)),
        ("youth-stats-by-kind", label(s.by_kind)),
        ("youth-stats-by-commune", communes),
        ("youth-stats-by-age", label(s.by_age_band)),
    ];
    render(&StatsTpl { p: &p, tables })
}

// ---- Access log ----------------------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessRow {
    pub at: DateTime<Utc>,
    pub person_id: i64,
    pub viewer: String,
    pub viewer_role: String,
    pub path: String,
}

pub async fn accesses(db: &Db, limit: i64) -> anyhow::Result<Vec<AccessRow>> {
    model::all(
        db,
        "SELECT l.at, l.person_id, u.display_name AS viewer, l.viewer_role, l.path FROM youth_access_log l \
         JOIN users u ON u.id = l.viewer_id ORDER BY l.id DESC LIMIT $1",
        vec![limit.into()],
    )
    .await
}

#[derive(Template)]
#[template(path = "youth/access_log.html")]
struct AccessTpl<'a> {
    p: &'a Ctx,
    rows: Vec<AccessRow>,
}

async fn access_log(p: Ctx) -> AppResult<Response> {
    p.require_staff()?;
    let rows = accesses(p.state.db(), 500).await?;
    render(&AccessTpl { p: &p, rows })
}

// ---- Periodic work -------------------------------------------------------------------------

/// Expires applications nobody answered within 15 days; returns how many.
pub async fn expire_due(db: &Db, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let due: Vec<Application> = model::all(
        db,
        &format!(
            "SELECT {} FROM {} WHERE a.state = 'submitted' AND a.created_at <= $1",
            model::APP_COLUMNS,
            model::APP_FROM
        ),
        vec![(now - Duration::days(EXPIRY_DAYS)).into()],
    )
    .await?;
    let mut n = 0;
    for a in &due {
        let mut tx = db.begin().await?;
        if model::transition_application(
            &mut tx,
            a,
            ApplicationEvent::Expire,
            false,
            None,
            Some("15 days without answer"),
            now,
        )
        .await?
        .is_ok()
        {
            n += 1;
        }
        tx.commit().await?;
    }
    Ok(n)
}

/// Anonymises the records of young people without activity for `months`: names, contacts and
/// free text are erased; the birth date keeps only its year (for age-band statistics).
pub async fn anonymise_due(db: &Db, now: DateTime<Utc>, months: u32) -> anyhow::Result<usize> {
    let cutoff = now
        .checked_sub_months(chrono::Months::new(months))
        .unwrap_or(now);
    let due: Vec<(i64, NaiveDate)> = model::all(
        db,
        "SELECT id, birth_date FROM youth_people WHERE anonymised_at IS NULL AND last_activity_at < $1",
        vec![cutoff.into()],
    )
    .await?;
    for (id, birth) in &due {
        let year_only =
            NaiveDate::from_ymd_opt(chrono::Datelike::year(birth), 1, 1).unwrap_or(*birth);
        let mut tx = db.begin().await?;
        exec(
            &mut tx,
            "UPDATE youth_people SET first_name = $1, last_name = '', birth_date = $2, guardian_name = NULL, \
             guardian_email = NULL, guardian_phone = NULL, anonymised_at = $3 WHERE id = $4",
            vec![
                format!("#{id}").into(),
                year_only.into(),
                now.into(),
                (*id).into(),
            ],
        )
        .await?;
        exec(
            &mut tx,
            "UPDATE youth_applications SET motivation = '' WHERE person_id = $1",
            vec![(*id).into()],
        )
        .await?;
        exec(
            &mut tx,
            "UPDATE youth_feedback SET comment = '' WHERE application_id IN (SELECT id FROM youth_applications WHERE person_id = $1)",
            vec![(*id).into()],
        )
        .await?;
        exec(
            &mut tx,
            "UPDATE youth_conventions SET young_name = $1, guardian_name = '' WHERE application_id IN \
             (SELECT id FROM youth_applications WHERE person_id = $2)",
            vec![format!("#{id}").into(), (*id).into()],
        )
        .await?;
        exec(
            &mut tx,
            "UPDATE youth_convention_parties SET name = '', email = '' WHERE party IN ('young', 'guardian') AND \
             convention_id IN (SELECT c.id FROM youth_conventions c JOIN youth_applications a ON a.id = c.application_id WHERE a.person_id = $1)",
            vec![(*id).into()],
        )
        .await?;
        audit::record(
            &mut tx,
            Entry {
                actor: None,
                action: "youth.person.anonymise",
                record_type: "youth_person",
                record_id: id.to_string(),
                summary: json!({ "months": months }),
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(due.len())
}

/// The hourly work, as a job so that several servers enqueue it once (dedup key per hour).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Housekeeping {
    pub hour: String,
}

impl Job for Housekeeping {
    const KIND: &'static str = "youth.housekeeping";
    fn dedup_key(&self) -> Option<String> {
        Some(format!("youth.housekeeping:{}", self.hour))
    }
}

pub fn jobs(r: &mut Registry) {
    r.register(|state: AppState, _j: Housekeeping| async move {
        let now = Utc::now();
        expire_due(state.db(), now).await?;
        anonymise_due(state.db(), now, state.config().minors_retention_months).await?;
        Ok(())
    });
}

pub fn periodic(state: AppState) -> futures::future::BoxFuture<'static, anyhow::Result<()>> {
    Box::pin(async move {
        let mut tx = state.db().begin().await?;
        jobs::enqueue(
            &mut tx,
            &Housekeeping {
                hour: Utc::now().format("%Y-%m-%dT%H").to_string(),
            },
        )
        .await?;
        tx.commit().await
    })
}
