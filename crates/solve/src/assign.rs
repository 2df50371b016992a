//! Reviewer assignment: every dossier (application file) gets exactly `demand` distinct reviewers,
//! every reviewer gets between `min_load` and `max_load` dossiers, only allowed non-conflict pairs
//! are used, and the affinity is maximised (format: `shared/formats/solvers.md`, section `assign`).
//!
//! # `total`: exact
//! A min-cost flow with lower bounds (see [`total`]): dossier → reviewer arcs of capacity 1,
//! reviewer → sink arcs carrying the load, minimum loads turned into node demands by the standard
//! lower-bound transformation (no big-M), so the optimum is exact with positive minimum loads too.
//! It is solved on a sparse set of candidate pairs (the best few per dossier and per reviewer with a
//! minimum load) and the remaining pairs are priced with the flow's node potentials: any pair with a
//! negative reduced cost is added and the flow re-optimised, until none is left, which certifies
//! optimality on the full set. Infeasibility is certified the same way (a closed set of the residual
//! network) and explained.
//!
//! Weights are scaled to integers `round(w * 2^k)`, with `k` as large as overflow allows (for
//! weights in [0, 1] and 5,000 × 1,000 it is 32, a resolution of 2.3e-10). The assignment is optimal
//! for the rounded weights, so its true objective is within `total demand × 2^-k` of the true
//! optimum (3.5e-6 for 15,000 reviews): only assignments whose objectives differ by less than that
//! can be misordered, so with weights of up to 5 decimals at that size the optimum is exact. The
//! reported `objective` is the sum of the original `w`.
//!
//! # `fair`: a good valid assignment, optimal only when proven
//! Maximising the smallest per-dossier sum is NP-hard in general. We start from the exact `total`
//! optimum, raise the worst-served dossier by exchange chains (see [`fair`]) that never lower the
//! minimum, then look for chains that raise the total while keeping every dossier at or above the
//! minimum reached, and repeat. The status is `optimal` only when the minimum equals the upper bound
//! "best `demand` allowed affinities of the worst dossier" and the total equals the unconstrained
//! optimum; otherwise `feasible`. The fair result's minimum is never below the `total` optimum's
//! minimum, and it is always a valid assignment.
//!
//! # Input rules
//! Ids must be unique in their list; edges and conflicts must name known ids; `w` must be finite;
//! `min_load <= max_load`. A pair listed twice in `edges` is rejected (its weight would be
//! ambiguous); a pair listed twice in `conflicts` is harmless. `conflicts` may be omitted (none),
//! `objective` may be omitted (`total`), `min_load` may be omitted (0).

