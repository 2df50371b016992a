//! Statistics of a call, as tables: files by state, the funnel from started to decided, the
//! amount requested against the envelope, processing times, files by commune.
//!
//! Processing time is where Démarches Simplifiées' figures mislead (they count from the last
//! submission, so a file sent back for corrections looks fast). Here, for each decided file:
//! - *total*: from its **first** submission to its (last) decision, everything included;
//! - *with the department*: the same minus the time the file waited for the applicant's
//!   corrections and the time it sat decided before being reopened.
//!
//! Both are given as median and 90th percentile, computed exactly from every decided file's
//! duration (no sampling, no histogram): the median is the middle value (the mean of the two
//! middle values for an even count); the 90th percentile is the nearest rank, the smallest
//! duration that at least 90 % of files do not exceed.

use super::{staff_call, BATCH, SUBMITTED_STATES};
use crate::model::{Call, FileTransitions, Files};
use askama::Template;
use axum::extract::Path;
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::lifecycle::FileState;
use essor_domain::money::Cents;
use essor_platform::db::Db;
use essor_platform::i18n::Locale;
use essor_platform::web::{render, AppResult, Ctx};
use sea_query::{Asterisk, Expr, Order, Query};
use std::collections::BTreeMap;

/// The median of sorted values: the middle one, or the mean of the two middle ones.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The `p`-th percentile (0 < p ≤ 100) of sorted values by nearest rank: the value at rank
/// ⌈p/100 × n⌉.
pub fn nearest_rank(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// One transition as the durations need it.
struct Step {
    to: FileState,
    at: DateTime<Utc>,
}

/// Seconds from first submission to decision, and the same minus pauses (waiting for
/// corrections, decided before a reopening). `None` when the file was never submitted.
fn durations(steps: &[Step], decided_at: DateTime<Utc>) -> Option<(i64, i64)> {
    let first = steps.iter().find(|s| s.to == FileState::Submitted)?.at;
    let mut paused = 0i64;
    let mut pause_from: Option<DateTime<Utc>> = None;
    for s in steps.iter().filter(|s| s.at >= first && s.at <= decided_at) {
        if let Some(from) = pause_from.take() {
            paused += (s.at - from).num_seconds();
        }
        if s.to == FileState::CorrectionRequested || s.to.is_decided() {
            pause_from = Some(s.at);
        }
    }
    let total = (decided_at - first).num_seconds();
    (total >= 0).then_some((total, (total - paused).max(0)))
}

pub struct StateLine {
    pub label: String,
    pub count: i64,
    pub requested: String,
}

pub struct FunnelLine {
    pub label: String,
    pub count: i64,
    pub of_previous: String,
    pub of_started: String,
}

pub struct AmountLine {
    pub label: String,
    pub amount: String,
    pub of_envelope: String,
}

pub struct TimeLine {
    pub label: String,
    pub count: usize,
    pub median: String,
    pub p90: String,
}

pub struct CommuneLine {
    pub name: String,
    pub code: String,
    pub count: i64,
    pub requested: String,
}

#[derive(Template)]
#[template(path = "exports/stats.html")]
struct StatsTpl<'a> {
    p: &'a Ctx,
    call: &'a Call,
    states: Vec<StateLine>,
    total: i64,
    funnel: Vec<FunnelLine>,
    envelope: Option<String>,
    amounts: Vec<AmountLine>,
    times: Vec<TimeLine>,
    communes: Vec<CommuneLine>,
}

fn money(p: &Ctx, c: Cents) -> String {
    match p.locale() {
        Locale::Fr => c.format_fr(),
        Locale::En => c.format_en(),
    }
}

fn decimal(p: &Ctx, x: f64) -> String {
    let s = format!("{x:.1}");
    match p.locale() {
        Locale::Fr => s.replace('.', ","),
        Locale::En => s,
    }
}

fn percent(p: &Ctx, part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".to_owned();
    }
    let x = decimal(p, part as f64 * 100.0 / whole as f64);
    p.t1("exports-stats-percent", "value", x)
}

fn days(p: &Ctx, seconds: Option<f64>) -> String {
    match seconds {
        Some(s) => p.t1("exports-stats-days", "days", decimal(p, s / 86_400.0)),
        None => "—".to_owned(),
    }
}

/// Count and requested total per state.
async fn by_state(db: &Db, call_id: i64) -> anyhow::Result<BTreeMap<String, (i64, i64)>> {
    let rows: Vec<(String, i64, Option<i64>)> = db
        .fetch_all(
            Query::select()
                .column(Files::State)
                .expr(Expr::col(Asterisk).count())
                .expr(Expr::cust("CAST(SUM(requested_amount) AS BIGINT)"))
                .from(Files::Table)
                .and_where(Expr::col(Files::CallId).eq(call_id))
                .group_by_col(Files::State),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(s, n, sum)| (s, (n, sum.unwrap_or(0))))
        .collect())
}

