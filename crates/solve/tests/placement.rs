//! Deferred acceptance checked against brute force, stability properties and the JSON format.

use essor_solve::placement::{
    deferred_acceptance, explain, parse_instance, solve, solve_json, ApplicantSpec, OfferSpec,
    Problem, Reason,
};
use proptest::prelude::*;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// The offer's order, recomputed independently from the documented rule: lower key = preferred,
/// `None` = not acceptable.
fn key(p: &Problem, lottery: &[u64], o: usize, a: usize) -> Option<(i64, f64, u64)> {
    match &p.offers[o].ranking {
        Some(r) => r.iter().position(|&x| x == a).map(|i| (i as i64, 0.0, 0)),
        None => Some((0, -p.applicants[a].priority, lottery[a])),
    }
}

fn prefers(p: &Problem, lottery: &[u64], o: usize, a: usize, b: usize) -> bool {
    let (ka, kb) = (
        key(p, lottery, o, a).unwrap(),
        key(p, lottery, o, b).unwrap(),
    );
    ka.0.cmp(&kb.0)
        .then(ka.1.total_cmp(&kb.1))
        .then(ka.2.cmp(&kb.2))
        .then(a.cmp(&b))
        .is_lt()
}

fn documented_lottery(seed: u64, n: usize) -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| rng.next_u64()).collect()
}

/// Checks capacities and acceptability; returns the blocking pairs.
fn blocking_pairs(p: &Problem, lottery: &[u64], got: &[Option<usize>]) -> Vec<(usize, usize)> {
    let m = p.offers.len();
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (a, g) in got.iter().enumerate() {
        if let Some(o) = *g {
            assert!(
                p.applicants[a].preferences.contains(&o),
                "applicant {a} got unlisted offer {o}"
            );
            assert!(
                key(p, lottery, o, a).is_some(),
                "offer {o} got unacceptable applicant {a}"
            );
            held[o].push(a);
        }
    }
    for (o, h) in held.iter().enumerate() {
        assert!(h.len() <= p.offers[o].capacity, "offer {o} over capacity");
    }
    let mut blocking = Vec::new();
    for (a, ap) in p.applicants.iter().enumerate() {
        for &o in &ap.preferences {
            if Some(o) == got[a] {
                break;
            }
            if key(p, lottery, o, a).is_none() || p.offers[o].capacity == 0 {
                continue;
            }
            let h = &held[o];
            if h.len() < p.offers[o].capacity || h.iter().any(|&b| prefers(p, lottery, o, a, b)) {
                blocking.push((a, o));
            }
        }
    }
    blocking
}

fn pref_pos(p: &Problem, a: usize, g: Option<usize>) -> usize {
    match g {
        Some(o) => p.applicants[a]
            .preferences
            .iter()
            .position(|&x| x == o)
            .unwrap(),
        None => usize::MAX,
    }
}

/// Every stable matching, by enumeration.
fn all_stable(p: &Problem, lottery: &[u64]) -> Vec<Vec<Option<usize>>> {
    let n = p.applicants.len();
    let options: Vec<Vec<Option<usize>>> = (0..n)
        .map(|a| {
            let mut v = vec![None];
            v.extend(
                p.applicants[a]
                    .preferences
                    .iter()
                    .filter(|&&o| key(p, lottery, o, a).is_some())
                    .map(|&o| Some(o)),
            );
            v
        })
        .collect();
    let mut out = Vec::new();
    let mut idx = vec![0usize; n];
    loop {
        let got: Vec<Option<usize>> = (0..n).map(|a| options[a][idx[a]]).collect();
        let mut load = vec![0usize; p.offers.len()];
        got.iter().flatten().for_each(|&o| load[o] += 1);
        if load.iter().zip(&p.offers).all(|(&l, o)| l <= o.capacity)
            && blocking_pairs(p, lottery, &got).is_empty()
        {
            out.push(got);
        }
        let mut i = 0;
        loop {
            if i == n {
                return out;
            }
            idx[i] += 1;
            if idx[i] < options[i].len() {
                break;
            }
            idx[i] = 0;
            i += 1;
        }
    }
}