mod fair;
mod total;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::cli::InputError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    pub dossiers: Vec<Dossier>,
    pub reviewers: Vec<Reviewer>,
    pub edges: Vec<Edge>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub objective: Objective,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    pub id: String,
    pub demand: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub id: String,
    #[serde(default)]
    pub min_load: u32,
    pub max_load: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    pub d: String,
    pub r: String,
    pub w: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub d: String,
    pub r: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    #[default]
    Total,
    Fair,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Optimal,
    Feasible,
    Infeasible,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    pub d: String,
    pub r: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignOutput {
    pub status: Status,
    pub objective: f64,
    pub assignments: Vec<Assignment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl AssignOutput {
    fn infeasible(reason: String) -> Self {
        AssignOutput {
            status: Status::Infeasible,
            objective: 0.0,
            assignments: Vec::new(),
            reason: Some(reason),
        }
    }
}

/// JSON entry point of `essor solve assign`.
pub fn solve_json(input: &str) -> Result<String, InputError> {
    let parsed: AssignInput = match serde_json::from_str(input) {
        Ok(p) => p,
        Err(e) => return Err(InputError(explain_parse_error(input, e))),
    };
    let out = solve(&parsed)?;
    serde_json::to_string(&out).map_err(|e| InputError(format!("cannot write the result: {e}")))
}

/// Solves an instance; `Err` only for malformed input (the message names the field or id).
pub fn solve(input: &AssignInput) -> Result<AssignOutput, InputError> {
    let inst = Instance::build(input)?;
    if let Some(reason) = inst.precheck() {
        return Ok(AssignOutput::infeasible(reason));
    }
    let ws = total::scale_weights(&inst);
    let best = match total::solve_total(&inst, &ws) {
        Ok(sol) => sol,
        Err(cut) => return Ok(AssignOutput::infeasible(inst.explain(&cut))),
    };
    let (chosen, status) = match input.objective {
        Objective::Total => (best.edges, Status::Optimal),
        Objective::Fair => {
            let (edges, proven) = fair::solve_fair(&inst, &ws, best);
            let status = if proven {
                Status::Optimal
            } else {
                Status::Feasible
            };
            (edges, status)
        }
    };
    Ok(inst.output(input, chosen, status))
}

/// Fast, non-cryptographic hash for id lookups (inputs are the staff's own data).
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type IdMap<'a> = HashMap<&'a str, u32, BuildHasherDefault<IdHasher>>;

/// The instance with ids resolved to indices. Only usable pairs are kept: allowed, not a conflict,
/// dossier demand > 0 and reviewer max_load > 0. Edges are grouped by dossier.
pub(crate) struct Instance<'a> {
    pub d_ids: Vec<&'a str>,
    pub r_ids: Vec<&'a str>,
    pub demand: Vec<u32>,
    pub min_load: Vec<u32>,
    pub max_load: Vec<u32>,
    /// Edges of dossier `d` are `start[d]..start[d + 1]`.
    pub start: Vec<usize>,
    pub rev: Vec<u32>,
    pub w: Vec<f64>,
}

/// Why the flow could not meet all demands and loads (a closed set of the residual network).
pub(crate) enum Cut {
    /// Dossiers in `dossiers` need more reviews than reviewers can give them: `reviewers` are the
    /// reviewers of the closed set (all at maximum load); `can` is the most reviews possible.
    Demand {
        dossiers: Vec<u32>,
        reviewers: Vec<u32>,
        need: u64,
        can: u64,
    },
    /// Demands can be met but these reviewers stay below their minimum load.
    MinLoads { reviewers: Vec<u32> },
}

