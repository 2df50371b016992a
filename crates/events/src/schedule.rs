//! Staff schedule the speed-meetings: slots (start, end, meeting length, rotation gap), tables,
//! each participant's availability; "compute" turns the wishes into a `essor_solve::meetings`
//! instance (mutual wishes weigh 3, the funder's 2, the holder's 1), shows the objective, the
//! proven bound and the gap, and who is left without a meeting; staff save it, lock, move or
//! remove meetings (with conflict checks) and re-run around what is locked.
//!
//! Funders stay at their tables (one per representative, numbered in registration order);
//! project holders move.

use crate::model::{self, sql, Audience, Event, MeetingRow, RegState, Registration};
use crate::staff::staff_event;
use crate::util::{hm, tr};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use essor_domain::ids::UserId;
use essor_platform::audit::{self, Entry};
use essor_platform::db::Db;
use essor_platform::web::{
    render, render_invalid, see_other_flash, AppError, AppResult, Ctx, FormErrors,
};
use essor_platform::AppState;
use essor_solve::meetings::{
    self as solver, Candidate, Conflict, Funder, Instance, Meeting, Objective, Wish,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/events/{id}/schedule", get(page))
        .route("/staff/events/{id}/schedule/settings", post(settings))
        .route("/staff/events/{id}/schedule/compute", post(compute))
        .route("/staff/events/{id}/schedule/save", post(save))
        .route("/staff/events/{id}/schedule/publish", post(publish))
        .route("/staff/events/{id}/availability/{reg}", post(availability))
        .route("/staff/events/{id}/meetings/{m}/lock", post(lock))
        .route("/staff/events/{id}/meetings/{m}/move", post(move_meeting))
        .route("/staff/events/{id}/meetings/{m}/remove", post(remove))
        .route("/staff/events/{id}/refill", post(refill))
}

/// First table number of each funder (registration id → table), in registration order.
pub fn tables(funders: &[&Registration]) -> HashMap<i64, i64> {
    let mut next = 1;
    let mut out = HashMap::new();
    let mut sorted: Vec<_> = funders.to_vec();
    sorted.sort_by_key(|r| r.id);
    for f in sorted {
        out.insert(f.id, next);
        next += f.representatives.max(1);
    }
    out
}

/// The participants and wishes of a morning, as the solver sees them.
pub struct Problem {
    pub holders: Vec<Registration>,
    pub funders: Vec<Registration>,
    /// (holder, funder) → weight.
    pub weights: BTreeMap<(i64, i64), i64>,
}

pub async fn problem(db: &Db, e: &Event, without_no_shows: bool) -> anyhow::Result<Problem> {
    let regs = model::registrations(db, e.id).await?;
    let keep = |r: &Registration| match r.state() {
        RegState::Registered | RegState::Attended => true,
        RegState::NoShow => !without_no_shows,
        _ => false,
    };
    let holders: Vec<Registration> = regs
        .iter()
        .filter(|r| r.audience() == Audience::Holder && keep(r))
        .cloned()
        .collect();
    let funders: Vec<Registration> = regs
        .iter()
        .filter(|r| r.audience() == Audience::Funder && keep(r))
        .cloned()
        .collect();
    let hs: HashSet<i64> = holders.iter().map(|r| r.id).collect();
    let fs: HashSet<i64> = funders.iter().map(|r| r.id).collect();
    let wishes: Vec<(i64, i64)> = db
        .fetch_all(&sql(
            "SELECT from_id, to_id FROM event_wishes WHERE event_id = $1",
            vec![e.id.into()],
        ))
        .await?;
    let mut weights: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for (from, to) in wishes {
        if hs.contains(&from) && fs.contains(&to) {
            *weights.entry((from, to)).or_default() += 1;
        } else if fs.contains(&from) && hs.contains(&to) {
            *weights.entry((to, from)).or_default() += 2;
        }
    }
    Ok(Problem {
        holders,
        funders,
        weights,
    })
}

