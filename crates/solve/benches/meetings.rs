//! Meeting scheduling benchmark: synthetic mornings of 60 project holders × 25 funders × 8 slots and
//! 1,000 × 300 × 12, with and without availability windows, with one or several representatives per
//! funder, in total and fair mode. For each: time (best of several runs, one thread), objective, upper
//! bound, candidates without a meeting, and a first-come-first-served booking baseline run on the same
//! instance, as commercial matchmaking tools do it.
//!
//! Run: `cargo bench -p essor-solve --bench meetings`

use essor_solve::meetings::{check, solve, Candidate, Funder, Instance, Objective, Schedule, Wish};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
enum Windows {
    No,
    Some,
    Many,
}

struct Setting {
    candidates: usize,
    funders: usize,
    slots: usize,
    /// Wishes per candidate (range) and per funder (range).
    c_asks: (usize, usize),
    f_asks: (usize, usize),
    runs: usize,
}

/// Popularity skewed towards some funders (Zipf, exponent 0.8) and candidates (exponent 0.5). Weight 3
/// when both asked, 2 when only the funder did, 1 when only the candidate did. Windows, "some": 30 % of
/// candidates and 25 % of funders attend only a contiguous part (half to all but one) of the morning;
/// "many": 60 % and 50 %, a third to all but one. Representatives: 40 % of funders hold 2 or 3 tables
/// at once and cap their morning at 2 × slots.
fn generate(
    s: &Setting,
    windows: Windows,
    reps: bool,
    objective: Objective,
    seed: u64,
) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let zipf = |n: usize, exp: f64| {
        let w: Vec<f64> = (0..n).map(|r| 1.0 / ((r + 1) as f64).powf(exp)).collect();
        let total: f64 = w.iter().sum();
        let mut acc = 0.0;
        w.iter()
            .map(|x| {
                acc += x / total;
                acc
            })
            .collect::<Vec<f64>>()
    };
    let (fz, cz) = (zipf(s.funders, 0.8), zipf(s.candidates, 0.5));
    let pick = |cum: &[f64], rng: &mut ChaCha8Rng| {
        let x: f64 = rng.gen();
        cum.partition_point(|&c| c < x).min(cum.len() - 1)
    };
    let mut asked: HashMap<(usize, usize), (bool, bool)> = HashMap::new();
    for c in 0..s.candidates {
        let k = rng.gen_range(s.c_asks.0..=s.c_asks.1);
        let mut n = 0;
        while n < k {
            let f = pick(&fz, &mut rng);
            let e = asked.entry((c, f)).or_default();
            if !e.0 {
                e.0 = true;
                n += 1;
            }
        }
    }
    for f in 0..s.funders {
        let k = rng.gen_range(s.f_asks.0..=s.f_asks.1);
        let mut n = 0;
        while n < k {
            let c = pick(&cz, &mut rng);
            let e = asked.entry((c, f)).or_default();
            if !e.1 {
                e.1 = true;
                n += 1;
            }
        }
    }
    let mut pairs: Vec<_> = asked.into_iter().collect();
    pairs.sort_unstable_by_key(|&(p, _)| p);
    let t = s.slots;
    let (c_share, f_share, min_len) = match windows {
        Windows::No => (0.0, 0.0, t),
        Windows::Some => (0.3, 0.25, t / 2),
        Windows::Many => (0.6, 0.5, t / 3),
    };
    let window = |share: f64, rng: &mut ChaCha8Rng| {
        rng.gen_bool(share).then(|| {
            let len = rng.gen_range(min_len..t);
            let start = rng.gen_range(0..=t - len);
            (start..start + len).collect()
        })
    };
    let candidates = (0..s.candidates)
        .map(|c| Candidate {
            id: format!("c{c:04}"),
            available: window(c_share, &mut rng),
            max_meetings: None,
        })
        .collect();
    let funders = (0..s.funders)
        .map(|f| {
            let several = reps && rng.gen_bool(0.4);
            Funder {
                id: format!("f{f:03}"),
                available: window(f_share, &mut rng),
                seats: if several { rng.gen_range(2..=3) } else { 1 },
                max_meetings: several.then_some(2 * t),
            }
        })
        .collect();
    let wishes = pairs
        .into_iter()
        .map(|((c, f), (by_c, by_f))| Wish {
            c: format!("c{c:04}"),
            f: format!("f{f:03}"),
            w: match (by_c, by_f) {
                (true, true) => 3.0,
                (false, true) => 2.0,
                _ => 1.0,
            },
        })
        .collect();
    Instance {
        slots: t,
        candidates,
        funders,
        wishes,
        objective,
    }
}

