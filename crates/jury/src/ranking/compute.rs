//! The arithmetic of the ranking, pure: a review's weighted score on 100, per-file statistics,
//! elimination, disagreement, and the calibrated score from `essor_solve::calibrate`.

use essor_solve::calibrate::{self, Observation};
use std::collections::BTreeMap;

/// A criterion of the grid, as the ranking needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: i64,
    pub weight: i64,
    pub scale_min: i64,
    pub scale_max: i64,
    pub elimination_below: Option<i64>,
}

/// One submitted review: its reviewer, its file and the values given (criterion id → value).
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub reviewer: i64,
    pub file: i64,
    pub values: BTreeMap<i64, i64>,
}

/// The weighted score of a review on 100: each value normalised to its scale (min → 0, max → 1),
/// weighted by the criterion's weight, over the weights of the criteria scored. `None` when no
/// criterion was scored.
pub fn weighted(criteria: &[Criterion], values: &BTreeMap<i64, i64>) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for c in criteria {
        let Some(&v) = values.get(&c.id) else {
            continue;
        };
        let span = (c.scale_max - c.scale_min).max(1) as f64;
        let x = ((v - c.scale_min) as f64 / span).clamp(0.0, 1.0);
        num += c.weight as f64 * x;
        den += c.weight as f64;
    }
    (den > 0.0).then(|| 100.0 * num / den)
}

pub fn median(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    Some(if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    })
}

/// What the ranking shows for one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileStats {
    pub file: i64,
    /// (reviewer id, weighted score) of each submitted review, by reviewer id.
    pub by_reviewer: Vec<(i64, f64)>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Highest minus lowest reviewer score (0 with one review).
    pub spread: Option<f64>,
    pub calibrated: Option<f64>,
    /// Criteria whose mean value is below their elimination threshold.
    pub eliminated_by: Vec<i64>,
    pub disagreement: bool,
}

/// Statistics of every file in `files` (in that order), with reviewer offsets fitted with
/// shrinkage `lambda`; a file is flagged for disagreement when its spread exceeds `threshold`
/// points (on 100).
pub fn stats(
    criteria: &[Criterion],
    files: &[i64],
    reviews: &[Review],
    lambda: f64,
    threshold: f64,
) -> (Vec<FileStats>, BTreeMap<i64, f64>) {
    let file_index: BTreeMap<i64, usize> = files.iter().enumerate().map(|(i, &f)| (f, i)).collect();
    let mut reviewers: Vec<i64> = reviews.iter().map(|r| r.reviewer).collect();
    reviewers.sort_unstable();
    reviewers.dedup();
    let rev_index: BTreeMap<i64, usize> =
        reviewers.iter().enumerate().map(|(i, &r)| (r, i)).collect();

    let mut by_file: Vec<Vec<(i64, f64)>> = vec![Vec::new(); files.len()];
    let mut values_by_file: Vec<BTreeMap<i64, Vec<i64>>> = vec![BTreeMap::new(); files.len()];
    let mut obs = Vec::new();
    for r in reviews {
        let Some(&fi) = file_index.get(&r.file) else {
            continue;
        };
        for (&c, &v) in &r.values {
            values_by_file[fi].entry(c).or_default().push(v);
        }
        if let Some(s) = weighted(criteria, &r.values) {
            by_file[fi].push((r.reviewer, s));
            obs.push(Observation {
                reviewer: rev_index[&r.reviewer],
                file: fi,
                score: s,
            });
        }
    }
    let cal = calibrate::calibrate(reviewers.len(), files.len(), &obs, lambda)
        .expect("indices and scores are built valid here");
    let offsets = reviewers
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, cal.offsets[i]))
        .collect();
    let out = files
        .iter()
        .enumerate()
        .map(|(i, &file)| {
            let mut by_reviewer = by_file[i].clone();
            by_reviewer.sort_by_key(|x| x.0);
            let scores: Vec<f64> = by_reviewer.iter().map(|x| x.1).collect();
            let mean =
                (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            let spread = (!scores.is_empty()).then(|| {
                scores.iter().cloned().fold(f64::MIN, f64::max)
                    - scores.iter().cloned().fold(f64::MAX, f64::min)
            });
            let eliminated_by = criteria
                .iter()
                .filter(|c| {
                    c.elimination_below.is_some_and(|t| {
                        values_by_file[i].get(&c.id).is_some_and(|vs| {
                            !vs.is_empty()
                                && (vs.iter().sum::<i64>() as f64 / vs.len() as f64) < t as f64
                        })
                    })
                })
                .map(|c| c.id)
                .collect();
            FileStats {
                file,
                mean,
                median: median(&scores),
                disagreement: spread.is_some_and(|s| s > threshold),
                spread,
                calibrated: cal.calibrated[i],
                eliminated_by,
                by_reviewer,
            }
        })
        .collect();
    (out, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crit(id: i64, weight: i64, elim: Option<i64>) -> Criterion {
        Criterion {
            id,
            weight,
            scale_min: 0,
            scale_max: 5,
            elimination_below: elim,
        }
    }

    fn review(reviewer: i64, file: i64, v: &[(i64, i64)]) -> Review {
        Review {
            reviewer,
            file,
            values: v.iter().cloned().collect(),
        }
    }

    #[test]
    fn weights_and_scales_make_a_score_on_100() {
        let c = [crit(1, 3, None), crit(2, 1, None)];
        let v: BTreeMap<i64, i64> = [(1, 5), (2, 0)].into_iter().collect();
        assert_eq!(weighted(&c, &v), Some(75.0));
        // A criterion left blank does not count.
        let v: BTreeMap<i64, i64> = [(2, 5)].into_iter().collect();
        assert_eq!(weighted(&c, &v), Some(100.0));
        assert_eq!(weighted(&c, &BTreeMap::new()), None);
    }

    #[test]
    fn statistics_flags_and_calibration() {
        let c = [crit(1, 1, Some(2)), crit(2, 1, None)];
        let reviews = vec![
            review(10, 100, &[(1, 5), (2, 5)]),
            review(11, 100, &[(1, 1), (2, 1)]),
            review(10, 101, &[(1, 1), (2, 3)]),
            review(11, 101, &[(1, 1), (2, 2)]),
        ];
        let (s, offsets) = stats(&c, &[100, 101, 102], &reviews, 2.0, 25.0);
        assert_eq!(s[0].mean, Some(60.0));
        assert_eq!(s[0].median, Some(60.0));
        assert_eq!(s[0].spread, Some(80.0));
        assert!(s[0].disagreement);
        assert!(s[0].eliminated_by.is_empty());
        // Criterion 1 averages 1 < 2 on file 101.
        assert_eq!(s[1].eliminated_by, vec![1]);
        assert!(!s[1].disagreement);
        assert_eq!(s[2].mean, None);
        assert_eq!(s[2].calibrated, None);
        // Reviewer 10 is the more lenient of the two.
        assert!(offsets[&10] > 0.0 && offsets[&11] < 0.0);
        assert!((offsets[&10] + offsets[&11]).abs() < 1e-9);
    }
}
