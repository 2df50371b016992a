//! Scheduling with availability windows (or locks): relaxation bound, greedy insertion with repair
//! moves, exact large-neighbourhood moves, then — only while the schedule is short of the bound — a
//! tighter Lagrangian bound and a seeded ruin-and-recreate search.
//!
//! Bound: the b-matching relaxation where a pair is allowed only if both are free in a common slot,
//! and each participant's capacity is cut to the most meetings it could hold on its own (a maximum
//! matching between its allowed partners and its free slots, tables counted). Every valid schedule is
//! a b-matching of that relaxation, so its optimum bounds the schedule's. `lagrange` tightens it.
//!
//! Neighbourhoods, each re-solved exactly by min-cost flow with everything else fixed:
//! * one candidate: its meetings are an assignment of funders to its free slots;
//! * one funder: its meetings are an assignment of candidates to its slots (tables per slot);
//! * one slot: the meetings of that slot form a b-matching (candidate ≤ 1, funder ≤ its free tables)
//!   among pairs not already meeting elsewhere.
//!
//! The current schedule is always feasible for the neighbourhood problem, so no move makes it worse;
//! the search stops when a full round improves nothing, or the bound is reached. Effort is bounded by
//! iteration counts, never by a clock, so the same input always gives the same schedule.

use super::{lagrange, relax, Core, Solved, NONE};
use crate::flow::MinCostFlow;

/// Rounds of neighbourhood moves at most (each round visits every slot and every participant with an
/// unscheduled wish).
const MAX_ROUNDS: usize = 12;

/// Effort limits, in units of "one pass over the wishes" (each Lagrangian iteration or
/// ruin-and-recreate step costs a few such passes): iterations = WORK / #wishes, so small mornings get
/// many and large ones a few; always deterministic (no clock).
const LAGRANGE_WORK: usize = 100_000;
const RUIN_WORK: usize = 40_000;

/// The Lagrangian flows scale costs by `lagrange::UNIT`: check the flow's overflow condition.
fn lagrange_fits(core: &Core, bonus: i64) -> bool {
    let max_w = core.edges.iter().map(|e| e.w).max().unwrap_or(0);
    let cost = (bonus + max_w) as f64 * lagrange::UNIT as f64;
    let nodes = (core.nc + core.nf + 2) as f64;
    cost * nodes * (core.edges.len() as f64 + 1.0) < 2f64.powi(61)
}

pub(crate) fn solve(core: &Core) -> Solved {
    let t = core.t;
    let (cadj, fadj) = adjacency(core);
    // A pair can only meet in a slot where both are free.
    let allowed: Vec<bool> = core
        .edges
        .iter()
        .map(|e| (0..t).any(|s| common(core, e.c as usize, e.f as usize, s)))
        .collect();
    // Capacities cut to what each participant could hold on its own.
    let mut m = Matcher::new(t);
    let ones = vec![1u32; t];
    let ccap: Vec<u32> = (0..core.nc)
        .map(|c| {
            m.clear();
            for &e in cadj[c].iter().filter(|&&e| allowed[e as usize]) {
                let f = core.edges[e as usize].f as usize;
                m.push_left((0..t as u32).filter(|&s| common(core, c, f, s as usize)));
            }
            m.solve(&ones, core.ccap[c])
        })
        .collect();
    let fcap: Vec<u32> = (0..core.nf)
        .map(|f| {
            m.clear();
            for &e in fadj[f].iter().filter(|&&e| allowed[e as usize]) {
                let c = core.edges[e as usize].c as usize;
                m.push_left((0..t as u32).filter(|&s| common(core, c, f, s as usize)));
            }
            m.solve(&core.froom[f * t..(f + 1) * t], core.fcap[f])
        })
        .collect();
    let relaxed = relax::solve(core, &ccap, &fcap, &allowed, core.fair);
    let bonus = if core.fair {
        core.edges
            .iter()
            .zip(&allowed)
            .filter(|(_, &a)| a)
            .map(|(e, _)| e.w)
            .sum::<i64>()
            + 1
    } else {
        0
    };
    let target = bonus * relaxed.covered as i64 + relaxed.weight;

    let mut st = State::new(core, bonus, cadj, fadj);
    st.greedy(&relaxed.chosen, &allowed, target);
    let mut rounds = 0;
    while st.value() < target && rounds < MAX_ROUNDS {
        rounds += 1;
        let before = st.value();
        st.improve_round(&allowed, &relaxed.chosen, target);
        if st.value() == before {
            break;
        }
    }
    let dropped = (0..core.edges.len())
        .filter(|&e| relaxed.chosen[e] && st.slot_of[e] == NONE)
        .count();

    // Still short of the plain bound: tighten the bound, then search further below it.
    let work = core.edges.len().max(1);
    let mut value_ub = target;
    if st.value() < target && lagrange_fits(core, bonus) {
        value_ub = lagrange::value_bound(&lagrange::Input {
            core,
            allowed: &allowed,
            ccap: &ccap,
            fcap: &fcap,
            bonus,
            start: target,
            lower: st.value(),
            iterations: (LAGRANGE_WORK / work).clamp(10, 60),
        });
    }
    if st.value() < value_ub {
        st.ruin_and_recreate(&allowed, value_ub, (RUIN_WORK / work).min(200));
    }
    let (weight_ub, coverage_ub, total_ub) = if !core.fair {
        (value_ub, None, Some(value_ub))
    } else {
        // No schedule covers more than ⌊value_ub / bonus⌋ candidates (its weight is below the bonus).
        let coverage_ub = (value_ub / bonus) as usize;
        if st.covered == coverage_ub {
            // The best fair schedule covers exactly that many, so its weight is what remains.
            (
                value_ub - bonus * coverage_ub as i64,
                Some(coverage_ub),
                None,
            )
        } else {
            // Coverage not proven maximal: the best fair schedule's weight is still bounded by the
            // best weight of any schedule.
            let total = relax::solve(core, &ccap, &fcap, &allowed, false).weight;
            (total, Some(coverage_ub), Some(total))
        }
    };
    Solved {
        slot_of: st.slot_of,
        table_of: vec![NONE; core.edges.len()],
        exact_path: false,
        weight_ub,
        coverage_ub,
        total_ub,
        dropped,
        rounds,
    }
}

