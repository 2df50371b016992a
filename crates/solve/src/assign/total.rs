//! Exact maximum-affinity assignment by min-cost flow with lower bounds and column generation.
//!
//! Network: dossier `d` (supply `demand[d]`) → reviewer `r` (capacity 1, cost `cmax - ws`) →
//! sink `t` (capacity `max - min`, cost 0). A reviewer load in `[min, max]` is the lower-bound
//! transformation of the arc r → t: the reviewer itself absorbs `min` units (supply `-min`) and
//! the sink absorbs the rest, `total demand - Σ min`. A flow routing every supply is exactly a valid
//! assignment, and since every dossier sends exactly `demand` units, the constant shift `cmax`
//! changes all costs by the same amount, so minimum cost = maximum affinity. No big-M is involved.
//!
//! Column generation: the flow starts on the best few pairs of each dossier (and of each reviewer
//! with a minimum load). After each solve, the flow's potentials `π` make every residual arc of the
//! sparse network non-negative; a missing pair (d, r) carries no flow, so the potentials certify the
//! full network too unless `cost + π[d] - π[r] < 0` for some pair, in which case such pairs are
//! added (the most negative few per dossier; the flow saturates them and re-optimises). When no pair is negative, the flow is optimal
//! for the full network. When supplies cannot be routed, the set of nodes reachable from a stuck
//! node is closed; pairs leaving it are added, and if none exists the instance is infeasible.
//!
//! Solves use cost scaling (`solve_supplies_scaling`); after a pricing round that added only a few
//! pairs, the flow is nearly optimal and a few shortest-path augmentations (`solve_supplies`) fix it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Cut, Instance};
use crate::flow::MinCostFlow;

/// Below this many pairs added by pricing, re-optimise by shortest paths rather than scaling.
const FEW_ADDED: usize = 300;

/// Integer weights `round(w * 2^k)`, with `k` as large as the overflow conditions of
/// [`MinCostFlow`] allow for costs `cmax - ws` (a range of 2·max|w|·2^k).
pub(crate) fn scale_weights(inst: &Instance) -> Vec<i64> {
    let maxw = inst.w.iter().fold(0.0f64, |m, &w| m.max(w.abs()));
    if maxw == 0.0 {
        return vec![0; inst.w.len()];
    }
    let nodes = (inst.nd() + inst.nr() + 1) as f64;
    let flow: f64 = inst.demand.iter().map(|&d| f64::from(d)).sum::<f64>() + 1.0;
    // Halved once more for margin.
    let limit =
        (2f64.powi(61) / (nodes * flow)).min(2f64.powi(59) / ((nodes + 1.0) * (nodes + 1.0)));
    let k = (limit / (2.0 * maxw)).log2().floor();
    let scale = 2f64.powf(k.min(1000.0));
    inst.w.iter().map(|&w| (w * scale).round() as i64).collect()
}

/// An optimal assignment and the reviewer side of the potentials that certify it.
pub(crate) struct TotalSolution {
    /// Chosen edge indices.
    pub edges: Vec<u32>,
    /// Reviewer potentials: `ws + reviewer_pot[r]` ranks a reviewer's pairs by how cheaply the
    /// optimum could use them (a high potential means spare capacity).
    pub reviewer_pot: Vec<i64>,
}

