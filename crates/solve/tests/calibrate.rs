//! Calibration checked against a direct solve of the full least-squares problem and by properties.
#![allow(clippy::needless_range_loop)]

use essor_solve::calibrate::{calibrate, objective, Observation};
use proptest::prelude::*;

/// Solves the joint normal equations in (qualities, offsets) by Gaussian elimination with partial
/// pivoting, independently of the reduced system the solver uses. Files without scores are left out.
fn reference(nr: usize, nf: usize, obs: &[Observation], lambda: f64) -> (Vec<f64>, Vec<f64>) {
    let n = nf + nr;
    let mut a = vec![vec![0.0; n + 1]; n];
    for o in obs {
        let (q, b) = (o.file, nf + o.reviewer);
        // d/dq and d/db of (s − q − b)².
        for &row in &[q, b] {
            a[row][q] += 1.0;
            a[row][b] += 1.0;
            a[row][n] += o.score;
        }
    }
    for r in 0..nr {
        a[nf + r][nf + r] += lambda;
    }
    for (f, row) in a.iter_mut().enumerate().take(nf) {
        if row[f] == 0.0 {
            row[f] = 1.0; // unscored file: q = 0
        }
    }
    for col in 0..n {
        let p = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap();
        a.swap(col, p);
        for row in 0..n {
            if row != col {
                let k = a[row][col] / a[col][col];
                if k != 0.0 {
                    for c in col..=n {
                        a[row][c] -= k * a[col][c];
                    }
                }
            }
        }
    }
    let x: Vec<f64> = (0..n).map(|i| a[i][n] / a[i][i]).collect();
    (x[..nf].to_vec(), x[nf..].to_vec())
}

fn instance() -> impl Strategy<Value = (usize, usize, Vec<Observation>, f64)> {
    (1usize..6, 1usize..8).prop_flat_map(|(nr, nf)| {
        (
            Just(nr),
            Just(nf),
            prop::collection::btree_map((0..nr, 0..nf), 0u32..=20, 0..(nr * nf + 1)),
            prop::sample::select(vec![0.1, 1.0, 2.0, 10.0]),
        )
            .prop_map(|(nr, nf, m, l)| {
                let obs = m
                    .into_iter()
                    .map(|((reviewer, file), s)| Observation {
                        reviewer,
                        file,
                        score: s as f64 / 4.0,
                    })
                    .collect();
                (nr, nf, obs, l)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn matches_the_full_least_squares_solve((nr, nf, obs, lambda) in instance()) {
        let c = calibrate(nr, nf, &obs, lambda).unwrap();
        let (q, b) = reference(nr, nf, &obs, lambda);
        for r in 0..nr {
            prop_assert!((c.offsets[r] - b[r]).abs() < 1e-6, "offset {}: {} vs {}", r, c.offsets[r], b[r]);
        }
        for f in 0..nf {
            if let Some(x) = c.calibrated[f] {
                prop_assert!((x - q[f]).abs() < 1e-6);
            } else {
                prop_assert!(obs.iter().all(|o| o.file != f));
            }
        }
    }

    #[test]
    fn offsets_sum_to_zero_per_component_and_no_perturbation_does_better(
        (nr, nf, obs, lambda) in instance(),
        dq in prop::collection::vec(-0.5f64..0.5, 8),
        db in prop::collection::vec(-0.5f64..0.5, 6),
    ) {
        let c = calibrate(nr, nf, &obs, lambda).unwrap();
        let ncomp = c.component.iter().max().map_or(0, |m| m + 1);
        for k in 0..ncomp {
            let s: f64 = (0..nr).filter(|&r| c.component[r] == k).map(|r| c.offsets[r]).sum();
            prop_assert!(s.abs() < 1e-9, "component {} sums to {}", k, s);
        }
        let q: Vec<f64> = c.calibrated.iter().map(|x| x.unwrap_or(0.0)).collect();
        let base = objective(&obs, &q, &c.offsets, lambda);
        let q2: Vec<f64> = q.iter().zip(&dq).map(|(a, d)| a + d).collect();
        let b2: Vec<f64> = c.offsets.iter().zip(&db).map(|(a, d)| a + d).collect();
        prop_assert!(objective(&obs, &q2, &b2, lambda) >= base - 1e-9);
        // Shrinkage: a bigger λ never gives a bigger total of squared offsets.
        let c2 = calibrate(nr, nf, &obs, lambda * 4.0).unwrap();
        let n1: f64 = c.offsets.iter().map(|b| b * b).sum();
        let n2: f64 = c2.offsets.iter().map(|b| b * b).sum();
        prop_assert!(n2 <= n1 + 1e-9);
    }
}

#[test]
fn recovers_planted_offsets_on_a_well_connected_jury() {
    // 40 files, 8 reviewers, 3 reviews each in a rotating pattern; no noise.
    let truth_b = [1.5, -1.0, 0.5, -0.5, 0.0, 1.0, -1.5, 0.0];
    let mut obs = Vec::new();
    for f in 0..40 {
        let q = 10.0 + (f % 7) as f64;
        for k in 0..3 {
            let r = (f + k * 3) % 8;
            obs.push(Observation {
                reviewer: r,
                file: f,
                score: q + truth_b[r],
            });
        }
    }
    let c = calibrate(8, 40, &obs, 1e-6).unwrap();
    for r in 0..8 {
        assert!((c.offsets[r] - truth_b[r]).abs() < 1e-3, "{:?}", c.offsets);
    }
    for f in 0..40 {
        assert!((c.calibrated[f].unwrap() - (10.0 + (f % 7) as f64)).abs() < 1e-3);
    }
}
