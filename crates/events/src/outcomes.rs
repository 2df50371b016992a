//! After each meeting the funder records the outcome (financing considered, partnership,
//! redirection to an orientation, or nothing), the project holder gives feedback; staff follow
//! each project through a pipeline and read the event's statistics.

use crate::model::{self, sql, Audience, Event, MeetingRow, RegState, Registration};
use crate::register::visible_event;
use crate::schedule::{meeting_views, MeetingView};
use crate::staff::staff_event;
use crate::util::money;
use askama::Template;
use axum::extract::{Form, Path};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use essor_domain::ids::UserId;
use essor_domain::money::Cents;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

pub const KINDS: &[&str] = &["financing", "partnership", "redirection", "none"];
pub const ORIENTATIONS: &[&str] = &[
    "france_active",
    "bpifrance",
    "honour_loan_network",
    "banks",
    "crowdfunding",
    "public_aid",
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/meetings/{m}", get(page))
        .route("/events/{id}/meetings/{m}/outcome", post(outcome))
        .route("/events/{id}/meetings/{m}/feedback", post(feedback))
        .route("/staff/events/{id}/follow-up", get(follow_up))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Outcome {
    pub meeting_id: i64,
    pub kind: String,
    pub amount: Option<i64>,
    pub instrument: Option<String>,
    pub orientation: Option<String>,
    pub comment: String,
    pub next_step: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Feedback {
    pub meeting_id: i64,
    pub useful: bool,
    pub comment: String,
}

pub async fn outcomes(db: &Db, event: i64) -> anyhow::Result<Vec<Outcome>> {
    db.fetch_all(&sql(
        "SELECT o.meeting_id, o.kind, o.amount, o.instrument, o.orientation, o.comment, o.next_step, o.recorded_at \
         FROM event_outcomes o JOIN event_meetings m ON m.id = o.meeting_id WHERE m.event_id = $1",
        vec![event.into()],
    ))
    .await
}

pub async fn feedbacks(db: &Db, event: i64) -> anyhow::Result<Vec<Feedback>> {
    db.fetch_all(&sql(
        "SELECT f.meeting_id, f.useful, f.comment FROM event_feedback f JOIN event_meetings m ON m.id = f.meeting_id \
         WHERE m.event_id = $1",
        vec![event.into()],
    ))
    .await
}

/// Which side of a meeting the signed-in person is on (the registered person or a member of
/// the registration's organisation); anyone else gets 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Funder,
    Holder,
}

async fn is_side(db: &Db, r: &Registration, user: UserId) -> anyhow::Result<bool> {
    Ok(r.user_id == user.0
        || match r.org_id {
            Some(o) => model::is_member(db, o, user).await?,
            None => false,
        })
}

async fn meeting_side(p: &Ctx, e: &Event, m: &str) -> AppResult<(MeetingRow, Side)> {
    let user = p.require_user()?.id;
    let m: i64 = m.parse().map_err(|_| AppError::NotFound)?;
    let db = p.state.db();
    let m = model::meetings(db, e.id)
        .await?
        .into_iter()
        .find(|x| x.id == m)
        .ok_or(AppError::NotFound)?;
    let f = model::registration(db, m.funder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if is_side(db, &f, user).await? {
        return Ok((m, Side::Funder));
    }
    let h = model::registration(db, m.holder_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if is_side(db, &h, user).await? {
        return Ok((m, Side::Holder));
    }
    Err(AppError::NotFound)
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct OutcomeForm {
    pub kind: String,
    pub amount: String,
    pub instrument: String,
    pub orientation: String,
    pub comment: String,
    pub next_step: String,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FeedbackForm {
    pub useful: String,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "outcomes/meeting.html")]
struct MeetingTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    m: MeetingRow,
    funder_side: bool,
    form: OutcomeForm,
    fb: FeedbackForm,
    errors: FormErrors,
    kinds: &'static [&'static str],
    orientations: &'static [&'static str],
    instruments: &'static [&'static str],
    recorded: bool,
}

