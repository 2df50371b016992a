//! `essor solve assign`: brute force on small instances, validity on random ones, JSON format.

use std::collections::{HashMap, HashSet};

use essor_solve::assign::{
    solve, solve_json, AssignInput, AssignOutput, Conflict, Dossier, Edge, Objective, Reviewer,
    Status,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const EPS: f64 = 1e-9;

/// A random instance; weights are multiples of 0.01 (some negative) so sums compare exactly.
fn random_instance(seed: u64, max_d: usize, max_r: usize, max_demand: u32) -> AssignInput {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let nd = rng.gen_range(1..=max_d);
    let nr = rng.gen_range(1..=max_r);
    let dossiers = (0..nd)
        .map(|d| Dossier {
            id: format!("d{d}"),
            demand: rng.gen_range(0..=max_demand),
        })
        .collect();
    let reviewers = (0..nr)
        .map(|r| {
            let max_load = rng.gen_range(0..=3);
            let min_load = if rng.gen_bool(0.3) {
                rng.gen_range(0..=max_load)
            } else {
                0
            };
            Reviewer {
                id: format!("r{r}"),
                min_load,
                max_load,
            }
        })
        .collect();
    let mut edges = Vec::new();
    let mut conflicts = Vec::new();
    for d in 0..nd {
        for r in 0..nr {
            if rng.gen_bool(0.75) {
                edges.push(Edge {
                    d: format!("d{d}"),
                    r: format!("r{r}"),
                    w: f64::from(rng.gen_range(-20..100)) / 100.0,
                });
            }
            if rng.gen_bool(0.1) {
                conflicts.push(Conflict {
                    d: format!("d{d}"),
                    r: format!("r{r}"),
                });
            }
        }
    }
    // Shuffle edges so that input order is not the grouped order.
    for i in (1..edges.len()).rev() {
        let j = rng.gen_range(0..=i);
        edges.swap(i, j);
    }
    AssignInput {
        dossiers,
        reviewers,
        edges,
        conflicts,
        objective: Objective::Total,
    }
}

/// Checks every rule of a valid result; returns the per-dossier sums (dossiers with demand > 0).
fn assert_valid(input: &AssignInput, out: &AssignOutput) -> Vec<f64> {
    if out.status == Status::Infeasible {
        assert!(out.assignments.is_empty(), "infeasible with assignments");
        assert!(
            out.reason.as_deref().is_some_and(|r| !r.is_empty()),
            "no reason"
        );
        assert_eq!(out.objective, 0.0);
        return Vec::new();
    }
    assert!(out.reason.is_none(), "reason on a feasible result");
    let w: HashMap<(&str, &str), f64> = input
        .edges
        .iter()
        .map(|e| ((e.d.as_str(), e.r.as_str()), e.w))
        .collect();
    let conflicts: HashSet<(&str, &str)> = input
        .conflicts
        .iter()
        .map(|c| (c.d.as_str(), c.r.as_str()))
        .collect();
    let mut per_d: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut load: HashMap<&str, u32> = HashMap::new();
    let mut sum = 0.0;
    for a in &out.assignments {
        let key = (a.d.as_str(), a.r.as_str());
        assert!(!conflicts.contains(&key), "conflict {key:?} assigned");
        sum += w
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} is not an edge"));
        per_d.entry(key.0).or_default().push(key.1);
        *load.entry(key.1).or_default() += 1;
    }
    assert!(
        (sum - out.objective).abs() < EPS,
        "objective {} != {sum}",
        out.objective
    );
    let mut scores = Vec::new();
    for d in &input.dossiers {
        let rs = per_d.remove(d.id.as_str()).unwrap_or_default();
        let distinct: HashSet<&str> = rs.iter().copied().collect();
        assert_eq!(distinct.len(), rs.len(), "repeated reviewer on {}", d.id);
        assert_eq!(rs.len() as u32, d.demand, "demand of {}", d.id);
        if d.demand > 0 {
            scores.push(rs.iter().map(|r| w[&(d.id.as_str(), *r)]).sum());
        }
    }
    assert!(per_d.is_empty(), "unknown dossier assigned");
    for r in &input.reviewers {
        let l = load.remove(r.id.as_str()).unwrap_or(0);
        assert!(
            (r.min_load..=r.max_load).contains(&l),
            "load {l} of {} outside [{}, {}]",
            r.id,
            r.min_load,
            r.max_load
        );
    }
    assert!(load.is_empty(), "unknown reviewer assigned");
    // Deterministic order: dossiers in input order, then reviewers in input order.
    let d_pos: HashMap<&str, usize> = input
        .dossiers
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let r_pos: HashMap<&str, usize> = input
        .reviewers
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let keys: Vec<(usize, usize)> = out
        .assignments
        .iter()
        .map(|a| (d_pos[a.d.as_str()], r_pos[a.r.as_str()]))
        .collect();
    assert!(
        keys.windows(2).all(|p| p[0] < p[1]),
        "assignments not sorted"
    );
    scores
}