fn cid(id: i64) -> String {
    format!("h{id}")
}
fn fid(id: i64) -> String {
    format!("f{id}")
}
fn parse_id(s: &str) -> i64 {
    s[1..].parse().unwrap_or(0)
}

/// The solver instance: slots from `from_slot` on, each participant's availability, plus the
/// slots before `from_slot` where they have a kept meeting (so those stay valid as locks).
pub fn instance(e: &Event, pb: &Problem, from_slot: usize, kept: &[MeetingRow]) -> Instance {
    let n = e.slots().len();
    let mut busy: HashMap<String, HashSet<usize>> = HashMap::new();
    for m in kept {
        busy.entry(cid(m.holder_id))
            .or_default()
            .insert(m.slot as usize);
        busy.entry(fid(m.funder_id))
            .or_default()
            .insert(m.slot as usize);
    }
    let avail = |id: &str, r: &Registration| -> Option<Vec<usize>> {
        let off: HashSet<usize> = r.unavailable_slots().into_iter().collect();
        let b = busy.get(id);
        let v: Vec<usize> = (0..n)
            .filter(|s| (*s >= from_slot && !off.contains(s)) || b.is_some_and(|b| b.contains(s)))
            .collect();
        if v.len() == n {
            None
        } else {
            Some(v)
        }
    };
    Instance {
        slots: n,
        candidates: pb
            .holders
            .iter()
            .map(|r| Candidate {
                id: cid(r.id),
                available: avail(&cid(r.id), r),
                max_meetings: None,
            })
            .collect(),
        funders: pb
            .funders
            .iter()
            .map(|r| Funder {
                id: fid(r.id),
                available: avail(&fid(r.id), r),
                seats: r.representatives.max(1) as usize,
                max_meetings: None,
            })
            .collect(),
        wishes: pb
            .weights
            .iter()
            .map(|(&(h, f), &w)| Wish {
                c: cid(h),
                f: fid(f),
                w: w as f64,
            })
            .collect(),
        objective: if e.objective == "total" {
            Objective::Total
        } else {
            Objective::Fair
        },
    }
}

