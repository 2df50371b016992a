//! A tighter bound for the windows case: Lagrangian relaxation of the time-indexed formulation.
//!
//! Variables x[c,f,s] (pair c–f meets in slot s). Keep "each pair at most once" and the meeting caps;
//! dualise "a candidate holds at most one meeting per slot" (multiplier μ[c,s] ≥ 0) and "a funder holds
//! at most its free tables per slot" (ν[f,s] ≥ 0). For fixed multipliers the problem splits: each pair,
//! if it meets, takes its best slot, worth w − μ[c,s] − ν[f,s]; then choosing the pairs is the same
//! b-matching as the plain relaxation, by min-cost flow. Its value plus Σ μ + Σ tables·ν bounds every
//! schedule, whatever the multipliers (weak duality), so every iterate gives a valid bound; μ = ν = 0
//! is the plain relaxation. Multipliers follow projected subgradient steps (Polyak step towards the
//! best known schedule value). At convergence the bound equals the LP bound of the time-indexed model.
//!
//! Multipliers are integers in units of 1/`UNIT` of a weight unit, so the flow stays in exact integer
//! arithmetic; the bound is rounded down to an integer weight, which is valid because every schedule
//! has an integer (scaled) weight.

use super::Core;
use crate::flow::MinCostFlow;

/// Multiplier resolution (a weight unit is split into this many steps).
pub(crate) const UNIT: i64 = 256;

pub(crate) struct Input<'a> {
    pub core: &'a Core,
    pub allowed: &'a [bool],
    pub ccap: &'a [u32],
    pub fcap: &'a [u32],
    /// Fair-mode bonus per newly covered candidate (0 in total mode).
    pub bonus: i64,
    /// Best bound known so far (the plain relaxation's value).
    pub start: i64,
    /// Value of the best known schedule: stop once the bound reaches it.
    pub lower: i64,
    pub iterations: usize,
}

