//! Placement of young people on offers with limited places: applicant-proposing deferred acceptance
//! (Gale–Shapley), the mechanism Affelnet uses and the one that is strategy-proof for the applicants.
//!
//! * Each offer ranks applicants by its own `ranking` when it has one (applicants it does not list are not
//!   acceptable to it), otherwise by `priority` (higher first), ties broken by a lottery.
//! * **Lottery (single tie-breaking).** Every applicant draws one number, shared by all offers: the
//!   generator is `ChaCha8Rng::seed_from_u64(seed)` and the applicants, taken in index order, receive its
//!   successive `next_u64()` outputs; the smaller number wins a tie. The string-id API (and the JSON
//!   entry point) numbers applicants in increasing order of id, so the lottery — and the whole result —
//!   depends on the seed and the set of ids, never on the order of the input file. A single draw for all
//!   offers (rather than one per offer) is what avoids the avoidable inefficiencies of multiple
//!   tie-breaking and keeps the outcome explainable: "your number is N".
//! * The result is the applicant-optimal stable matching: every applicant gets the best offer they can
//!   have in any stable matching, and no applicant–offer pair both prefer each other to what they got.
//!
//! Runs in O(P log C) for P listed preferences and C the largest capacity, on flat arrays.

use crate::cli::InputError;
use crate::meetings::json::{self, Obj};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------------------
// Index-based API
// ---------------------------------------------------------------------------------------------------------

/// An offer, for the index-based API.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSpec {
    pub capacity: usize,
    /// The offer's own order of applicants (indices), best first; applicants not listed are not
    /// acceptable. `None`: rank by priority, then lottery.
    pub ranking: Option<Vec<usize>>,
}

/// An applicant, for the index-based API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicantSpec {
    /// Offer indices, best first.
    pub preferences: Vec<usize>,
    /// Higher is served first by offers without a ranking.
    pub priority: f64,
}

/// A placement instance with applicants and offers designated by their index.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub seed: u64,
    pub offers: Vec<OfferSpec>,
    pub applicants: Vec<ApplicantSpec>,
}

/// Where an applicant stands in an offer's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Standing {
    /// Position in the offer's own ranking, 0 = first.
    Ranked(usize),
    /// Priority, then lottery number (smaller wins).
    Priority { priority: f64, lottery: u64 },
}

impl Standing {
    /// `Less` when `self` is preferred by the offer (both standings must come from the same offer).
    pub fn cmp_offer(&self, other: &Standing) -> Ordering {
        match (self, other) {
            (Standing::Ranked(a), Standing::Ranked(b)) => a.cmp(b),
            (
                Standing::Priority {
                    priority: p,
                    lottery: l,
                },
                Standing::Priority {
                    priority: q,
                    lottery: m,
                },
            ) => ordered_bits(*q).cmp(&ordered_bits(*p)).then(l.cmp(m)),
            // Never happens within one offer; keep a total order anyway.
            (Standing::Ranked(_), Standing::Priority { .. }) => Ordering::Less,
            (Standing::Priority { .. }, Standing::Ranked(_)) => Ordering::Greater,
        }
    }
}

/// The outcome of deferred acceptance.
#[derive(Debug, Clone, PartialEq)]
pub struct Matching {
    /// For each applicant, the offer they got.
    pub offer_of: Vec<Option<usize>>,
    /// Each applicant's lottery number (smaller wins ties).
    pub lottery: Vec<u64>,
    /// For each offer that is full, the standing of the last admitted applicant: an applicant who wanted
    /// the offer more than what they got stands below this cutoff (or was not acceptable). `None` when
    /// the offer still has free places.
    pub cutoffs: Vec<Option<Standing>>,
    // Flat preferences with the offer's rank of the applicant, kept for `explain`.
    starts: Vec<u32>,
    rank: Vec<u32>,
    global_rank: Vec<u32>,
}

/// Why an applicant did not get an offer they preferred to their placement.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// The offer has a ranking that does not list the applicant.
    NotAcceptable,
    /// The offer has no places at all.
    NoPlaces,
    /// The offer is full of applicants it ranks higher: `cutoff` is its last admitted applicant.
    Full { cutoff: Standing, yours: Standing },
}