fn as_meeting(m: &MeetingRow) -> Meeting {
    Meeting {
        c: cid(m.holder_id),
        f: fid(m.funder_id),
        slot: m.slot as usize,
        seat: m.seat as usize,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunMeeting {
    pub h: i64,
    pub f: i64,
    pub slot: i64,
    pub seat: i64,
    pub w: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Run {
    pub id: i64,
    pub objective: String,
    pub status: String,
    pub value: i64,
    pub upper_bound: i64,
    pub from_slot: i64,
    pub meetings: String,
    pub without_meeting: String,
    pub saved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Run {
    pub fn gap_percent(&self) -> String {
        if self.upper_bound <= 0 {
            return "0.000 %".into();
        }
        format!(
            "{:.3} %",
            (self.upper_bound - self.value) as f64 * 100.0 / self.upper_bound as f64
        )
    }
    pub fn meeting_list(&self) -> Vec<RunMeeting> {
        serde_json::from_str(&self.meetings).unwrap_or_default()
    }
}

pub async fn latest_run(db: &Db, event: i64) -> anyhow::Result<Option<Run>> {
    db.fetch_optional(&sql(
        "SELECT id, objective, status, value, upper_bound, from_slot, meetings, without_meeting, saved_at, created_at \
         FROM event_schedule_runs WHERE event_id = $1 ORDER BY id DESC LIMIT 1",
        vec![event.into()],
    ))
    .await
}

/// Runs the solver: meetings from `from_slot` on, keeping locked meetings and those before
/// `from_slot`; records the run (not yet saved). Errors are messages for staff.
pub async fn run_solver(
    db: &Db,
    e: &Event,
    by: UserId,
    from_slot: usize,
    without_no_shows: bool,
) -> anyhow::Result<Result<i64, String>> {
    let slots = e.slots();
    if slots.is_empty() {
        return Ok(Err("events-schedule-no-slots".into()));
    }
    let pb = problem(db, e, without_no_shows).await?;
    let seats: i64 = pb.funders.iter().map(|f| f.representatives.max(1)).sum();
    if e.tables > 0 && seats > e.tables {
        return Ok(Err("events-schedule-too-few-tables".into()));
    }
    let present: HashSet<i64> = pb
        .holders
        .iter()
        .chain(pb.funders.iter())
        .map(|r| r.id)
        .collect();
    let current = model::meetings(db, e.id).await?;
    let kept: Vec<MeetingRow> = current
        .into_iter()
        .filter(|m| m.locked || (m.slot as usize) < from_slot)
        .filter(|m| present.contains(&m.holder_id) && present.contains(&m.funder_id))
        .filter(|m| pb.weights.contains_key(&(m.holder_id, m.funder_id)))
        .collect();
    let inst = instance(e, &pb, from_slot, &kept);
    let locks: Vec<Meeting> = kept.iter().map(as_meeting).collect();
    let sched = match solver::solve_with_locks(&inst, &locks) {
        Ok(s) => s,
        Err(err) => {
            tracing::warn!(error = %err, "schedule");
            return Ok(Err("events-schedule-locks-invalid".into()));
        }
    };
    let meetings: Vec<RunMeeting> = sched
        .meetings
        .iter()
        .map(|m| {
            let (h, f) = (parse_id(&m.c), parse_id(&m.f));
            RunMeeting {
                h,
                f,
                slot: m.slot as i64,
                seat: m.seat as i64,
                w: pb.weights.get(&(h, f)).copied().unwrap_or(0),
            }
        })
        .collect();
    let met: HashSet<i64> = meetings.iter().map(|m| m.h).collect();
    let wished: HashSet<i64> = pb.weights.keys().map(|k| k.0).collect();
    let mut without: Vec<i64> = wished.difference(&met).copied().collect();
    without.sort();
    let status = match sched.status {
        solver::Status::Optimal => "optimal",
        solver::Status::Feasible => "feasible",
    };
    let (id,): (i64,) = db
        .fetch_one(&sql(
            "INSERT INTO event_schedule_runs (event_id, objective, status, value, upper_bound, from_slot, meetings, \
             without_meeting, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            vec![
                e.id.into(),
                e.objective.clone().into(),
                status.into(),
                (sched.objective.round() as i64).into(),
                (sched.upper_bound.floor() as i64).into(),
                (from_slot as i64).into(),
                serde_json::to_string(&meetings)?.into(),
                serde_json::to_string(&without)?.into(),
                by.0.into(),
                Utc::now().into(),
            ],
        ))
        .await?;
    Ok(Ok(id))
}

/// Replaces the meetings from the run's first slot on (locked ones excepted) by the run's.
pub async fn save_run(db: &Db, e: &Event, run: &Run, by: UserId) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    tx.execute(&sql(
        "DELETE FROM event_meetings WHERE event_id = $1 AND locked = $2 AND slot >= $3 \
         AND id NOT IN (SELECT meeting_id FROM event_outcomes)",
        vec![e.id.into(), false.into(), run.from_slot.into()],
    ))
    .await?;
    let existing: Vec<(i64, i64)> = tx
        .fetch_all(&sql(
            "SELECT holder_id, funder_id FROM event_meetings WHERE event_id = $1",
            vec![e.id.into()],
        ))
        .await?;
    let existing: HashSet<(i64, i64)> = existing.into_iter().collect();
    let now = Utc::now();
    for m in run.meeting_list() {
        if existing.contains(&(m.h, m.f)) {
            continue;
        }
        tx.execute(&sql(
            "INSERT INTO event_meetings (event_id, holder_id, funder_id, slot, seat, weight, locked, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            vec![
                e.id.into(),
                m.h.into(),
                m.f.into(),
                m.slot.into(),
                m.seat.into(),
                m.w.into(),
                false.into(),
                now.into(),
            ],
        ))
        .await?;
    }
    tx.execute(&sql(
        "UPDATE event_schedule_runs SET saved_at = $1 WHERE id = $2",
        vec![now.into(), run.id.into()],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(by),
            action: "event.schedule_save",
            record_type: "event",
            record_id: e.id.to_string(),
            summary: json!({"run": run.id, "value": run.value, "upper_bound": run.upper_bound}),
        },
    )
    .await?;
    tx.commit().await
}

// ---- Page ------------------------------------------------------------------------------------

pub struct SlotView {
    pub index: usize,
    pub label: String,
}

pub struct MeetingView {
    pub m: MeetingRow,
    pub time: String,
    pub table: i64,
}

pub struct Avail {
    pub reg: Registration,
    pub off: Vec<usize>,
}

#[derive(Template)]
#[template(path = "schedule/page.html")]
struct PageTpl<'a> {
    p: &'a Ctx,
    ev: &'a Event,
    slots: Vec<SlotView>,
    run: Option<Run>,
    without: Vec<String>,
    run_count: usize,
    meetings: Vec<MeetingView>,
    people: Vec<Avail>,
    errors: FormErrors,
    settings: SettingsForm,
    refill_from: usize,
}