/// First come, first served: candidates in random order book their wishes (most wanted first) in the
/// earliest slot where both attend, the candidate is free and the funder has a free table.
/// Returns (total weight, candidates without a meeting).
fn first_come_first_served(inst: &Instance, seed: u64) -> (f64, usize) {
    let t = inst.slots;
    let attends = |a: &Option<Vec<usize>>, s: usize| a.as_ref().is_none_or(|v| v.contains(&s));
    let fidx: HashMap<&str, usize> = inst
        .funders
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut by_c: HashMap<&str, Vec<(usize, f64)>> = HashMap::new();
    for w in &inst.wishes {
        by_c.entry(w.c.as_str())
            .or_default()
            .push((fidx[w.f.as_str()], w.w));
    }
    let mut load = vec![0usize; inst.funders.len() * t];
    let mut count = vec![0usize; inst.funders.len()];
    let mut order: Vec<usize> = (0..inst.candidates.len()).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let (mut total, mut without) = (0.0, 0);
    for c in order {
        let cand = &inst.candidates[c];
        let mut wishes = by_c.remove(cand.id.as_str()).unwrap_or_default();
        wishes.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut busy = vec![false; t];
        let mut held = 0;
        for (f, w) in wishes {
            let fu = &inst.funders[f];
            if held == cand.max_meetings.unwrap_or(usize::MAX)
                || count[f] == fu.max_meetings.unwrap_or(usize::MAX)
            {
                continue;
            }
            let slot = (0..t).find(|&s| {
                !busy[s]
                    && attends(&cand.available, s)
                    && attends(&fu.available, s)
                    && load[f * t + s] < fu.seats
            });
            if let Some(s) = slot {
                busy[s] = true;
                load[f * t + s] += 1;
                count[f] += 1;
                held += 1;
                total += w;
            }
        }
        if held == 0 {
            without += 1;
        }
    }
    (total, without)
}

fn best_time(runs: usize, inst: &Instance) -> (Duration, Schedule) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let s = std::hint::black_box(solve(inst).unwrap());
        best = best.min(t.elapsed());
        out = Some(s);
    }
    (best, out.unwrap())
}

fn main() {
    let settings = [
        Setting {
            candidates: 60,
            funders: 25,
            slots: 8,
            c_asks: (3, 8),
            f_asks: (2, 6),
            runs: 50,
        },
        Setting {
            candidates: 1000,
            funders: 300,
            slots: 12,
            c_asks: (4, 12),
            f_asks: (5, 20),
            runs: 15,
        },
    ];
    println!(
        "| morning | windows | reps | mode | wishes | time | objective | upper bound | gap | \
         without meeting (bound) | FCFS objective | FCFS without | × FCFS |"
    );
    println!("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for s in &settings {
        for windows in [Windows::No, Windows::Some, Windows::Many] {
            for reps in [false, true] {
                for objective in [Objective::Total, Objective::Fair] {
                    let inst = generate(s, windows, reps, objective, 7);
                    let (time, sched) = best_time(s.runs, &inst);
                    assert!(
                        check(&inst, &sched.meetings).unwrap().is_empty(),
                        "invalid schedule"
                    );
                    let without = inst.candidates.len() - sched.details.candidates_with_meeting;
                    let bound = sched.details.coverage_bound.map_or(String::from("–"), |k| {
                        (inst.candidates.len() - k).to_string()
                    });
                    let (fcfs, fcfs_without) = first_come_first_served(&inst, 11);
                    let gap = 100.0 * (sched.upper_bound - sched.objective) / sched.upper_bound;
                    println!(
                        "| {} × {} × {} | {} | {} | {} | {} | {:.1} ms | {} | {} | {:.3} % | {} ({}) | {} | {} | {:.2} |",
                        s.candidates,
                        s.funders,
                        s.slots,
                        match windows {
                            Windows::No => "no",
                            Windows::Some => "some",
                            Windows::Many => "many",
                        },
                        if reps { "1–3" } else { "1" },
                        match objective {
                            Objective::Total => "total",
                            Objective::Fair => "fair",
                        },
                        inst.wishes.len(),
                        time.as_secs_f64() * 1e3,
                        sched.objective,
                        sched.upper_bound,
                        gap,
                        without,
                        bound,
                        fcfs,
                        fcfs_without,
                        sched.objective / fcfs,
                    );
                }
            }
        }
    }
}
