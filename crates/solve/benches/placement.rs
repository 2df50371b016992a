//! Youth placement benchmark: 50,000 applicants over 2,000 offers, 5 choices each, skewed popularity,
//! oversubscribed. Times deferred acceptance (best of several runs, one thread), measures its peak heap
//! with a counting allocator, and compares with a textbook implementation run in the same process.
//!
//! Run: `cargo bench -p essor-solve --bench placement`

use essor_solve::placement::{
    deferred_acceptance, solve, solve_json, Applicant, ApplicantSpec, Instance, Offer, OfferSpec,
    Problem,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        CURRENT.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            let now = CURRENT.fetch_add(new - l.size(), Relaxed) + new - l.size();
            PEAK.fetch_max(now, Relaxed);
        } else {
            CURRENT.fetch_sub(l.size() - new, Relaxed);
        }
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const APPLICANTS: usize = 50_000;
const OFFERS: usize = 2_000;
const CHOICES: usize = 5;
const RUNS: usize = 7;

/// Popularity follows a Zipf law (exponent 0.9); capacities 5–25 (about 30,000 places for 50,000
/// applicants); priorities 0–2 with many ties; one offer in ten has its own ranking of most of the
/// applicants who chose it.
fn instance() -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let weights: Vec<f64> = (0..OFFERS)
        .map(|r| 1.0 / ((r + 1) as f64).powf(0.9))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(OFFERS);
    let mut acc = 0.0;
    for w in &weights {
        acc += w / total;
        cumulative.push(acc);
    }
    let applicants: Vec<ApplicantSpec> = (0..APPLICANTS)
        .map(|_| {
            let mut preferences = Vec::with_capacity(CHOICES);
            while preferences.len() < CHOICES {
                let x: f64 = rng.gen();
                let o = cumulative.partition_point(|&c| c < x).min(OFFERS - 1);
                if !preferences.contains(&o) {
                    preferences.push(o);
                }
            }
            let priority = [0.0, 0.0, 0.0, 1.0, 2.0][rng.gen_range(0..5)];
            ApplicantSpec {
                preferences,
                priority,
            }
        })
        .collect();
    let mut choosers: Vec<Vec<usize>> = vec![Vec::new(); OFFERS];
    for (a, ap) in applicants.iter().enumerate() {
        for &o in &ap.preferences {
            choosers[o].push(a);
        }
    }
    let offers = (0..OFFERS)
        .map(|o| {
            let ranking = (rng.gen_range(0..10) == 0).then(|| {
                let mut r: Vec<usize> = choosers[o]
                    .iter()
                    .copied()
                    .filter(|_| rng.gen_range(0..5) != 0)
                    .collect();
                for i in (1..r.len()).rev() {
                    r.swap(i, rng.gen_range(0..=i));
                }
                r
            });
            OfferSpec {
                capacity: rng.gen_range(5..=25),
                ranking,
            }
        })
        .collect();
    Problem {
        seed: 42,
        offers,
        applicants,
    }
}

/// A plain textbook implementation: per-offer HashMap of ranks built by sorting, a FIFO queue of free
/// applicants, and each offer's held list re-sorted when it overflows.
fn textbook(p: &Problem, lottery: &[u64]) -> Vec<Option<usize>> {
    let n = p.applicants.len();
    let mut choosers: Vec<Vec<usize>> = vec![Vec::new(); p.offers.len()];
    for (a, ap) in p.applicants.iter().enumerate() {
        for &o in &ap.preferences {
            choosers[o].push(a);
        }
    }
    let ranks: Vec<HashMap<usize, usize>> = p
        .offers
        .iter()
        .zip(&choosers)
        .map(|(offer, ch)| match &offer.ranking {
            Some(r) => r.iter().enumerate().map(|(i, &a)| (a, i)).collect(),
            None => {
                let mut v = ch.clone();
                v.sort_by(|&a, &b| {
                    p.applicants[b]
                        .priority
                        .total_cmp(&p.applicants[a].priority)
                        .then(lottery[a].cmp(&lottery[b]))
                        .then(a.cmp(&b))
                });
                v.into_iter().enumerate().map(|(i, a)| (a, i)).collect()
            }
        })
        .collect();
    let mut next = vec![0usize; n];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); p.offers.len()];
    let mut queue: VecDeque<usize> = (0..n).collect();
    while let Some(a) = queue.pop_front() {
        let prefs = &p.applicants[a].preferences;
        while next[a] < prefs.len() {
            let o = prefs[next[a]];
            next[a] += 1;
            if !ranks[o].contains_key(&a) {
                continue;
            }
            held[o].push(a);
            if held[o].len() <= p.offers[o].capacity {
                break;
            }
            held[o].sort_by_key(|b| ranks[o][b]);
            let out = held[o].pop().unwrap();
            if out != a {
                queue.push_back(out);
                break;
            }
        }
    }
    let mut got = vec![None; n];
    for (o, h) in held.iter().enumerate() {
        for &a in h {
            got[a] = Some(o);
        }
    }
    got
}