impl PageTpl<'_> {
    fn seats(&self, m: &MeetingRow) -> Vec<i64> {
        let reps = self
            .people
            .iter()
            .find(|a| a.reg.id == m.funder_id)
            .map(|a| a.reg.representatives.max(1))
            .unwrap_or(1);
        (0..reps).collect()
    }
    fn is_off(&self, a: &Avail, s: &SlotView) -> bool {
        a.off.contains(&s.index)
    }
    fn slot_sel(&self, s: &SlotView, m: &MeetingRow) -> bool {
        s.index as i64 == m.slot
    }
    fn seat_sel(&self, s: &i64, m: &MeetingRow) -> bool {
        *s == m.seat
    }
    fn run_summary(&self) -> String {
        match &self.run {
            Some(r) => tr(
                self.p,
                "events-schedule-run-summary",
                &[
                    ("value", r.value.to_string()),
                    ("bound", r.upper_bound.to_string()),
                    ("gap", r.gap_percent()),
                    ("count", r.meeting_list().len().to_string()),
                ],
            ),
            None => String::new(),
        }
    }
}

pub fn slot_labels(e: &Event) -> Vec<SlotView> {
    let tz = e.tz();
    e.slots()
        .iter()
        .enumerate()
        .map(|(i, (s, en))| SlotView {
            index: i,
            label: format!("{}–{}", hm(s, tz), hm(en, tz)),
        })
        .collect()
}

pub async fn meeting_views(db: &Db, e: &Event) -> anyhow::Result<Vec<MeetingView>> {
    let regs = model::registrations(db, e.id).await?;
    let funders: Vec<&Registration> = regs
        .iter()
        .filter(|r| r.audience() == Audience::Funder)
        .collect();
    let t = tables(&funders);
    let slots = e.slots();
    let tz = e.tz();
    Ok(model::meetings(db, e.id)
        .await?
        .into_iter()
        .map(|m| MeetingView {
            time: slots
                .get(m.slot as usize)
                .map(|(s, en)| format!("{}–{}", hm(s, tz), hm(en, tz)))
                .unwrap_or_default(),
            table: t.get(&m.funder_id).copied().unwrap_or(0) + m.seat,
            m,
        })
        .collect())
}

/// The first slot that has not started yet (re-filling starts there).
pub fn next_slot(e: &Event, now: DateTime<Utc>) -> usize {
    e.slots()
        .iter()
        .position(|(s, _)| *s > now)
        .unwrap_or(e.slots().len())
}