/// One offer the applicant preferred and why it went to others.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal<Id> {
    pub offer: Id,
    pub reason: Reason,
}

/// Why an applicant got what they got.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<Id> {
    pub got: Option<Id>,
    pub lottery: u64,
    /// Every offer listed before `got` (all of them when unmatched), in preference order.
    pub refused: Vec<Refusal<Id>>,
}

const NONE: u32 = u32::MAX;

fn bad(msg: String) -> InputError {
    InputError(msg)
}

/// Applicant-proposing deferred acceptance on an index-based instance.
pub fn deferred_acceptance(p: &Problem) -> Result<Matching, InputError> {
    let n = p.applicants.len();
    let m = p.offers.len();
    if n >= NONE as usize || m >= NONE as usize {
        return Err(bad("too many applicants or offers".into()));
    }
    let total: usize = p.applicants.iter().map(|a| a.preferences.len()).sum();
    if total >= NONE as usize {
        return Err(bad("too many preferences".into()));
    }

    // Flat preference lists, validated with a per-offer stamp (catches repeats in O(1)).
    let mut starts = Vec::with_capacity(n + 1);
    let mut pref = Vec::with_capacity(total);
    let mut stamp = vec![NONE; m];
    starts.push(0u32);
    for (a, ap) in p.applicants.iter().enumerate() {
        if !ap.priority.is_finite() {
            return Err(bad(format!(
                "applicants[{a}].priority: must be a finite number"
            )));
        }
        for &o in &ap.preferences {
            if o >= m {
                return Err(bad(format!(
                    "applicants[{a}].preferences: unknown offer {o}"
                )));
            }
            if stamp[o] == a as u32 {
                return Err(bad(format!(
                    "applicants[{a}].preferences: offer {o} listed twice"
                )));
            }
            stamp[o] = a as u32;
            pref.push(o as u32);
        }
        starts.push(pref.len() as u32);
    }

    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let lottery: Vec<u64> = (0..n).map(|_| rng.next_u64()).collect();

    // One global order serves every offer without a ranking: priority desc, lottery asc, index asc.
    let mut by_priority: Vec<(u64, u64, u32)> = p
        .applicants
        .iter()
        .enumerate()
        .map(|(a, ap)| (!ordered_bits(ap.priority), lottery[a], a as u32))
        .collect();
    by_priority.sort_unstable();
    let mut global_rank = vec![0u32; n];
    for (r, &(_, _, a)) in by_priority.iter().enumerate() {
        global_rank[a as usize] = r as u32;
    }
    drop(by_priority);

    // rank[k]: how the offer of preference k ranks its applicant (NONE = not acceptable).
    let mut rank = vec![0u32; total];
    for a in 0..n {
        rank[starts[a] as usize..starts[a + 1] as usize].fill(global_rank[a]);
    }
    let has_ranking = p.offers.iter().any(|o| o.ranking.is_some());
    if has_ranking {
        fill_ranking_ranks(p, &starts, &pref, &mut rank)?;
    }

    // Each offer's admitted applicants live in its own window of one flat array, as a max-heap of
    // (rank << 32 | applicant): the top is the applicant to evict. The window is clipped to the number of
    // acceptable proposers, so the whole array never exceeds P.
    let mut demand = vec![0u32; m];
    for (k, &o) in pref.iter().enumerate() {
        if rank[k] != NONE {
            demand[o as usize] += 1;
        }
    }
    let mut hstart = Vec::with_capacity(m + 1);
    let mut cap = vec![0u32; m];
    let mut acc = 0usize;
    for o in 0..m {
        hstart.push(acc);
        cap[o] = p.offers[o].capacity.min(demand[o] as usize) as u32;
        acc += cap[o] as usize;
    }
    hstart.push(acc);
    let mut heap = vec![0u64; acc];
    let mut hlen = vec![0u32; m];
    let mut next: Vec<u32> = starts[..n].to_vec();
    let mut free: Vec<u32> = (0..n as u32).rev().collect();

    // The order in which free applicants propose does not change the result (the applicant-optimal
    // stable matching is unique); a stack is simply the cheapest.
    while let Some(a) = free.pop() {
        let end = starts[a as usize + 1];
        let mut k = next[a as usize];
        while k < end {
            let o = pref[k as usize] as usize;
            let r = rank[k as usize];
            k += 1;
            if r == NONE || cap[o] == 0 {
                continue;
            }
            let key = (u64::from(r) << 32) | u64::from(a);
            let h = &mut heap[hstart[o]..hstart[o + 1]];
            let len = hlen[o] as usize;
            if len < h.len() {
                heap_push(&mut h[..len + 1], key);
                hlen[o] += 1;
                break;
            }
            if key < h[0] {
                let out = h[0] as u32;
                h[0] = key;
                sift_down(h, 0);
                free.push(out);
                break;
            }
        }
        next[a as usize] = k;
    }

    let mut offer_of = vec![None; n];
    let mut cutoffs = vec![None; m];
    for o in 0..m {
        let h = &heap[hstart[o]..hstart[o] + hlen[o] as usize];
        for &key in h {
            offer_of[(key as u32) as usize] = Some(o);
        }
        if p.offers[o].capacity > 0 && hlen[o] as usize == p.offers[o].capacity {
            let worst = h[0];
            cutoffs[o] = Some(standing(
                p,
                &lottery,
                o,
                (worst >> 32) as u32,
                (worst as u32) as usize,
            ));
        }
    }
    Ok(Matching {
        offer_of,
        lottery,
        cutoffs,
        starts,
        rank,
        global_rank,
    })
}