impl<'a> Instance<'a> {
    fn build(input: &'a AssignInput) -> Result<Self, InputError> {
        let nd = input.dossiers.len();
        let nr = input.reviewers.len();
        if nd >= u32::MAX as usize
            || nr >= u32::MAX as usize
            || input.edges.len() >= u32::MAX as usize
        {
            return Err(InputError("too many dossiers, reviewers or edges".into()));
        }
        let mut d_map = IdMap::default();
        d_map.reserve(nd);
        for (i, d) in input.dossiers.iter().enumerate() {
            if d_map.insert(d.id.as_str(), i as u32).is_some() {
                return Err(InputError(format!(
                    "dossiers[{i}].id: duplicate id \"{}\"",
                    d.id
                )));
            }
        }
        let mut r_map = IdMap::default();
        r_map.reserve(nr);
        for (i, r) in input.reviewers.iter().enumerate() {
            if r_map.insert(r.id.as_str(), i as u32).is_some() {
                return Err(InputError(format!(
                    "reviewers[{i}].id: duplicate id \"{}\"",
                    r.id
                )));
            }
            if r.min_load > r.max_load {
                return Err(InputError(format!(
                    "reviewers[{i}].min_load: reviewer \"{}\" has min_load {} above max_load {}",
                    r.id, r.min_load, r.max_load
                )));
            }
        }
        // Resolve edges. Exports usually list them grouped by dossier and in reviewer order, so
        // try "same dossier as before" and "next reviewer" before hashing.
        let mut ed = Vec::with_capacity(input.edges.len());
        let mut er = Vec::with_capacity(input.edges.len());
        let mut last_d = u32::MAX;
        let mut last_r = u32::MAX;
        for (i, e) in input.edges.iter().enumerate() {
            let d = if last_d != u32::MAX && input.dossiers[last_d as usize].id == e.d {
                last_d
            } else {
                *d_map.get(e.d.as_str()).ok_or_else(|| {
                    InputError(format!("edges[{i}].d: unknown dossier \"{}\"", e.d))
                })?
            };
            let next = last_r.wrapping_add(1) as usize;
            let r = if next < nr && input.reviewers[next].id == e.r {
                next as u32
            } else {
                *r_map.get(e.r.as_str()).ok_or_else(|| {
                    InputError(format!("edges[{i}].r: unknown reviewer \"{}\"", e.r))
                })?
            };
            last_d = d;
            last_r = r;
            if !e.w.is_finite() {
                return Err(InputError(format!(
                    "edges[{i}].w: weight of (\"{}\", \"{}\") is not a finite number",
                    e.d, e.r
                )));
            }
            ed.push(d);
            er.push(r);
        }
        // Conflicts grouped by dossier.
        let mut c_start = vec![0usize; nd + 1];
        let mut c_pairs = Vec::with_capacity(input.conflicts.len());
        for (i, c) in input.conflicts.iter().enumerate() {
            let d = *d_map.get(c.d.as_str()).ok_or_else(|| {
                InputError(format!("conflicts[{i}].d: unknown dossier \"{}\"", c.d))
            })?;
            let r = *r_map.get(c.r.as_str()).ok_or_else(|| {
                InputError(format!("conflicts[{i}].r: unknown reviewer \"{}\"", c.r))
            })?;
            c_start[d as usize + 1] += 1;
            c_pairs.push((d, r));
        }
        for d in 0..nd {
            c_start[d + 1] += c_start[d];
        }
        let mut c_rev = vec![0u32; c_pairs.len()];
        let mut fill = c_start.clone();
        for &(d, r) in &c_pairs {
            c_rev[fill[d as usize]] = r;
            fill[d as usize] += 1;
        }
        // Edges grouped by dossier (stable, so input order within a dossier is kept).
        let mut e_start = vec![0usize; nd + 1];
        for &d in &ed {
            e_start[d as usize + 1] += 1;
        }
        for d in 0..nd {
            e_start[d + 1] += e_start[d];
        }
        let mut order = vec![0u32; ed.len()];
        let mut fill = e_start.clone();
        for (i, &d) in ed.iter().enumerate() {
            order[fill[d as usize]] = i as u32;
            fill[d as usize] += 1;
        }
        // Duplicates and conflicts via per-reviewer stamps (dossier + 1 marks "seen for this one").
        let mut seen: Vec<(u32, u32)> = vec![(0, 0); nr];
        let mut conflict = vec![0u32; nr];
        let mut start = Vec::with_capacity(nd + 1);
        let mut rev = Vec::with_capacity(ed.len());
        let mut w = Vec::with_capacity(ed.len());
        start.push(0);
        for d in 0..nd {
            let tag = d as u32 + 1;
            for &r in &c_rev[c_start[d]..c_start[d + 1]] {
                conflict[r as usize] = tag;
            }
            let usable_d = input.dossiers[d].demand > 0;
            for &i in &order[e_start[d]..e_start[d + 1]] {
                let r = er[i as usize] as usize;
                let (t, first) = seen[r];
                if t == tag {
                    let e = &input.edges[i as usize];
                    return Err(InputError(format!(
                        "edges[{i}]: duplicate of edges[{first}] for the pair (\"{}\", \"{}\")",
                        e.d, e.r
                    )));
                }
                seen[r] = (tag, i);
                if conflict[r] != tag && usable_d && input.reviewers[r].max_load > 0 {
                    rev.push(r as u32);
                    w.push(input.edges[i as usize].w);
                }
            }
            start.push(rev.len());
        }
        Ok(Instance {
            d_ids: input.dossiers.iter().map(|d| d.id.as_str()).collect(),
            r_ids: input.reviewers.iter().map(|r| r.id.as_str()).collect(),
            demand: input.dossiers.iter().map(|d| d.demand).collect(),
            min_load: input.reviewers.iter().map(|r| r.min_load).collect(),
            max_load: input.reviewers.iter().map(|r| r.max_load).collect(),
            start,
            rev,
            w,
        })
    }