async fn render_page(
    p: &Ctx,
    e: &Event,
    errors: FormErrors,
    settings: Option<SettingsForm>,
) -> AppResult<Response> {
    let db = p.state.db();
    let run = latest_run(db, e.id).await?;
    let regs = model::registrations(db, e.id).await?;
    let names: HashMap<i64, String> = regs.iter().map(|r| (r.id, r.name().to_owned())).collect();
    let without = run
        .as_ref()
        .map(|r| {
            serde_json::from_str::<Vec<i64>>(&r.without_meeting)
                .unwrap_or_default()
                .into_iter()
                .map(|id| names.get(&id).cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    let (run_count,): (i64,) = db
        .fetch_one(&sql(
            "SELECT COUNT(*) FROM event_schedule_runs WHERE event_id = $1",
            vec![e.id.into()],
        ))
        .await?;
    let people = regs
        .into_iter()
        .filter(|r| r.audience() != Audience::Public && r.state().holds_seat())
        .map(|r| Avail {
            off: r.unavailable_slots(),
            reg: r,
        })
        .collect();
    let tpl = PageTpl {
        p,
        ev: e,
        slots: slot_labels(e),
        run,
        without,
        run_count: run_count as usize,
        meetings: meeting_views(db, e).await?,
        people,
        errors: errors.clone(),
        settings: settings.unwrap_or_else(|| SettingsForm::from_event(e)),
        refill_from: next_slot(e, Utc::now()),
    };
    if errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

async fn morning(p: &Ctx, id: &str) -> AppResult<Event> {
    let e = staff_event(p, id).await?;
    if !e.is_morning() {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

async fn page(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    render_page(&p, &e, FormErrors::default(), None).await
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SettingsForm {
    pub start: String,
    pub end: String,
    pub meeting_minutes: String,
    pub gap_minutes: String,
    pub tables: String,
    pub objective: String,
}

impl SettingsForm {
    fn from_event(e: &Event) -> SettingsForm {
        let tz = e.tz();
        SettingsForm {
            start: e.meetings_start.map(|s| hm(&s, tz)).unwrap_or_default(),
            end: e.meetings_end.map(|s| hm(&s, tz)).unwrap_or_default(),
            meeting_minutes: e.meeting_minutes.to_string(),
            gap_minutes: e.gap_minutes.to_string(),
            tables: e.tables.to_string(),
            objective: e.objective.clone(),
        }
    }
}

async fn settings(
    p: Ctx,
    Path(id): Path<String>,
    axum::extract::Form(f): axum::extract::Form<SettingsForm>,
) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let tz = e.tz();
    let date = crate::util::date_input(&e.starts_at, tz);
    let mut errors = FormErrors::default();
    let start = crate::util::parse_local(&date, &f.start, tz);
    let end = crate::util::parse_local(&date, &f.end, tz);
    if start.is_none() {
        errors.add("start", p.t("events-error-datetime"));
    }
    if end.is_none() || end <= start {
        errors.add("end", p.t("events-error-end"));
    }
    let num = |v: &str, lo: i64, hi: i64| {
        v.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (lo..=hi).contains(n))
    };
    let meeting = num(&f.meeting_minutes, 1, 240);
    let gap = num(&f.gap_minutes, 0, 120);
    let tables = num(&f.tables, 0, 10_000);
    for (name, v) in [
        ("meeting_minutes", meeting),
        ("gap_minutes", gap),
        ("tables", tables),
    ] {
        if v.is_none() {
            errors.add(name, p.t("events-error-number"));
        }
    }
    if !["total", "fair"].contains(&f.objective.as_str()) {
        errors.add("objective", p.t("events-error-objective"));
    }
    let (Some(s), Some(en), Some(m), Some(g), Some(t), true) =
        (start, end, meeting, gap, tables, errors.is_empty())
    else {
        return render_page(&p, &e, errors, Some(f)).await;
    };
    p.state
        .db()
        .execute(&sql(
            "UPDATE events SET meetings_start = $1, meetings_end = $2, meeting_minutes = $3, gap_minutes = $4, \
             tables = $5, objective = $6, updated_at = $7 WHERE id = $8",
            vec![s.into(), en.into(), m.into(), g.into(), t.into(), f.objective.clone().into(), Utc::now().into(), e.id.into()],
        ))
        .await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-saved",
    ))
}

async fn after_run(p: &Ctx, e: &Event, r: Result<i64, String>) -> AppResult<Response> {
    match r {
        Ok(_) => Ok(see_other_flash(
            &format!("/staff/events/{}/schedule", e.id),
            "events-flash-computed",
        )),
        Err(msg) => {
            let mut errors = FormErrors::default();
            errors.add("compute", p.t(&msg));
            render_page(p, e, errors, None).await
        }
    }
}

async fn compute(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let user = p.require_staff()?.id;
    let r = run_solver(p.state.db(), &e, user, 0, false).await?;
    after_run(&p, &e, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RefillForm {
    from_slot: String,
}

/// Re-runs on the remaining slots with the no-shows removed, keeping past and locked meetings.
async fn refill(
    p: Ctx,
    Path(id): Path<String>,
    axum::extract::Form(f): axum::extract::Form<RefillForm>,
) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let user = p.require_staff()?.id;
    let from = f
        .from_slot
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|s| *s <= e.slots().len())
        .unwrap_or_else(|| next_slot(&e, Utc::now()));
    let r = run_solver(p.state.db(), &e, user, from, true).await?;
    after_run(&p, &e, r).await
}

async fn save(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let user = p.require_staff()?.id;
    let run = latest_run(p.state.db(), e.id)
        .await?
        .ok_or(AppError::NotFound)?;
    save_run(p.state.db(), &e, &run, user).await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-schedule-saved",
    ))
}

async fn publish(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let user = p.require_staff()?.id;
    crate::agenda::publish_schedule(&p.state, &e, user).await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-schedule-published",
    ))
}

