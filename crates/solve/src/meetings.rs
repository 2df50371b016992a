//! One-to-one meetings between candidates (project holders, who move from table to table) and funders
//! (who stay at their `seats` tables), over a morning of `slots` time slots.
//!
//! Choosing the meetings and placing them in slots is solved in two ways:
//!
//! * **No availability windows** (every participant with a wish attends the same slots, every funder
//!   keeps the same number of free tables in each of them): the result is the exact optimum. The
//!   meetings are a maximum-weight b-matching (min-cost flow; a candidate holds at most
//!   min(max_meetings, #slots) meetings, a funder min(max_meetings, seats × #slots)); each funder's
//!   meetings are dealt round-robin over its seats (each seat ≤ #slots), and the bipartite graph
//!   candidate × (funder, seat), whose degrees are all ≤ #slots, is edge-coloured with #slots colours
//!   (König's theorem; alternating-path recolouring). A colour is a slot. Every b-matching is therefore a
//!   schedule, so the b-matching optimum is the schedule optimum.
//! * **Windows** (or anything that breaks that uniformity, such as locked meetings): the same
//!   relaxation, with each participant's capacity reduced to what it could hold if alone and only pairs
//!   with a common free slot allowed, gives a proven upper bound, tightened when needed by a Lagrangian
//!   relaxation of the per-slot constraints (`lagrange`); a schedule is built from the relaxed optimum
//!   by greedy insertion with repair moves, then improved by exact large-neighbourhood moves
//!   (re-solving one candidate's, one funder's or one slot's meetings by min-cost flow) and a seeded
//!   ruin-and-recreate search (`local`). Status is `optimal` only when the schedule reaches the bound.
//!
//! `objective: "fair"` first maximises the number of candidates with at least one meeting, then the total
//! weight: each candidate's first meeting carries a bonus larger than the total weight of all wishes
//! (see `relax`).
//!
//! Staff edits go through the typed API: [`check`] lists the conflicts of any set of meetings (a move is
//! a changed slot or seat, a removal a shorter list), and [`solve_with_locks`] keeps locked meetings and
//! schedules the rest around them.

use crate::cli::InputError;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;

mod colour;
pub(crate) mod json;
mod lagrange;
mod local;
mod relax;

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    /// Slots attended; `None` = all.
    pub available: Option<Vec<usize>>,
    pub max_meetings: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Funder {
    pub id: String,
    pub available: Option<Vec<usize>>,
    /// Tables (representatives) holding meetings at the same time; at least 1.
    pub seats: usize,
    pub max_meetings: Option<usize>,
}

/// A pair that may meet, with the value `w > 0` of the meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Wish {
    pub c: String,
    pub f: String,
    pub w: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Maximise the sum of the weights of scheduled meetings.
    #[default]
    Total,
    /// First maximise the number of candidates with at least one meeting, then the total.
    Fair,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub slots: usize,
    pub candidates: Vec<Candidate>,
    pub funders: Vec<Funder>,
    pub wishes: Vec<Wish>,
    pub objective: Objective,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Meeting {
    pub c: String,
    pub f: String,
    pub slot: usize,
    pub seat: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The objective equals the upper bound.
    Optimal,
    /// A valid schedule whose optimality is not proven; `upper_bound` says how far it can be.
    Feasible,
}

/// Figures about a solve, beyond the JSON result.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    /// The exact (König) path was taken: no windows, no locks breaking uniformity.
    pub exact_path: bool,
    /// Candidates with at least one meeting (locked ones included).
    pub candidates_with_meeting: usize,
    /// A proven upper bound on that number (the fair relaxation's); `None` in total mode.
    pub coverage_bound: Option<usize>,
    /// Upper bound on the total weight of any valid schedule (the total-mode relaxation), when computed.
    pub weight_bound: Option<f64>,
    /// Number of relaxed-optimum meetings the schedule could not keep (0 on the exact path).
    pub relaxed_meetings_dropped: usize,
    /// Improvement rounds run by the windows heuristic.
    pub rounds: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub status: Status,
    /// Sum of `w` over the meetings (locked ones included).
    pub objective: f64,
    /// Proven bound on the objective of the best schedule for the chosen objective: in fair mode, on
    /// the weight of the best schedule among those that reach the largest number of candidates.
    pub upper_bound: f64,
    /// Sorted by slot, funder id, seat.
    pub meetings: Vec<Meeting>,
    pub details: Details,
}