/// Maximum-affinity assignment (exact, see the module comment).
// Edge arrays (`rev`, `ws`, `added`) are parallel: index loops read more clearly.
#[allow(clippy::needless_range_loop)]
pub(crate) fn solve_total(inst: &Instance, ws: &[i64]) -> Result<TotalSolution, Cut> {
    let (demand, min, max) = (&inst.demand[..], &inst.min_load[..], &inst.max_load[..]);
    let (nd, nr) = (inst.nd(), inst.nr());
    let t = nd + nr;
    let b: i64 = demand.iter().map(|&x| i64::from(x)).sum();
    let l: i64 = min.iter().map(|&x| i64::from(x)).sum();
    let mut g = MinCostFlow::new(nd + nr + 1);
    for r in 0..nr {
        if max[r] > min[r] {
            g.add_edge(nd + r, t, i64::from(max[r] - min[r]), 0);
        }
        g.add_supply(nd + r, -i64::from(min[r]));
    }
    g.add_supply(t, l - b);
    for (d, &x) in demand.iter().enumerate() {
        g.add_supply(d, i64::from(x));
    }
    let base = g.edge_count();
    let cmax = ws.iter().copied().max().unwrap_or(0);

    let mut net = Sparse {
        added: vec![false; inst.rev.len()],
        edges: Vec::new(),
    };
    let add = |g: &mut MinCostFlow, net: &mut Sparse, d: usize, i: usize| {
        net.added[i] = true;
        net.edges.push(i as u32);
        g.add_edge(d, nd + inst.rev[i] as usize, 1, cmax - ws[i]);
    };

    let mut buf: Vec<(Reverse<i64>, u32)> = Vec::new();
    initial_candidates(inst, ws, &mut |d, i| {
        if !net.added[i] {
            add(&mut g, &mut net, d, i);
        }
    });

    let mut pot = vec![0i64; nd + nr];
    // Cost scaling for the big solves; shortest paths when pricing added only a few pairs, as
    // the flow is then nearly optimal and a few augmentations fix it.
    let mut added_last = usize::MAX;
    loop {
        let r = if added_last <= FEW_ADDED {
            g.solve_supplies()
        } else {
            g.solve_supplies_scaling()
        };
        match r {
            Ok(_) => {
                // Pricing: add missing pairs with a negative reduced cost (none left: optimal).
                for (v, p) in pot.iter_mut().enumerate() {
                    *p = g.potential(v);
                }
                let before = net.edges.len();
                let mut more = false;
                for d in 0..nd {
                    if demand[d] == 0 {
                        continue;
                    }
                    let pd = pot[d] + cmax;
                    buf.clear();
                    for i in inst.start[d]..inst.start[d + 1] {
                        let r = inst.rev[i] as usize;
                        let rc = pd - ws[i] - pot[nd + r];
                        if rc < 0 && !net.added[i] {
                            buf.push((Reverse(-rc), i as u32));
                        }
                    }
                    // The most negative few per round keep the network small; exactness only
                    // needs one per round.
                    let k = buf.len().min(2 * demand[d] as usize);
                    if k > 0 && k < buf.len() {
                        buf.select_nth_unstable(k - 1);
                    }
                    for &(_, i) in &buf[..k] {
                        add(&mut g, &mut net, d, i as usize);
                        more = true;
                    }
                }
                if !more {
                    break;
                }
                added_last = net.edges.len() - before;
            }
            Err(_) => {
                // Add the best pairs leaving the closed set, a few per dossier inside it.
                let reach = closed_set(&mut g);
                let mut more = false;
                for d in 0..nd {
                    if !reach[d] || demand[d] == 0 {
                        continue;
                    }
                    buf.clear();
                    buf.extend(
                        (inst.start[d]..inst.start[d + 1])
                            .filter(|&i| !net.added[i] && !reach[nd + inst.rev[i] as usize])
                            .map(|i| (Reverse(ws[i]), i as u32)),
                    );
                    let k = buf.len().min(demand[d] as usize + 2);
                    if k > 0 && k < buf.len() {
                        buf.select_nth_unstable(k - 1);
                    }
                    for &(_, i) in &buf[..k] {
                        add(&mut g, &mut net, d, i as usize);
                        more = true;
                    }
                }
                if !more {
                    return Err(explain(inst, &reach, &g));
                }
                added_last = usize::MAX;
            }
        }
    }
    let edges = net
        .edges
        .iter()
        .enumerate()
        .filter(|&(k, _)| g.flow(base + k) > 0)
        .map(|(_, &i)| i)
        .collect();
    Ok(TotalSolution {
        edges,
        reviewer_pot: (0..nr).map(|r| g.potential(nd + r)).collect(),
    })
}

