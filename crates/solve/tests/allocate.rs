//! Allocation checked against brute force on small instances and by properties on random ones.
#![allow(clippy::needless_range_loop)]

use essor_solve::allocate::{
    allocate, allocate_with, bounds, milli, Candidate, Method, Settings, Status,
};
use proptest::prelude::*;

/// Best total score over every subset whose minimums fit, enumerated.
fn brute_force(cands: &[Candidate], s: &Settings) -> i64 {
    let n = cands.len();
    let mut best = 0;
    for mask in 0u32..(1 << n) {
        let (mut cost, mut val) = (0i64, 0i64);
        for (i, c) in cands.iter().enumerate() {
            if mask >> i & 1 == 1 {
                let (lo, up) = bounds(c, s);
                if up == 0 || milli(c.score) <= 0 {
                    cost = i64::MAX / 2;
                }
                cost += lo;
                val += milli(c.score);
            }
        }
        if cost <= s.envelope {
            best = best.max(val);
        }
    }
    best
}

fn check_valid(cands: &[Candidate], s: &Settings, amounts: &[i64]) {
    assert_eq!(amounts.len(), cands.len());
    let total: i64 = amounts.iter().sum();
    assert!(
        total <= s.envelope,
        "total {total} over envelope {}",
        s.envelope
    );
    for (i, &x) in amounts.iter().enumerate() {
        let (lo, up) = bounds(&cands[i], s);
        assert!(
            x == 0 || (lo <= x && x <= up),
            "file {i}: {x} outside [{lo}, {up}]"
        );
        assert!(x <= cands[i].requested);
        if let Some(m) = s.call_maximum {
            assert!(x <= m);
        }
    }
}

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    prop::collection::vec(
        (0i64..100, 0i64..=60).prop_map(|(score, k)| Candidate {
            score: score as f64 / 2.0,
            // Requests in steps of 250 € with odd cents sometimes, so the common divisor varies.
            requested: k * 25_000 + if k % 3 == 0 { 37 } else { 0 },
        }),
        0..11,
    )
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        0i64..3_000_000,
        prop::option::of(100_000i64..1_500_000),
        1u32..=1000,
    )
        .prop_map(|(e, m, p)| Settings::new(e, m, p))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn both_methods_are_optimal_against_brute_force(cands in candidates(), s in settings()) {
        let best = brute_force(&cands, &s);
        for method in [Method::DynamicProgramming, Method::BranchAndBound] {
            let a = allocate_with(&cands, &s, method).unwrap();
            prop_assert_eq!(a.status, Status::Optimal);
            prop_assert_eq!(a.objective, best, "{:?}", method);
            check_valid(&cands, &s, &a.amounts);
            // The objective is the sum of the funded files' scores.
            let funded: i64 = a.amounts.iter().zip(&cands)
                .filter(|(x, _)| **x > 0).map(|(_, c)| milli(c.score)).sum();
            prop_assert_eq!(funded, a.objective);
        }
    }

    #[test]
    fn leftover_goes_in_ranking_order(cands in candidates(), s in settings()) {
        let a = allocate(&cands, &s).unwrap();
        let left = s.envelope - a.total;
        // A funded file below its upper bound means the envelope is spent on it, and every
        // better-ranked funded file is at its upper bound.
        let mut order: Vec<usize> = (0..cands.len()).filter(|&i| a.amounts[i] > 0).collect();
        order.sort_by(|&x, &y| essor_solve::allocate::rank_cmp(&cands, x, y));
        let mut short = false;
        for i in order {
            let (_, up) = bounds(&cands[i], &s);
            if short {
                prop_assert_eq!(a.amounts[i], bounds(&cands[i], &s).0);
            }
            if a.amounts[i] < up {
                prop_assert_eq!(left, 0);
                short = true;
            }
        }
    }
}

#[test]
fn large_instance_with_arbitrary_cents_is_solved_by_branch_and_bound() {
    let cands: Vec<Candidate> = (0..300)
        .map(|i| Candidate {
            score: 40.0 + ((i * 7919) % 600) as f64 / 10.0,
            requested: 500_000 + (i as i64 * 104_729) % 3_500_000 + 1,
        })
        .collect();
    let s = Settings::new(150_000_000, Some(3_000_000), 500);
    let a = allocate(&cands, &s).unwrap();
    assert_eq!(a.method, Method::BranchAndBound);
    assert_eq!(a.status, Status::Optimal);
    check_valid(&cands, &s, &a.amounts);
}

#[test]
fn node_limit_gives_a_feasible_result_with_a_bound() {
    let cands: Vec<Candidate> = (0..60)
        .map(|i| Candidate {
            // Strongly correlated: value close to weight, the hard case for branch and bound.
            score: (1_000 + (i * 37) % 500) as f64,
            requested: ((1_000 + (i * 37) % 500) * 2 + 10) * 100 + 3,
        })
        .collect();
    let mut s = Settings::new(5_000_000, None, 500);
    s.node_limit = 50;
    let a = allocate_with(&cands, &s, Method::BranchAndBound).unwrap();
    check_valid(&cands, &s, &a.amounts);
    if let Status::Feasible { upper_bound } = a.status {
        assert!(upper_bound >= a.objective);
    }
}
