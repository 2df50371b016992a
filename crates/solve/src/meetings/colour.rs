//! Bipartite edge colouring with Δ colours (König's theorem), by alternating-path recolouring.
//!
//! Edges are coloured one at a time. For edge (u, v), take a colour `a` free at u and `b` free at v. If
//! `a` is also free at v, use it. Otherwise walk from v the path whose edges alternate a, b, a, … and
//! swap a and b along it: the path never reaches u (it enters left nodes through `a` edges and `a` is
//! free at u), so afterwards `a` is free at both ends. O(E · V) worst case, O(E · Δ) typical.

const NONE: u32 = u32::MAX;

/// Colours `edges` (left node, right node) with colours `0..k`; every node's degree must be ≤ k.
pub(crate) fn colour(n_left: usize, n_right: usize, edges: &[(u32, u32)], k: usize) -> Vec<u32> {
    let n = n_left + n_right;
    // at[node * k + colour] = the edge of that colour at the node.
    let mut at = vec![NONE; n * k];
    let mut col = vec![NONE; edges.len()];
    let ends = |e: usize| (edges[e].0 as usize, n_left + edges[e].1 as usize);
    let mut path = Vec::new();
    for e in 0..edges.len() {
        let (u, v) = ends(e);
        let free = |at: &[u32], x: usize| {
            (0..k)
                .find(|&c| at[x * k + c] == NONE)
                .expect("degree exceeds the number of colours")
        };
        let a = free(&at, u);
        if at[v * k + a] != NONE {
            let b = free(&at, v);
            // Collect the a/b path from v, then swap its colours.
            path.clear();
            let (mut x, mut cur) = (v, a);
            while at[x * k + cur] != NONE {
                let g = at[x * k + cur] as usize;
                path.push(g);
                let (p, q) = ends(g);
                x = if p == x { q } else { p };
                cur = if cur == a { b } else { a };
            }
            for &g in &path {
                let (p, q) = ends(g);
                let c = col[g] as usize;
                at[p * k + c] = NONE;
                at[q * k + c] = NONE;
            }
            for &g in &path {
                let (p, q) = ends(g);
                let c = if col[g] as usize == a { b } else { a };
                col[g] = c as u32;
                at[p * k + c] = g as u32;
                at[q * k + c] = g as u32;
            }
        }
        debug_assert!(at[u * k + a] == NONE && at[v * k + a] == NONE);
        col[e] = a as u32;
        at[u * k + a] = e as u32;
        at[v * k + a] = e as u32;
    }
    col
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// Random bipartite graphs with degree ≤ k get a proper colouring with k colours.
    #[test]
    fn proper_with_max_degree_colours() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for _ in 0..300 {
            let (nl, nr, k) = (
                rng.gen_range(1..12),
                rng.gen_range(1..12),
                rng.gen_range(1..6),
            );
            let mut dl = vec![0; nl];
            let mut dr = vec![0; nr];
            let mut edges = Vec::new();
            for _ in 0..rng.gen_range(0..80) {
                let (u, v) = (rng.gen_range(0..nl), rng.gen_range(0..nr));
                if dl[u] < k && dr[v] < k && !edges.contains(&(u as u32, v as u32)) {
                    dl[u] += 1;
                    dr[v] += 1;
                    edges.push((u as u32, v as u32));
                }
            }
            let col = colour(nl, nr, &edges, k);
            let mut seen = std::collections::HashSet::new();
            for (e, &(u, v)) in edges.iter().enumerate() {
                assert!((col[e] as usize) < k);
                assert!(seen.insert((0, u, col[e])), "left clash");
                assert!(seen.insert((1, v, col[e])), "right clash");
            }
        }
    }
}