    pub fn nd(&self) -> usize {
        self.d_ids.len()
    }

    pub fn nr(&self) -> usize {
        self.r_ids.len()
    }

    /// Simple necessary conditions, each with a specific reason.
    fn precheck(&self) -> Option<String> {
        let demand: u64 = self.demand.iter().map(|&x| u64::from(x)).sum();
        let max: u64 = self.max_load.iter().map(|&x| u64::from(x)).sum();
        let min: u64 = self.min_load.iter().map(|&x| u64::from(x)).sum();
        if max < demand {
            return Some(format!(
                "total maximum load {max} is below total demand {demand}"
            ));
        }
        if min > demand {
            return Some(format!(
                "minimum loads sum to {min} but total demand is {demand}"
            ));
        }
        for d in 0..self.nd() {
            let allowed = self.start[d + 1] - self.start[d];
            if (allowed as u64) < u64::from(self.demand[d]) {
                return Some(format!(
                    "dossier \"{}\" has only {allowed} allowed reviewers for a demand of {}",
                    self.d_ids[d], self.demand[d]
                ));
            }
        }
        let mut allowed = vec![0u32; self.nr()];
        for &r in &self.rev {
            allowed[r as usize] += 1;
        }
        for (r, &a) in allowed.iter().enumerate() {
            if a < self.min_load[r] {
                return Some(format!(
                    "reviewer \"{}\" has only {a} allowed dossiers for a minimum load of {}",
                    self.r_ids[r], self.min_load[r]
                ));
            }
        }
        None
    }

    fn explain(&self, cut: &Cut) -> String {
        fn list(ids: &[&str], idx: &[u32]) -> String {
            const SHOWN: usize = 5;
            let mut s: Vec<String> = idx
                .iter()
                .take(SHOWN)
                .map(|&i| format!("\"{}\"", ids[i as usize]))
                .collect();
            if idx.len() > SHOWN {
                s.push(format!("and {} more", idx.len() - SHOWN));
            }
            s.join(", ")
        }
        match cut {
            Cut::Demand {
                dossiers,
                reviewers,
                need,
                can,
            } => {
                let mut s = format!(
                    "no assignment meets all demands and loads: dossiers {} need {need} reviews in \
                     total but their allowed reviewers can give them at most {can}",
                    list(&self.d_ids, dossiers)
                );
                if !reviewers.is_empty() {
                    let cap: u64 = reviewers
                        .iter()
                        .map(|&r| u64::from(self.max_load[r as usize]))
                        .sum();
                    s.push_str(&format!(
                        " (reviewers {} have maximum loads totalling {cap})",
                        list(&self.r_ids, reviewers)
                    ));
                }
                s
            }
            Cut::MinLoads { reviewers } if reviewers.is_empty() => {
                "no assignment meets all demands and loads".to_string()
            }
            Cut::MinLoads { reviewers } => format!(
                "no assignment meets all demands and loads: when every dossier gets exactly its \
                 demand, reviewers {} stay below their minimum load",
                list(&self.r_ids, reviewers)
            ),
        }
    }

    fn output(&self, input: &AssignInput, mut chosen: Vec<u32>, status: Status) -> AssignOutput {
        // Edges are grouped by dossier; order each dossier's reviewers by input order.
        chosen.sort_unstable_by_key(|&e| (self.dossier_of(e), self.rev[e as usize]));
        let mut objective = 0.0;
        let mut assignments = Vec::with_capacity(chosen.len());
        for &e in &chosen {
            let d = self.dossier_of(e);
            let r = self.rev[e as usize] as usize;
            objective += self.w[e as usize];
            assignments.push(Assignment {
                d: input.dossiers[d].id.clone(),
                r: input.reviewers[r].id.clone(),
            });
        }
        AssignOutput {
            status,
            objective,
            assignments,
            reason: None,
        }
    }