/// Replaces the priority ranks of offers that have their own ranking by the position in it, through an
/// offer → (applicant, preference slot) index, in O(n + m + P + total ranking length).
fn fill_ranking_ranks(
    p: &Problem,
    starts: &[u32],
    pref: &[u32],
    rank: &mut [u32],
) -> Result<(), InputError> {
    let n = p.applicants.len();
    let m = p.offers.len();
    let mut ostart = vec![0u32; m + 1];
    for &o in pref {
        if p.offers[o as usize].ranking.is_some() {
            ostart[o as usize + 1] += 1;
        }
    }
    for o in 0..m {
        ostart[o + 1] += ostart[o];
    }
    let mut fill = ostart.clone();
    let mut entries = vec![(0u32, 0u32); ostart[m] as usize];
    for a in 0..n {
        for k in starts[a]..starts[a + 1] {
            let o = pref[k as usize] as usize;
            if p.offers[o].ranking.is_some() {
                entries[fill[o] as usize] = (a as u32, k);
                fill[o] += 1;
            }
        }
    }
    let mut pos = vec![NONE; n];
    for (o, offer) in p.offers.iter().enumerate() {
        let Some(ranking) = &offer.ranking else {
            continue;
        };
        if ranking.len() >= NONE as usize {
            return Err(bad(format!("offers[{o}].ranking: too long")));
        }
        for (i, &a) in ranking.iter().enumerate() {
            if a >= n {
                return Err(bad(format!("offers[{o}].ranking: unknown applicant {a}")));
            }
            if pos[a] != NONE {
                return Err(bad(format!(
                    "offers[{o}].ranking: applicant {a} listed twice"
                )));
            }
            pos[a] = i as u32;
        }
        for &(a, k) in &entries[ostart[o] as usize..ostart[o + 1] as usize] {
            rank[k as usize] = pos[a as usize];
        }
        for &a in ranking {
            pos[a] = NONE;
        }
    }
    Ok(())
}