/// Why a set of meetings is not a valid (partial) schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    UnknownCandidate { c: String },
    UnknownFunder { f: String },
    NotWished { c: String, f: String },
    PairTwice { c: String, f: String },
    SlotOutOfRange { c: String, f: String, slot: usize },
    SeatOutOfRange { c: String, f: String, seat: usize },
    CandidateAbsent { c: String, slot: usize },
    FunderAbsent { f: String, slot: usize },
    CandidateDoubleBooked { c: String, slot: usize },
    SeatTaken { f: String, slot: usize, seat: usize },
    CandidateOverMax { c: String },
    FunderOverMax { f: String },
}

impl fmt::Display for Conflict {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::UnknownCandidate { c } => write!(out, "unknown candidate `{c}`"),
            Conflict::UnknownFunder { f } => write!(out, "unknown funder `{f}`"),
            Conflict::NotWished { c, f } => write!(out, "`{c}` and `{f}` have no wish to meet"),
            Conflict::PairTwice { c, f } => write!(out, "`{c}` and `{f}` meet more than once"),
            Conflict::SlotOutOfRange { c, f, slot } => {
                write!(out, "meeting `{c}`–`{f}`: slot {slot} does not exist")
            }
            Conflict::SeatOutOfRange { c, f, seat } => {
                write!(out, "meeting `{c}`–`{f}`: funder has no seat {seat}")
            }
            Conflict::CandidateAbsent { c, slot } => {
                write!(out, "candidate `{c}` is not available in slot {slot}")
            }
            Conflict::FunderAbsent { f, slot } => {
                write!(out, "funder `{f}` is not available in slot {slot}")
            }
            Conflict::CandidateDoubleBooked { c, slot } => {
                write!(out, "candidate `{c}` has two meetings in slot {slot}")
            }
            Conflict::SeatTaken { f, slot, seat } => {
                write!(
                    out,
                    "funder `{f}`: seat {seat} is booked twice in slot {slot}"
                )
            }
            Conflict::CandidateOverMax { c } => {
                write!(out, "candidate `{c}` exceeds max_meetings")
            }
            Conflict::FunderOverMax { f } => write!(out, "funder `{f}` exceeds max_meetings"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Validated instance
// ---------------------------------------------------------------------------------------------------------

const NONE: u32 = u32::MAX;

/// The instance with ids resolved to indices and availability as dense tables.
struct Prepared<'a> {
    inst: &'a Instance,
    t: usize,
    cidx: HashMap<&'a str, usize>,
    fidx: HashMap<&'a str, usize>,
    /// `cav[c * t + slot]`.
    cav: Vec<bool>,
    fav: Vec<bool>,
    /// Wish index of each (candidate, funder) pair.
    pair: HashMap<(u32, u32), u32>,
    /// Wish endpoints.
    ends: Vec<(u32, u32)>,
    /// Integer weights: `w * scale`, rounded when `exact_scale` is false.
    wint: Vec<i64>,
    scale: f64,
    exact_scale: bool,
}

fn err(msg: String) -> InputError {
    InputError(msg)
}

fn availability(
    list: &Option<Vec<usize>>,
    t: usize,
    who: &str,
    id: &str,
    out: &mut [bool],
) -> Result<(), InputError> {
    match list {
        None => out.fill(true),
        Some(slots) => {
            for &s in slots {
                if s >= t {
                    return Err(err(format!(
                        "{who} `{id}`: available: slot {s} out of range 0..{t}"
                    )));
                }
                out[s] = true;
            }
        }
    }
    Ok(())
}

fn prepare(inst: &Instance) -> Result<Prepared<'_>, InputError> {
    let t = inst.slots;
    let (nc, nf) = (inst.candidates.len(), inst.funders.len());
    if nc >= NONE as usize || nf >= NONE as usize || inst.wishes.len() >= (NONE / 2) as usize {
        return Err(err("instance too large".into()));
    }
    if t > 100_000 || (nc + nf).saturating_mul(t) > 500_000_000 {
        return Err(err(format!(
            "slots: {t} is too many for this number of participants"
        )));
    }
    let mut cidx = HashMap::with_capacity(nc);
    let mut cav = vec![false; nc * t];
    for (i, c) in inst.candidates.iter().enumerate() {
        if cidx.insert(c.id.as_str(), i).is_some() {
            return Err(err(format!("candidates: duplicate id `{}`", c.id)));
        }
        availability(
            &c.available,
            t,
            "candidate",
            &c.id,
            &mut cav[i * t..(i + 1) * t],
        )?;
    }
    let mut fidx = HashMap::with_capacity(nf);
    let mut fav = vec![false; nf * t];
    for (i, f) in inst.funders.iter().enumerate() {
        if fidx.insert(f.id.as_str(), i).is_some() {
            return Err(err(format!("funders: duplicate id `{}`", f.id)));
        }
        if f.seats == 0 {
            return Err(err(format!("funder `{}`: seats must be at least 1", f.id)));
        }
        if f.seats > 1_000_000 {
            return Err(err(format!(
                "funder `{}`: seats: {} is too many",
                f.id, f.seats
            )));
        }
        availability(
            &f.available,
            t,
            "funder",
            &f.id,
            &mut fav[i * t..(i + 1) * t],
        )?;
    }
    let mut pair = HashMap::with_capacity(inst.wishes.len());
    let mut ends = Vec::with_capacity(inst.wishes.len());
    for (k, w) in inst.wishes.iter().enumerate() {
        let Some(&c) = cidx.get(w.c.as_str()) else {
            return Err(err(format!("wishes[{k}].c: unknown candidate `{}`", w.c)));
        };
        let Some(&f) = fidx.get(w.f.as_str()) else {
            return Err(err(format!("wishes[{k}].f: unknown funder `{}`", w.f)));
        };
        if !(w.w.is_finite() && w.w > 0.0) {
            return Err(err(format!(
                "wishes[{k}].w: must be a number greater than 0 (`{}`–`{}`)",
                w.c, w.f
            )));
        }
        if pair.insert((c as u32, f as u32), k as u32).is_some() {
            return Err(err(format!(
                "wishes[{k}]: `{}`–`{}` listed twice",
                w.c, w.f
            )));
        }
        ends.push((c as u32, f as u32));
    }
    let (wint, scale, exact_scale) = scale_weights(inst, t)?;
    Ok(Prepared {
        inst,
        t,
        cidx,
        fidx,
        cav,
        fav,
        pair,
        ends,
        wint,
        scale,
        exact_scale,
    })
}