async fn meeting_page(
    p: &Ctx,
    e: &Event,
    m: MeetingRow,
    side: Side,
    form: Option<OutcomeForm>,
    fb: Option<FeedbackForm>,
    errors: FormErrors,
) -> AppResult<Response> {
    let db = p.state.db();
    let existing = outcomes(db, e.id)
        .await?
        .into_iter()
        .find(|o| o.meeting_id == m.id);
    let existing_fb = feedbacks(db, e.id)
        .await?
        .into_iter()
        .find(|f| f.meeting_id == m.id);
    let recorded = match side {
        Side::Funder => existing.is_some(),
        Side::Holder => existing_fb.is_some(),
    };
    let form = form.unwrap_or_else(|| match existing {
        Some(o) => OutcomeForm {
            kind: o.kind,
            amount: o.amount.map(|a| Cents(a).format_fr()).unwrap_or_default(),
            instrument: o.instrument.unwrap_or_default(),
            orientation: o.orientation.unwrap_or_default(),
            comment: o.comment,
            next_step: o.next_step,
        },
        None => OutcomeForm::default(),
    });
    let fb = fb.unwrap_or_else(|| match existing_fb {
        Some(f) => FeedbackForm {
            useful: if f.useful { "yes".into() } else { "no".into() },
            comment: f.comment,
        },
        None => FeedbackForm::default(),
    });
    let tpl = MeetingTpl {
        p,
        ev: e,
        m,
        funder_side: side == Side::Funder,
        form,
        fb,
        errors: errors.clone(),
        kinds: KINDS,
        orientations: ORIENTATIONS,
        instruments: crate::morning::INSTRUMENTS,
        recorded,
    };
    if errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn page(p: Ctx, Path((id, m)): Path<(String, String)>) -> AppResult<Response> {
    p.require_user()?;
    let e = visible_event(&p, &id).await?;
    let (m, side) = meeting_side(&p, &e, &m).await?;
    meeting_page(&p, &e, m, side, None, None, FormErrors::default()).await
}

async fn outcome(
    p: Ctx,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<OutcomeForm>,
) -> AppResult<Response> {
    let user = p.require_user()?.id;
    let e = visible_event(&p, &id).await?;
    let (m, side) = meeting_side(&p, &e, &m).await?;
    if side != Side::Funder {
        return Err(AppError::NotFound);
    }
    let mut errors = FormErrors::default();
    if !KINDS.contains(&f.kind.as_str()) {
        errors.add("kind", p.t("events-error-outcome-kind"));
    }
    let mut amount = None;
    let mut instrument = None;
    let mut orientation = None;
    match f.kind.as_str() {
        "financing" => {
            match Cents::parse_eur(f.amount.trim()) {
                Ok(c) if c.0 > 0 => amount = Some(c.0),
                _ => errors.add("amount", p.t("events-error-amount")),
            }
            if crate::morning::INSTRUMENTS.contains(&f.instrument.as_str()) {
                instrument = Some(f.instrument.clone());
            } else {
                errors.add("instrument", p.t("events-error-instruments"));
            }
        }
        "redirection" => {
            if ORIENTATIONS.contains(&f.orientation.as_str()) || f.orientation == "other" {
                orientation = Some(f.orientation.clone());
            } else {
                errors.add("orientation", p.t("events-error-orientation"));
            }
        }
        _ => {}
    }
    if !errors.is_empty() {
        return meeting_page(&p, &e, m, side, Some(f), None, errors).await;
    }
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "DELETE FROM event_outcomes WHERE meeting_id = $1",
        vec![m.id.into()],
    ))
    .await?;
    tx.execute(&sql(
        "INSERT INTO event_outcomes (meeting_id, kind, amount, instrument, orientation, comment, next_step, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        vec![
            m.id.into(),
            f.kind.clone().into(),
            amount.into(),
            instrument.into(),
            orientation.into(),
            f.comment.trim().chars().take(2000).collect::<String>().into(),
            f.next_step.trim().chars().take(500).collect::<String>().into(),
            user.0.into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user),
            action: "event.outcome",
            record_type: "event_meeting",
            record_id: m.id.to_string(),
            summary: json!({"kind": f.kind, "amount": amount}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/events/{}/meetings/{}", e.id, m.id),
        "events-flash-outcome-saved",
    ))
}

async fn feedback(
    p: Ctx,
    Path((id, m)): Path<(String, String)>,
    Form(f): Form<FeedbackForm>,
) -> AppResult<Response> {
    let user = p.require_user()?.id;
    let e = visible_event(&p, &id).await?;
    let (m, side) = meeting_side(&p, &e, &m).await?;
    if side != Side::Holder {
        return Err(AppError::NotFound);
    }
    if !["yes", "no"].contains(&f.useful.as_str()) {
        let mut errors = FormErrors::default();
        errors.add("useful", p.t("events-error-useful"));
        return meeting_page(&p, &e, m, side, None, Some(f), errors).await;
    }
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "DELETE FROM event_feedback WHERE meeting_id = $1",
        vec![m.id.into()],
    ))
    .await?;
    tx.execute(&sql(
        "INSERT INTO event_feedback (meeting_id, useful, comment, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            m.id.into(),
            (f.useful == "yes").into(),
            f.comment.trim().chars().take(2000).collect::<String>().into(),
            user.0.into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/events/{}/meetings/{}", e.id, m.id),
        "events-flash-feedback-saved",
    ))
}