/// Maps a finite float to an integer with the same order, so sorting compares plain integers.
fn ordered_bits(x: f64) -> u64 {
    let b = (x + 0.0).to_bits(); // + 0.0 turns -0.0 into 0.0
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

fn standing(p: &Problem, lottery: &[u64], o: usize, r: u32, a: usize) -> Standing {
    if p.offers[o].ranking.is_some() {
        Standing::Ranked(r as usize)
    } else {
        Standing::Priority {
            priority: p.applicants[a].priority,
            lottery: lottery[a],
        }
    }
}

fn heap_push(h: &mut [u64], key: u64) {
    let mut i = h.len() - 1;
    h[i] = key;
    while i > 0 {
        let parent = (i - 1) / 2;
        if h[parent] >= h[i] {
            break;
        }
        h.swap(parent, i);
        i = parent;
    }
}

fn sift_down(h: &mut [u64], mut i: usize) {
    loop {
        let l = 2 * i + 1;
        if l >= h.len() {
            return;
        }
        let c = if l + 1 < h.len() && h[l + 1] > h[l] {
            l + 1
        } else {
            l
        };
        if h[i] >= h[c] {
            return;
        }
        h.swap(i, c);
        i = c;
    }
}

/// Why applicant `a` got what they got: for every offer they listed before it, the reason it went to
/// others. `m` must come from `deferred_acceptance(p)`.
pub fn explain(p: &Problem, m: &Matching, a: usize) -> Explanation<usize> {
    let got = m.offer_of[a];
    let mut refused = Vec::new();
    for k in m.starts[a] as usize..m.starts[a + 1] as usize {
        let o = p.applicants[a].preferences[k - m.starts[a] as usize];
        if Some(o) == got {
            break;
        }
        let reason = if m.rank[k] == NONE {
            Reason::NotAcceptable
        } else if p.offers[o].capacity == 0 {
            Reason::NoPlaces
        } else {
            let yours = standing(p, &m.lottery, o, m.rank[k], a);
            // Stability guarantees the offer is full of applicants it ranks higher.
            let cutoff =
                m.cutoffs[o].expect("a preferred, acceptable offer is full in a stable matching");
            debug_assert_eq!(cutoff.cmp_offer(&yours), Ordering::Less);
            Reason::Full { cutoff, yours }
        };
        refused.push(Refusal { offer: o, reason });
    }
    Explanation {
        got,
        lottery: m.lottery[a],
        refused,
    }
}

impl Matching {
    /// The position of applicant `a` in the priority-then-lottery order shared by offers without a
    /// ranking (0 = served first).
    pub fn priority_rank(&self, a: usize) -> usize {
        self.global_rank[a] as usize
    }
}

// ---------------------------------------------------------------------------------------------------------
// String-id API (the JSON format's)
// ---------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub id: String,
    pub capacity: usize,
    pub ranking: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Applicant {
    pub id: String,
    pub preferences: Vec<String>,
    /// Absent in JSON = 0.
    pub priority: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub seed: u64,
    pub offers: Vec<Offer>,
    pub applicants: Vec<Applicant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub applicant: String,
    pub offer: String,
}

/// The result in the JSON format: matches and unmatched applicants, both in increasing applicant id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub matches: Vec<Match>,
    pub unmatched: Vec<String>,
}

/// A solved instance: the placement, and explanations on demand.
#[derive(Debug, Clone)]
pub struct Solved {
    pub problem: Problem,
    pub matching: Matching,
    /// Internal applicant index → id (increasing ids).
    pub applicant_ids: Vec<String>,
    pub offer_ids: Vec<String>,
    applicant_index: HashMap<String, usize>,
}