/// Integer weights for the flow. Decimal weights with up to 6 digits are scaled exactly; others are
/// rounded at 10⁻⁶ (the bound then absorbs the rounding). The scale is also kept small enough for the
/// flow's overflow condition with the fair-mode bonus.
fn scale_weights(inst: &Instance, t: usize) -> Result<(Vec<i64>, f64, bool), InputError> {
    let ws: Vec<f64> = inst.wishes.iter().map(|w| w.w).collect();
    let max_w = ws.iter().copied().fold(0.0, f64::max);
    let sum_w: f64 = ws.iter().sum();
    // Flow condition: |cost| * nodes * (flow + 1) < 2^62, with |cost| up to twice the total weight
    // (bonus + weight). Nodes and flow are bounded by the sizes of every network built here.
    let nodes = (inst.candidates.len() + inst.funders.len() + t + 3) as f64;
    let flow = (ws.len() as f64).min(inst.candidates.len() as f64 * t as f64) + 1.0;
    let limit = 2f64.powi(61) / (nodes * flow * 3.0);
    let mut scale = 1.0;
    let mut exact = false;
    for k in 0..=6 {
        let s = 10f64.powi(k);
        if ws.iter().all(|&w| {
            let x = w * s;
            (x - x.round()).abs() <= 1e-9 * x.max(1.0)
        }) {
            scale = s;
            exact = true;
            break;
        }
    }
    if !exact {
        scale = 1e6;
    }
    if sum_w * scale + 1.0 > limit {
        // Weights too large for exact integer arithmetic: shrink them (optimality then relative to
        // rounded weights, reflected in the bound).
        scale = limit / (sum_w + 1.0);
        exact = false;
        if max_w * scale < 1000.0 {
            return Err(err(
                "wishes: weights too large or too spread out to optimise reliably".into(),
            ));
        }
    }
    let wint = ws
        .iter()
        .map(|&w| ((w * scale).round() as i64).max(1))
        .collect();
    Ok((wint, scale, exact))
}