fn common(core: &Core, c: usize, f: usize, s: usize) -> bool {
    core.cfree[c * core.t + s] && core.froom[f * core.t + s] > 0
}

#[allow(clippy::type_complexity)]
fn adjacency(core: &Core) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let mut cadj = vec![Vec::new(); core.nc];
    let mut fadj = vec![Vec::new(); core.nf];
    for (e, edge) in core.edges.iter().enumerate() {
        cadj[edge.c as usize].push(e as u32);
        fadj[edge.f as usize].push(e as u32);
    }
    (cadj, fadj)
}

/// Maximum number of left nodes that can each get one right node (right node `r` takes at most
/// `cap[r]`), stopping at `limit`: augmenting paths (Kuhn) with capacities. The scratch space is
/// reused from one participant to the next.
struct Matcher {
    start: Vec<usize>,
    adj: Vec<u32>,
    holders: Vec<Vec<u32>>,
    seen: Vec<u32>,
    stamp: u32,
}

impl Matcher {
    fn new(right: usize) -> Self {
        Matcher {
            start: vec![0],
            adj: Vec::new(),
            holders: vec![Vec::new(); right],
            seen: vec![0; right],
            stamp: 0,
        }
    }

    fn clear(&mut self) {
        self.start.truncate(1);
        self.adj.clear();
        self.holders.iter_mut().for_each(Vec::clear);
    }

    fn push_left(&mut self, rights: impl Iterator<Item = u32>) {
        self.adj.extend(rights);
        self.start.push(self.adj.len());
    }

    fn solve(&mut self, cap: &[u32], limit: u32) -> u32 {
        // Once every usable right node is full, no augmenting path exists.
        let mut used = vec![false; cap.len()];
        self.adj.iter().for_each(|&r| used[r as usize] = true);
        let room: u64 = (0..cap.len())
            .filter(|&r| used[r])
            .map(|r| u64::from(cap[r]))
            .sum();
        let limit = u64::from(limit).min(room) as u32;
        let mut matched = 0;
        for l in 0..self.start.len() - 1 {
            if matched >= limit {
                break;
            }
            self.stamp += 1;
            if augment(
                l,
                &self.start,
                &self.adj,
                cap,
                &mut self.holders,
                &mut self.seen,
                self.stamp,
            ) {
                matched += 1;
            }
        }
        matched
    }
}

