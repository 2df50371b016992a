//! Meeting scheduling checked against brute force, by property tests on every output, and on the
//! JSON format.

use essor_solve::meetings::{
    check, solve, solve_json, solve_with_locks, Candidate, Conflict, Funder, Instance, Meeting,
    Objective, Status, Wish,
};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// Independent validity check of a schedule; returns (total weight, candidates with a meeting).
fn validate(inst: &Instance, meetings: &[Meeting]) -> (f64, usize) {
    let t = inst.slots;
    let cand: HashMap<&str, &Candidate> =
        inst.candidates.iter().map(|c| (c.id.as_str(), c)).collect();
    let fund: HashMap<&str, &Funder> = inst.funders.iter().map(|f| (f.id.as_str(), f)).collect();
    let wish: HashMap<(&str, &str), f64> = inst
        .wishes
        .iter()
        .map(|w| ((w.c.as_str(), w.f.as_str()), w.w))
        .collect();
    let attends = |a: &Option<Vec<usize>>, s: usize| a.as_ref().is_none_or(|v| v.contains(&s));
    let mut pairs = HashSet::new();
    let mut cslot = HashSet::new();
    let mut seat = HashSet::new();
    let mut cn: HashMap<&str, usize> = HashMap::new();
    let mut fn_: HashMap<&str, usize> = HashMap::new();
    let mut total = 0.0;
    for m in meetings {
        let w = wish
            .get(&(m.c.as_str(), m.f.as_str()))
            .expect("a wished pair");
        total += w;
        assert!(pairs.insert((&m.c, &m.f)), "pair {}-{} twice", m.c, m.f);
        assert!(m.slot < t);
        let (c, f) = (cand[m.c.as_str()], fund[m.f.as_str()]);
        assert!(
            attends(&c.available, m.slot),
            "{} absent at {}",
            m.c,
            m.slot
        );
        assert!(
            attends(&f.available, m.slot),
            "{} absent at {}",
            m.f,
            m.slot
        );
        assert!(
            cslot.insert((&m.c, m.slot)),
            "{} double-booked at {}",
            m.c,
            m.slot
        );
        assert!(m.seat < f.seats, "seat out of range");
        assert!(
            seat.insert((&m.f, m.slot, m.seat)),
            "{} seat {} twice at {}",
            m.f,
            m.seat,
            m.slot
        );
        *cn.entry(&m.c).or_default() += 1;
        *fn_.entry(&m.f).or_default() += 1;
    }
    for (c, n) in &cn {
        assert!(
            *n <= cand[c].max_meetings.unwrap_or(usize::MAX),
            "{c} over max"
        );
    }
    for (f, n) in &fn_ {
        assert!(
            *n <= fund[f].max_meetings.unwrap_or(usize::MAX),
            "{f} over max"
        );
    }
    (total, cn.len())
}