async fn count(db: &Db, q: &sea_query::SelectStatement) -> anyhow::Result<i64> {
    let (n,): (i64,) = db.fetch_one(q).await?;
    Ok(n)
}

/// Durations (seconds) of every decided file of the call: total, and with the department.
async fn processing_times(db: &Db, call_id: i64) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
    let decided: Vec<&str> = FileState::ALL
        .iter()
        .filter(|s| s.is_decided())
        .map(|s| s.as_str())
        .collect();
    let (mut total, mut active) = (vec![], vec![]);
    let mut after = 0i64;
    loop {
        let files: Vec<(i64, Option<DateTime<Utc>>)> = db
            .fetch_all(
                Query::select()
                    .columns([Files::Id, Files::DecidedAt])
                    .from(Files::Table)
                    .and_where(Expr::col(Files::CallId).eq(call_id))
                    .and_where(Expr::col(Files::State).is_in(decided.iter().copied()))
                    .and_where(Expr::col(Files::Id).gt(after))
                    .order_by(Files::Id, Order::Asc)
                    .limit(BATCH),
            )
            .await?;
        let Some((last, _)) = files.last() else { break };
        after = *last;
        let ids: Vec<i64> = files.iter().map(|(id, _)| *id).collect();
        let rows: Vec<(i64, String, DateTime<Utc>)> = db
            .fetch_all(
                Query::select()
                    .columns([
                        FileTransitions::FileId,
                        FileTransitions::ToState,
                        FileTransitions::At,
                    ])
                    .from(FileTransitions::Table)
                    .and_where(Expr::col(FileTransitions::FileId).is_in(ids))
                    .order_by(FileTransitions::FileId, Order::Asc)
                    .order_by(FileTransitions::At, Order::Asc)
                    .order_by(FileTransitions::Id, Order::Asc),
            )
            .await?;
        let mut steps: BTreeMap<i64, Vec<Step>> = BTreeMap::new();
        for (file, to, at) in rows {
            if let Some(to) = FileState::parse(&to) {
                steps.entry(file).or_default().push(Step { to, at });
            }
        }
        for (id, decided_at) in files {
            let Some(decided_at) = decided_at else {
                continue;
            };
            let Some((t, a)) = steps.get(&id).and_then(|s| durations(s, decided_at)) else {
                continue;
            };
            total.push(t as f64);
            active.push(a as f64);
        }
    }
    total.sort_by(f64::total_cmp);
    active.sort_by(f64::total_cmp);
    Ok((total, active))
}