fn augment(
    l: usize,
    start: &[usize],
    adj: &[u32],
    cap: &[u32],
    holders: &mut [Vec<u32>],
    seen: &mut [u32],
    stamp: u32,
) -> bool {
    let rights = &adj[start[l]..start[l + 1]];
    for &r in rights {
        let r = r as usize;
        if (holders[r].len() as u32) < cap[r] {
            holders[r].push(l as u32);
            return true;
        }
    }
    for &r in rights {
        let r = r as usize;
        if seen[r] == stamp {
            continue;
        }
        seen[r] = stamp;
        for i in 0..holders[r].len() {
            let other = holders[r][i] as usize;
            if augment(other, start, adj, cap, holders, seen, stamp) {
                // `other` moved to another right node; `l` takes the place it left here.
                holders[r][i] = l as u32;
                return true;
            }
        }
    }
    false
}

struct State<'a> {
    core: &'a Core,
    t: usize,
    bonus: i64,
    cadj: Vec<Vec<u32>>,
    fadj: Vec<Vec<u32>>,
    slot_of: Vec<u32>,
    /// `cbusy[c * t + s]`: the candidate's meeting in slot s.
    cbusy: Vec<u32>,
    /// `fmeet[f * t + s]`: the funder's meetings in slot s.
    fmeet: Vec<Vec<u32>>,
    ccount: Vec<u32>,
    fcount: Vec<u32>,
    weight: i64,
    /// Candidates without a locked meeting that have a meeting here.
    covered: usize,
}

impl<'a> State<'a> {
    fn new(core: &'a Core, bonus: i64, cadj: Vec<Vec<u32>>, fadj: Vec<Vec<u32>>) -> Self {
        let t = core.t;
        State {
            core,
            t,
            bonus,
            cadj,
            fadj,
            slot_of: vec![NONE; core.edges.len()],
            cbusy: vec![NONE; core.nc * t],
            fmeet: vec![Vec::new(); core.nf * t],
            ccount: vec![0; core.nc],
            fcount: vec![0; core.nf],
            weight: 0,
            covered: 0,
        }
    }

    fn value(&self) -> i64 {
        self.bonus * self.covered as i64 + self.weight
    }

    fn cfree(&self, c: usize, s: usize) -> bool {
        self.core.cfree[c * self.t + s] && self.cbusy[c * self.t + s] == NONE
    }

    fn room(&self, f: usize, s: usize) -> bool {
        (self.fmeet[f * self.t + s].len() as u32) < self.core.froom[f * self.t + s]
    }

    fn can_place(&self, e: usize, s: usize) -> bool {
        let edge = self.core.edges[e];
        let (c, f) = (edge.c as usize, edge.f as usize);
        self.slot_of[e] == NONE
            && self.cfree(c, s)
            && self.room(f, s)
            && self.ccount[c] < self.core.ccap[c]
            && self.fcount[f] < self.core.fcap[f]
    }

    fn place(&mut self, e: usize, s: usize) {
        debug_assert!(self.can_place(e, s));
        let edge = self.core.edges[e];
        let (c, f) = (edge.c as usize, edge.f as usize);
        self.slot_of[e] = s as u32;
        self.cbusy[c * self.t + s] = e as u32;
        self.fmeet[f * self.t + s].push(e as u32);
        self.ccount[c] += 1;
        self.fcount[f] += 1;
        self.weight += edge.w;
        if self.ccount[c] == 1 && !self.core.covered[c] {
            self.covered += 1;
        }
    }

    fn unplace(&mut self, e: usize) {
        let s = self.slot_of[e] as usize;
        let edge = self.core.edges[e];
        let (c, f) = (edge.c as usize, edge.f as usize);
        self.slot_of[e] = NONE;
        self.cbusy[c * self.t + s] = NONE;
        let list = &mut self.fmeet[f * self.t + s];
        let i = list
            .iter()
            .position(|&x| x as usize == e)
            .expect("meeting listed at its funder");
        list.swap_remove(i);
        self.ccount[c] -= 1;
        self.fcount[f] -= 1;
        self.weight -= edge.w;
        if self.ccount[c] == 0 && !self.core.covered[c] {
            self.covered -= 1;
        }
    }

    fn restore(&mut self, snap: &[u32]) {
        for e in 0..snap.len() {
            if self.slot_of[e] != NONE {
                self.unplace(e);
            }
        }
        for (e, &s) in snap.iter().enumerate() {
            if s != NONE {
                self.place(e, s as usize);
            }
        }
    }