/// Validates ids and solves. Applicants are numbered in increasing id order (see the module doc).
pub fn solve(inst: &Instance) -> Result<Solved, InputError> {
    let mut offer_index = HashMap::with_capacity(inst.offers.len());
    for o in &inst.offers {
        if offer_index
            .insert(o.id.as_str(), offer_index.len())
            .is_some()
        {
            return Err(bad(format!("offers: duplicate id `{}`", o.id)));
        }
    }
    let mut order: Vec<usize> = (0..inst.applicants.len()).collect();
    order.sort_unstable_by(|&a, &b| inst.applicants[a].id.cmp(&inst.applicants[b].id));
    for w in order.windows(2) {
        if inst.applicants[w[0]].id == inst.applicants[w[1]].id {
            return Err(bad(format!(
                "applicants: duplicate id `{}`",
                inst.applicants[w[0]].id
            )));
        }
    }
    let applicant_index: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(i, &a)| (inst.applicants[a].id.clone(), i))
        .collect();

    let mut applicants = Vec::with_capacity(order.len());
    let mut stamp = vec![usize::MAX; inst.offers.len()];
    for &a in &order {
        let ap = &inst.applicants[a];
        let mut prefs = Vec::with_capacity(ap.preferences.len());
        for o in &ap.preferences {
            let Some(&i) = offer_index.get(o.as_str()) else {
                return Err(bad(format!(
                    "applicant `{}`: preferences: unknown offer `{o}`",
                    ap.id
                )));
            };
            if stamp[i] == a {
                return Err(bad(format!(
                    "applicant `{}`: preferences: offer `{o}` listed twice",
                    ap.id
                )));
            }
            stamp[i] = a;
            prefs.push(i);
        }
        if !ap.priority.is_finite() {
            return Err(bad(format!(
                "applicant `{}`: priority must be a finite number",
                ap.id
            )));
        }
        applicants.push(ApplicantSpec {
            preferences: prefs,
            priority: ap.priority,
        });
    }
    let mut offers = Vec::with_capacity(inst.offers.len());
    for o in &inst.offers {
        let ranking = match &o.ranking {
            None => None,
            Some(list) => {
                let mut seen = std::collections::HashSet::with_capacity(list.len());
                let mut r = Vec::with_capacity(list.len());
                for y in list {
                    let Some(&i) = applicant_index.get(y) else {
                        return Err(bad(format!(
                            "offer `{}`: ranking: unknown applicant `{y}`",
                            o.id
                        )));
                    };
                    if !seen.insert(i) {
                        return Err(bad(format!(
                            "offer `{}`: ranking: applicant `{y}` listed twice",
                            o.id
                        )));
                    }
                    r.push(i);
                }
                Some(r)
            }
        };
        offers.push(OfferSpec {
            capacity: o.capacity,
            ranking,
        });
    }
    let problem = Problem {
        seed: inst.seed,
        offers,
        applicants,
    };
    let matching = deferred_acceptance(&problem)?;
    Ok(Solved {
        problem,
        matching,
        applicant_ids: order
            .iter()
            .map(|&a| inst.applicants[a].id.clone())
            .collect(),
        offer_ids: inst.offers.iter().map(|o| o.id.clone()).collect(),
        applicant_index,
    })
}

impl Solved {
    pub fn placement(&self) -> Placement {
        let mut matches = Vec::new();
        let mut unmatched = Vec::new();
        for (a, got) in self.matching.offer_of.iter().enumerate() {
            match got {
                Some(o) => matches.push(Match {
                    applicant: self.applicant_ids[a].clone(),
                    offer: self.offer_ids[*o].clone(),
                }),
                None => unmatched.push(self.applicant_ids[a].clone()),
            }
        }
        Placement { matches, unmatched }
    }

    /// Why applicant `id` got what they got; `None` for an unknown id.
    pub fn explain(&self, id: &str) -> Option<Explanation<String>> {
        let &a = self.applicant_index.get(id)?;
        let e = explain(&self.problem, &self.matching, a);
        Some(Explanation {
            got: e.got.map(|o| self.offer_ids[o].clone()),
            lottery: e.lottery,
            refused: e
                .refused
                .into_iter()
                .map(|r| Refusal {
                    offer: self.offer_ids[r.offer].clone(),
                    reason: r.reason,
                })
                .collect(),
        })
    }
}

/// Reads an instance in the JSON format of `shared/formats/solvers.md`.
pub fn parse_instance(input: &str) -> Result<Instance, InputError> {
    let v = json::parse(input)?;
    let top = Obj::new(&v, "", &["seed", "offers", "applicants"])?;
    let seed = top.req::<u64>("seed")?;
    let mut offers = Vec::new();
    for (i, o) in top.list("offers")?.iter().enumerate() {
        let o = Obj::new(o, &format!("offers[{i}]"), &["id", "capacity", "ranking"])?;
        offers.push(Offer {
            id: o.req("id")?,
            capacity: o.req("capacity")?,
            ranking: o.opt("ranking")?,
        });
    }
    let mut applicants = Vec::new();
    for (i, a) in top.list("applicants")?.iter().enumerate() {
        let a = Obj::new(
            a,
            &format!("applicants[{i}]"),
            &["id", "preferences", "priority"],
        )?;
        applicants.push(Applicant {
            id: a.req("id")?,
            preferences: a.req("preferences")?,
            priority: a.opt("priority")?.unwrap_or(0.0),
        });
    }
    Ok(Instance {
        seed,
        offers,
        applicants,
    })
}

/// `essor solve placement`: JSON instance in, JSON result out.
pub fn solve_json(input: &str) -> Result<String, InputError> {
    let inst = parse_instance(input)?;
    let solved = solve(&inst)?;
    serde_json::to_string(&solved.placement()).map_err(|e| InputError(format!("output: {e}")))
}