fn problem_strategy(max_n: usize, max_m: usize, max_cap: usize) -> impl Strategy<Value = Problem> {
    (1..=max_n, 1..=max_m, any::<u64>()).prop_flat_map(move |(n, m, seed)| {
        let offers = proptest::collection::vec(
            (0..=max_cap, proptest::option::weighted(0.3, Just(()))).prop_flat_map(
                move |(c, r)| {
                    let ranking = match r {
                        // A ranking: a random subset of applicants in random order.
                        Some(()) => {
                            proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 0..=n)
                                .prop_shuffle()
                                .prop_map(Some)
                                .boxed()
                        }
                        None => Just(None).boxed(),
                    };
                    ranking.prop_map(move |ranking| OfferSpec {
                        capacity: c,
                        ranking,
                    })
                },
            ),
            m,
        );
        let applicants = proptest::collection::vec(
            (
                proptest::sample::subsequence((0..m).collect::<Vec<_>>(), 0..=m).prop_shuffle(),
                0..3i32,
            )
                .prop_map(|(preferences, pr)| ApplicantSpec {
                    preferences,
                    priority: f64::from(pr),
                }),
            n,
        );
        (offers, applicants).prop_map(move |(offers, applicants)| Problem {
            seed,
            offers,
            applicants,
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The result is stable and gives every applicant their best partner over all stable matchings.
    #[test]
    fn applicant_optimal_against_brute_force(p in problem_strategy(5, 3, 2)) {
        let m = deferred_acceptance(&p).unwrap();
        let lottery = documented_lottery(p.seed, p.applicants.len());
        prop_assert_eq!(&m.lottery, &lottery);
        prop_assert!(blocking_pairs(&p, &lottery, &m.offer_of).is_empty());
        let stable = all_stable(&p, &lottery);
        prop_assert!(stable.contains(&m.offer_of));
        for a in 0..p.applicants.len() {
            let best = stable.iter().map(|s| pref_pos(&p, a, s[a])).min().unwrap();
            prop_assert_eq!(pref_pos(&p, a, m.offer_of[a]), best, "applicant {}", a);
        }
    }

    /// Larger instances: capacities, acceptability, stability, and explanations consistent with them.
    #[test]
    fn valid_and_stable(p in problem_strategy(60, 10, 8)) {
        let m = deferred_acceptance(&p).unwrap();
        prop_assert!(blocking_pairs(&p, &m.lottery, &m.offer_of).is_empty());
        for a in 0..p.applicants.len() {
            let e = explain(&p, &m, a);
            prop_assert_eq!(e.got, m.offer_of[a]);
            let before = pref_pos(&p, a, m.offer_of[a]).min(p.applicants[a].preferences.len());
            prop_assert_eq!(e.refused.len(), before);
            for r in &e.refused {
                match &r.reason {
                    Reason::NotAcceptable => prop_assert!(key(&p, &m.lottery, r.offer, a).is_none()),
                    Reason::NoPlaces => prop_assert_eq!(p.offers[r.offer].capacity, 0),
                    Reason::Full { cutoff, yours } => {
                        prop_assert!(cutoff.cmp_offer(yours).is_lt());
                        let held = m.offer_of.iter().filter(|&&g| g == Some(r.offer)).count();
                        prop_assert_eq!(held, p.offers[r.offer].capacity);
                    }
                }
            }
        }
    }
}

fn instance() -> Value {
    json!({
        "seed": 7,
        "offers": [
            {"id": "bakery", "capacity": 1},
            {"id": "garage", "capacity": 2, "ranking": ["y3", "y1"]},
            {"id": "crèche", "capacity": 1}
        ],
        "applicants": [
            {"id": "y1", "preferences": ["bakery", "garage"], "priority": 1},
            {"id": "y2", "preferences": ["bakery", "garage"], "priority": 2},
            {"id": "y3", "preferences": ["garage"]},
            {"id": "y4", "preferences": ["crèche", "bakery"], "priority": 0.5},
            {"id": "y5", "preferences": []}
        ]
    })
}

#[test]
fn json_result_has_the_documented_shape() {
    let out = solve_json(&instance().to_string()).unwrap();
    // y2 has the highest priority for the bakery; the garage takes only y3 and y1 (y2 is unranked).
    assert_eq!(
        out,
        r#"{"matches":[{"applicant":"y1","offer":"garage"},{"applicant":"y2","offer":"bakery"},{"applicant":"y3","offer":"garage"},{"applicant":"y4","offer":"crèche"}],"unmatched":["y5"]}"#
    );
}

#[test]
fn same_input_same_output_whatever_the_input_order() {
    let a = solve_json(&instance().to_string()).unwrap();
    assert_eq!(a, solve_json(&instance().to_string()).unwrap());
    let mut shuffled = instance();
    shuffled["applicants"].as_array_mut().unwrap().reverse();
    shuffled["offers"].as_array_mut().unwrap().reverse();
    assert_eq!(a, solve_json(&shuffled.to_string()).unwrap());
}

/// Two applicants tie on priority for one place: the seed decides, as the documented lottery says.
#[test]
fn seeds_decide_ties_through_the_documented_lottery() {
    let mut winners = std::collections::BTreeSet::new();
    for seed in 0..40u64 {
        let input = json!({
            "seed": seed,
            "offers": [{"id": "o", "capacity": 1}],
            "applicants": [
                {"id": "b", "preferences": ["o"], "priority": 1},
                {"id": "a", "preferences": ["o"], "priority": 1}
            ]
        });
        let out: Value = serde_json::from_str(&solve_json(&input.to_string()).unwrap()).unwrap();
        let winner = out["matches"][0]["applicant"].as_str().unwrap().to_owned();
        // Numbers go to applicants in increasing id: "a" draws first.
        let l = documented_lottery(seed, 2);
        assert_eq!(winner, if l[0] < l[1] { "a" } else { "b" }, "seed {seed}");
        winners.insert(winner);
    }
    assert_eq!(winners.len(), 2, "both applicants win for some seed");
}

#[test]
fn priority_beats_lottery_and_ranking_beats_priority() {
    for seed in 0..20u64 {
        let input = json!({
            "seed": seed,
            "offers": [{"id": "p", "capacity": 1}, {"id": "r", "capacity": 5, "ranking": ["low"]}],
            "applicants": [
                {"id": "high", "preferences": ["r", "p"], "priority": 3},
                {"id": "low", "preferences": ["p", "r"], "priority": 1}
            ]
        });
        let out = solve_json(&input.to_string()).unwrap();
        // "high" is not in r's ranking, so despite free places it falls back to p and wins it over "low".
        assert_eq!(
            out,
            r#"{"matches":[{"applicant":"high","offer":"p"},{"applicant":"low","offer":"r"}],"unmatched":[]}"#
        );
    }
}

#[test]
fn explanations_name_cutoffs() {
    let inst = parse_instance(&instance().to_string()).unwrap();
    let solved = solve(&inst).unwrap();
    let e = solved.explain("y1").unwrap();
    assert_eq!(e.got.as_deref(), Some("garage"));
    assert_eq!(e.refused.len(), 1);
    assert_eq!(e.refused[0].offer, "bakery");
    match &e.refused[0].reason {
        Reason::Full { cutoff, yours } => assert!(cutoff.cmp_offer(yours).is_lt()),
        other => panic!("unexpected {other:?}"),
    }
    let e = solved.explain("y2").unwrap();
    assert!(e.refused.is_empty());
    assert!(solved.explain("nobody").is_none());
}

fn error(input: Value) -> String {
    solve_json(&input.to_string()).unwrap_err().0
}

#[test]
fn malformed_inputs_are_rejected_with_the_offending_name() {
    let mut v = instance();
    v["applicants"][1]["preferences"] = json!(["bakery", "zoo"]);
    let e = error(v);
    assert!(e.contains("zoo") && e.contains("y2"), "{e}");

    let mut v = instance();
    v["offers"][1]["ranking"] = json!(["y3", "ghost"]);
    assert!(error(v).contains("ghost"));

    let mut v = instance();
    v["offers"][2]["id"] = json!("bakery");
    let e = error(v);
    assert!(e.contains("duplicate") && e.contains("bakery"), "{e}");

    let mut v = instance();
    v["applicants"][4]["id"] = json!("y1");
    assert!(error(v).contains("y1"));

    let mut v = instance();
    v["applicants"][0]["preferences"] = json!(["bakery", "bakery"]);
    assert!(error(v).contains("twice"));

    let mut v = instance();
    v["offers"][0]["colour"] = json!("red");
    let e = error(v);
    assert!(e.contains("colour") && e.contains("offers[0]"), "{e}");

    let mut v = instance();
    v["extra"] = json!(1);
    assert!(error(v).contains("extra"));

    let mut v = instance();
    v["offers"][1]["capacity"] = json!(-1);
    assert!(error(v).contains("offers[1].capacity"));

    let mut v = instance();
    v.as_object_mut().unwrap().remove("seed");
    assert!(error(v).contains("seed"));

    assert!(solve_json("{not json").unwrap_err().0.contains("JSON"));
}

#[test]
fn index_api_rejects_out_of_range_ids() {
    let p = Problem {
        seed: 1,
        offers: vec![OfferSpec {
            capacity: 1,
            ranking: Some(vec![3]),
        }],
        applicants: vec![ApplicantSpec {
            preferences: vec![0],
            priority: 0.0,
        }],
    };
    assert!(deferred_acceptance(&p)
        .unwrap_err()
        .0
        .contains("offers[0].ranking"));
    let p = Problem {
        seed: 1,
        offers: vec![OfferSpec {
            capacity: 1,
            ranking: None,
        }],
        applicants: vec![ApplicantSpec {
            preferences: vec![1],
            priority: 0.0,
        }],
    };
    assert!(deferred_acceptance(&p)
        .unwrap_err()
        .0
        .contains("applicants[0].preferences"));
}
