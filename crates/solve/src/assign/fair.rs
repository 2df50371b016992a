//! Fair objective: raise the worst-served dossier, then recover total affinity.
//!
//! 1. Start from the exact total optimum (so the minimum is never below the optimum's).
//! 2. Raise: while possible, take a worst dossier `f` (score `m`) and look for an exchange chain:
//!    `f` swaps a reviewer `r0` for a better `r1`; if `r1` is full, one of its dossiers moves from
//!    `r1` to `r2`, and so on, until a reviewer with spare capacity (then `r0` must be above its
//!    minimum load) or `r0` itself (a cycle: loads unchanged). Every dossier on the chain must end
//!    strictly above `m`, so each chain removes one dossier from the minimum level and adds none:
//!    the minimum never decreases. The search is breadth-first (fewest moves), and a reviewer that
//!    closes the chain is tried as soon as it is reached.
//! 3. Recover: with `t` the minimum reached, look for chains that raise the total while keeping
//!    every dossier at `t` or above: best-first on the total affinity lost, a few reviewers deep.
//!
//! Chains move a dossier only to its best pairs by affinity or by affinity plus the optimum's
//! reviewer potential (which favours reviewers with spare capacity): this is a local search, a
//! heuristic. Steps 2 and 3 repeat while the result improves. The status is `optimal` only when the
//! minimum equals the upper bound (the worst dossier's best `demand` pairs, ignoring everyone else)
//! and the total equals the unconstrained optimum; otherwise `feasible`.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use super::total::TotalSolution;
use super::Instance;

/// Chain moves consider each dossier's best pairs (by each ranking) this many beyond its demand.
const EXTRA_CANDIDATES: usize = 12;
/// Raise/recover rounds.
const ROUNDS: usize = 4;
/// Reviewers a recovery search may settle before giving up (recovery is best effort).
const RECOVERY_SEARCH: usize = 4;

pub(crate) fn solve_fair(inst: &Instance, ws: &[i64], best: TotalSolution) -> (Vec<u32>, bool) {
    let nd = inst.nd();
    let active: Vec<usize> = (0..nd).filter(|&d| inst.demand[d] > 0).collect();
    if active.is_empty() {
        return (best.edges, true);
    }
    let mut bound = i64::MAX;
    let mut cand_start = vec![0usize; nd + 1];
    let mut cand = Vec::new();
    let mut buf: Vec<u32> = Vec::new();
    for d in 0..nd {
        if inst.demand[d] > 0 {
            let k = inst.demand[d] as usize;
            let keep = k + EXTRA_CANDIDATES;
            let first = cand.len();
            buf.clear();
            buf.extend((inst.start[d]..inst.start[d + 1]).map(|i| i as u32));
            buf.sort_unstable_by_key(|&i| (Reverse(ws[i as usize]), i));
            bound = bound.min(buf[..k].iter().map(|&i| ws[i as usize]).sum());
            cand.extend_from_slice(&buf[..buf.len().min(keep)]);
            buf.sort_unstable_by_key(|&i| {
                let r = inst.rev[i as usize] as usize;
                (Reverse(ws[i as usize] + best.reviewer_pot[r]), i)
            });
            cand.extend_from_slice(&buf[..buf.len().min(keep)]);
            // Searches stop at the first pair too weak: keep each list sorted by affinity.
            let list = &mut cand[first..];
            list.sort_unstable_by_key(|&i| (Reverse(ws[i as usize]), i));
            let mut len = 0;
            for j in 0..list.len() {
                if len == 0 || list[j] != list[len - 1] {
                    list[len] = list[j];
                    len += 1;
                }
            }
            cand.truncate(first + len);
        }
        cand_start[d + 1] = cand.len();
    }
    let mut state = State::new(inst, ws, &best.edges, &cand_start, &cand);
    let (min0, total0) = state.eval();
    if min0 == bound {
        return (best.edges, true);
    }
    let mut last = (min0, total0);
    for _ in 0..ROUNDS {
        state.raise(bound);
        state.recover();
        let now = state.eval();
        if now <= last {
            break;
        }
        last = now;
    }
    let (min, total) = state.eval();
    (state.slot_e, min == bound && total == total0)
}

/// The working assignment: `demand[d]` slots per dossier, each holding an edge.
struct State<'i, 'a> {
    inst: &'i Instance<'a>,
    ws: &'i [i64],
    cand_start: &'i [usize],
    cand: &'i [u32],
    slot_start: Vec<usize>,
    slot_d: Vec<u32>,
    slot_e: Vec<u32>,
    /// Slots held by each reviewer.
    held: Vec<Vec<u32>>,
    score: Vec<i64>,
    /// (score, dossier) of every dossier with demand > 0.
    order: BTreeSet<(i64, u32)>,
    // Search scratch, per reviewer: epoch stamps, best loss, settled flag, chain parent.
    stamp: Vec<u32>,
    epoch: u32,
    loss: Vec<i64>,
    depth: Vec<i64>,
    settled: Vec<bool>,
    parent: Vec<(u32, u32, u32)>,
    /// (priority, push order, reviewer): priority is the hop count or the loss.
    heap: BinaryHeap<Reverse<(i64, u64, u32)>>,
    pushes: u64,
}

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
enum Search {
    /// Breadth-first (fewest moves), any total change: lifting the minimum comes first.
    Raise,
    /// Best-first on total lost, bounded, must gain total.
    Recover,
}

