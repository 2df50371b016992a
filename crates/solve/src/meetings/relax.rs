//! The b-matching relaxation: which meetings to hold, ignoring slots, by min-cost flow.
//!
//! source → candidate (capacity = its meeting cap) → funder (one unit per wish, cost −w) → sink
//! (capacity = the funder's cap). With all w > 0, the min-cost flow of any value is a maximum-weight
//! b-matching.
//!
//! Fair mode: the source → candidate arc is split into a first unit of cost −B and the rest at cost 0,
//! with B = 1 + the total weight of the allowed wishes. A min-cost flow sends a candidate's first unit
//! through the cheaper arc, so an integral flow covering k candidates with weight W costs −(kB + W);
//! since W < B, minimising the cost maximises k first and W second — exactly the fair objective over
//! b-matchings. Candidates already covered by a locked meeting get no bonus.

use super::Core;
use crate::flow::MinCostFlow;

pub(crate) struct Relaxed {
    /// Per edge of the core: held in the optimum.
    pub chosen: Vec<bool>,
    pub weight: i64,
    /// Candidates (not already covered by locks) with at least one chosen edge.
    pub covered: usize,
}

pub(crate) fn solve(
    core: &Core,
    ccap: &[u32],
    fcap: &[u32],
    allowed: &[bool],
    fair: bool,
) -> Relaxed {
    let (nc, nf) = (core.nc, core.nf);
    let (s, t) = (nc + nf, nc + nf + 1);
    let mut cdeg = vec![0i64; nc];
    let mut fdeg = vec![0i64; nf];
    let mut total = 0i64;
    for (e, edge) in core.edges.iter().enumerate() {
        if allowed[e] {
            cdeg[edge.c as usize] += 1;
            fdeg[edge.f as usize] += 1;
            total += edge.w;
        }
    }
    let bonus = total + 1;
    let mut g = MinCostFlow::new(nc + nf + 2);
    let mut first = vec![usize::MAX; nc];
    for c in 0..nc {
        let cap = i64::from(ccap[c]).min(cdeg[c]);
        if cap == 0 {
            continue;
        }
        if fair && !core.covered[c] {
            first[c] = g.add_edge(s, c, 1, -bonus);
            if cap > 1 {
                g.add_edge(s, c, cap - 1, 0);
            }
        } else {
            g.add_edge(s, c, cap, 0);
        }
    }
    for f in 0..nf {
        let cap = i64::from(fcap[f]).min(fdeg[f]);
        if cap > 0 {
            g.add_edge(nc + f, t, cap, 0);
        }
    }
    let ids: Vec<Option<usize>> = core
        .edges
        .iter()
        .enumerate()
        .map(|(e, edge)| {
            allowed[e].then(|| g.add_edge(edge.c as usize, nc + edge.f as usize, 1, -edge.w))
        })
        .collect();
    g.min_cost_any_flow(s, t);
    let chosen: Vec<bool> = ids
        .iter()
        .map(|id| id.is_some_and(|id| g.flow(id) > 0))
        .collect();
    let weight = core
        .edges
        .iter()
        .zip(&chosen)
        .filter(|(_, &x)| x)
        .map(|(e, _)| e.w)
        .sum();
    let covered = first
        .iter()
        .filter(|&&id| id != usize::MAX && g.flow(id) > 0)
        .count();
    Relaxed {
        chosen,
        weight,
        covered,
    }
}
