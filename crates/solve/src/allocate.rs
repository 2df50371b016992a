//! Allocation of a call's envelope among ranked files: which files to fund and how much.
//!
//! Each candidate file `i` has a score `s(i)` and an amount requested; it may be funded with any amount
//! between its **minimum** `l(i) = min(⌈share × request⌉, upper)` and its **upper** bound
//! `u(i) = min(request, call maximum)`, or not at all.
//!
//! **What "maximise total score" means here.** The objective is the sum of the scores of the funded
//! files: the commission wants as much merit funded as possible, and a file counts once it is funded at
//! least at the minimum the call allows (below it, the project cannot go ahead). Since a file's minimum is
//! the least it costs, a set of files can be funded within the envelope exactly when the sum of their
//! minimums fits, so the choice of files is a 0/1 knapsack (weights: minimums in cents, values: scores).
//! Scores are compared to the thousandth (converted to integer milli-points) so that ties are exact.
//! Once the files are chosen, what is left of the envelope goes to the funded files **in ranking order**
//! (best score first), each up to its upper bound: the best-ranked get their full request first. Files
//! with a score ≤ 0 are never funded (they add nothing). No unfunded file could still be added: the
//! optimum would have taken it.
//!
//! **Exactness.** Two exact methods, chosen by size:
//! * dynamic programming over the envelope divided by the greatest common divisor of the minimums (amounts
//!   in round euros or hundreds of euros make this small), when `files × capacity` stays under
//!   [`DP_CELL_LIMIT`];
//! * otherwise depth-first branch and bound, files by decreasing score per cent, pruned by the Dantzig
//!   bound (the fractional knapsack relaxation), up to `node_limit` nodes. When the limit stops it, the
//!   best set found is returned with status [`Status::Feasible`] and a proven upper bound, never claimed
//!   optimal.

use std::cmp::Ordering;
use thiserror::Error;

/// A candidate file (amounts in cents).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub score: f64,
    pub requested: i64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Envelope of the call, in cents.
    pub envelope: i64,
    /// Largest award of the call, in cents (`None`: no cap beyond the request).
    pub call_maximum: Option<i64>,
    /// Minimum share of the request, in per-mille (500 = 50 %), 1..=1000.
    pub min_share_permille: u32,
    /// Branch-and-bound budget (nodes) before giving up optimality.
    pub node_limit: u64,
}