async fn availability(
    p: Ctx,
    Path((id, reg)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let reg: i64 = reg.parse().map_err(|_| AppError::NotFound)?;
    let r = model::registration(p.state.db(), reg)
        .await?
        .filter(|r| r.event_id == e.id)
        .ok_or(AppError::NotFound)?;
    let n = e.slots().len();
    let on: HashSet<usize> = url::form_urlencoded::parse(&body)
        .filter(|(k, _)| k == "slot")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let off: Vec<usize> = (0..n).filter(|s| !on.contains(s)).collect();
    p.state
        .db()
        .execute(&sql(
            "UPDATE event_registrations SET unavailable = $1, updated_at = $2 WHERE id = $3",
            vec![
                serde_json::to_string(&off)?.into(),
                Utc::now().into(),
                r.id.into(),
            ],
        ))
        .await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-saved",
    ))
}

async fn meeting_of(p: &Ctx, e: &Event, m: &str) -> AppResult<MeetingRow> {
    let m: i64 = m.parse().map_err(|_| AppError::NotFound)?;
    model::meetings(p.state.db(), e.id)
        .await?
        .into_iter()
        .find(|x| x.id == m)
        .ok_or(AppError::NotFound)
}

async fn lock(p: Ctx, Path((id, m)): Path<(String, String)>) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let m = meeting_of(&p, &e, &m).await?;
    p.state
        .db()
        .execute(&sql(
            "UPDATE event_meetings SET locked = $1 WHERE id = $2",
            vec![(!m.locked).into(), m.id.into()],
        ))
        .await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-saved",
    ))
}