    /// The bonus a new meeting of `c` would earn (fair mode, first meeting).
    fn first_bonus(&self, c: usize) -> i64 {
        if self.ccount[c] == 0 && !self.core.covered[c] {
            self.bonus
        } else {
            0
        }
    }

    /// Inserts the relaxed optimum's meetings (in fair mode one per candidate first), least flexible
    /// first, then fills with the other allowed wishes, heaviest first.
    fn greedy(&mut self, chosen: &[bool], allowed: &[bool], target: i64) {
        let t = self.t;
        let core = self.core;
        let flexibility = |e: usize| {
            let edge = core.edges[e];
            (0..t)
                .filter(|&s| common(core, edge.c as usize, edge.f as usize, s))
                .count()
        };
        if core.fair {
            let mut firsts: Vec<(usize, Vec<usize>)> = (0..core.nc)
                .filter(|&c| !core.covered[c])
                .map(|c| {
                    let mut es: Vec<usize> = self.cadj[c]
                        .iter()
                        .map(|&e| e as usize)
                        .filter(|&e| chosen[e])
                        .collect();
                    es.sort_by_key(|&e| std::cmp::Reverse(core.edges[e].w));
                    let slots = (0..t).filter(|&s| core.cfree[c * t + s]).count();
                    (slots, es)
                })
                .filter(|(_, es)| !es.is_empty())
                .collect();
            firsts.sort_by_key(|(slots, _)| *slots);
            for (_, es) in firsts {
                for e in es {
                    if self.insert(e) {
                        break;
                    }
                }
            }
        }
        let mut order: Vec<usize> = (0..core.edges.len()).filter(|&e| chosen[e]).collect();
        order.sort_by_key(|&e| (flexibility(e), std::cmp::Reverse(core.edges[e].w)));
        for e in order {
            if self.slot_of[e] == NONE {
                self.insert(e);
            }
        }
        if self.value() >= target {
            return; // the relaxed optimum is fully scheduled: nothing can be added
        }
        let mut rest: Vec<usize> = (0..core.edges.len())
            .filter(|&e| allowed[e] && !chosen[e])
            .collect();
        rest.sort_by_key(|&e| std::cmp::Reverse(core.edges[e].w));
        for e in rest {
            self.insert(e);
        }
    }

    /// Places `e` in a slot where both are free, or after moving one meeting of the candidate and/or
    /// one of the funder's meetings to another slot.
    fn insert(&mut self, e: usize) -> bool {
        let edge = self.core.edges[e];
        let (c, f) = (edge.c as usize, edge.f as usize);
        if self.slot_of[e] != NONE
            || self.ccount[c] >= self.core.ccap[c]
            || self.fcount[f] >= self.core.fcap[f]
        {
            return false;
        }
        if let Some(s) = (0..self.t).find(|&s| self.can_place(e, s)) {
            self.place(e, s);
            return true;
        }
        for s in 0..self.t {
            if !common(self.core, c, f, s) {
                continue;
            }
            // The candidate's meeting in s must go elsewhere.
            let move_c = match self.cbusy[c * self.t + s] {
                NONE => None,
                e1 => match self.relocation(e1 as usize, s) {
                    Some(s1) => Some((e1 as usize, s1)),
                    None => continue,
                },
            };
            // One of the funder's meetings in s must go elsewhere.
            let move_f = if self.room(f, s) {
                None
            } else {
                let list = &self.fmeet[f * self.t + s];
                match list
                    .iter()
                    .find_map(|&e2| self.relocation(e2 as usize, s).map(|s2| (e2 as usize, s2)))
                {
                    Some(m) => Some(m),
                    None => continue,
                }
            };
            // The two moves touch different people (the candidate's partner is not `f`, the funder's
            // partner is not `c`), so they cannot get in each other's way.
            for (moved, to) in [move_c, move_f].into_iter().flatten() {
                self.unplace(moved);
                self.place(moved, to);
            }
            self.place(e, s);
            return true;
        }
        false
    }

    /// Another slot where meeting `e` (now in `from`) could go as things stand.
    fn relocation(&self, e: usize, from: usize) -> Option<usize> {
        let edge = self.core.edges[e];
        let (c, f) = (edge.c as usize, edge.f as usize);
        (0..self.t).find(|&s| s != from && self.cfree(c, s) && self.room(f, s))
    }