/// The best 2·demand + 2 pairs of each dossier, and the best 2·min + 2 of each reviewer with a
/// minimum load (so that loads can be met).
#[allow(clippy::needless_range_loop)]
fn initial_candidates(inst: &Instance, ws: &[i64], add: &mut dyn FnMut(usize, usize)) {
    let (nd, nr) = (inst.nd(), inst.nr());
    let (demand, min) = (&inst.demand, &inst.min_load);
    let mut buf: Vec<(Reverse<i64>, u32)> = Vec::new();
    for d in 0..nd {
        if demand[d] == 0 {
            continue;
        }
        buf.clear();
        buf.extend((inst.start[d]..inst.start[d + 1]).map(|i| (Reverse(ws[i]), i as u32)));
        let k = buf.len().min(2 * demand[d] as usize + 2);
        if k > 0 && k < buf.len() {
            buf.select_nth_unstable(k - 1);
        }
        for &(_, i) in &buf[..k] {
            add(d, i as usize);
        }
    }
    if min.iter().any(|&m| m > 0) {
        let mut heaps: Vec<BinaryHeap<Reverse<(i64, u32, u32)>>> = vec![BinaryHeap::new(); nr];
        for d in 0..nd {
            for i in inst.start[d]..inst.start[d + 1] {
                let r = inst.rev[i] as usize;
                if min[r] == 0 {
                    continue;
                }
                let h = &mut heaps[r];
                let item = Reverse((ws[i], i as u32, d as u32));
                if h.len() < 2 * min[r] as usize + 2 {
                    h.push(item);
                } else if h.peek().is_some_and(|top| item < *top) {
                    h.pop();
                    h.push(item);
                }
            }
        }
        for h in heaps {
            for Reverse((_, i, d)) in h {
                add(d as usize, i as usize);
            }
        }
    }
}

struct Sparse {
    /// Whether each instance edge is in the flow network.
    added: Vec<bool>,
    /// Instance edge of each pair arc, in the order added (arc id = base + position).
    edges: Vec<u32>,
}

/// After a maximum routing of the supplies: the nodes reachable from those left with excess.
/// No residual arc leaves this set and it holds no node that still needs flow.
fn closed_set(g: &mut MinCostFlow) -> Vec<bool> {
    let stuck: Vec<usize> = (0..g.node_count()).filter(|&v| g.excess(v) > 0).collect();
    g.residual_reachable(&stuck)
}

/// Turns the closed set (no pair leaves it, all pairs are in the network) into a reason.
fn explain(inst: &Instance, reach: &[bool], g: &MinCostFlow) -> Cut {
    let (demand, max) = (&inst.demand, &inst.max_load);
    let (nd, nr) = (inst.nd(), inst.nr());
    if !reach[nd + nr] {
        // Hall's condition fails for the dossiers of the set: their reviews can only come from
        // the set's reviewers (bounded by max loads) or from one pair each with the others.
        let dossiers: Vec<u32> = (0..nd as u32)
            .filter(|&d| reach[d as usize] && demand[d as usize] > 0)
            .collect();
        let reviewers: Vec<u32> = (0..nr as u32).filter(|&r| reach[nd + r as usize]).collect();
        let need: u64 = dossiers
            .iter()
            .map(|&d| u64::from(demand[d as usize]))
            .sum();
        let mut can: u64 = reviewers.iter().map(|&r| u64::from(max[r as usize])).sum();
        for &d in &dossiers {
            let d = d as usize;
            can += (inst.start[d]..inst.start[d + 1])
                .filter(|&i| !reach[nd + inst.rev[i] as usize])
                .count() as u64;
        }
        if need > can {
            return Cut::Demand {
                dossiers,
                reviewers,
                need,
                can,
            };
        }
    }
    let reviewers = (0..nr as u32)
        .filter(|&r| g.excess(nd + r as usize) < 0)
        .collect();
    Cut::MinLoads { reviewers }
}