// ---- Follow-up ---------------------------------------------------------------------------------

pub struct PipelineMeeting {
    pub v: MeetingView,
    pub outcome: Option<String>,
    pub next_step: String,
    pub feedback: Option<String>,
}

pub struct Pipeline {
    pub holder: Registration,
    pub meetings: Vec<PipelineMeeting>,
}

pub struct Stats {
    pub scheduled: usize,
    pub held: usize,
    pub no_shows: usize,
    pub by_kind: Vec<(String, usize)>,
    pub amounts: String,
}

#[derive(Template)]
#[template(path = "outcomes/follow_up.html")]
struct FollowTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    pipelines: Vec<Pipeline>,
    stats: Stats,
}

pub fn outcome_text(p: &Ctx, o: &Outcome) -> String {
    let mut s = p.t(format!("events-outcome-{}", o.kind));
    if let Some(a) = o.amount {
        s.push_str(&format!(" — {}", money(p.locale(), Cents(a))));
    }
    if let Some(i) = &o.instrument {
        s.push_str(&format!(
            " — {}",
            p.t(format!("events-instrument-{}", i.replace('_', "-")))
        ));
    }
    if let Some(o) = &o.orientation {
        s.push_str(&format!(
            " — {}",
            p.t(format!("events-orientation-{}", o.replace('_', "-")))
        ));
    }
    if !o.comment.is_empty() {
        s.push_str(&format!(" — « {} »", o.comment));
    }
    s
}

/// The event's figures: meetings scheduled and held (both sides checked in), no-shows,
/// outcomes by type and the amounts considered.
pub async fn stats(p: &Ctx, e: &Event) -> anyhow::Result<Stats> {
    let db = p.state.db();
    let regs = model::registrations(db, e.id).await?;
    let attended: std::collections::HashSet<i64> = regs
        .iter()
        .filter(|r| r.state() == RegState::Attended)
        .map(|r| r.id)
        .collect();
    let ms = model::meetings(db, e.id).await?;
    let held = ms
        .iter()
        .filter(|m| attended.contains(&m.holder_id) && attended.contains(&m.funder_id))
        .count();
    let os = outcomes(db, e.id).await?;
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0i64;
    for o in &os {
        *by.entry(o.kind.clone()).or_default() += 1;
        total += o.amount.unwrap_or(0);
    }
    Ok(Stats {
        scheduled: ms.len(),
        held,
        no_shows: regs
            .iter()
            .filter(|r| r.state() == RegState::NoShow)
            .count(),
        by_kind: KINDS
            .iter()
            .map(|k| {
                (
                    p.t(format!("events-outcome-{k}")),
                    by.get(*k).copied().unwrap_or(0),
                )
            })
            .collect(),
        amounts: money(p.locale(), Cents(total)),
    })
}

async fn follow_up(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = staff_event(&p, &id).await?;
    let db = p.state.db();
    let views = meeting_views(db, &e).await?;
    let os = outcomes(db, e.id).await?;
    let fbs = feedbacks(db, e.id).await?;
    let holders: Vec<Registration> = model::registrations(db, e.id)
        .await?
        .into_iter()
        .filter(|r| r.audience() == Audience::Holder && r.state() != RegState::Cancelled)
        .collect();
    let mut pipelines = vec![];
    for h in holders {
        let meetings = views
            .iter()
            .filter(|v| v.m.holder_id == h.id)
            .map(|v| {
                let o = os.iter().find(|o| o.meeting_id == v.m.id);
                PipelineMeeting {
                    outcome: o.map(|o| outcome_text(&p, o)),
                    next_step: o.map(|o| o.next_step.clone()).unwrap_or_default(),
                    feedback: fbs.iter().find(|f| f.meeting_id == v.m.id).map(|f| {
                        format!(
                            "{}{}",
                            p.t(if f.useful {
                                "events-feedback-useful"
                            } else {
                                "events-feedback-not-useful"
                            }),
                            if f.comment.is_empty() {
                                String::new()
                            } else {
                                format!(" — « {} »", f.comment)
                            }
                        )
                    }),
                    v: MeetingView {
                        m: v.m.clone(),
                        time: v.time.clone(),
                        table: v.table,
                    },
                }
            })
            .collect();
        pipelines.push(Pipeline {
            holder: h,
            meetings,
        });
    }
    let stats = stats(&p, &e).await?;
    render(&FollowTpl {
        p: &p,
        ev: &e,
        pipelines,
        stats,
    })
}

impl MeetingTpl<'_> {
    /// String equality for templates (askama cannot dereference loop items).
    fn same(&self, a: impl AsRef<str>, b: impl AsRef<str>) -> bool {
        a.as_ref() == b.as_ref()
    }
}