    /// One round of exact neighbourhood moves, cheapest first, starting with the participants whose
    /// relaxed-optimum meetings are missing (where the value is most likely to be found); stops as
    /// soon as `target` is reached.
    fn improve_round(&mut self, allowed: &[bool], chosen: &[bool], target: i64) {
        let core = self.core;
        let missing = |e: u32| chosen[e as usize] && self.slot_of[e as usize] == NONE;
        let mut cands: Vec<(bool, usize)> = (0..core.nc)
            .filter(|&c| self.has_unscheduled_candidate(c, allowed))
            .map(|c| (!self.cadj[c].iter().any(|&e| missing(e)), c))
            .collect();
        cands.sort_unstable();
        let mut funds: Vec<(bool, usize)> = (0..core.nf)
            .filter(|&f| self.has_unscheduled_funder(f, allowed))
            .map(|f| (!self.fadj[f].iter().any(|&e| missing(e)), f))
            .collect();
        funds.sort_unstable();
        for (_, c) in cands {
            if self.value() >= target {
                return;
            }
            self.reopt_candidate(c);
        }
        for (_, f) in funds {
            if self.value() >= target {
                return;
            }
            self.reopt_funder(f);
        }
        for s in 0..self.t {
            if self.value() >= target {
                return;
            }
            self.reopt_slot(s);
        }
    }

    /// Escapes local optima of the exact moves: empty two random slots and one random funder,
    /// re-insert greedily (random order among equal gains), re-optimise the emptied parts; keep the
    /// result unless it is worse. Seeded, so the same input gives the same schedule.
    fn ruin_and_recreate(&mut self, allowed: &[bool], target: i64, iterations: usize) {
        use rand::{Rng, SeedableRng};
        let core = self.core;
        if core.nf == 0 || self.t == 0 {
            return;
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5eed);
        for _ in 0..iterations {
            if self.value() >= target {
                return;
            }
            let snapshot = self.slot_of.clone();
            let before = self.value();
            let (s1, s2) = (rng.gen_range(0..self.t), rng.gen_range(0..self.t));
            let f = rng.gen_range(0..core.nf);
            for e in 0..core.edges.len() {
                let s = self.slot_of[e];
                if s != NONE
                    && (s as usize == s1 || s as usize == s2 || core.edges[e].f as usize == f)
                {
                    self.unplace(e);
                }
            }
            let mut order: Vec<(std::cmp::Reverse<i64>, u32, usize)> = (0..core.edges.len())
                .filter(|&e| allowed[e] && self.slot_of[e] == NONE)
                .map(|e| {
                    let gain = core.edges[e].w + self.first_bonus(core.edges[e].c as usize);
                    (std::cmp::Reverse(gain), rng.gen::<u32>(), e)
                })
                .collect();
            order.sort_unstable();
            for (_, _, e) in order {
                self.insert(e);
            }
            self.reopt_slot(s1);
            self.reopt_slot(s2);
            self.reopt_funder(f);
            if self.value() < before {
                self.restore(&snapshot);
            }
        }
    }

    fn has_unscheduled_funder(&self, f: usize, allowed: &[bool]) -> bool {
        self.fadj[f]
            .iter()
            .any(|&e| allowed[e as usize] && self.slot_of[e as usize] == NONE)
    }

    fn has_unscheduled_candidate(&self, c: usize, allowed: &[bool]) -> bool {
        self.cadj[c]
            .iter()
            .any(|&e| allowed[e as usize] && self.slot_of[e as usize] == NONE)
    }

    /// Re-solves the meetings of slot `s` given all other slots.
    fn reopt_slot(&mut self, s: usize) {
        let t = self.t;
        let core = self.core;
        let (nc, nf) = (core.nc, core.nf);
        for c in 0..nc {
            let e = self.cbusy[c * t + s];
            if e != NONE {
                self.unplace(e as usize);
            }
        }
        let (src, sink) = (nc + nf, nc + nf + 1);
        let mut g = MinCostFlow::new(nc + nf + 2);
        let mut cand_ok = vec![false; nc];
        for (c, ok) in cand_ok.iter_mut().enumerate() {
            if self.cfree(c, s) && self.ccount[c] < core.ccap[c] {
                *ok = true;
                g.add_edge(src, c, 1, 0);
            }
        }
        let mut fund_ok = vec![false; nf];
        for (f, ok) in fund_ok.iter_mut().enumerate() {
            let room = core.froom[f * t + s].min(core.fcap[f] - self.fcount[f]);
            if room > 0 {
                *ok = true;
                g.add_edge(nc + f, sink, i64::from(room), 0);
            }
        }
        let mut ids = Vec::new();
        for (e, edge) in core.edges.iter().enumerate() {
            let (c, f) = (edge.c as usize, edge.f as usize);
            if self.slot_of[e] == NONE && cand_ok[c] && fund_ok[f] {
                let gain = edge.w + self.first_bonus(c);
                ids.push((e, g.add_edge(c, nc + f, 1, -gain)));
            }
        }
        g.min_cost_any_flow(src, sink);
        for (e, id) in ids {
            if g.flow(id) > 0 {
                self.place(e, s);
            }
        }
    }