impl<'i, 'a> State<'i, 'a> {
    fn new(
        inst: &'i Instance<'a>,
        ws: &'i [i64],
        edges: &[u32],
        cand_start: &'i [usize],
        cand: &'i [u32],
    ) -> Self {
        let (nd, nr) = (inst.nd(), inst.nr());
        let mut slot_start = vec![0usize; nd + 1];
        for d in 0..nd {
            slot_start[d + 1] = slot_start[d] + inst.demand[d] as usize;
        }
        let mut fill = slot_start.clone();
        let mut slot_d = vec![0u32; slot_start[nd]];
        let mut slot_e = vec![0u32; slot_start[nd]];
        let mut held = vec![Vec::new(); nr];
        let mut score = vec![0i64; nd];
        for &e in edges {
            let d = inst.dossier_of(e);
            let s = fill[d];
            fill[d] += 1;
            slot_d[s] = d as u32;
            slot_e[s] = e;
            held[inst.rev[e as usize] as usize].push(s as u32);
            score[d] += ws[e as usize];
        }
        let order = (0..nd)
            .filter(|&d| inst.demand[d] > 0)
            .map(|d| (score[d], d as u32))
            .collect();
        State {
            inst,
            ws,
            cand_start,
            cand,
            slot_start,
            slot_d,
            slot_e,
            held,
            score,
            order,
            stamp: vec![0; nr],
            epoch: 0,
            loss: vec![0; nr],
            depth: vec![0; nr],
            settled: vec![false; nr],
            parent: vec![(NONE, NONE, NONE); nr],
            heap: BinaryHeap::new(),
            pushes: 0,
        }
    }

    /// (smallest per-dossier score, total).
    fn eval(&self) -> (i64, i64) {
        let min = self.order.first().map_or(0, |x| x.0);
        (min, self.score.iter().sum())
    }

    fn load(&self, r: usize) -> u32 {
        self.held[r].len() as u32
    }

    fn has_reviewer(&self, d: usize, r: u32) -> bool {
        self.slot_e[self.slot_start[d]..self.slot_start[d + 1]]
            .iter()
            .any(|&e| self.inst.rev[e as usize] == r)
    }

    /// Raises the worst dossier until no chain helps it (or a step budget runs out).
    fn raise(&mut self, bound: i64) {
        let budget = 50 * self.order.len() + 1000;
        for _ in 0..budget {
            let Some(&(m, f)) = self.order.first() else {
                return;
            };
            if m >= bound || !self.chain(f as usize, m, Search::Raise) {
                return;
            }
        }
    }

    /// Raises the total by chains that keep every dossier at the current minimum or above,
    /// trying first the dossiers furthest below their best pairs.
    fn recover(&mut self) {
        let Some(&(floor, _)) = self.order.first() else {
            return;
        };
        let mut todo: Vec<(i64, u32)> = self
            .order
            .iter()
            .map(|&(s, d)| {
                let d = d as usize;
                let k = self.inst.demand[d] as usize;
                let best: i64 = self.cand[self.cand_start[d]..self.cand_start[d] + k]
                    .iter()
                    .map(|&e| self.ws[e as usize])
                    .sum();
                (best - s, d as u32)
            })
            .filter(|&(gap, _)| gap > 0)
            .collect();
        todo.sort_unstable_by_key(|&(gap, d)| (Reverse(gap), d));
        for (_, d) in todo {
            while self.chain(d as usize, floor - 1, Search::Recover) {}
        }
    }