/// Every valid assignment's (total, smallest per-dossier sum), by exhaustive enumeration.
fn enumerate(input: &AssignInput) -> Vec<(f64, f64)> {
    let conflicts: HashSet<(&str, &str)> = input
        .conflicts
        .iter()
        .map(|c| (c.d.as_str(), c.r.as_str()))
        .collect();
    let r_idx: HashMap<&str, usize> = input
        .reviewers
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let allowed: Vec<Vec<(usize, f64)>> = input
        .dossiers
        .iter()
        .map(|d| {
            input
                .edges
                .iter()
                .filter(|e| e.d == d.id && !conflicts.contains(&(e.d.as_str(), e.r.as_str())))
                .map(|e| (r_idx[e.r.as_str()], e.w))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    let mut load = vec![0u32; input.reviewers.len()];
    #[allow(clippy::too_many_arguments)]
    fn rec(
        input: &AssignInput,
        allowed: &[Vec<(usize, f64)>],
        d: usize,
        load: &mut Vec<u32>,
        total: f64,
        min: f64,
        out: &mut Vec<(f64, f64)>,
    ) {
        if d == input.dossiers.len() {
            if input
                .reviewers
                .iter()
                .zip(load.iter())
                .all(|(r, &l)| l >= r.min_load)
            {
                out.push((total, min));
            }
            return;
        }
        let demand = input.dossiers[d].demand as usize;
        let opts = &allowed[d];
        // All subsets of size `demand` of the allowed reviewers.
        for mask in 0u32..(1 << opts.len()) {
            if mask.count_ones() as usize != demand {
                continue;
            }
            let chosen: Vec<(usize, f64)> = (0..opts.len())
                .filter(|&i| mask & (1 << i) != 0)
                .map(|i| opts[i])
                .collect();
            if chosen
                .iter()
                .any(|&(r, _)| load[r] >= input.reviewers[r].max_load)
            {
                continue;
            }
            let s: f64 = chosen.iter().map(|c| c.1).sum();
            for &(r, _) in &chosen {
                load[r] += 1;
            }
            let m = if demand > 0 { min.min(s) } else { min };
            rec(input, allowed, d + 1, load, total + s, m, out);
            for &(r, _) in &chosen {
                load[r] -= 1;
            }
        }
    }
    rec(input, &allowed, 0, &mut load, 0.0, f64::INFINITY, &mut out);
    out
}

#[test]
fn total_matches_brute_force() {
    let (mut feasible, mut infeasible) = (0, 0);
    for seed in 0..1500 {
        let input = random_instance(seed, 5, 4, 2);
        let out = solve(&input).expect("valid input");
        assert_valid(&input, &out);
        let all = enumerate(&input);
        if all.is_empty() {
            assert_eq!(out.status, Status::Infeasible, "seed {seed}: {out:?}");
            infeasible += 1;
        } else {
            let best = all.iter().map(|x| x.0).fold(f64::NEG_INFINITY, f64::max);
            assert_eq!(out.status, Status::Optimal, "seed {seed}");
            assert!(
                (out.objective - best).abs() < EPS,
                "seed {seed}: {} vs {best}",
                out.objective
            );
            feasible += 1;
        }
    }
    eprintln!("brute force: {feasible} feasible, {infeasible} infeasible");
    // Both kinds of instance must actually be exercised.
    assert!(
        feasible > 300 && infeasible > 300,
        "{feasible} feasible, {infeasible} infeasible"
    );
}

#[test]
fn fair_is_valid_and_bounded_by_brute_force() {
    let mut proven = 0;
    let mut at_best = 0;
    let mut cases = 0;
    // Larger than for `total` so that the local search has something to do.
    for seed in 0..600 {
        let mut input = random_instance(seed, 6, 5, 2);
        for r in &mut input.reviewers {
            r.max_load += 1;
        }
        input.objective = Objective::Fair;
        let out = solve(&input).expect("valid input");
        let scores = assert_valid(&input, &out);
        let all = enumerate(&input);
        if all.is_empty() {
            assert_eq!(out.status, Status::Infeasible, "seed {seed}");
            continue;
        }
        if scores.is_empty() {
            continue;
        }
        cases += 1;
        let min = scores.iter().copied().fold(f64::INFINITY, f64::min);
        let best_total = all.iter().map(|x| x.0).fold(f64::NEG_INFINITY, f64::max);
        // Lexicographic optimum: largest minimum, then largest total.
        let best_min = all.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
        let best_total_at_min = all
            .iter()
            .filter(|x| (x.1 - best_min).abs() < EPS)
            .map(|x| x.0)
            .fold(f64::NEG_INFINITY, f64::max);
        // Fair starts from a total optimum: never worse than the worst total optimum's minimum.
        let worst_min_at_total = all
            .iter()
            .filter(|x| (x.0 - best_total).abs() < EPS)
            .map(|x| x.1)
            .fold(f64::INFINITY, f64::min);
        assert!(min <= best_min + EPS, "seed {seed}: min above the optimum");
        assert!(
            min >= worst_min_at_total - EPS,
            "seed {seed}: fair lowered the minimum"
        );
        if (min - best_min).abs() < EPS && (out.objective - best_total_at_min).abs() < EPS {
            at_best += 1;
        }
        if out.status == Status::Optimal {
            proven += 1;
            assert!(
                (min - best_min).abs() < EPS,
                "seed {seed}: optimal but min not best"
            );
            assert!(
                (out.objective - best_total_at_min).abs() < EPS,
                "seed {seed}: optimal but total not best"
            );
        }
    }
    eprintln!("fair: {at_best} of {cases} at the lexicographic optimum, {proven} proven");
    assert!(proven > 0, "no fair result was proven optimal");
    // The local search should find the lexicographic optimum on most tiny instances.
    assert!(
        at_best * 10 >= cases * 8,
        "only {at_best} of {cases} at the optimum"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_output_is_valid(seed in any::<u64>(), fair in any::<bool>(), big in any::<bool>()) {
        let (d, r, k) = if big { (40, 15, 4) } else { (8, 6, 3) };
        let mut input = random_instance(seed, d, r, k);
        if fair {
            input.objective = Objective::Fair;
        }
        let out = solve(&input).expect("valid input");
        assert_valid(&input, &out);
        // The JSON path gives the same answer.
        let json = solve_json(&serde_json::to_string(&input).unwrap()).unwrap();
        // (serde_json parses decimals to within an ulp, so objectives may differ in the last bit.)
        let back: AssignOutput = serde_json::from_str(&json).unwrap();
        prop_assert!((back.objective - out.objective).abs() < EPS);
        prop_assert_eq!((back.status, back.assignments, back.reason), (out.status, out.assignments, out.reason));
    }

    /// Feasible by construction (generous loads, all pairs allowed): must be solved, never refused.
    #[test]
    fn generous_instances_are_feasible(seed in any::<u64>(), fair in any::<bool>()) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let nd: usize = rng.gen_range(1..60);
        let nr: usize = rng.gen_range(3..20);
        let input = AssignInput {
            dossiers: (0..nd).map(|d| Dossier { id: format!("d{d}"), demand: 3 }).collect(),
            reviewers: (0..nr)
                .map(|r| Reviewer {
                    id: format!("r{r}"),
                    min_load: (3 * nd / nr / 2) as u32,
                    max_load: (3 * nd).div_ceil(nr) as u32 + 1,
                })
                .collect(),
            edges: (0..nd)
                .flat_map(|d| (0..nr).map(move |r| (d, r)))
                .map(|(d, r)| Edge { d: format!("d{d}"), r: format!("r{r}"), w: rng.gen() })
                .collect(),
            conflicts: Vec::new(),
            objective: if fair { Objective::Fair } else { Objective::Total },
        };
        let out = solve(&input).unwrap();
        prop_assert_ne!(out.status, Status::Infeasible, "{:?}", out.reason);
        assert_valid(&input, &out);
    }
}

fn json(s: &str) -> Result<serde_json::Value, String> {
    solve_json(s)
        .map(|o| serde_json::from_str(&o).unwrap())
        .map_err(|e| e.0)
}

#[test]
fn json_result_format() {
    let out = json(
        r#"{
        "dossiers":  [{"id": "d1", "demand": 1}, {"id": "d0", "demand": 2}],
        "reviewers": [{"id": "r2", "min_load": 0, "max_load": 2}, {"id": "r1", "max_load": 2}],
        "edges":     [{"d": "d0", "r": "r1", "w": 0.5}, {"d": "d1", "r": "r1", "w": 0.25},
                      {"d": "d0", "r": "r2", "w": 1}, {"d": "d1", "r": "r2", "w": 0.75}],
        "objective": "total"
    }"#,
    )
    .unwrap();
    // Dossiers in input order (d1 before d0), reviewers in input order (r2 before r1).
    assert_eq!(
        out,
        serde_json::json!({
            "status": "optimal",
            "objective": 2.25,
            "assignments": [
                {"d": "d1", "r": "r2"}, {"d": "d0", "r": "r2"}, {"d": "d0", "r": "r1"}
            ]
        })
    );
}

#[test]
fn json_infeasible_has_reason_and_no_assignments() {
    let out = json(
        r#"{"dossiers": [{"id": "d1", "demand": 2}],
            "reviewers": [{"id": "r1", "max_load": 1}, {"id": "r2", "max_load": 1}],
            "edges": [{"d": "d1", "r": "r1", "w": 1}, {"d": "d1", "r": "r2", "w": 1}],
            "conflicts": [{"d": "d1", "r": "r2"}], "objective": "fair"}"#,
    )
    .unwrap();
    assert_eq!(out["status"], "infeasible");
    assert_eq!(out["assignments"], serde_json::json!([]));
    assert_eq!(out["objective"], 0.0);
    assert_eq!(
        out["reason"],
        "dossier \"d1\" has only 1 allowed reviewers for a demand of 2"
    );
}