/// Lists every conflict of `meetings` as a (partial) schedule of `inst`: unknown ids, unwished pairs,
/// slots or seats out of range, absences, double bookings, caps. Empty = valid.
pub fn check(inst: &Instance, meetings: &[Meeting]) -> Result<Vec<Conflict>, InputError> {
    let p = prepare(inst)?;
    Ok(check_prepared(&p, meetings).1)
}

/// Also returns the resolved (candidate, funder, wish, slot, seat) of the meetings without conflicts
/// that name unknown things.
#[allow(clippy::type_complexity)]
fn check_prepared(
    p: &Prepared,
    meetings: &[Meeting],
) -> (Vec<(u32, u32, u32, usize, usize)>, Vec<Conflict>) {
    let t = p.t;
    let inst = p.inst;
    let mut conflicts = Vec::new();
    let mut resolved = Vec::new();
    let mut cbusy: HashSet<(usize, usize)> = HashSet::new();
    let mut seat_used: HashSet<(usize, usize, usize)> = HashSet::new();
    let mut pair_used: HashSet<u32> = HashSet::new();
    let mut ccount = vec![0usize; inst.candidates.len()];
    let mut fcount = vec![0usize; inst.funders.len()];
    for m in meetings {
        let c = p.cidx.get(m.c.as_str()).copied();
        let f = p.fidx.get(m.f.as_str()).copied();
        if c.is_none() {
            conflicts.push(Conflict::UnknownCandidate { c: m.c.clone() });
        }
        if f.is_none() {
            conflicts.push(Conflict::UnknownFunder { f: m.f.clone() });
        }
        let (Some(c), Some(f)) = (c, f) else { continue };
        let Some(&wish) = p.pair.get(&(c as u32, f as u32)) else {
            conflicts.push(Conflict::NotWished {
                c: m.c.clone(),
                f: m.f.clone(),
            });
            continue;
        };
        if !pair_used.insert(wish) {
            conflicts.push(Conflict::PairTwice {
                c: m.c.clone(),
                f: m.f.clone(),
            });
        }
        let mut ok = true;
        if m.slot >= t {
            conflicts.push(Conflict::SlotOutOfRange {
                c: m.c.clone(),
                f: m.f.clone(),
                slot: m.slot,
            });
            ok = false;
        }
        if m.seat >= inst.funders[f].seats {
            conflicts.push(Conflict::SeatOutOfRange {
                c: m.c.clone(),
                f: m.f.clone(),
                seat: m.seat,
            });
            ok = false;
        }
        if m.slot < t {
            if !p.cav[c * t + m.slot] {
                conflicts.push(Conflict::CandidateAbsent {
                    c: m.c.clone(),
                    slot: m.slot,
                });
            }
            if !p.fav[f * t + m.slot] {
                conflicts.push(Conflict::FunderAbsent {
                    f: m.f.clone(),
                    slot: m.slot,
                });
            }
            if !cbusy.insert((c, m.slot)) {
                conflicts.push(Conflict::CandidateDoubleBooked {
                    c: m.c.clone(),
                    slot: m.slot,
                });
            }
            if !seat_used.insert((f, m.slot, m.seat)) {
                conflicts.push(Conflict::SeatTaken {
                    f: m.f.clone(),
                    slot: m.slot,
                    seat: m.seat,
                });
            }
        }
        ccount[c] += 1;
        fcount[f] += 1;
        if ccount[c]
            == inst.candidates[c]
                .max_meetings
                .unwrap_or(usize::MAX)
                .saturating_add(1)
        {
            conflicts.push(Conflict::CandidateOverMax { c: m.c.clone() });
        }
        if fcount[f]
            == inst.funders[f]
                .max_meetings
                .unwrap_or(usize::MAX)
                .saturating_add(1)
        {
            conflicts.push(Conflict::FunderOverMax { f: m.f.clone() });
        }
        if ok {
            resolved.push((c as u32, f as u32, wish, m.slot, m.seat));
        }
    }
    (resolved, conflicts)
}