    /// Searches for an exchange chain starting with dossier `f` swapping one reviewer for a better
    /// one; every moved dossier must end above `floor`. Applies the first acceptable chain.
    fn chain(&mut self, f: usize, floor: i64, search: Search) -> bool {
        let (need_gain, by_loss, max_settled) = match search {
            Search::Raise => (false, false, usize::MAX),
            Search::Recover => (true, true, RECOVERY_SEARCH),
        };
        let inst = self.inst;
        let ws = self.ws;
        let mut own: Vec<u32> = (self.slot_start[f]..self.slot_start[f + 1])
            .map(|s| s as u32)
            .collect();
        own.sort_by_key(|&s| (ws[self.slot_e[s as usize] as usize], s));
        for s0 in own {
            let e0 = self.slot_e[s0 as usize] as usize;
            let r0 = inst.rev[e0];
            let can_drop_r0 = self.load(r0 as usize) > inst.min_load[r0 as usize];
            let closes = |st: &Self, r: u32| {
                r == r0 || (can_drop_r0 && st.load(r as usize) < inst.max_load[r as usize])
            };
            self.epoch += 1;
            let epoch = self.epoch;
            self.heap.clear();
            for &e1 in &self.cand[self.cand_start[f]..self.cand_start[f + 1]] {
                if ws[e1 as usize] <= ws[e0] {
                    break;
                }
                let r1 = inst.rev[e1 as usize];
                if self.has_reviewer(f, r1) {
                    continue;
                }
                let recorded = self.relax(
                    r1,
                    ws[e0] - ws[e1 as usize],
                    0,
                    by_loss,
                    (NONE, s0, e1),
                    epoch,
                );
                // Breadth-first: a closing reviewer can be tried as soon as it is reached.
                if recorded && !by_loss && closes(self, r1) && self.try_apply(r1, floor) {
                    return true;
                }
            }
            let mut settled = 0;
            while let Some(Reverse((_, _, r))) = self.heap.pop() {
                let ru = r as usize;
                if self.settled[ru] {
                    continue;
                }
                let (loss, depth) = (self.loss[ru], self.depth[ru]);
                self.settled[ru] = true;
                settled += 1;
                if closes(self, r) && (!need_gain || loss < 0) && self.try_apply(r, floor) {
                    return true;
                }
                if r == r0 || settled >= max_settled {
                    continue;
                }
                for k in 0..self.held[ru].len() {
                    let s = self.held[ru][k];
                    let g = self.slot_d[s as usize] as usize;
                    if g == f {
                        continue;
                    }
                    // Moving g from r to r2 keeps it above the floor iff ws(g, r2) > limit.
                    let old = ws[self.slot_e[s as usize] as usize];
                    let limit = floor - self.score[g] + old;
                    for &e in &self.cand[self.cand_start[g]..self.cand_start[g + 1]] {
                        if ws[e as usize] <= limit {
                            break;
                        }
                        let r2 = inst.rev[e as usize];
                        if self.has_reviewer(g, r2) {
                            continue;
                        }
                        let next = loss + old - ws[e as usize];
                        let recorded = self.relax(r2, next, depth + 1, by_loss, (r, s, e), epoch);
                        if recorded && !by_loss && closes(self, r2) && self.try_apply(r2, floor) {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }

    /// Records a way to reach reviewer `r`: breadth-first keeps the first, by-loss the cheapest.
    fn relax(
        &mut self,
        r: u32,
        loss: i64,
        depth: i64,
        by_loss: bool,
        parent: (u32, u32, u32),
        epoch: u32,
    ) -> bool {
        let ru = r as usize;
        if self.stamp[ru] != epoch {
            self.stamp[ru] = epoch;
            self.settled[ru] = false;
        } else if self.settled[ru] || !by_loss || self.loss[ru] <= loss {
            return false;
        }
        self.loss[ru] = loss;
        self.depth[ru] = depth;
        self.parent[ru] = parent;
        self.pushes += 1;
        let key = if by_loss { loss } else { depth };
        self.heap.push(Reverse((key, self.pushes, r)));
        true
    }

    /// Applies the chain ending at reviewer `end` if every moved dossier ends above `floor`.
    fn try_apply(&mut self, end: u32, floor: i64) -> bool {
        let ws = self.ws;
        let mut moves: Vec<(u32, u32)> = Vec::new();
        let mut r = end;
        while r != NONE {
            let (prev, s, e) = self.parent[r as usize];
            moves.push((s, e));
            r = prev;
        }
        // A dossier may appear twice on a chain: check its combined change.
        let mut delta: Vec<(u32, i64)> = Vec::new();
        for &(s, e) in &moves {
            let d = self.slot_d[s as usize];
            let change = ws[e as usize] - ws[self.slot_e[s as usize] as usize];
            match delta.iter_mut().find(|x| x.0 == d) {
                Some(x) => x.1 += change,
                None => delta.push((d, change)),
            }
        }
        if delta
            .iter()
            .any(|&(d, c)| self.score[d as usize] + c <= floor)
        {
            return false;
        }
        for &(s, e) in &moves {
            let old = self.inst.rev[self.slot_e[s as usize] as usize] as usize;
            let new = self.inst.rev[e as usize] as usize;
            let pos = self.held[old]
                .iter()
                .position(|&x| x == s)
                .expect("slot held by its reviewer");
            self.held[old].swap_remove(pos);
            self.held[new].push(s);
            self.slot_e[s as usize] = e;
        }
        for (d, c) in delta {
            let du = d as usize;
            self.order.remove(&(self.score[du], d));
            self.score[du] += c;
            self.order.insert((self.score[du], d));
        }
        true
    }
}