    /// Dossier of edge `e` (binary search over `start`).
    pub fn dossier_of(&self, e: u32) -> usize {
        self.start.partition_point(|&s| s <= e as usize) - 1
    }
}

/// serde's type errors give a position, not a field: find the field by walking the JSON.
fn explain_parse_error(input: &str, err: serde_json::Error) -> String {
    use serde_json::Value;
    #[derive(Clone, Copy)]
    enum Kind {
        Str,
        Count,
        Number,
    }
    let Ok(v) = serde_json::from_str::<Value>(input) else {
        return format!("invalid JSON: {err}");
    };
    let Some(top) = v.as_object() else {
        return "the input must be a JSON object".to_string();
    };
    const TOP: [&str; 5] = ["dossiers", "reviewers", "edges", "conflicts", "objective"];
    if let Some(k) = top.keys().find(|k| !TOP.contains(&k.as_str())) {
        return format!("{k}: unknown field (expected one of: {})", TOP.join(", "));
    }
    let check = |list: &str, required: bool, fields: &[(&str, Kind, bool)]| -> Option<String> {
        let Some(items) = top.get(list) else {
            return required.then(|| format!("{list}: missing field"));
        };
        let Some(items) = items.as_array() else {
            return Some(format!("{list}: expected a list"));
        };
        for (i, item) in items.iter().enumerate() {
            let Some(obj) = item.as_object() else {
                return Some(format!("{list}[{i}]: expected an object"));
            };
            if let Some(k) = obj
                .keys()
                .find(|k| fields.iter().all(|f| f.0 != k.as_str()))
            {
                let names: Vec<&str> = fields.iter().map(|f| f.0).collect();
                return Some(format!(
                    "{list}[{i}].{k}: unknown field (expected one of: {})",
                    names.join(", ")
                ));
            }
            for &(name, kind, required) in fields {
                let (bad, what) = match (obj.get(name), kind) {
                    (None, _) if required => {
                        return Some(format!("{list}[{i}].{name}: missing field"));
                    }
                    (None, _) => (false, ""),
                    (Some(x), Kind::Str) => (!x.is_string(), "a string"),
                    (Some(x), Kind::Count) => (
                        x.as_u64().is_none_or(|n| n > u64::from(u32::MAX)),
                        "a non-negative integer",
                    ),
                    (Some(x), Kind::Number) => (!x.is_number(), "a number"),
                };
                if bad {
                    let found = obj
                        .get(name)
                        .map_or("nothing".to_string(), |x| x.to_string());
                    return Some(format!(
                        "{list}[{i}].{name}: expected {what}, found {found}"
                    ));
                }
            }
        }
        None
    };
    let found = check(
        "dossiers",
        true,
        &[("id", Kind::Str, true), ("demand", Kind::Count, true)],
    )
    .or_else(|| {
        check(
            "reviewers",
            true,
            &[
                ("id", Kind::Str, true),
                ("min_load", Kind::Count, false),
                ("max_load", Kind::Count, true),
            ],
        )
    })
    .or_else(|| {
        check(
            "edges",
            true,
            &[
                ("d", Kind::Str, true),
                ("r", Kind::Str, true),
                ("w", Kind::Number, true),
            ],
        )
    })
    .or_else(|| {
        check(
            "conflicts",
            false,
            &[("d", Kind::Str, true), ("r", Kind::Str, true)],
        )
    })
    .or_else(|| match top.get("objective") {
        Some(o) if o != "total" && o != "fair" => Some(format!(
            "objective: expected \"total\" or \"fair\", found {o}"
        )),
        _ => None,
    });
    found.unwrap_or_else(|| format!("invalid input: {err}"))
}