// ---------------------------------------------------------------------------------------------------------
// The core problem handed to the algorithms (locked meetings already taken out)
// ---------------------------------------------------------------------------------------------------------

/// A wish still to be decided.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub c: u32,
    pub f: u32,
    pub w: i64,
}

pub(crate) struct Core {
    pub t: usize,
    pub nc: usize,
    pub nf: usize,
    /// `cfree[c * t + slot]`: the candidate attends and has no locked meeting then.
    pub cfree: Vec<bool>,
    /// `froom[f * t + slot]`: the funder's tables still free then (0 when absent).
    pub froom: Vec<u32>,
    /// Meetings each participant may still take.
    pub ccap: Vec<u32>,
    pub fcap: Vec<u32>,
    pub edges: Vec<Edge>,
    pub fair: bool,
    /// Candidates that already have a locked meeting (no fairness bonus left to earn).
    pub covered: Vec<bool>,
}

impl Core {
    /// `Some(slots)` when every participant with an edge attends exactly these slots, each funder with
    /// the same number of free tables in all of them: then König's theorem applies.
    fn uniform_slots(&self) -> Option<Vec<usize>> {
        let t = self.t;
        let mut has_c = vec![false; self.nc];
        let mut has_f = vec![false; self.nf];
        for e in &self.edges {
            has_c[e.c as usize] = true;
            has_f[e.f as usize] = true;
        }
        let mut pattern: Option<&[bool]> = None;
        for c in (0..self.nc).filter(|&c| has_c[c]) {
            let row = &self.cfree[c * t..(c + 1) * t];
            match pattern {
                None => pattern = Some(row),
                Some(p) if p != row => return None,
                Some(_) => {}
            }
        }
        let Some(pattern) = pattern else {
            return Some(Vec::new()); // nothing to schedule
        };
        for f in (0..self.nf).filter(|&f| has_f[f]) {
            let row = &self.froom[f * t..(f + 1) * t];
            let r = row.iter().copied().max().unwrap_or(0);
            if row
                .iter()
                .zip(pattern)
                .any(|(&x, &on)| x != if on { r } else { 0 })
            {
                return None;
            }
        }
        Some((0..t).filter(|&s| pattern[s]).collect())
    }
}

/// Output of the algorithms: for each scheduled edge, its slot, plus bounds (in integer weights).
pub(crate) struct Solved {
    pub slot_of: Vec<u32>,
    /// Per scheduled edge, the index of its table among the funder's free tables in that slot.
    pub table_of: Vec<u32>,
    pub exact_path: bool,
    /// Upper bound on the weight of the edges' part of an optimal schedule (for the chosen objective).
    pub weight_ub: i64,
    pub coverage_ub: Option<usize>,
    /// Upper bound on total weight whatever the coverage (for `Details::weight_bound`).
    pub total_ub: Option<i64>,
    pub dropped: usize,
    pub rounds: usize,
}