/// Returns a valid upper bound on `bonus × covered + weight` over all schedules, at most `start`.
pub(crate) fn value_bound(inp: &Input) -> i64 {
    let core = inp.core;
    let (nc, nf, t) = (core.nc, core.nf, core.t);
    // Multipliers evolve as floats; each iterate is evaluated at their rounding to 1/UNIT, which is
    // itself a valid choice of multipliers, so the bound stays exact.
    let mut muf = vec![0f64; nc * t];
    let mut nuf = vec![0f64; nf * t];
    let mut mu = vec![0i64; nc * t];
    let mut nu = vec![0i64; nf * t];
    let mut best = inp.start;
    let mut theta = 1.0f64;
    let mut since_better = 0;
    let mut stall = 0;
    let (s_node, t_node) = (nc + nf, nc + nf + 1);
    let mut cdeg = vec![0i64; nc];
    let mut fdeg = vec![0i64; nf];
    for (e, edge) in core.edges.iter().enumerate() {
        if inp.allowed[e] {
            cdeg[edge.c as usize] += 1;
            fdeg[edge.f as usize] += 1;
        }
    }
    let mut slot_of = vec![0u32; core.edges.len()];
    let mut cload = vec![0i64; nc * t];
    let mut fload = vec![0i64; nf * t];
    for _ in 0..inp.iterations {
        if best <= inp.lower {
            break;
        }
        let mut g = MinCostFlow::new(nc + nf + 2);
        for (c, &deg) in cdeg.iter().enumerate() {
            let cap = i64::from(inp.ccap[c]).min(deg);
            if cap == 0 {
                continue;
            }
            if inp.bonus > 0 && !core.covered[c] {
                g.add_edge(s_node, c, 1, -inp.bonus * UNIT);
                if cap > 1 {
                    g.add_edge(s_node, c, cap - 1, 0);
                }
            } else {
                g.add_edge(s_node, c, cap, 0);
            }
        }
        for (f, &deg) in fdeg.iter().enumerate() {
            let cap = i64::from(inp.fcap[f]).min(deg);
            if cap > 0 {
                g.add_edge(nc + f, t_node, cap, 0);
            }
        }
        let mut ids = Vec::with_capacity(core.edges.len());
        for (e, edge) in core.edges.iter().enumerate() {
            if !inp.allowed[e] {
                continue;
            }
            let (c, f) = (edge.c as usize, edge.f as usize);
            let mut top = (i64::MIN, 0);
            for s in 0..t {
                if core.cfree[c * t + s] && core.froom[f * t + s] > 0 {
                    let v = edge.w * UNIT - mu[c * t + s] - nu[f * t + s];
                    if v > top.0 {
                        top = (v, s);
                    }
                }
            }
            // A pair worth nothing can still earn the fairness bonus; otherwise leave it out.
            if top.0 > 0 || inp.bonus > 0 {
                slot_of[e] = top.1 as u32;
                ids.push((e, g.add_edge(c, nc + f, 1, -top.0)));
            }
        }
        let (_, cost) = g.min_cost_any_flow(s_node, t_node);
        let mut value = -cost;
        for (i, &m) in mu.iter().enumerate() {
            if core.cfree[i] {
                value += m;
            }
        }
        for (i, &n) in nu.iter().enumerate() {
            value += n * i64::from(core.froom[i]);
        }
        let bound = value.div_euclid(UNIT);
        if bound < best {
            best = bound;
            since_better = 0;
            stall = 0;
        } else {
            // Halve the step after 4 iterations without progress; give up after 12.
            since_better += 1;
            stall += 1;
            if stall >= 12 {
                break;
            }
            if since_better >= 4 {
                theta /= 2.0;
                since_better = 0;
            }
        }

        // Subgradient: capacity minus load of each dualised constraint, projected at zero multipliers.
        // A chosen pair may take any of its best slots (all are optimal for the subproblem): spread
        // them so as to overload as little as possible, which gives a far better direction than an
        // arbitrary tie-break (with all multipliers at zero, every common slot ties).
        cload.fill(0);
        fload.fill(0);
        for &(e, id) in &ids {
            if g.flow(id) == 0 {
                continue;
            }
            let edge = core.edges[e];
            let (c, f) = (edge.c as usize, edge.f as usize);
            let top =
                edge.w * UNIT - mu[c * t + slot_of[e] as usize] - nu[f * t + slot_of[e] as usize];
            let mut pick = (i64::MAX, slot_of[e] as usize);
            for s in 0..t {
                if core.cfree[c * t + s]
                    && core.froom[f * t + s] > 0
                    && edge.w * UNIT - mu[c * t + s] - nu[f * t + s] == top
                {
                    let over = cload[c * t + s]
                        + (fload[f * t + s] + 1 - i64::from(core.froom[f * t + s])).max(0);
                    if over < pick.0 {
                        pick = (over, s);
                    }
                }
            }
            cload[c * t + pick.1] += 1;
            fload[f * t + pick.1] += 1;
        }
        let mut norm = 0i64;
        for i in 0..nc * t {
            let gr = i64::from(core.cfree[i]) - cload[i];
            if core.cfree[i] && (gr < 0 || mu[i] > 0) {
                norm += gr * gr;
            }
        }
        for i in 0..nf * t {
            let gr = i64::from(core.froom[i]) - fload[i];
            if core.froom[i] > 0 && (gr < 0 || nu[i] > 0) {
                norm += gr * gr;
            }
        }
        if norm == 0 {
            // The relaxed solution respects every slot: the bound cannot improve from here.
            break;
        }
        let step =
            theta * ((value - inp.lower * UNIT).max(UNIT) as f64 / UNIT as f64) / norm as f64;
        for i in 0..nc * t {
            if core.cfree[i] {
                let gr = 1 - cload[i];
                muf[i] = (muf[i] - step * gr as f64).max(0.0);
                mu[i] = (muf[i] * UNIT as f64).round() as i64;
            }
        }
        for i in 0..nf * t {
            if core.froom[i] > 0 {
                let gr = i64::from(core.froom[i]) - fload[i];
                nuf[i] = (nuf[i] - step * gr as f64).max(0.0);
                nu[i] = (nuf[i] * UNIT as f64).round() as i64;
            }
        }
    }
    best
}