/// All valid schedules (slots only; tables follow from counts), as (total weight, covered) maxima:
/// returns (best total weight, best coverage, best weight among schedules with best coverage).
fn brute_force(inst: &Instance) -> (f64, usize, f64) {
    let t = inst.slots;
    let attends = |a: &Option<Vec<usize>>, s: usize| a.as_ref().is_none_or(|v| v.contains(&s));
    let ci: HashMap<&str, usize> = inst
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let fi: HashMap<&str, usize> = inst
        .funders
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let ws: Vec<(usize, usize, f64)> = inst
        .wishes
        .iter()
        .map(|w| (ci[w.c.as_str()], fi[w.f.as_str()], w.w))
        .collect();
    let mut best = (0.0f64, 0usize, 0.0f64);
    let mut choice = vec![0usize; ws.len()]; // 0 = not held, s + 1 = slot s
    loop {
        let mut ok = true;
        let mut cbusy = HashSet::new();
        let mut fload: HashMap<(usize, usize), usize> = HashMap::new();
        let mut cn = vec![0usize; inst.candidates.len()];
        let mut fn_ = vec![0usize; inst.funders.len()];
        let mut weight = 0.0;
        for (k, &(c, f, w)) in ws.iter().enumerate() {
            if choice[k] == 0 {
                continue;
            }
            let s = choice[k] - 1;
            let load = fload.entry((f, s)).or_default();
            *load += 1;
            cn[c] += 1;
            fn_[f] += 1;
            weight += w;
            ok &= attends(&inst.candidates[c].available, s)
                && attends(&inst.funders[f].available, s)
                && cbusy.insert((c, s))
                && *load <= inst.funders[f].seats
                && cn[c] <= inst.candidates[c].max_meetings.unwrap_or(usize::MAX)
                && fn_[f] <= inst.funders[f].max_meetings.unwrap_or(usize::MAX);
        }
        if ok {
            let covered = cn.iter().filter(|&&n| n > 0).count();
            best.0 = best.0.max(weight);
            if covered > best.1 || (covered == best.1 && weight > best.2) {
                best.1 = covered;
                best.2 = weight;
            }
        }
        let mut k = 0;
        loop {
            if k == ws.len() {
                return best;
            }
            choice[k] += 1;
            if choice[k] <= t {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i}")).collect()
}

/// Random instances; `windows` = some participants attend only some slots.
fn instance_strategy(
    max_c: usize,
    max_f: usize,
    max_t: usize,
    max_wishes: usize,
    windows: bool,
) -> impl Strategy<Value = Instance> {
    (1..=max_c, 1..=max_f, 1..=max_t, any::<bool>()).prop_flat_map(move |(nc, nf, t, fair)| {
        let avail = move || {
            if windows {
                proptest::option::weighted(
                    0.6,
                    proptest::sample::subsequence((0..t).collect::<Vec<_>>(), 0..=t),
                )
                .boxed()
            } else {
                Just(None).boxed()
            }
        };
        let cap = proptest::option::weighted(0.3, 0..4usize);
        let candidates = proptest::collection::vec((avail(), cap.clone()), nc);
        let funders = proptest::collection::vec((avail(), 1..=2usize, cap), nf);
        let pairs: Vec<(usize, usize)> =
            (0..nc).flat_map(|c| (0..nf).map(move |f| (c, f))).collect();
        let n_pairs = pairs.len();
        let wishes = proptest::sample::subsequence(pairs, 0..=max_wishes.min(n_pairs))
            .prop_flat_map(|ps| {
                let n = ps.len();
                (Just(ps), proptest::collection::vec(1..=3i32, n))
            });
        (candidates, funders, wishes).prop_map(move |(cs, fs, (ps, ws))| {
            let cid = ids("c", nc);
            let fid = ids("f", nf);
            Instance {
                slots: t,
                candidates: cs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (available, max_meetings))| Candidate {
                        id: cid[i].clone(),
                        available,
                        max_meetings,
                    })
                    .collect(),
                funders: fs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (available, seats, max_meetings))| Funder {
                        id: fid[i].clone(),
                        available,
                        seats,
                        max_meetings,
                    })
                    .collect(),
                wishes: ps
                    .iter()
                    .zip(ws)
                    .map(|(&(c, f), w)| Wish {
                        c: cid[c].clone(),
                        f: fid[f].clone(),
                        w: f64::from(w),
                    })
                    .collect(),
                objective: if fair {
                    Objective::Fair
                } else {
                    Objective::Total
                },
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Without windows the result is the exact optimum (fair: the best coverage, then the best weight).
    #[test]
    fn exact_without_windows(inst in instance_strategy(4, 3, 3, 6, false)) {
        let s = solve(&inst).unwrap();
        let (weight, covered) = validate(&inst, &s.meetings);
        let (best, best_cover, best_fair) = brute_force(&inst);
        prop_assert!(s.details.exact_path);
        prop_assert_eq!(s.status, Status::Optimal);
        prop_assert_eq!(s.objective, weight);
        prop_assert_eq!(s.upper_bound, s.objective);
        match inst.objective {
            Objective::Total => prop_assert_eq!(weight, best),
            Objective::Fair => {
                prop_assert_eq!(covered, best_cover);
                prop_assert_eq!(weight, best_fair);
            }
        }
    }

    /// Scarce tables, varied weights: coverage and weight pull apart, and fair mode must still be
    /// exactly the lexicographic optimum.
    #[test]
    fn fair_is_exact_when_tables_are_scarce(
        mut inst in instance_strategy(5, 2, 2, 7, false),
        weights in proptest::collection::vec(1..=5i32, 7),
    ) {
        inst.objective = Objective::Fair;
        for (w, x) in inst.wishes.iter_mut().zip(weights) {
            w.w = f64::from(x);
        }
        let s = solve(&inst).unwrap();
        let (weight, covered) = validate(&inst, &s.meetings);
        let (_, best_cover, best_fair) = brute_force(&inst);
        prop_assert_eq!(s.status, Status::Optimal);
        prop_assert_eq!((covered, weight), (best_cover, best_fair));
        prop_assert_eq!(s.details.coverage_bound, Some(best_cover));
    }

    /// With windows: valid, the bound holds, and `optimal` is only claimed when true.
    #[test]
    fn bound_holds_with_windows(inst in instance_strategy(4, 3, 3, 6, true)) {
        let s = solve(&inst).unwrap();
        let (weight, covered) = validate(&inst, &s.meetings);
        let (best, best_cover, best_fair) = brute_force(&inst);
        prop_assert_eq!(s.objective, weight);
        prop_assert!(s.upper_bound >= s.objective);
        match inst.objective {
            Objective::Total => {
                prop_assert!(weight <= best && best <= s.upper_bound);
                if s.status == Status::Optimal {
                    prop_assert_eq!(weight, best);
                }
            }
            Objective::Fair => {
                prop_assert!(covered <= best_cover);
                prop_assert!(s.details.coverage_bound.unwrap() >= best_cover);
                prop_assert!(best_fair <= s.upper_bound);
                if s.status == Status::Optimal {
                    prop_assert_eq!((covered, weight), (best_cover, best_fair));
                }
            }
        }
    }

    /// Larger instances: every output is a valid schedule with a consistent objective and bound.
    #[test]
    fn every_output_valid(inst in instance_strategy(14, 8, 6, 60, true)) {
        let s = solve(&inst).unwrap();
        let (weight, covered) = validate(&inst, &s.meetings);
        prop_assert!((s.objective - weight).abs() < 1e-9);
        prop_assert!(s.upper_bound >= s.objective);
        if s.status == Status::Optimal {
            prop_assert_eq!(s.upper_bound, s.objective);
        }
        prop_assert_eq!(covered, s.details.candidates_with_meeting);
        prop_assert!(check(&inst, &s.meetings).unwrap().is_empty());
        let mut sorted = s.meetings.clone();
        sorted.sort_by(|a, b| (a.slot, &a.f, a.seat).cmp(&(b.slot, &b.f, b.seat)));
        prop_assert_eq!(&sorted, &s.meetings);
    }

    /// Re-running with part of a schedule locked keeps it and stays valid.
    #[test]
    fn locks_are_kept(inst in instance_strategy(10, 6, 5, 40, true), pick in any::<u64>()) {
        let s = solve(&inst).unwrap();
        let locked: Vec<Meeting> =
            s.meetings.iter().enumerate().filter(|(i, _)| pick >> (i % 64) & 1 == 1).map(|(_, m)| m.clone()).collect();
        let r = solve_with_locks(&inst, &locked).unwrap();
        validate(&inst, &r.meetings);
        for m in &locked {
            prop_assert!(r.meetings.contains(m), "locked {:?} lost", m);
        }
        let locked_w: f64 = locked
            .iter()
            .map(|m| inst.wishes.iter().find(|w| w.c == m.c && w.f == m.f).unwrap().w)
            .sum();
        prop_assert!(r.objective >= locked_w);
        prop_assert!(r.upper_bound >= r.objective);
    }
}

/// Quality, not just validity: on a fixed sample of tiny instances with windows, the heuristic should
/// find the brute-force optimum and the bound should prove it, nearly always. A regression in the
/// heuristic, the repair moves or the Lagrangian bound shows up here.
#[test]
fn windows_heuristic_and_bound_are_tight_on_a_fixed_sample() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let (mut n, mut loose, mut short, mut proven) = (0, 0, 0, 0);
    for i in 0..1500 {
        let t = rng.gen_range(2..=4);
        let (nc, nf) = (rng.gen_range(2..=4), rng.gen_range(1..=3));
        let window = |rng: &mut rand_chacha::ChaCha8Rng| {
            rng.gen_bool(0.6)
                .then(|| (0..t).filter(|_| rng.gen_bool(0.6)).collect::<Vec<_>>())
        };
        let candidates: Vec<Candidate> = (0..nc)
            .map(|i| Candidate {
                id: format!("c{i}"),
                available: window(&mut rng),
                max_meetings: None,
            })
            .collect();
        let funders: Vec<Funder> = (0..nf)
            .map(|i| Funder {
                id: format!("f{i}"),
                available: window(&mut rng),
                seats: rng.gen_range(1..=2),
                max_meetings: rng.gen_bool(0.2).then_some(2),
            })
            .collect();
        let mut wishes = vec![];
        for c in 0..nc {
            for f in 0..nf {
                if rng.gen_bool(0.6) && wishes.len() < 7 {
                    let w = f64::from(rng.gen_range(1..=3));
                    wishes.push(Wish {
                        c: format!("c{c}"),
                        f: format!("f{f}"),
                        w,
                    });
                }
            }
        }
        let objective = if i % 2 == 0 {
            Objective::Total
        } else {
            Objective::Fair
        };
        let inst = Instance {
            slots: t,
            candidates,
            funders,
            wishes,
            objective,
        };
        let s = solve(&inst).unwrap();
        let (weight, covered) = validate(&inst, &s.meetings);
        let (best, best_cover, best_fair) = brute_force(&inst);
        let (opt, got, ub) = match objective {
            Objective::Total => (best, weight, s.upper_bound),
            Objective::Fair => {
                let k = s.details.coverage_bound.unwrap();
                // Count coverage misses as misses of the lexicographic optimum.
                let bonus = 1000.0;
                (
                    bonus * best_cover as f64 + best_fair,
                    bonus * covered as f64 + weight,
                    bonus * k as f64 + s.upper_bound,
                )
            }
        };
        n += 1;
        loose += usize::from(ub > opt);
        short += usize::from(got < opt);
        proven += usize::from(s.status == Status::Optimal);
    }
    eprintln!("{n} instances: {short} below the optimum, {loose} with a loose bound, {proven} proven optimal");
    assert!(short * 200 <= n, "{short} of {n} below the optimum");
    assert!(loose * 200 <= n, "{loose} of {n} with a loose bound");
}

fn small() -> Value {
    json!({
        "slots": 2,
        "candidates": [
            {"id": "c1"},
            {"id": "c2", "available": [1], "max_meetings": 1},
            {"id": "c3", "available": [0, 1]}
        ],
        "funders": [
            {"id": "f1", "seats": 2},
            {"id": "f2", "available": [0, 1], "max_meetings": 3}
        ],
        "wishes": [
            {"c": "c1", "f": "f1", "w": 3},
            {"c": "c1", "f": "f2", "w": 1},
            {"c": "c2", "f": "f1", "w": 2},
            {"c": "c3", "f": "f2", "w": 2}
        ],
        "objective": "total"
    })
}

#[test]
fn json_result_has_the_documented_shape() {
    let out = solve_json(&small().to_string()).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys.len(), 4, "{out}");
    assert!(
        out.starts_with(r#"{"status":"optimal","objective":8,"upper_bound":8,"meetings":["#),
        "{out}"
    );
    for m in v["meetings"].as_array().unwrap() {
        let keys: Vec<&str> = m.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys.len(), 4);
        assert!(
            m["slot"].is_u64() && m["seat"].is_u64() && m["c"].is_string() && m["f"].is_string()
        );
    }
    assert_eq!(
        out,
        solve_json(&small().to_string()).unwrap(),
        "deterministic"
    );
}

#[test]
fn fractional_weights_are_exact_to_six_decimals() {
    let mut v = small();
    v["wishes"][0]["w"] = json!(0.1);
    v["wishes"][1]["w"] = json!(0.25);
    v["wishes"][2]["w"] = json!(0.2);
    v["wishes"][3]["w"] = json!(0.05);
    let out: Value = serde_json::from_str(&solve_json(&v.to_string()).unwrap()).unwrap();
    assert_eq!(out["status"], "optimal");
    assert!(
        (out["objective"].as_f64().unwrap() - 0.6).abs() < 1e-12,
        "{out}"
    );
}

/// The fair objective gives the last candidate a meeting at the cost of weight.
#[test]
fn fair_mode_covers_more_candidates() {
    let inst = |objective: &str| {
        json!({
            "slots": 1,
            "candidates": [{"id": "a"}, {"id": "b"}],
            "funders": [{"id": "f"}, {"id": "g"}],
            "wishes": [
                {"c": "a", "f": "f", "w": 3},
                {"c": "a", "f": "g", "w": 1},
                {"c": "b", "f": "f", "w": 1}
            ],
            "objective": objective
        })
        .to_string()
    };
    // One slot: total mode gives a–f (3) and leaves b out; fair mode gives a–g and b–f (2).
    let total: Value = serde_json::from_str(&solve_json(&inst("total")).unwrap()).unwrap();
    assert_eq!(total["objective"], 3);
    assert_eq!(
        total["meetings"],
        json!([{"c": "a", "f": "f", "slot": 0, "seat": 0}])
    );
    let fair: Value = serde_json::from_str(&solve_json(&inst("fair")).unwrap()).unwrap();
    assert_eq!(fair["status"], "optimal");
    assert_eq!(fair["objective"], 2);
    assert_eq!(fair["upper_bound"], 2);
    assert_eq!(
        fair["meetings"],
        json!([{"c": "b", "f": "f", "slot": 0, "seat": 0}, {"c": "a", "f": "g", "slot": 0, "seat": 0}])
    );
}

#[test]
fn conflicts_are_reported_for_staff_edits() {
    let inst = essor_solve::meetings::parse_instance(&small().to_string()).unwrap();
    let m = |c: &str, f: &str, slot, seat| Meeting {
        c: c.into(),
        f: f.into(),
        slot,
        seat,
    };
    let conflicts = check(
        &inst,
        &[
            m("c1", "f1", 0, 0),
            m("c1", "f2", 0, 0), // c1 twice in slot 0
            m("c2", "f1", 0, 0), // c2 absent in 0, seat 0 of f1 taken
            m("c3", "f1", 1, 0), // not wished
            m("c9", "f1", 1, 1), // unknown
            m("c1", "f1", 1, 5), // pair twice, no seat 5
        ],
    )
    .unwrap();
    for expected in [
        Conflict::CandidateDoubleBooked {
            c: "c1".into(),
            slot: 0,
        },
        Conflict::CandidateAbsent {
            c: "c2".into(),
            slot: 0,
        },
        Conflict::SeatTaken {
            f: "f1".into(),
            slot: 0,
            seat: 0,
        },
        Conflict::NotWished {
            c: "c3".into(),
            f: "f1".into(),
        },
        Conflict::UnknownCandidate { c: "c9".into() },
        Conflict::PairTwice {
            c: "c1".into(),
            f: "f1".into(),
        },
        Conflict::SeatOutOfRange {
            c: "c1".into(),
            f: "f1".into(),
            seat: 5,
        },
    ] {
        assert!(
            conflicts.contains(&expected),
            "{expected:?} missing from {conflicts:?}"
        );
    }
    let e = solve_with_locks(&inst, &[m("c2", "f1", 0, 0)]).unwrap_err();
    assert!(e.0.contains("c2") && e.0.contains("slot 0"), "{}", e.0);
    // A valid lock is kept and the rest scheduled around it.
    let r = solve_with_locks(&inst, &[m("c1", "f2", 1, 0)]).unwrap();
    assert!(r.meetings.contains(&m("c1", "f2", 1, 0)));
    validate(&inst, &r.meetings);
}

fn error(v: Value) -> String {
    solve_json(&v.to_string()).unwrap_err().0
}

#[test]
fn malformed_inputs_are_rejected_with_the_offending_name() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(Edit, &[&str])> = vec![
        (
            Box::new(|v| v["wishes"][1]["c"] = json!("ghost")),
            &["ghost", "wishes[1]"],
        ),
        (
            Box::new(|v| v["wishes"][1]["f"] = json!("nobody")),
            &["nobody"],
        ),
        (
            Box::new(|v| v["wishes"][2]["w"] = json!(0)),
            &["wishes[2].w"],
        ),
        (
            Box::new(|v| v["wishes"][2]["w"] = json!(-1.5)),
            &["wishes[2].w"],
        ),
        (
            Box::new(|v| v["funders"][0]["seats"] = json!(0)),
            &["f1", "seats"],
        ),
        (
            Box::new(|v| v["candidates"][1]["available"] = json!([1, 2])),
            &["c2", "slot 2"],
        ),
        (
            Box::new(|v| v["candidates"][2]["id"] = json!("c1")),
            &["duplicate", "c1"],
        ),
        (
            Box::new(|v| v["funders"][1]["id"] = json!("f1")),
            &["duplicate", "f1"],
        ),
        (
            Box::new(|v| v["wishes"][3] = json!({"c": "c1", "f": "f1", "w": 1})),
            &["c1", "f1", "twice"],
        ),
        (
            Box::new(|v| v["funders"][0]["colour"] = json!(1)),
            &["funders[0]", "colour"],
        ),
        (Box::new(|v| v["extra"] = json!(1)), &["extra"]),
        (
            Box::new(|v| v["objective"] = json!("max")),
            &["objective", "max"],
        ),
        (Box::new(|v| v["slots"] = json!(-1)), &["slots"]),
        (
            Box::new(|v| v["candidates"][0]["max_meetings"] = json!("two")),
            &["candidates[0].max_meetings"],
        ),
        (
            Box::new(|v| {
                v.as_object_mut().unwrap().remove("wishes");
            }),
            &["wishes", "missing"],
        ),
    ];
    for (edit, words) in cases {
        let mut v = small();
        edit(&mut v);
        let e = error(v);
        for w in words {
            assert!(e.contains(w), "`{w}` not in `{e}`");
        }
    }
}

#[test]
fn empty_and_degenerate_instances() {
    let v = json!({"slots": 0, "candidates": [{"id": "c"}], "funders": [{"id": "f"}],
                   "wishes": [{"c": "c", "f": "f", "w": 1}]});
    assert_eq!(
        solve_json(&v.to_string()).unwrap(),
        r#"{"status":"optimal","objective":0,"upper_bound":0,"meetings":[]}"#
    );
    let v = json!({"slots": 3, "candidates": [], "funders": [], "wishes": [], "objective": "fair"});
    assert_eq!(
        solve_json(&v.to_string()).unwrap(),
        r#"{"status":"optimal","objective":0,"upper_bound":0,"meetings":[]}"#
    );
}