async fn remove(p: Ctx, Path((id, m)): Path<(String, String)>) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let m = meeting_of(&p, &e, &m).await?;
    let user = p.require_staff()?.id;
    let mut tx = p.state.db().begin().await?;
    tx.execute(&sql(
        "DELETE FROM event_meetings WHERE id = $1",
        vec![m.id.into()],
    ))
    .await?;
    audit::record(
        &mut tx,
        Entry {
            actor: Some(user),
            action: "event.meeting_remove",
            record_type: "event",
            record_id: e.id.to_string(),
            summary: json!({"holder": m.holder_id, "funder": m.funder_id, "slot": m.slot}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-saved",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    slot: String,
    seat: String,
}

/// The message id of a conflict, for staff.
pub fn conflict_message(c: &Conflict) -> &'static str {
    match c {
        Conflict::CandidateDoubleBooked { .. } => "events-conflict-double-booked",
        Conflict::SeatTaken { .. } => "events-conflict-table-taken",
        Conflict::CandidateAbsent { .. } | Conflict::FunderAbsent { .. } => {
            "events-conflict-unavailable"
        }
        Conflict::SlotOutOfRange { .. } | Conflict::SeatOutOfRange { .. } => {
            "events-conflict-out-of-range"
        }
        _ => "events-conflict-other",
    }
}

/// Moves a meeting (and locks it, so a re-run keeps it), refused on any conflict.
async fn move_meeting(
    p: Ctx,
    Path((id, m)): Path<(String, String)>,
    axum::extract::Form(f): axum::extract::Form<MoveForm>,
) -> AppResult<Response> {
    let e = morning(&p, &id).await?;
    let m = meeting_of(&p, &e, &m).await?;
    let db = p.state.db();
    let (Ok(slot), Ok(seat)) = (
        f.slot.trim().parse::<usize>(),
        f.seat.trim().parse::<usize>(),
    ) else {
        let mut errors = FormErrors::default();
        errors.add(
            &format!("move-{}", m.id),
            p.t("events-conflict-out-of-range"),
        );
        return render_page(&p, &e, errors, None).await;
    };
    let pb = problem(db, &e, false).await?;
    let all = model::meetings(db, e.id).await?;
    let inst = instance(&e, &pb, 0, &[]);
    let moved: Vec<Meeting> = all
        .iter()
        .map(|x| {
            let mut mm = as_meeting(x);
            if x.id == m.id {
                mm.slot = slot;
                mm.seat = seat;
            }
            mm
        })
        .collect();
    let conflicts: Vec<Conflict> = solver::check(&inst, &moved)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .into_iter()
        .filter(|c| match c {
            Conflict::CandidateDoubleBooked { c, slot: s } => *c == cid(m.holder_id) && *s == slot,
            Conflict::SeatTaken {
                f,
                slot: s,
                seat: st,
            } => *f == fid(m.funder_id) && *s == slot && *st == seat,
            Conflict::CandidateAbsent { c, slot: s } => *c == cid(m.holder_id) && *s == slot,
            Conflict::FunderAbsent { f, slot: s } => *f == fid(m.funder_id) && *s == slot,
            Conflict::SlotOutOfRange { c, f, .. } | Conflict::SeatOutOfRange { c, f, .. } => {
                *c == cid(m.holder_id) && *f == fid(m.funder_id)
            }
            _ => false,
        })
        .collect();
    if !conflicts.is_empty() {
        let mut errors = FormErrors::default();
        for c in &conflicts {
            errors.add(&format!("move-{}", m.id), p.t(conflict_message(c)));
        }
        return render_page(&p, &e, errors, None).await;
    }
    db.execute(&sql(
        "UPDATE event_meetings SET slot = $1, seat = $2, locked = $3 WHERE id = $4",
        vec![
            (slot as i64).into(),
            (seat as i64).into(),
            true.into(),
            m.id.into(),
        ],
    ))
    .await?;
    Ok(see_other_flash(
        &format!("/staff/events/{}/schedule", e.id),
        "events-flash-saved",
    ))
}