    /// Re-solves all of funder `f`'s meetings given everyone else's.
    fn reopt_funder(&mut self, f: usize) {
        let t = self.t;
        let core = self.core;
        for s in 0..t {
            while let Some(&e) = self.fmeet[f * t + s].last() {
                self.unplace(e as usize);
            }
        }
        let es: Vec<usize> = self.fadj[f]
            .iter()
            .map(|&e| e as usize)
            .filter(|&e| {
                self.ccount[core.edges[e].c as usize] < core.ccap[core.edges[e].c as usize]
            })
            .collect();
        // Nodes: source, hub, sink, one per wish, one per slot.
        let (src, hub, sink) = (0, 1, 2);
        let slot_node = |s: usize| 3 + es.len() + s;
        let mut g = MinCostFlow::new(3 + es.len() + t);
        g.add_edge(src, hub, i64::from(core.fcap[f]).min(es.len() as i64), 0);
        let mut arcs = Vec::new();
        for (i, &e) in es.iter().enumerate() {
            let c = core.edges[e].c as usize;
            g.add_edge(hub, 3 + i, 1, -(core.edges[e].w + self.first_bonus(c)));
            for s in 0..t {
                if self.cfree(c, s) && core.froom[f * t + s] > 0 {
                    arcs.push((e, s, g.add_edge(3 + i, slot_node(s), 1, 0)));
                }
            }
        }
        for s in 0..t {
            if core.froom[f * t + s] > 0 {
                g.add_edge(slot_node(s), sink, i64::from(core.froom[f * t + s]), 0);
            }
        }
        g.min_cost_any_flow(src, sink);
        for (e, s, id) in arcs {
            if g.flow(id) > 0 {
                self.place(e, s);
            }
        }
    }

    /// Re-solves all of candidate `c`'s meetings given everyone else's.
    fn reopt_candidate(&mut self, c: usize) {
        let t = self.t;
        let core = self.core;
        for s in 0..t {
            let e = self.cbusy[c * t + s];
            if e != NONE {
                self.unplace(e as usize);
            }
        }
        let es: Vec<usize> = self.cadj[c]
            .iter()
            .map(|&e| e as usize)
            .filter(|&e| {
                self.fcount[core.edges[e].f as usize] < core.fcap[core.edges[e].f as usize]
            })
            .collect();
        let (src, hub, sink) = (0, 1, 2);
        let slot_node = |s: usize| 3 + es.len() + s;
        let mut g = MinCostFlow::new(3 + es.len() + t);
        let cap = i64::from(core.ccap[c]).min(es.len() as i64);
        if cap > 0 {
            if core.fair && !core.covered[c] {
                g.add_edge(src, hub, 1, -self.bonus);
                g.add_edge(src, hub, cap - 1, 0);
            } else {
                g.add_edge(src, hub, cap, 0);
            }
        }
        let mut arcs = Vec::new();
        for (i, &e) in es.iter().enumerate() {
            let f = core.edges[e].f as usize;
            g.add_edge(hub, 3 + i, 1, -core.edges[e].w);
            for s in 0..t {
                if self.cfree(c, s) && self.room(f, s) {
                    arcs.push((e, s, g.add_edge(3 + i, slot_node(s), 1, 0)));
                }
            }
        }
        for s in 0..t {
            if self.cfree(c, s) {
                g.add_edge(slot_node(s), sink, 1, 0);
            }
        }
        g.min_cost_any_flow(src, sink);
        for (e, s, id) in arcs {
            if g.flow(id) > 0 {
                self.place(e, s);
            }
        }
    }
}