fn solve_core(core: &Core) -> Solved {
    if let Some(slots) = core.uniform_slots() {
        return exact(core, &slots);
    }
    local::solve(core)
}

/// The König path: b-matching, seats round-robin, edge colouring.
fn exact(core: &Core, slots: &[usize]) -> Solved {
    let k = slots.len() as u32;
    let ccap: Vec<u32> = core.ccap.iter().map(|&x| x.min(k)).collect();
    let fcap: Vec<u32> = (0..core.nf)
        .map(|f| {
            let r = core.froom[f * core.t..(f + 1) * core.t]
                .iter()
                .copied()
                .max()
                .unwrap_or(0);
            core.fcap[f].min(r.saturating_mul(k))
        })
        .collect();
    let allowed = vec![true; core.edges.len()];
    let relaxed = relax::solve(core, &ccap, &fcap, &allowed, core.fair);
    let chosen: Vec<usize> = (0..core.edges.len())
        .filter(|&e| relaxed.chosen[e])
        .collect();
    // Deal each funder's meetings over its tables: table j of funder f is right node `fbase[f] + j`.
    // Only min(tables, meetings) tables are used, so each gets at most ⌈d / tables⌉ ≤ #slots
    // meetings and a funder with many tables costs nothing.
    let mut meetings_of = vec![0usize; core.nf];
    for &e in &chosen {
        meetings_of[core.edges[e].f as usize] += 1;
    }
    let mut fbase = vec![0usize; core.nf + 1];
    for f in 0..core.nf {
        let r = core.froom[f * core.t..(f + 1) * core.t]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
        fbase[f + 1] = fbase[f] + (r as usize).min(meetings_of[f]);
    }
    let mut dealt = vec![0usize; core.nf];
    let mut table_of = vec![NONE; core.edges.len()];
    let mut graph = Vec::with_capacity(chosen.len());
    for &e in &chosen {
        let f = core.edges[e].f as usize;
        let r = fbase[f + 1] - fbase[f];
        let j = dealt[f] % r;
        dealt[f] += 1;
        table_of[e] = j as u32;
        graph.push((core.edges[e].c, (fbase[f] + j) as u32));
    }
    let colours = colour::colour(core.nc, fbase[core.nf], &graph, k as usize);
    let mut slot_of = vec![NONE; core.edges.len()];
    for (i, &e) in chosen.iter().enumerate() {
        slot_of[e] = slots[colours[i] as usize] as u32;
    }
    Solved {
        slot_of,
        table_of,
        exact_path: true,
        weight_ub: relaxed.weight,
        coverage_ub: core.fair.then_some(relaxed.covered),
        total_ub: (!core.fair).then_some(relaxed.weight),
        dropped: 0,
        rounds: 0,
    }
}

// ---------------------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------------------

/// Schedules the instance (no locked meetings).
pub fn solve(inst: &Instance) -> Result<Schedule, InputError> {
    solve_with_locks(inst, &[])
}