/// Best time over `RUNS` runs, and the peak heap growth during one run.
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, usize, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let r = std::hint::black_box(f());
        best = best.min(t.elapsed());
        out = Some(r);
    }
    drop(out.take());
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let r = f();
    let peak = PEAK.load(Relaxed) - base;
    (best, peak, r)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mib(b: usize) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn main() {
    let p = instance();
    let places: usize = p.offers.iter().map(|o| o.capacity).sum();
    let ranked = p.offers.iter().filter(|o| o.ranking.is_some()).count();
    println!(
        "placement: {APPLICANTS} applicants, {OFFERS} offers ({ranked} with their own ranking), \
         {CHOICES} choices each, {places} places; best of {RUNS} runs, one thread"
    );

    let (t_da, mem_da, m) = measure(|| deferred_acceptance(&p).unwrap());
    let matched = m.offer_of.iter().flatten().count();
    let first = (0..APPLICANTS)
        .filter(|&a| {
            m.offer_of[a].is_some() && m.offer_of[a] == p.applicants[a].preferences.first().copied()
        })
        .count();
    println!(
        "  deferred acceptance (index API): {:8.2} ms, peak heap {:6.2} MiB",
        ms(t_da),
        mib(mem_da)
    );

    let inst = Instance {
        seed: p.seed,
        offers: p
            .offers
            .iter()
            .enumerate()
            .map(|(o, spec)| Offer {
                id: format!("o{o:05}"),
                capacity: spec.capacity,
                ranking: spec
                    .ranking
                    .as_ref()
                    .map(|r| r.iter().map(|a| format!("y{a:06}")).collect()),
            })
            .collect(),
        applicants: p
            .applicants
            .iter()
            .enumerate()
            .map(|(a, spec)| Applicant {
                id: format!("y{a:06}"),
                preferences: spec
                    .preferences
                    .iter()
                    .map(|o| format!("o{o:05}"))
                    .collect(),
                priority: spec.priority,
            })
            .collect(),
    };
    let (t_ids, mem_ids, _) = measure(|| solve(&inst).unwrap());
    println!(
        "  string-id API (solve):           {:8.2} ms, peak heap {:6.2} MiB",
        ms(t_ids),
        mib(mem_ids)
    );
    let text = instance_json(&inst);
    let (t_json, mem_json, _) = measure(|| solve_json(&text).unwrap());
    println!(
        "  JSON in → JSON out ({:.1} MB):    {:8.2} ms, peak heap {:6.2} MiB",
        text.len() as f64 / 1e6,
        ms(t_json),
        mib(mem_json)
    );

    let (t_base, mem_base, got) = measure(|| textbook(&p, &m.lottery));
    assert_eq!(
        got, m.offer_of,
        "the baseline finds the same stable matching"
    );
    println!(
        "  textbook baseline:               {:8.2} ms, peak heap {:6.2} MiB",
        ms(t_base),
        mib(mem_base)
    );
    println!(
        "  speed-up over the baseline: {:.1}x time, {:.1}x memory; matched {matched} \
         ({first} on their first choice), unmatched {}",
        t_base.as_secs_f64() / t_da.as_secs_f64(),
        mem_base as f64 / mem_da as f64,
        APPLICANTS - matched
    );
}

fn instance_json(inst: &Instance) -> String {
    let offers: Vec<serde_json::Value> = inst
        .offers
        .iter()
        .map(|o| match &o.ranking {
            Some(r) => serde_json::json!({"id": o.id, "capacity": o.capacity, "ranking": r}),
            None => serde_json::json!({"id": o.id, "capacity": o.capacity}),
        })
        .collect();
    let applicants: Vec<serde_json::Value> = inst
        .applicants
        .iter()
        .map(|a| serde_json::json!({"id": a.id, "preferences": a.preferences, "priority": a.priority}))
        .collect();
    serde_json::json!({"seed": inst.seed, "offers": offers, "applicants": applicants}).to_string()
}