#[test]
fn malformed_input_names_the_field_or_id() {
    let base = |dossiers: &str, reviewers: &str, edges: &str, extra: &str| {
        format!(r#"{{"dossiers": {dossiers}, "reviewers": {reviewers}, "edges": {edges}{extra}}}"#)
    };
    let d = r#"[{"id": "d1", "demand": 1}]"#;
    let r = r#"[{"id": "r1", "max_load": 1}]"#;
    let e = r#"[{"d": "d1", "r": "r1", "w": 1}]"#;
    let cases = [
        (base(d, r, e, r#", "colour": 1"#), "colour"),
        (
            base(r#"[{"id": "d1", "demand": 1, "size": 2}]"#, r, e, ""),
            "dossiers[0].size",
        ),
        (
            base(r#"[{"id": "d1", "demand": -1}]"#, r, e, ""),
            "dossiers[0].demand",
        ),
        (
            base(r#"[{"id": "d1", "demand": 1.5}]"#, r, e, ""),
            "dossiers[0].demand",
        ),
        (base(d, r#"[{"id": "r1"}]"#, e, ""), "reviewers[0].max_load"),
        (
            base(d, r, r#"[{"d": "d1", "r": "r1", "w": "high"}]"#, ""),
            "edges[0].w",
        ),
        (base(d, r, e, r#", "objective": "best""#), "objective"),
        (
            base(d, r, r#"[{"d": "d1", "r": "rx", "w": 1}]"#, ""),
            "\"rx\"",
        ),
        (
            base(d, r, r#"[{"d": "dx", "r": "r1", "w": 1}]"#, ""),
            "\"dx\"",
        ),
        (
            base(d, r, e, r#", "conflicts": [{"d": "d1", "r": "ry"}]"#),
            "\"ry\"",
        ),
        (
            base(
                r#"[{"id": "d1", "demand": 1}, {"id": "d1", "demand": 1}]"#,
                r,
                e,
                "",
            ),
            "dossiers[1].id",
        ),
        (
            base(d, r#"[{"id": "r1", "min_load": 2, "max_load": 1}]"#, e, ""),
            "reviewers[0].min_load",
        ),
        (
            base(
                d,
                r,
                r#"[{"d": "d1", "r": "r1", "w": 1}, {"d": "d1", "r": "r1", "w": 2}]"#,
                "",
            ),
            "edges[1]",
        ),
        ("[1, 2]".to_string(), "object"),
        ("{\"dossiers\": [".to_string(), "JSON"),
    ];
    for (input, needle) in cases {
        let err = json(&input).expect_err(&input);
        assert!(
            err.contains(needle),
            "{input}\n  -> {err}\n  should mention {needle}"
        );
    }
}

#[test]
fn typed_api_rejects_non_finite_weights() {
    let mut input = random_instance(1, 3, 3, 1);
    input.edges.push(Edge {
        d: "d0".into(),
        r: "r0".into(),
        w: f64::NAN,
    });
    input
        .edges
        .retain(|e| !(e.d == "d0" && e.r == "r0" && e.w.is_finite()));
    let err = solve(&input).unwrap_err().0;
    assert!(
        err.contains("not a finite number") && err.contains("\"d0\""),
        "{err}"
    );
}

fn instance(
    dossiers: &[(&str, u32)],
    reviewers: &[(&str, u32, u32)],
    edges: &[(&str, &str, f64)],
) -> AssignInput {
    AssignInput {
        dossiers: dossiers
            .iter()
            .map(|&(id, demand)| Dossier {
                id: id.into(),
                demand,
            })
            .collect(),
        reviewers: reviewers
            .iter()
            .map(|&(id, min_load, max_load)| Reviewer {
                id: id.into(),
                min_load,
                max_load,
            })
            .collect(),
        edges: edges
            .iter()
            .map(|&(d, r, w)| Edge {
                d: d.into(),
                r: r.into(),
                w,
            })
            .collect(),
        conflicts: Vec::new(),
        objective: Objective::Total,
    }
}

fn reason(input: &AssignInput) -> String {
    let out = solve(input).unwrap();
    assert_eq!(out.status, Status::Infeasible, "{out:?}");
    out.reason.unwrap()
}

#[test]
fn infeasible_reasons() {
    let all = |ds: &[&str], rs: &[&str]| -> Vec<(String, String)> {
        ds.iter()
            .flat_map(|d| rs.iter().map(move |r| (d.to_string(), r.to_string())))
            .collect()
    };
    let edges_of = |pairs: &[(String, String)]| -> Vec<Edge> {
        pairs
            .iter()
            .map(|(d, r)| Edge {
                d: d.clone(),
                r: r.clone(),
                w: 1.0,
            })
            .collect()
    };
    let mut input = instance(&[("d1", 3), ("d2", 2)], &[("r1", 0, 2), ("r2", 0, 2)], &[]);
    input.edges = edges_of(&all(&["d1", "d2"], &["r1", "r2"]));
    assert_eq!(
        reason(&input),
        "total maximum load 4 is below total demand 5"
    );

    let mut input = instance(&[("d1", 1)], &[("r1", 1, 2), ("r2", 1, 2)], &[]);
    input.edges = edges_of(&all(&["d1"], &["r1", "r2"]));
    assert_eq!(
        reason(&input),
        "minimum loads sum to 2 but total demand is 1"
    );

    let mut input = instance(&[("d1", 1), ("d2", 1)], &[("r1", 2, 2), ("r2", 0, 2)], &[]);
    input.edges = edges_of(&all(&["d1", "d2"], &["r1", "r2"]));
    input.conflicts.push(Conflict {
        d: "d2".into(),
        r: "r1".into(),
    });
    assert_eq!(
        reason(&input),
        "reviewer \"r1\" has only 1 allowed dossiers for a minimum load of 2"
    );

    // Hall: d1 and d2 need 4 reviews from r1, r2 (max 1 each) and r3.
    let mut input = instance(
        &[("d1", 2), ("d2", 2), ("d3", 1)],
        &[("r1", 0, 1), ("r2", 0, 1), ("r3", 0, 3), ("r4", 0, 5)],
        &[],
    );
    let mut pairs = all(&["d1", "d2"], &["r1", "r2"]);
    pairs.push(("d1".into(), "r3".into()));
    pairs.extend(all(&["d3"], &["r4"]));
    input.edges = edges_of(&pairs);
    assert_eq!(
        reason(&input),
        "no assignment meets all demands and loads: dossiers \"d1\", \"d2\" need 4 reviews in \
         total but their allowed reviewers can give them at most 3 (reviewers \"r1\", \"r2\" \
         have maximum loads totalling 2)"
    );

    // Minimum loads: r2 and r3 need one dossier each, but d2 (their only dossier) takes one.
    let mut input = instance(
        &[("d1", 1), ("d2", 1), ("d3", 1)],
        &[("r1", 0, 3), ("r2", 1, 1), ("r3", 1, 1)],
        &[],
    );
    let mut pairs = all(&["d1", "d3"], &["r1"]);
    pairs.extend(all(&["d2"], &["r2", "r3"]));
    input.edges = edges_of(&pairs);
    let r = reason(&input);
    assert!(
        r.starts_with("no assignment meets all demands and loads") && r.contains("minimum load"),
        "{r}"
    );
}

#[test]
fn minimum_loads_are_met_exactly_at_a_cost() {
    // Without minimum loads both dossiers take r1 and r2 (3.3); r3's minimum forces one of them
    // to r3, cheapest for d2 (0.7 -> 0.5): 3.1.
    let input = instance(
        &[("d1", 2), ("d2", 2)],
        &[("r1", 0, 2), ("r2", 0, 2), ("r3", 1, 2)],
        &[
            ("d1", "r1", 0.9),
            ("d1", "r2", 0.8),
            ("d1", "r3", 0.1),
            ("d2", "r1", 0.9),
            ("d2", "r2", 0.7),
            ("d2", "r3", 0.5),
        ],
    );
    let out = solve(&input).unwrap();
    assert_eq!(out.status, Status::Optimal);
    assert!((out.objective - 3.1).abs() < EPS, "{out:?}");
    assert!(out.assignments.iter().any(|a| a.d == "d2" && a.r == "r3"));
}

#[test]
fn fair_raises_the_worst_dossier() {
    // Total prefers giving r1 to d1 (0.9 + 0.1 vs 0.6 + 0.3); fair gives it to d2.
    let mut input = instance(
        &[("d1", 1), ("d2", 1)],
        &[("r1", 0, 1), ("r2", 0, 1)],
        &[
            ("d1", "r1", 0.9),
            ("d1", "r2", 0.6),
            ("d2", "r1", 0.3),
            ("d2", "r2", 0.1),
        ],
    );
    let total = solve(&input).unwrap();
    assert!((total.objective - 1.0).abs() < EPS);
    input.objective = Objective::Fair;
    let fair = solve(&input).unwrap();
    assert!((fair.objective - 0.9).abs() < EPS, "{fair:?}");
    assert_eq!(fair.assignments[1].r, "r1");
    // min 0.3 equals the bound min(0.9, 0.3) but the total is below the optimum 1.0.
    assert_eq!(fair.status, Status::Feasible);
}

#[test]
fn weights_far_apart_in_magnitude_are_exact() {
    // Differences of 1e-9 on weights of 1e3 still decide the optimum.
    let input = instance(
        &[("d1", 1), ("d2", 1)],
        &[("r1", 0, 1), ("r2", 0, 1)],
        &[
            ("d1", "r1", 1000.0),
            ("d1", "r2", 0.0),
            ("d2", "r1", 1000.0 + 2e-9),
            ("d2", "r2", 0.0),
        ],
    );
    let out = solve(&input).unwrap();
    assert_eq!(
        out.assignments[1],
        essor_solve::assign::Assignment {
            d: "d2".into(),
            r: "r1".into()
        }
    );
}