/// Keeps `locked` as they are (they must form a valid partial schedule, else the conflicts are
/// reported) and schedules the other wishes around them.
pub fn solve_with_locks(inst: &Instance, locked: &[Meeting]) -> Result<Schedule, InputError> {
    let p = prepare(inst)?;
    let t = p.t;
    let (nc, nf) = (inst.candidates.len(), inst.funders.len());
    let (locks, conflicts) = check_prepared(&p, locked);
    if !conflicts.is_empty() {
        let list: Vec<String> = conflicts.iter().map(|c| c.to_string()).collect();
        return Err(err(format!("locked meetings: {}", list.join("; "))));
    }

    let mut cfree = p.cav.clone();
    let mut froom: Vec<u32> = (0..nf * t)
        .map(|i| {
            if p.fav[i] {
                inst.funders[i / t.max(1)].seats as u32
            } else {
                0
            }
        })
        .collect();
    let cap = |m: Option<usize>| m.map_or(NONE - 1, |m| m.min((NONE - 1) as usize) as u32);
    let mut ccap: Vec<u32> = inst
        .candidates
        .iter()
        .map(|c| cap(c.max_meetings))
        .collect();
    let mut fcap: Vec<u32> = inst.funders.iter().map(|f| cap(f.max_meetings)).collect();
    let mut covered = vec![false; nc];
    let mut locked_pair = vec![false; p.ends.len()];
    // Tables taken by locks, per (funder, slot), so new meetings get the others.
    let mut taken: HashMap<(u32, usize), Vec<usize>> = HashMap::new();
    let mut locked_w = 0i64;
    for &(c, f, wish, slot, seat) in &locks {
        cfree[c as usize * t + slot] = false;
        froom[f as usize * t + slot] -= 1;
        ccap[c as usize] -= 1;
        fcap[f as usize] -= 1;
        covered[c as usize] = true;
        locked_pair[wish as usize] = true;
        locked_w += p.wint[wish as usize];
        taken.entry((f, slot)).or_default().push(seat);
    }
    let wish_of: Vec<usize> = (0..p.ends.len()).filter(|&k| !locked_pair[k]).collect();
    let edges: Vec<Edge> = wish_of
        .iter()
        .map(|&k| Edge {
            c: p.ends[k].0,
            f: p.ends[k].1,
            w: p.wint[k],
        })
        .collect();
    let core = Core {
        t,
        nc,
        nf,
        cfree,
        froom,
        ccap,
        fcap,
        edges,
        fair: inst.objective == Objective::Fair,
        covered: covered.clone(),
    };
    let solved = solve_core(&core);

    let mut meetings: Vec<Meeting> = locked.to_vec();
    let mut has_meeting = covered;
    let mut weight = locked_w;
    let mut real_weight: f64 = locks.iter().map(|l| inst.wishes[l.2 as usize].w).sum();
    let mut dealt: HashMap<(u32, usize), usize> = HashMap::new();
    for (e, &slot) in solved.slot_of.iter().enumerate() {
        if slot == NONE {
            continue;
        }
        let slot = slot as usize;
        let Edge { c, f, w } = core.edges[e];
        // The k-th free table of the funder in that slot, skipping locked ones.
        let k = if solved.table_of[e] != NONE {
            solved.table_of[e] as usize
        } else {
            let n = dealt.entry((f, slot)).or_default();
            *n += 1;
            *n - 1
        };
        let locked_here = taken.get(&(f, slot)).map_or(&[][..], |v| v.as_slice());
        let seat = (0..inst.funders[f as usize].seats)
            .filter(|s| !locked_here.contains(s))
            .nth(k)
            .expect("the algorithms respect free tables");
        meetings.push(Meeting {
            c: inst.candidates[c as usize].id.clone(),
            f: inst.funders[f as usize].id.clone(),
            slot,
            seat,
        });
        has_meeting[c as usize] = true;
        weight += w;
        real_weight += inst.wishes[wish_of[e]].w;
    }
    meetings.sort_by(|a, b| (a.slot, &a.f, a.seat, &a.c).cmp(&(b.slot, &b.f, b.seat, &b.c)));
    debug_assert!(check_prepared(&p, &meetings).1.is_empty());

    let with_meeting = has_meeting.iter().filter(|&&x| x).count();
    let ub_int = locked_w + solved.weight_ub;
    let fair_ok = match solved.coverage_ub {
        Some(k) => with_meeting == k + locks_covered_count(&core),
        None => true,
    };
    let proven = fair_ok && weight == ub_int && p.exact_scale;
    let (objective, upper_bound) = if p.exact_scale {
        (weight as f64 / p.scale, ub_int as f64 / p.scale)
    } else {
        // Each rounded weight is off by at most 0.5 / scale; any schedule has at most as many meetings
        // as wishes, so the bound on real weights grows by that much at most.
        let slack = 0.5 * p.ends.len() as f64;
        (real_weight, (ub_int as f64 + slack) / p.scale)
    };
    Ok(Schedule {
        status: if proven {
            Status::Optimal
        } else {
            Status::Feasible
        },
        objective,
        upper_bound: if proven {
            objective
        } else {
            upper_bound.max(objective)
        },
        meetings,
        details: Details {
            exact_path: solved.exact_path,
            candidates_with_meeting: with_meeting,
            coverage_bound: solved.coverage_ub.map(|k| k + locks_covered_count(&core)),
            weight_bound: solved.total_ub.map(|w| (w + locked_w) as f64 / p.scale),
            relaxed_meetings_dropped: solved.dropped,
            rounds: solved.rounds,
        },
    })
}

