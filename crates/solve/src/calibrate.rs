//! Calibration of reviewers' severity: a per-reviewer offset fitted by ridge least squares over the
//! reviewer–file graph.
//!
//! Model: the score reviewer `r` gives file `f` is `s(r,f) = q(f) + b(r) + noise`, where `q(f)` is the
//! file's quality and `b(r)` the reviewer's offset (positive = lenient, negative = severe). We minimise
//!
//! ```text
//!     Σ over scores (s(r,f) − q(f) − b(r))²  +  λ Σ over reviewers b(r)²
//! ```
//!
//! * **Shrinkage.** The ridge term acts like λ pseudo-scores at offset 0: a reviewer with many files gets
//!   an offset close to the plain least-squares one, a reviewer with one or two files an offset pulled
//!   towards 0, and a reviewer who is alone on all their files (nothing to compare with) gets exactly 0.
//! * **Components.** Only reviewers who share files (directly or through others) can be compared. Within
//!   a connected component of the graph, shifting every offset by `c` and every quality by `−c` leaves
//!   the residuals unchanged, so the ridge picks the shift that minimises Σ b²: **the offsets of each
//!   component sum to zero**, whatever λ > 0. Different components are never compared with each other.
//! * **Exact solution.** For fixed offsets the best quality is the mean of `s(r,f) − b(r)` over the file's
//!   reviewers; substituting it leaves an R×R symmetric positive definite system (λ > 0)
//!
//!   ```text
//!     (n(r) + λ) b(r) − Σ_{f ∋ r} (1/n(f)) Σ_{r' ∋ f} b(r')  =  Σ_{f ∋ r} (s(r,f) − mean(f))
//!   ```
//!
//!   solved by Cholesky factorisation, one component at a time: O(Σ R_c³) with R_c the reviewers of a
//!   component (a few hundred at most for a call's jury).
//!
//! The calibrated score of a file is its fitted quality `q(f) = mean(f) − mean of b over its reviewers`,
//! on the same scale as the raw scores.

use thiserror::Error;

/// One score given by a reviewer to a file (indices into the caller's lists).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub reviewer: usize,
    pub file: usize,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Offset of each reviewer (0 for a reviewer without scores).
    pub offsets: Vec<f64>,
    /// Plain mean of each file's scores (`None` without scores).
    pub raw: Vec<Option<f64>>,
    /// Fitted quality of each file (`None` without scores).
    pub calibrated: Vec<Option<f64>>,
    /// Connected component of each reviewer (reviewers without scores get their own).
    pub component: Vec<usize>,
}

#[derive(Debug, Error, PartialEq)]
pub enum CalibrateError {
    #[error("the shrinkage λ must be a finite number above 0, got {0}")]
    Lambda(f64),
    #[error("observation {0} names reviewer or file out of range")]
    OutOfRange(usize),
    #[error("observation {0} has a score that is not a finite number")]
    NotFinite(usize),
    #[error("reviewer {reviewer} scored file {file} twice")]
    Duplicate { reviewer: usize, file: usize },
}

/// The default shrinkage: as if each reviewer had also given two scores at offset zero.
pub const DEFAULT_LAMBDA: f64 = 2.0;

/// The objective minimised by [`calibrate`], for checking.
pub fn objective(obs: &[Observation], quality: &[f64], offsets: &[f64], lambda: f64) -> f64 {
    let fit: f64 = obs
        .iter()
        .map(|o| (o.score - quality[o.file] - offsets[o.reviewer]).powi(2))
        .sum();
    fit + lambda * offsets.iter().map(|b| b * b).sum::<f64>()
}