/// GET /staff/calls/{id}/stats
pub(super) async fn show(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let (_, call) = staff_call(&p, &id).await?;
    let db = p.state.db();
    let per_state = by_state(db, call.id).await?;
    let get = |s: FileState| per_state.get(s.as_str()).copied().unwrap_or((0, 0));
    let total: i64 = per_state.values().map(|(n, _)| n).sum();
    let states = FileState::ALL
        .iter()
        .map(|s| StateLine {
            label: p.t(s.message_id()),
            count: get(*s).0,
            requested: money(&p, Cents(get(*s).1)),
        })
        .collect();

    let submitted = count(
        db,
        Query::select()
            .expr(Expr::col(Asterisk).count())
            .from(Files::Table)
            .and_where(Expr::col(Files::CallId).eq(call.id))
            .and_where(Expr::col(Files::SubmittedAt).is_not_null()),
    )
    .await?;
    let instructed = count(
        db,
        Query::select()
            .expr(Expr::cust("COUNT(DISTINCT file_transitions.file_id)"))
            .from(FileTransitions::Table)
            .inner_join(
                Files::Table,
                Expr::col((Files::Table, Files::Id))
                    .equals((FileTransitions::Table, FileTransitions::FileId)),
            )
            .and_where(Expr::col((Files::Table, Files::CallId)).eq(call.id))
            .and_where(
                Expr::col((FileTransitions::Table, FileTransitions::ToState))
                    .eq(FileState::UnderInstruction.as_str()),
            ),
    )
    .await?;
    let decided: i64 = FileState::ALL
        .iter()
        .filter(|s| s.is_decided())
        .map(|s| get(*s).0)
        .sum();
    let accepted = get(FileState::Accepted).0;
    let stages = [
        ("exports-funnel-started", total),
        ("exports-funnel-submitted", submitted),
        ("exports-funnel-instructed", instructed),
        ("exports-funnel-decided", decided),
        ("exports-funnel-accepted", accepted),
    ];
    let funnel = stages
        .iter()
        .enumerate()
        .map(|(i, (id, n))| FunnelLine {
            label: p.t(id),
            count: *n,
            of_previous: if i == 0 {
                "—".to_owned()
            } else {
                percent(&p, *n, stages[i - 1].1)
            },
            of_started: percent(&p, *n, total),
        })
        .collect();

    // Amounts still in play: submitted files not refused, closed or withdrawn.
    let in_play: i64 = [
        FileState::Submitted,
        FileState::UnderInstruction,
        FileState::CorrectionRequested,
        FileState::Accepted,
    ]
    .iter()
    .map(|s| get(*s).1)
    .sum();
    let accepted_amount = get(FileState::Accepted).1;
    let envelope = call.envelope();
    let of_envelope = |a: i64| match envelope {
        Some(e) => percent(&p, a, e.0),
        None => "—".to_owned(),
    };
    let amounts = vec![
        AmountLine {
            label: p.t("exports-amount-in-play"),
            amount: money(&p, Cents(in_play)),
            of_envelope: of_envelope(in_play),
        },
        AmountLine {
            label: p.t("exports-amount-accepted"),
            amount: money(&p, Cents(accepted_amount)),
            of_envelope: of_envelope(accepted_amount),
        },
    ];

    let (total_times, active_times) = processing_times(db, call.id).await?;
    let times = [
        ("exports-time-total", &total_times),
        ("exports-time-active", &active_times),
    ]
    .iter()
    .map(|(id, v)| TimeLine {
        label: p.t(id),
        count: v.len(),
        median: days(&p, median(v)),
        p90: days(&p, nearest_rank(v, 90.0)),
    })
    .collect();

    let rows: Vec<(Option<String>, i64, Option<i64>)> = db
        .fetch_all(
            Query::select()
                .column(Files::CommuneCode)
                .expr(Expr::col(Asterisk).count())
                .expr(Expr::cust("CAST(SUM(requested_amount) AS BIGINT)"))
                .from(Files::Table)
                .and_where(Expr::col(Files::CallId).eq(call.id))
                .and_where(
                    Expr::col(Files::State).is_in(SUBMITTED_STATES.iter().map(|s| s.as_str())),
                )
                .group_by_col(Files::CommuneCode),
        )
        .await?;
    let territory = p.state.territory();
    let mut communes: Vec<CommuneLine> = rows
        .into_iter()
        .map(|(code, n, sum)| CommuneLine {
            name: match code.as_deref() {
                Some(c) => territory
                    .commune(c)
                    .map_or_else(|| p.t("exports-commune-outside"), |c| c.name.clone()),
                None => p.t("exports-commune-none"),
            },
            code: code.unwrap_or_default(),
            count: n,
            requested: money(&p, Cents(sum.unwrap_or(0))),
        })
        .collect();
    communes.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));

    render(&StatsTpl {
        p: &p,
        call: &call,
        states,
        total,
        funnel,
        envelope: envelope.map(|e| money(&p, e)),
        amounts,
        times,
        communes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn median_and_90th_percentile_are_exact_order_statistics() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(nearest_rank(&ten, 90.0), Some(9.0));
        let eleven: Vec<f64> = (1..=11).map(f64::from).collect();
        assert_eq!(nearest_rank(&eleven, 90.0), Some(10.0));
        assert_eq!(nearest_rank(&[7.0], 90.0), Some(7.0));
        assert_eq!(nearest_rank(&ten, 100.0), Some(10.0));
        assert_eq!(nearest_rank(&ten, 0.0), None);
    }

    #[test]
    fn processing_time_counts_from_first_submission_and_pauses_for_corrections() {
        let day = |d: u32| Utc.with_ymd_and_hms(2026, 3, d, 0, 0, 0).unwrap();
        let steps = vec![
            Step {
                to: FileState::Submitted,
                at: day(1),
            },
            Step {
                to: FileState::UnderInstruction,
                at: day(2),
            },
            Step {
                to: FileState::CorrectionRequested,
                at: day(3),
            },
            // Ten days waiting for the applicant.
            Step {
                to: FileState::Submitted,
                at: day(13),
            },
            Step {
                to: FileState::UnderInstruction,
                at: day(14),
            },
            Step {
                to: FileState::Accepted,
                at: day(20),
            },
        ];
        let (total, active) = durations(&steps, day(20)).unwrap();
        assert_eq!(total, 19 * 86_400);
        assert_eq!(active, 9 * 86_400);
        // Reopened after a decision: the days it sat decided are a pause too.
        let steps = vec![
            Step {
                to: FileState::Submitted,
                at: day(1),
            },
            Step {
                to: FileState::UnderInstruction,
                at: day(1),
            },
            Step {
                to: FileState::Refused,
                at: day(5),
            },
            Step {
                to: FileState::UnderInstruction,
                at: day(15),
            },
            Step {
                to: FileState::Accepted,
                at: day(16),
            },
        ];
        assert_eq!(durations(&steps, day(16)), Some((15 * 86_400, 5 * 86_400)));
        assert_eq!(durations(&[], day(1)), None);
    }
}