fn locks_covered_count(core: &Core) -> usize {
    core.covered.iter().filter(|&&x| x).count()
}

// ---------------------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------------------

/// Reads an instance in the JSON format of `shared/formats/solvers.md`.
pub fn parse_instance(input: &str) -> Result<Instance, InputError> {
    use json::Obj;
    let v = json::parse(input)?;
    let top = Obj::new(
        &v,
        "",
        &["slots", "candidates", "funders", "wishes", "objective"],
    )?;
    let slots = top.req::<usize>("slots")?;
    let mut candidates = Vec::new();
    for (i, c) in top.list("candidates")?.iter().enumerate() {
        let c = Obj::new(
            c,
            &format!("candidates[{i}]"),
            &["id", "available", "max_meetings"],
        )?;
        candidates.push(Candidate {
            id: c.req("id")?,
            available: c.opt("available")?,
            max_meetings: c.opt("max_meetings")?,
        });
    }
    let mut funders = Vec::new();
    for (i, f) in top.list("funders")?.iter().enumerate() {
        let f = Obj::new(
            f,
            &format!("funders[{i}]"),
            &["id", "available", "seats", "max_meetings"],
        )?;
        funders.push(Funder {
            id: f.req("id")?,
            available: f.opt("available")?,
            seats: f.opt("seats")?.unwrap_or(1),
            max_meetings: f.opt("max_meetings")?,
        });
    }
    let mut wishes = Vec::new();
    for (i, w) in top.list("wishes")?.iter().enumerate() {
        let w = Obj::new(w, &format!("wishes[{i}]"), &["c", "f", "w"])?;
        wishes.push(Wish {
            c: w.req("c")?,
            f: w.req("f")?,
            w: w.req("w")?,
        });
    }
    let objective = match top.opt::<String>("objective")?.as_deref() {
        None | Some("total") => Objective::Total,
        Some("fair") => Objective::Fair,
        Some(other) => {
            return Err(err(format!(
                "objective: unknown value `{other}`, expected `total` or `fair`"
            )))
        }
    };
    Ok(Instance {
        slots,
        candidates,
        funders,
        wishes,
        objective,
    })
}

/// Integral values print as integers (`123`, not `123.0`), as in the format's example.
fn number(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Value::from(x)
    }
}

#[derive(Serialize)]
struct Output<'a> {
    status: Status,
    objective: serde_json::Value,
    upper_bound: serde_json::Value,
    meetings: &'a [Meeting],
}

/// The JSON result for a schedule.
pub fn to_json(s: &Schedule) -> String {
    let out = Output {
        status: s.status,
        objective: number(s.objective),
        upper_bound: number(s.upper_bound),
        meetings: &s.meetings,
    };
    serde_json::to_string(&out).expect("plain data serialises")
}

/// `essor solve meetings`: JSON instance in, JSON result out.
pub fn solve_json(input: &str) -> Result<String, InputError> {
    let inst = parse_instance(input)?;
    Ok(to_json(&solve(&inst)?))
}