/// Fits the offsets; see the module documentation.
pub fn calibrate(
    n_reviewers: usize,
    n_files: usize,
    obs: &[Observation],
    lambda: f64,
) -> Result<Calibration, CalibrateError> {
    if !(lambda.is_finite() && lambda > 0.0) {
        return Err(CalibrateError::Lambda(lambda));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, o) in obs.iter().enumerate() {
        if o.reviewer >= n_reviewers || o.file >= n_files {
            return Err(CalibrateError::OutOfRange(i));
        }
        if !o.score.is_finite() {
            return Err(CalibrateError::NotFinite(i));
        }
        if !seen.insert((o.reviewer, o.file)) {
            return Err(CalibrateError::Duplicate {
                reviewer: o.reviewer,
                file: o.file,
            });
        }
    }

    // Files' reviewers and means.
    let mut by_file: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_files];
    for o in obs {
        by_file[o.file].push((o.reviewer, o.score));
    }
    let raw: Vec<Option<f64>> = by_file
        .iter()
        .map(|v| (!v.is_empty()).then(|| v.iter().map(|x| x.1).sum::<f64>() / v.len() as f64))
        .collect();

    // Components by union–find over reviewers sharing a file.
    let mut parent: Vec<usize> = (0..n_reviewers).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for v in &by_file {
        for w in v.windows(2) {
            let (a, b) = (find(&mut parent, w[0].0), find(&mut parent, w[1].0));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let roots: Vec<usize> = (0..n_reviewers).map(|r| find(&mut parent, r)).collect();
    // Number components by first reviewer, and place each reviewer within its component.
    let mut comp_of_root = vec![usize::MAX; n_reviewers];
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut local = vec![0usize; n_reviewers];
    for r in 0..n_reviewers {
        let root = roots[r];
        if comp_of_root[root] == usize::MAX {
            comp_of_root[root] = members.len();
            members.push(Vec::new());
        }
        let c = comp_of_root[root];
        local[r] = members[c].len();
        members[c].push(r);
    }
    let component: Vec<usize> = (0..n_reviewers).map(|r| comp_of_root[roots[r]]).collect();

    // Normal equations per component.
    let mut mats: Vec<Vec<f64>> = members
        .iter()
        .map(|m| vec![0.0; m.len() * m.len()])
        .collect();
    let mut rhs: Vec<Vec<f64>> = members.iter().map(|m| vec![0.0; m.len()]).collect();
    for m in &members {
        let c = component[m[0]];
        let k = m.len();
        for i in 0..k {
            mats[c][i * k + i] = lambda;
        }
    }
    for (f, v) in by_file.iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        let mean = raw[f].unwrap_or(0.0);
        let inv = 1.0 / v.len() as f64;
        let c = component[v[0].0];
        let k = members[c].len();
        for &(r, s) in v {
            let i = local[r];
            mats[c][i * k + i] += 1.0;
            rhs[c][i] += s - mean;
            for &(r2, _) in v {
                mats[c][i * k + local[r2]] -= inv;
            }
        }
    }
    let mut offsets = vec![0.0; n_reviewers];
    for (c, m) in members.iter().enumerate() {
        let x = cholesky_solve(&mut mats[c], &rhs[c], m.len());
        for (i, &r) in m.iter().enumerate() {
            offsets[r] = x[i];
        }
    }

    let calibrated = by_file
        .iter()
        .enumerate()
        .map(|(f, v)| {
            raw[f]
                .map(|mean| mean - v.iter().map(|&(r, _)| offsets[r]).sum::<f64>() / v.len() as f64)
        })
        .collect();
    Ok(Calibration {
        offsets,
        raw,
        calibrated,
        component,
    })
}

/// Solves `A x = b` for a symmetric positive definite `A` (row-major, overwritten by its factor).
fn cholesky_solve(a: &mut [f64], b: &[f64], n: usize) -> Vec<f64> {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        // λ > 0 keeps d > 0; the guard only protects against rounding on degenerate input.
        let d = d.max(f64::MIN_POSITIVE).sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    let mut y = b.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= a[i * n + k] * y[k];
        }
        y[i] /= a[i * n + i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= a[k * n + i] * y[k];
        }
        y[i] /= a[i * n + i];
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(reviewer: usize, file: usize, score: f64) -> Observation {
        Observation {
            reviewer,
            file,
            score,
        }
    }

    #[test]
    fn a_severe_reviewer_is_corrected() {
        // Reviewer 1 gives 2 points less than reviewer 0 on the three files they share; file 3 is seen by
        // reviewer 1 alone and must not suffer from their severity.
        let obs = vec![
            o(0, 0, 15.0),
            o(1, 0, 13.0),
            o(0, 1, 12.0),
            o(1, 1, 10.0),
            o(0, 2, 17.0),
            o(1, 2, 15.0),
            o(1, 3, 14.0),
            o(0, 4, 14.0),
        ];
        let c = calibrate(2, 5, &obs, 0.01).unwrap();
        assert!(c.offsets[0] > 0.9 && c.offsets[1] < -0.9, "{:?}", c.offsets);
        assert!((c.offsets[0] + c.offsets[1]).abs() < 1e-9);
        // Raw: file 3 (14 by the severe one) looks equal to file 4 (14 by the lenient one).
        assert_eq!(c.raw[3], c.raw[4]);
        assert!(c.calibrated[3].unwrap() > c.calibrated[4].unwrap() + 1.5);
    }

    #[test]
    fn a_lonely_reviewer_gets_no_offset() {
        let c = calibrate(3, 2, &[o(0, 0, 3.0), o(1, 0, 5.0), o(2, 1, 1.0)], 2.0).unwrap();
        assert_eq!(c.offsets[2], 0.0);
        assert_eq!(c.calibrated[1], Some(1.0));
        assert_ne!(c.component[0], c.component[2]);
        assert_eq!(c.component[0], c.component[1]);
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(matches!(
            calibrate(1, 1, &[], 0.0),
            Err(CalibrateError::Lambda(_))
        ));
        assert_eq!(
            calibrate(1, 1, &[o(0, 2, 1.0)], 1.0),
            Err(CalibrateError::OutOfRange(0))
        );
        assert!(matches!(
            calibrate(1, 1, &[o(0, 0, 1.0), o(0, 0, 2.0)], 1.0),
            Err(CalibrateError::Duplicate { .. })
        ));
    }
}