impl Settings {
    pub fn new(envelope: i64, call_maximum: Option<i64>, min_share_permille: u32) -> Self {
        Settings {
            envelope,
            call_maximum,
            min_share_permille,
            node_limit: 20_000_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Proven optimal for the objective above.
    Optimal,
    /// Best found within the node limit; `upper_bound` (milli-points) bounds the optimum.
    Feasible { upper_bound: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    DynamicProgramming,
    BranchAndBound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Amount for each candidate, in cents (0 = not funded).
    pub amounts: Vec<i64>,
    /// Sum of the funded files' scores, in milli-points.
    pub objective: i64,
    pub total: i64,
    pub status: Status,
    pub method: Method,
}

#[derive(Debug, Error, PartialEq)]
pub enum AllocateError {
    #[error("the envelope must not be negative")]
    Envelope,
    #[error("the minimum share must be between 1 and 1000 per mille")]
    Share,
    #[error("the call maximum must not be negative")]
    Maximum,
    #[error("candidate {0}: the score must be a finite number and the request not negative")]
    Candidate(usize),
}

/// Above this many cells (`files × capacity units`) the dynamic programme gives way to branch and bound.
pub const DP_CELL_LIMIT: u64 = 40_000_000;

/// Bounds `(minimum, upper)` of a candidate's award, in cents.
pub fn bounds(c: &Candidate, s: &Settings) -> (i64, i64) {
    let upper = match s.call_maximum {
        Some(m) => c.requested.min(m),
        None => c.requested,
    }
    .max(0);
    let min = (c.requested as i128 * s.min_share_permille as i128).div_euclid(1000)
        + i128::from((c.requested as i128 * s.min_share_permille as i128) % 1000 != 0);
    (i64::try_from(min).unwrap_or(i64::MAX).min(upper), upper)
}

/// A score in integer milli-points.
pub fn milli(score: f64) -> i64 {
    (score * 1000.0).round() as i64
}

pub fn allocate(cands: &[Candidate], s: &Settings) -> Result<Allocation, AllocateError> {
    solve(cands, s, None)
}

/// Like [`allocate`] with a forced method (for tests and the benchmark).
pub fn allocate_with(
    cands: &[Candidate],
    s: &Settings,
    method: Method,
) -> Result<Allocation, AllocateError> {
    solve(cands, s, Some(method))
}

fn solve(
    cands: &[Candidate],
    s: &Settings,
    force: Option<Method>,
) -> Result<Allocation, AllocateError> {
    if s.envelope < 0 {
        return Err(AllocateError::Envelope);
    }
    if !(1..=1000).contains(&s.min_share_permille) {
        return Err(AllocateError::Share);
    }
    if s.call_maximum.is_some_and(|m| m < 0) {
        return Err(AllocateError::Maximum);
    }
    for (i, c) in cands.iter().enumerate() {
        if !c.score.is_finite() || c.requested < 0 {
            return Err(AllocateError::Candidate(i));
        }
    }
    // Items worth considering: positive score, a positive amount possible, minimum within the envelope.
    let items: Vec<Item> = cands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (min, upper) = bounds(c, s);
            let value = milli(c.score);
            (value > 0 && upper > 0 && min <= s.envelope).then_some(Item {
                idx: i,
                weight: min,
                value,
            })
        })
        .collect();

    let g = items.iter().fold(0i64, |g, it| gcd(g, it.weight));
    let capacity_units = if g > 0 { s.envelope / g } else { 0 };
    let cells = (items.len() as u64).saturating_mul(capacity_units as u64 + 1);
    // Branch and bound is the fastest on the usual instances (scores unrelated to amounts); a short
    // first run that proves optimality is kept, otherwise the dynamic programme when small enough.
    if force.is_none() && !items.is_empty() {
        let quick = branch_and_bound(&items, s.envelope, s.node_limit.min(200_000));
        if quick.1 == Status::Optimal || cells > DP_CELL_LIMIT {
            let (chosen, status) = if quick.1 == Status::Optimal {
                quick
            } else {
                branch_and_bound(&items, s.envelope, s.node_limit)
            };
            return Ok(finish(
                cands,
                s,
                &items,
                &chosen,
                status,
                Method::BranchAndBound,
            ));
        }
    }
    let method = force.unwrap_or(Method::DynamicProgramming);
    let (chosen, status) = match method {
        _ if items.is_empty() => (Vec::new(), Status::Optimal),
        Method::DynamicProgramming if g == 0 => {
            // Every minimum is 0: everything fits.
            ((0..items.len()).collect(), Status::Optimal)
        }
        Method::DynamicProgramming => (dp(&items, g, capacity_units), Status::Optimal),
        Method::BranchAndBound => branch_and_bound(&items, s.envelope, s.node_limit),
    };
    Ok(finish(cands, s, &items, &chosen, status, method))
}

/// Minimums for the chosen files, then the leftover in ranking order.
fn finish(
    cands: &[Candidate],
    s: &Settings,
    items: &[Item],
    chosen: &[usize],
    status: Status,
    method: Method,
) -> Allocation {
    let mut amounts = vec![0i64; cands.len()];
    let mut objective = 0;
    for &k in chosen {
        amounts[items[k].idx] = items[k].weight;
        objective += items[k].value;
    }
    let mut left = s.envelope - amounts.iter().sum::<i64>();
    // The leftover goes to the funded files in ranking order.
    let mut order: Vec<usize> = chosen.iter().map(|&k| items[k].idx).collect();
    order.sort_by(|&a, &b| rank_cmp(cands, a, b));
    for i in order {
        let (_, upper) = bounds(&cands[i], s);
        let more = (upper - amounts[i]).min(left).max(0);
        amounts[i] += more;
        left -= more;
    }
    Allocation {
        total: amounts.iter().sum(),
        amounts,
        objective,
        status,
        method,
    }
}

/// Ranking order: better score first, then input order.
pub fn rank_cmp(cands: &[Candidate], a: usize, b: usize) -> Ordering {
    milli(cands[b].score)
        .cmp(&milli(cands[a].score))
        .then(a.cmp(&b))
}

#[derive(Debug, Clone, Copy)]
struct Item {
    idx: usize,
    weight: i64,
    value: i64,
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Exact 0/1 knapsack by dynamic programming on capacity units of `g` cents.
fn dp(items: &[Item], g: i64, cap: i64) -> Vec<usize> {
    let cap = cap as usize;
    let mut best = vec![0i64; cap + 1];
    // take[k][c]: item k improved capacity c (bitset per item).
    let words = cap / 64 + 1;
    let mut take = vec![0u64; items.len() * words];
    for (k, it) in items.iter().enumerate() {
        let w = (it.weight / g) as usize;
        if w > cap {
            continue;
        }
        for c in (w..=cap).rev() {
            let cand = best[c - w] + it.value;
            if cand > best[c] {
                best[c] = cand;
                take[k * words + c / 64] |= 1 << (c % 64);
            }
        }
    }
    let mut c = cap;
    let mut chosen = Vec::new();
    for k in (0..items.len()).rev() {
        if take[k * words + c / 64] >> (c % 64) & 1 == 1 {
            chosen.push(k);
            c -= (items[k].weight / g) as usize;
        }
    }
    chosen.reverse();
    chosen
}

/// Exact 0/1 knapsack by depth-first branch and bound with the Dantzig bound.
fn branch_and_bound(items: &[Item], cap: i64, node_limit: u64) -> (Vec<usize>, Status) {
    // Free items (minimum 0) are always taken.
    let mut order: Vec<usize> = (0..items.len()).collect();
    // Decreasing value per cent (free items first); ties by value then index for determinism.
    order.sort_by(|&a, &b| {
        let (x, y) = (&items[a], &items[b]);
        (y.value as i128 * x.weight as i128)
            .cmp(&(x.value as i128 * y.weight as i128))
            .then(y.value.cmp(&x.value))
            .then(a.cmp(&b))
    });
    let n = order.len();
    let w: Vec<i64> = order.iter().map(|&k| items[k].weight).collect();
    let v: Vec<i64> = order.iter().map(|&k| items[k].value).collect();

    // Dantzig bound from position `i` with `room` left: greedy, then a fraction of the first misfit.
    let bound = |i: usize, room: i64| -> i64 {
        let mut room = room;
        let mut total = 0i64;
        for j in i..n {
            if w[j] <= room {
                room -= w[j];
                total += v[j];
            } else {
                // floor is enough: the optimum is an integer.
                total += ((v[j] as i128 * room as i128) / w[j] as i128) as i64;
                break;
            }
        }
        total
    };

    // Start from the greedy solution.
    let mut best_val = 0i64;
    let mut best: Vec<bool> = vec![false; n];
    {
        let mut room = cap;
        for j in 0..n {
            if w[j] <= room {
                room -= w[j];
                best[j] = true;
                best_val += v[j];
            }
        }
    }
    let root_bound = bound(0, cap);
    let mut cur = vec![false; n];
    let mut nodes = 0u64;
    let mut exhausted = false;
    // Iterative DFS: stack of (position, room, value, decided_take).
    struct Frame {
        i: usize,
        room: i64,
        val: i64,
        next: u8, // 0: try take, 1: try skip, 2: done
    }
    let mut stack = vec![Frame {
        i: 0,
        room: cap,
        val: 0,
        next: 0,
    }];
    while let Some(top) = stack.last_mut() {
        nodes += 1;
        if nodes > node_limit {
            exhausted = true;
            break;
        }
        let (i, room, val) = (top.i, top.room, top.val);
        if i == n {
            if val > best_val {
                best_val = val;
                best.copy_from_slice(&cur);
            }
            stack.pop();
            continue;
        }
        if top.next == 0 {
            top.next = 1;
            if val + bound(i, room) <= best_val {
                stack.pop();
                continue;
            }
            if w[i] <= room {
                cur[i] = true;
                stack.push(Frame {
                    i: i + 1,
                    room: room - w[i],
                    val: val + v[i],
                    next: 0,
                });
                continue;
            }
        }
        if top.next == 1 {
            top.next = 2;
            cur[i] = false;
            if val + bound(i + 1, room) > best_val {
                stack.push(Frame {
                    i: i + 1,
                    room,
                    val,
                    next: 0,
                });
                continue;
            }
        }
        cur[i] = false;
        stack.pop();
    }
    let chosen = (0..n).filter(|&j| best[j]).map(|j| order[j]).collect();
    let status = if exhausted {
        Status::Feasible {
            upper_bound: root_bound.max(best_val),
        }
    } else {
        Status::Optimal
    };
    (chosen, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(score: f64, euros: i64) -> Candidate {
        Candidate {
            score,
            requested: euros * 100,
        }
    }

    #[test]
    fn two_good_cheap_files_beat_one_expensive_one() {
        // Envelope 10 k€, minimum share 50 %: the best file costs 10 k€ at least, the two others 5 k€
        // each; 70 + 60 > 90.
        let cands = [c(90.0, 20_000), c(70.0, 10_000), c(60.0, 10_000)];
        let s = Settings::new(1_000_000, None, 500);
        let a = allocate(&cands, &s).unwrap();
        assert_eq!(a.status, Status::Optimal);
        assert_eq!(a.objective, 130_000);
        assert_eq!(a.amounts, vec![0, 500_000, 500_000]);
    }

    #[test]
    fn leftover_goes_to_the_best_ranked_up_to_their_request_and_the_cap() {
        let cands = [c(80.0, 40_000), c(70.0, 10_000)];
        let s = Settings::new(3_500_000, Some(2_500_000), 500);
        let a = allocate(&cands, &s).unwrap();
        // Minimums 20 k€ (50 % of the 40 k€ request, under the 25 k€ cap) + 5 k€; the 10 k€ left go
        // first to the best file up to the cap (+5 k€), then to the second up to its request (+5 k€).
        assert_eq!(a.amounts, vec![2_500_000, 1_000_000]);
        assert_eq!(a.total, 3_500_000);
    }

    #[test]
    fn both_methods_agree_and_respect_bounds() {
        let cands: Vec<Candidate> = (0..12)
            .map(|i| c(50.0 + (i * 7 % 13) as f64, 5_000 + (i * 3_331 % 20_000)))
            .collect();
        let s = Settings::new(6_000_000, Some(1_500_000), 600);
        let a = allocate_with(&cands, &s, Method::DynamicProgramming).unwrap();
        let b = allocate_with(&cands, &s, Method::BranchAndBound).unwrap();
        assert_eq!(a.objective, b.objective);
        for (i, x) in a.amounts.iter().enumerate() {
            let (lo, up) = bounds(&cands[i], &s);
            assert!(*x == 0 || (lo..=up).contains(x));
        }
        assert!(a.total <= s.envelope);
    }

    #[test]
    fn bad_settings_are_refused() {
        assert_eq!(
            allocate(&[], &Settings::new(-1, None, 500)),
            Err(AllocateError::Envelope)
        );
        assert_eq!(
            allocate(&[], &Settings::new(1, None, 0)),
            Err(AllocateError::Share)
        );
    }
}
