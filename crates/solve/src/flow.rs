//! Min-cost flow: successive shortest paths with Johnson potentials, and cost scaling.
//!
//! The network keeps a pseudoflow and node potentials `pot` such that every residual arc has a
//! non-negative reduced cost `cost + pot[from] - pot[to]`; a flow with that property is a
//! minimum-cost flow for its value (and, for supplies, for its imbalances). Each step runs Dijkstra
//! on reduced costs from a node with excess and augments along a shortest path, which keeps the
//! property; potentials are updated only on the nodes Dijkstra settled (`pot += dist - D`), which is
//! the usual `min(dist, D)` update shifted by a constant, so early termination is exact.
//!
//! Initial potentials: zero when no arc has a negative cost, shortest distances in topological
//! order when the arcs form a DAG, else Bellman-Ford (queue based). If that finds a negative cycle,
//! every negative arc is saturated instead and the resulting imbalances are routed back at minimum
//! cost, so the answers stay exact in that case too.
//!
//! Edges added after a solve are saturated when their reduced cost is negative (the same trick),
//! so a solve can be resumed after adding edges, which column generation in `assign` relies on.
//!
//! Supplies (`add_supply`) can also be routed by `solve_supplies_scaling`: a max-flow (Dinic)
//! settles feasibility, then Goldberg–Tarjan cost scaling (push-relabel, ε divided by 8 per phase,
//! costs multiplied by n + 1 so that the last, 1-optimal phase is optimal) and a Bellman-Ford pass
//! from the final prices restore exact potentials. Shortest paths need one Dijkstra per unit of
//! flow, which is slow when many units compete for the same arcs; scaling is not.
//!
//! Arcs are stored as flat arrays in CSR order (rebuilt lazily after edges are added).
//! Overflow: costs must satisfy `|cost| * nodes * (total flow + 1) < 2^62`, and for
//! `solve_supplies_scaling` also `|cost| * 4 * (nodes + 1)^2 < 2^62`.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const INF: i64 = i64::MAX / 4;
const NONE: u32 = u32::MAX;

/// A min-cost flow network with integer capacities and costs.
#[derive(Debug, Clone)]
pub struct MinCostFlow {
    n: usize,
    // User edges, by id.
    e_from: Vec<u32>,
    e_to: Vec<u32>,
    e_cap: Vec<i64>,
    e_cost: Vec<i64>,
    built: usize,
    // CSR arcs: the out-arcs of node `u` are `start[u]..start[u + 1]`.
    start: Vec<u32>,
    a_to: Vec<u32>,
    a_cap: Vec<i64>,
    a_cost: Vec<i64>,
    a_rev: Vec<u32>,
    /// Forward arc of each built edge; its reverse is `a_rev[e_arc[id]]`.
    e_arc: Vec<u32>,
    pot: Vec<i64>,
    pot_ready: bool,
    /// Inflow minus outflow minus supply: positive must leave the node, negative must arrive.
    excess: Vec<i64>,
    total_cost: i64,
    // Dijkstra scratch.
    dist: Vec<i64>,
    parent: Vec<u32>,
    done: Vec<bool>,
    touched: Vec<u32>,
    settled: Vec<u32>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
}

/// Supplies could not all be routed: `node` still has excess and reaches no node that needs flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stuck {
    pub node: usize,
}

#[derive(Clone, Copy)]
enum Target {
    Node(usize),
    Deficit,
}

impl MinCostFlow {
    pub fn new(nodes: usize) -> Self {
        assert!(nodes < NONE as usize, "too many nodes");
        MinCostFlow {
            n: nodes,
            e_from: Vec::new(),
            e_to: Vec::new(),
            e_cap: Vec::new(),
            e_cost: Vec::new(),
            built: 0,
            start: vec![0; nodes + 1],
            a_to: Vec::new(),
            a_cap: Vec::new(),
            a_cost: Vec::new(),
            a_rev: Vec::new(),
            e_arc: Vec::new(),
            pot: vec![0; nodes],
            pot_ready: false,
            excess: vec![0; nodes],
            total_cost: 0,
            dist: vec![INF; nodes],
            parent: vec![NONE; nodes],
            done: vec![false; nodes],
            touched: Vec::new(),
            settled: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.n
    }

    pub fn edge_count(&self) -> usize {
        self.e_from.len()
    }

    /// Adds a directed edge with capacity `cap` and cost per unit `cost`; returns its id.
    pub fn add_edge(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> usize {
        assert!(from < self.n && to < self.n, "edge endpoint out of range");
        assert!(cap >= 0, "negative capacity");
        let id = self.e_from.len();
        assert!(2 * id + 2 < NONE as usize, "too many edges");
        self.e_from.push(from as u32);
        self.e_to.push(to as u32);
        self.e_cap.push(cap);
        self.e_cost.push(cost);
        id
    }

    /// Flow currently on edge `edge`.
    pub fn flow(&self, edge: usize) -> i64 {
        if edge >= self.built {
            0
        } else {
            self.e_cap[edge] - self.a_cap[self.e_arc[edge] as usize]
        }
    }

    /// Total cost of the current flow.
    pub fn cost(&self) -> i64 {
        self.total_cost
    }

    /// Node potential (dual value) after a successful solve: every residual arc has
    /// `cost + potential(from) - potential(to) >= 0`.
    pub fn potential(&self, node: usize) -> i64 {
        self.pot[node]
    }

    /// Excess still to be routed at `node` (positive: must leave; negative: must arrive).
    pub fn excess(&self, node: usize) -> i64 {
        self.excess[node]
    }

    /// Adds `amount` units of supply at `node` (negative: demand), routed by `solve_supplies`.
    pub fn add_supply(&mut self, node: usize, amount: i64) {
        self.excess[node] += amount;
    }

    /// Routes all pending supplies at minimum cost; returns the change in total cost.
    /// On `Err`, the flow is still of minimum cost for the imbalances it leaves.
    pub fn solve_supplies(&mut self) -> Result<i64, Stuck> {
        let before = self.total_cost;
        self.prepare();
        match self.route_excess(true).first() {
            Some(&node) => Err(Stuck { node }),
            None => Ok(self.total_cost - before),
        }
    }

    /// Routes all pending supplies at minimum cost by cost scaling (Goldberg–Tarjan push-relabel,
    /// ε divided by 8 per phase) instead of shortest paths: much faster when many units compete for
    /// the same arcs. Feasibility is settled first by a max-flow (Dinic). On `Err`, as much as
    /// possible has been routed (at no particular cost) and no residual path leads from `node` to a
    /// node that still needs flow. On `Ok`, potentials are exact again, so every other method can
    /// continue from this flow.
    pub fn solve_supplies_scaling(&mut self) -> Result<i64, Stuck> {
        let before = self.total_cost;
        self.prepare_arcs();
        if let Some(node) = self.route_max_flow() {
            self.pot_ready = false;
            return Err(Stuck { node });
        }
        self.cost_scaling();
        Ok(self.total_cost - before)
    }

    /// Nodes reachable from any of `sources` through arcs with residual capacity.
    pub fn residual_reachable(&mut self, sources: &[usize]) -> Vec<bool> {
        self.prepare_arcs();
        let mut seen = vec![false; self.n];
        let mut stack: Vec<u32> = sources.iter().map(|&v| v as u32).collect();
        for &v in sources {
            seen[v] = true;
        }
        while let Some(u) = stack.pop() {
            let u = u as usize;
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                let v = self.a_to[a] as usize;
                if self.a_cap[a] > 0 && !seen[v] {
                    seen[v] = true;
                    stack.push(v as u32);
                }
            }
        }
        seen
    }

    /// Sends flow from s to t, at most `limit` units, at minimum total cost among flows of the sent
    /// value; returns (flow, cost) of this call (cost includes any rerouting of pending imbalances).
    pub fn min_cost_flow(&mut self, s: usize, t: usize, limit: i64) -> (i64, i64) {
        self.st_flow(s, t, limit, false)
    }

    /// Like min_cost_flow but stops as soon as the next augmenting path has non-negative cost
    /// (i.e. min-cost flow of any value); returns (flow, cost).
    pub fn min_cost_any_flow(&mut self, s: usize, t: usize) -> (i64, i64) {
        self.st_flow(s, t, i64::MAX, true)
    }

    fn st_flow(&mut self, s: usize, t: usize, limit: i64, stop_nonneg: bool) -> (i64, i64) {
        assert!(s < self.n && t < self.n, "node out of range");
        let before = self.total_cost;
        self.prepare();
        // Route pending imbalances first (from saturated arcs: always possible; from supplies:
        // as far as possible).
        self.route_excess(false);
        let mut sent = 0;
        if s == t {
            return (0, self.total_cost - before);
        }
        while sent < limit {
            let Some(y) = self.dijkstra(s, Target::Node(t)) else {
                break;
            };
            self.update_potentials(y);
            // Every path of zero reduced cost now has real cost pot[t] - pot[s].
            if stop_nonneg && self.pot[t] - self.pot[s] >= 0 {
                break;
            }
            sent += self.blocking_flow(s, t, limit - sent);
        }
        (sent, self.total_cost - before)
    }

    /// Builds CSR arrays and initial potentials if needed.
    fn prepare(&mut self) {
        self.prepare_arcs();
        if !self.pot_ready {
            self.init_potentials();
            self.pot_ready = true;
        }
    }

    /// Builds CSR arrays if edges were added, keeping reduced costs non-negative.
    fn prepare_arcs(&mut self) {
        let old = self.built;
        if old < self.e_from.len() {
            self.rebuild();
            if self.pot_ready {
                // Keep reduced costs non-negative: saturate new edges that are negative.
                for e in old..self.built {
                    let a = self.e_arc[e] as usize;
                    let u = self.e_from[e] as usize;
                    let c = self.a_cap[a];
                    if c > 0 && self.a_cost[a] + self.pot[u] - self.pot[self.a_to[a] as usize] < 0 {
                        self.push(a, u, c);
                    }
                }
            }
        }
    }

    fn rebuild(&mut self) {
        let m = self.e_from.len();
        let flows: Vec<i64> = (0..m).map(|e| self.flow(e)).collect();
        let mut start = vec![0u32; self.n + 1];
        for e in 0..m {
            start[self.e_from[e] as usize + 1] += 1;
            start[self.e_to[e] as usize + 1] += 1;
        }
        for u in 0..self.n {
            start[u + 1] += start[u];
        }
        let mut fill: Vec<u32> = start[..self.n].to_vec();
        let mut a_to = vec![0u32; 2 * m];
        let mut a_cap = vec![0i64; 2 * m];
        let mut a_cost = vec![0i64; 2 * m];
        let mut a_rev = vec![0u32; 2 * m];
        let mut e_arc = vec![0u32; m];
        for e in 0..m {
            let (u, v) = (self.e_from[e] as usize, self.e_to[e] as usize);
            let fa = fill[u] as usize;
            fill[u] += 1;
            let ra = fill[v] as usize;
            fill[v] += 1;
            a_to[fa] = v as u32;
            a_cap[fa] = self.e_cap[e] - flows[e];
            a_cost[fa] = self.e_cost[e];
            a_rev[fa] = ra as u32;
            a_to[ra] = u as u32;
            a_cap[ra] = flows[e];
            a_cost[ra] = -self.e_cost[e];
            a_rev[ra] = fa as u32;
            e_arc[e] = fa as u32;
        }
        self.start = start;
        self.a_to = a_to;
        self.a_cap = a_cap;
        self.a_cost = a_cost;
        self.a_rev = a_rev;
        self.e_arc = e_arc;
        self.built = m;
    }

    fn init_potentials(&mut self) {
        self.pot.iter_mut().for_each(|p| *p = 0);
        let negative = (0..self.a_to.len()).any(|a| self.a_cap[a] > 0 && self.a_cost[a] < 0);
        if !negative {
            return;
        }
        if self.dag_potentials() || self.bellman_ford_potentials() {
            return;
        }
        // Negative cycle: saturate every negative arc; potentials zero are then valid.
        self.pot.iter_mut().for_each(|p| *p = 0);
        for u in 0..self.n {
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                let c = self.a_cap[a];
                if c > 0 && self.a_cost[a] < 0 {
                    self.push(a, u, c);
                }
            }
        }
    }

    /// Shortest distances from a virtual root (0 to every node) in topological order, if a DAG.
    fn dag_potentials(&mut self) -> bool {
        let mut indeg = vec![0u32; self.n];
        for a in 0..self.a_to.len() {
            if self.a_cap[a] > 0 {
                indeg[self.a_to[a] as usize] += 1;
            }
        }
        let mut order: Vec<u32> = (0..self.n as u32)
            .filter(|&v| indeg[v as usize] == 0)
            .collect();
        let mut i = 0;
        while i < order.len() {
            let u = order[i] as usize;
            i += 1;
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                if self.a_cap[a] > 0 {
                    let v = self.a_to[a] as usize;
                    indeg[v] -= 1;
                    if indeg[v] == 0 {
                        order.push(v as u32);
                    }
                }
            }
        }
        if order.len() < self.n {
            return false;
        }
        for &u in &order {
            let u = u as usize;
            let pu = self.pot[u];
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                if self.a_cap[a] > 0 {
                    let v = self.a_to[a] as usize;
                    self.pot[v] = self.pot[v].min(pu + self.a_cost[a]);
                }
            }
        }
        true
    }

    /// Queue-based Bellman-Ford from a virtual root; false on a negative cycle.
    fn bellman_ford_potentials(&mut self) -> bool {
        let n = self.n;
        let mut hops = vec![0usize; n];
        let mut queued = vec![true; n];
        let mut queue: std::collections::VecDeque<u32> = (0..n as u32).collect();
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            queued[u] = false;
            let pu = self.pot[u];
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                if self.a_cap[a] <= 0 {
                    continue;
                }
                let v = self.a_to[a] as usize;
                let nd = pu + self.a_cost[a];
                if nd < self.pot[v] {
                    self.pot[v] = nd;
                    hops[v] = hops[u] + 1;
                    if hops[v] > n {
                        return false;
                    }
                    if !queued[v] {
                        queued[v] = true;
                        queue.push_back(v as u32);
                    }
                }
            }
        }
        true
    }

    /// Pushes `f` units on arc `a` leaving node `u`.
    #[inline]
    fn push(&mut self, a: usize, u: usize, f: i64) {
        let v = self.a_to[a] as usize;
        self.a_cap[a] -= f;
        self.a_cap[self.a_rev[a] as usize] += f;
        self.excess[u] -= f;
        self.excess[v] += f;
        self.total_cost += f * self.a_cost[a];
    }

    /// Routes positive excesses to negative ones along shortest paths; returns the nodes whose
    /// excess could not be routed (only the first one when `stop_when_stuck`).
    fn route_excess(&mut self, stop_when_stuck: bool) -> Vec<usize> {
        let mut stuck = Vec::new();
        for x in 0..self.n {
            while self.excess[x] > 0 {
                let Some(y) = self.dijkstra(x, Target::Deficit) else {
                    stuck.push(x);
                    if stop_when_stuck {
                        return stuck;
                    }
                    break;
                };
                self.update_potentials(y);
                let mut f = self.excess[x].min(-self.excess[y]);
                let mut v = y;
                while v != x {
                    let a = self.parent[v] as usize;
                    f = f.min(self.a_cap[a]);
                    v = self.a_to[self.a_rev[a] as usize] as usize;
                }
                let mut v = y;
                while v != x {
                    let a = self.parent[v] as usize;
                    let u = self.a_to[self.a_rev[a] as usize] as usize;
                    self.push(a, u, f);
                    v = u;
                }
            }
        }
        stuck
    }

    /// Max-flow from all excess nodes to all deficit nodes (Dinic, no cost); returns a node left
    /// with excess, if any.
    fn route_max_flow(&mut self) -> Option<usize> {
        let n = self.n;
        let mut level = vec![u32::MAX; n];
        let mut queue: Vec<u32> = Vec::new();
        let mut path: Vec<u32> = Vec::new();
        loop {
            level.iter_mut().for_each(|l| *l = u32::MAX);
            queue.clear();
            for (v, (l, &e)) in level.iter_mut().zip(&self.excess).enumerate() {
                if e > 0 {
                    *l = 0;
                    queue.push(v as u32);
                }
            }
            if queue.is_empty() {
                return None;
            }
            let mut reached = false;
            let mut i = 0;
            while i < queue.len() {
                let u = queue[i] as usize;
                i += 1;
                if self.excess[u] < 0 {
                    reached = true;
                    continue;
                }
                for a in self.start[u] as usize..self.start[u + 1] as usize {
                    let v = self.a_to[a] as usize;
                    if self.a_cap[a] > 0 && level[v] == u32::MAX {
                        level[v] = level[u] + 1;
                        queue.push(v as u32);
                    }
                }
            }
            if !reached {
                return (0..n).find(|&v| self.excess[v] > 0);
            }
            let mut it: Vec<u32> = self.start[..n].to_vec();
            for x in 0..n {
                while self.excess[x] > 0 {
                    // Walk the level graph from x to a deficit node, retreating from dead ends.
                    let mut u = x;
                    path.clear();
                    let found = loop {
                        if u != x && self.excess[u] < 0 {
                            break true;
                        }
                        let end = self.start[u + 1] as usize;
                        let mut next = None;
                        while (it[u] as usize) < end {
                            let a = it[u] as usize;
                            let v = self.a_to[a] as usize;
                            if self.a_cap[a] > 0 && level[v] == level[u] + 1 {
                                next = Some((a, v));
                                break;
                            }
                            it[u] += 1;
                        }
                        match next {
                            Some((a, v)) => {
                                path.push(a as u32);
                                u = v;
                            }
                            None => {
                                level[u] = u32::MAX;
                                let Some(a) = path.pop() else {
                                    break false;
                                };
                                u = self.a_to[self.a_rev[a as usize] as usize] as usize;
                                it[u] += 1;
                            }
                        }
                    };
                    if !found {
                        break;
                    }
                    let mut f = self.excess[x].min(-self.excess[u]);
                    for &a in &path {
                        f = f.min(self.a_cap[a as usize]);
                    }
                    let mut w = x;
                    for &a in &path {
                        let a = a as usize;
                        self.push(a, w, f);
                        w = self.a_to[a] as usize;
                    }
                }
            }
        }
    }

    /// Makes the current feasible flow optimal by ε-scaling on costs multiplied by n + 1 (so that
    /// 1-optimality implies optimality), then turns the prices back into exact potentials.
    fn cost_scaling(&mut self) {
        const ALPHA: i64 = 8;
        let n = self.n;
        let k = n as i64 + 1;
        // Cold start (prices 0): warm prices barely help after the max-flow reroutes, and this
        // bounds the prices by about 4·n²·max|cost| (see the overflow condition).
        let mut price = vec![0i64; n];
        // The flow is ε-optimal for its largest violation.
        let mut eps = 0;
        for u in 0..n {
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                if self.a_cap[a] > 0 {
                    eps = eps.max(-(self.a_cost[a] * k + price[u] - price[self.a_to[a] as usize]));
                }
            }
        }
        while eps > 1 {
            eps = (eps / ALPHA).max(1);
            self.refine(&mut price, eps, k);
        }
        // Exact potentials: start from the prices and relax (the residual graph of an optimal
        // flow has no negative cycle, and the prices are already within one unit).
        for (p, &q) in self.pot.iter_mut().zip(&price) {
            *p = q.div_euclid(k);
        }
        let mut queued = vec![true; n];
        let mut queue: std::collections::VecDeque<u32> = (0..n as u32).collect();
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            queued[u] = false;
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                if self.a_cap[a] <= 0 {
                    continue;
                }
                let v = self.a_to[a] as usize;
                let nd = self.pot[u] + self.a_cost[a];
                if nd < self.pot[v] {
                    self.pot[v] = nd;
                    if !queued[v] {
                        queued[v] = true;
                        queue.push_back(v as u32);
                    }
                }
            }
        }
        self.pot_ready = true;
    }

    /// One ε-phase of push-relabel: saturate every arc of negative reduced cost, then push
    /// excesses along admissible arcs (reduced cost < 0), relabelling when none is left.
    fn refine(&mut self, price: &mut [i64], eps: i64, k: i64) {
        let n = self.n;
        let rc = |s: &Self, price: &[i64], u: usize, a: usize| {
            s.a_cost[a] * k + price[u] - price[s.a_to[a] as usize]
        };
        for u in 0..n {
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                let c = self.a_cap[a];
                if c > 0 && rc(self, price, u, a) < 0 {
                    self.push(a, u, c);
                }
            }
        }
        let mut cur: Vec<u32> = self.start[..n].to_vec();
        let mut queue: std::collections::VecDeque<u32> = (0..n as u32)
            .filter(|&u| self.excess[u as usize] > 0)
            .collect();
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            let end = self.start[u + 1];
            while self.excess[u] > 0 {
                if cur[u] == end {
                    // Relabel: lower the price just enough to make an arc admissible.
                    let min_rc = (self.start[u] as usize..end as usize)
                        .filter(|&a| self.a_cap[a] > 0)
                        .map(|a| rc(self, price, u, a))
                        .min()
                        .expect("a node with excess has a residual arc in a feasible network");
                    price[u] -= min_rc + eps;
                    cur[u] = self.start[u];
                    continue;
                }
                let a = cur[u] as usize;
                if self.a_cap[a] > 0 && rc(self, price, u, a) < 0 {
                    let v = self.a_to[a] as usize;
                    let f = self.excess[u].min(self.a_cap[a]);
                    let was_active = self.excess[v] > 0;
                    self.push(a, u, f);
                    if !was_active && self.excess[v] > 0 {
                        queue.push_back(v as u32);
                    }
                    if self.a_cap[a] == 0 {
                        cur[u] += 1;
                    }
                } else {
                    cur[u] += 1;
                }
            }
        }
    }

    /// Dijkstra on reduced costs from `src`; stops at the first settled target and returns it.
    fn dijkstra(&mut self, src: usize, target: Target) -> Option<usize> {
        for &v in &self.touched {
            self.dist[v as usize] = INF;
            self.done[v as usize] = false;
        }
        self.touched.clear();
        self.settled.clear();
        self.heap.clear();
        self.dist[src] = 0;
        self.parent[src] = NONE;
        self.touched.push(src as u32);
        self.heap.push(Reverse((0, src as u32)));
        while let Some(Reverse((d, u))) = self.heap.pop() {
            let u = u as usize;
            if self.done[u] || d > self.dist[u] {
                continue;
            }
            self.done[u] = true;
            self.settled.push(u as u32);
            let hit = match target {
                Target::Node(t) => u == t,
                Target::Deficit => self.excess[u] < 0,
            };
            if hit {
                return Some(u);
            }
            let base = d + self.pot[u];
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                if self.a_cap[a] <= 0 {
                    continue;
                }
                let v = self.a_to[a] as usize;
                let nd = base + self.a_cost[a] - self.pot[v];
                if nd < self.dist[v] {
                    if self.dist[v] == INF {
                        self.touched.push(v as u32);
                    }
                    self.dist[v] = nd;
                    self.parent[v] = a as u32;
                    self.heap.push(Reverse((nd, v as u32)));
                }
            }
        }
        None
    }

    /// After Dijkstra reached `y`: settled nodes get `pot += dist - dist[y]`, others keep theirs.
    fn update_potentials(&mut self, y: usize) {
        let d = self.dist[y];
        for &v in &self.settled {
            let v = v as usize;
            self.pot[v] += self.dist[v] - d;
        }
    }

    #[inline]
    fn admissible(&self, u: usize, a: usize) -> bool {
        self.a_cap[a] > 0 && self.a_cost[a] + self.pot[u] - self.pot[self.a_to[a] as usize] == 0
    }

    /// Dinic-style blocking flow on arcs of zero reduced cost (all of them shortest paths).
    fn blocking_flow(&mut self, s: usize, t: usize, limit: i64) -> i64 {
        let n = self.n;
        let mut level = vec![u32::MAX; n];
        level[s] = 0;
        let mut queue = vec![s as u32];
        let mut i = 0;
        while i < queue.len() {
            let u = queue[i] as usize;
            i += 1;
            if u == t {
                continue;
            }
            for a in self.start[u] as usize..self.start[u + 1] as usize {
                let v = self.a_to[a] as usize;
                if level[v] == u32::MAX && self.admissible(u, a) {
                    level[v] = level[u] + 1;
                    queue.push(v as u32);
                }
            }
        }
        if level[t] == u32::MAX {
            return 0;
        }
        let mut it: Vec<u32> = self.start[..n].to_vec();
        let mut sent = 0;
        let mut path: Vec<u32> = Vec::new();
        let mut u = s;
        while sent < limit {
            if u == t {
                let mut f = limit - sent;
                for &a in &path {
                    f = f.min(self.a_cap[a as usize]);
                }
                let mut w = s;
                for &a in &path {
                    let a = a as usize;
                    self.push(a, w, f);
                    w = self.a_to[a] as usize;
                }
                // The pushes moved the imbalance from s to t; this is a flow, not a supply.
                self.excess[s] += f;
                self.excess[t] -= f;
                sent += f;
                path.clear();
                u = s;
                continue;
            }
            let end = self.start[u + 1] as usize;
            let mut advanced = false;
            while (it[u] as usize) < end {
                let a = it[u] as usize;
                let v = self.a_to[a] as usize;
                if level[v] == level[u] + 1 && self.admissible(u, a) {
                    path.push(a as u32);
                    u = v;
                    advanced = true;
                    break;
                }
                it[u] += 1;
            }
            if !advanced {
                // Dead end: retreat.
                level[u] = u32::MAX;
                match path.pop() {
                    None => break,
                    Some(a) => {
                        u = self.a_to[self.a_rev[a as usize] as usize] as usize;
                        it[u] += 1;
                    }
                }
            }
        }
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_path_choice() {
        // Two parallel routes 0->1->3 (cost 1+1) and 0->2->3 (cost 5+0).
        let mut g = MinCostFlow::new(4);
        let a = g.add_edge(0, 1, 1, 1);
        let b = g.add_edge(1, 3, 1, 1);
        let c = g.add_edge(0, 2, 2, 5);
        let d = g.add_edge(2, 3, 2, 0);
        assert_eq!(g.min_cost_flow(0, 3, 1), (1, 2));
        assert_eq!((g.flow(a), g.flow(b), g.flow(c), g.flow(d)), (1, 1, 0, 0));
        // Continuing adds the next cheapest unit.
        assert_eq!(g.min_cost_flow(0, 3, 10), (2, 10));
        assert_eq!(g.cost(), 12);
    }

    #[test]
    fn rerouting_through_reverse_arc() {
        // Classic example where the second path must cancel flow on the middle edge.
        let mut g = MinCostFlow::new(4);
        g.add_edge(0, 1, 1, 1);
        g.add_edge(0, 2, 1, 2);
        let mid = g.add_edge(1, 2, 1, 0);
        g.add_edge(1, 3, 1, 2);
        g.add_edge(2, 3, 1, 1);
        assert_eq!(g.min_cost_flow(0, 3, 1), (1, 2));
        assert_eq!(g.flow(mid), 1);
        assert_eq!(g.min_cost_flow(0, 3, 5), (1, 4));
        assert_eq!(g.flow(mid), 0);
    }

    #[test]
    fn any_flow_stops_at_nonnegative_paths() {
        let mut g = MinCostFlow::new(3);
        g.add_edge(0, 1, 3, -4);
        g.add_edge(1, 2, 2, 1);
        g.add_edge(1, 2, 5, 4);
        g.add_edge(0, 2, 4, -1);
        // Paths: -3 (cap 2), -1 (cap 4), 0 (cap 1): the zero-cost one is not taken.
        assert_eq!(g.min_cost_any_flow(0, 2), (6, -10));
    }

    #[test]
    fn negative_cycle_is_cancelled() {
        let mut g = MinCostFlow::new(3);
        let c1 = g.add_edge(1, 2, 2, -3);
        let c2 = g.add_edge(2, 1, 2, 1);
        g.add_edge(0, 1, 1, 1);
        // The cycle 1->2->1 of cost -2 and capacity 2 is worth -4 even with no s-t flow.
        let (f, c) = g.min_cost_flow(0, 2, 0);
        assert_eq!((f, c), (0, -4));
        assert_eq!((g.flow(c1), g.flow(c2)), (2, 2));
        let (f, c) = g.min_cost_flow(0, 2, 5);
        // One unit 0->1->2 reuses the cycle's capacity by cancelling 2->1: cost 1 - 1 = 0.
        assert_eq!((f, c), (1, 0));
    }

    #[test]
    fn supplies_and_stuck() {
        let mut g = MinCostFlow::new(4);
        g.add_edge(0, 2, 1, 3);
        g.add_edge(0, 3, 1, 1);
        g.add_edge(1, 3, 1, 1);
        g.add_supply(0, 1);
        g.add_supply(1, 1);
        g.add_supply(2, -1);
        g.add_supply(3, -1);
        assert_eq!(g.solve_supplies(), Ok(4));
        let mut h = MinCostFlow::new(3);
        h.add_edge(0, 1, 1, 0);
        h.add_supply(0, 2);
        h.add_supply(1, -1);
        h.add_supply(2, -1);
        assert_eq!(h.solve_supplies(), Err(Stuck { node: 0 }));
        let reach = h.residual_reachable(&[0]);
        assert_eq!(reach, vec![true, false, false]);
        // Adding the missing edge lets the rest through.
        h.add_edge(0, 2, 1, 5);
        assert_eq!(h.solve_supplies(), Ok(5));
    }

    #[test]
    fn edges_added_later_keep_optimality() {
        let mut g = MinCostFlow::new(3);
        g.add_edge(0, 1, 1, 5);
        g.add_edge(1, 2, 1, 0);
        assert_eq!(g.min_cost_flow(0, 2, 1), (1, 5));
        // A cheaper route appears: the flow moves there at the next call, value unchanged.
        let e = g.add_edge(0, 2, 1, 1);
        assert_eq!(g.min_cost_flow(0, 2, 0), (0, -4));
        assert_eq!(g.flow(e), 1);
        assert_eq!(g.cost(), 1);
    }

    /// Supplies: shortest paths and cost scaling against enumeration of all integer flows.
    #[test]
    fn supplies_match_brute_force() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (mut routed, mut stuck) = (0, 0);
        for _ in 0..3000 {
            let n = rng.gen_range(2..5);
            let m = rng.gen_range(1..6);
            let edges: Vec<(usize, usize, i64, i64)> = (0..m)
                .map(|_| {
                    (
                        rng.gen_range(0..n),
                        rng.gen_range(0..n),
                        rng.gen_range(0..3),
                        rng.gen_range(-4..6),
                    )
                })
                .collect();
            let mut supply: Vec<i64> = (0..n).map(|_| rng.gen_range(-2..3)).collect();
            let sum: i64 = supply.iter().sum();
            supply[0] -= sum;
            let mut best: Option<i64> = None;
            let mut flows = vec![0i64; m];
            loop {
                let mut bal = supply.clone();
                let mut cost = 0;
                for (k, &(u, v, _, c)) in edges.iter().enumerate() {
                    bal[u] -= flows[k];
                    bal[v] += flows[k];
                    cost += flows[k] * c;
                }
                if bal.iter().all(|&b| b == 0) {
                    best = Some(best.map_or(cost, |b| b.min(cost)));
                }
                let mut k = 0;
                while k < m && flows[k] == edges[k].2 {
                    flows[k] = 0;
                    k += 1;
                }
                if k == m {
                    break;
                }
                flows[k] += 1;
            }
            for scaling in [false, true] {
                let mut g = MinCostFlow::new(n);
                for &(u, v, cap, c) in &edges {
                    g.add_edge(u, v, cap, c);
                }
                for (v, &b) in supply.iter().enumerate() {
                    g.add_supply(v, b);
                }
                let res = if scaling {
                    g.solve_supplies_scaling()
                } else {
                    g.solve_supplies()
                };
                match best {
                    Some(b) => {
                        assert_eq!(res, Ok(b), "{edges:?} {supply:?} scaling {scaling}");
                        // Potentials certify optimality: no residual arc has negative reduced cost.
                        for (e, &(u, v, cap, c)) in edges.iter().enumerate() {
                            let rc = c + g.potential(u) - g.potential(v);
                            let f = g.flow(e);
                            assert!(f == cap || rc >= 0, "{edges:?} {supply:?}");
                            assert!(f == 0 || rc <= 0, "{edges:?} {supply:?}");
                        }
                        routed += 1;
                    }
                    None => {
                        let Err(Stuck { node }) = res else {
                            panic!("{edges:?} {supply:?}: routed an infeasible instance");
                        };
                        assert!(g.excess(node) > 0);
                        let reach = g.residual_reachable(&[node]);
                        assert!((0..n).all(|v| !reach[v] || g.excess(v) >= 0));
                        stuck += 1;
                    }
                }
            }
        }
        assert!(
            routed > 1000 && stuck > 1000,
            "{routed} routed, {stuck} stuck"
        );
    }

    /// Resuming after adding edges: scaling, then shortest paths, then scaling again, each exact.
    #[test]
    fn resumes_after_edges_are_added() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        for _ in 0..200 {
            let (nl, nr) = (rng.gen_range(1..8), rng.gen_range(1..8));
            let n = nl + nr + 1;
            let pairs: Vec<(usize, usize, i64)> = (0..nl)
                .flat_map(|l| (0..nr).map(move |r| (l, r)))
                .map(|(l, r)| (l, nl + r, rng.gen_range(0..100)))
                .collect();
            let build = |upto: usize| {
                let mut g = MinCostFlow::new(n);
                for r in 0..nr {
                    g.add_edge(nl + r, n - 1, 2, 0);
                }
                for &(u, v, c) in &pairs[..upto] {
                    g.add_edge(u, v, 1, c);
                }
                for l in 0..nl {
                    g.add_supply(l, 1);
                }
                g.add_supply(n - 1, -(nl as i64));
                g
            };
            let mut full = build(pairs.len());
            let want = full.solve_supplies();
            let mut g = build(0);
            let mut added = 0;
            let mut got = Err(Stuck { node: 0 });
            for (round, chunk) in [pairs.len() / 3, 2 * pairs.len() / 3, pairs.len()]
                .into_iter()
                .enumerate()
            {
                for &(u, v, c) in &pairs[added..chunk] {
                    g.add_edge(u, v, 1, c);
                }
                added = chunk;
                got = if round == 1 {
                    g.solve_supplies()
                } else {
                    g.solve_supplies_scaling()
                }
                .map(|_| g.cost());
            }
            assert_eq!(got.is_ok(), want.is_ok());
            if let Ok(c) = want {
                assert_eq!(got, Ok(c));
            }
        }
    }

    /// Tiny brute force: enumerate integer flows on a small random network.
    #[test]
    fn matches_brute_force_on_small_networks() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..2000 {
            let n = rng.gen_range(2..5);
            let m = rng.gen_range(1..6);
            let edges: Vec<(usize, usize, i64, i64)> = (0..m)
                .map(|_| {
                    (
                        rng.gen_range(0..n),
                        rng.gen_range(0..n),
                        rng.gen_range(0..3),
                        rng.gen_range(-4..6),
                    )
                })
                .collect();
            let limit = rng.gen_range(0..4);
            let (s, t) = (0, n - 1);
            // best[v] = min cost for each flow value v via enumeration.
            let mut best: Vec<Option<i64>> = vec![None; 16];
            let mut flows = vec![0i64; m];
            loop {
                let mut bal = vec![0i64; n];
                let mut cost = 0;
                for (k, &(u, v, _, c)) in edges.iter().enumerate() {
                    bal[u] -= flows[k];
                    bal[v] += flows[k];
                    cost += flows[k] * c;
                }
                let val = bal[t];
                let ok = val >= 0
                    && (0..n).all(|v| v == s || v == t || bal[v] == 0)
                    && (s == t || bal[s] == -val);
                if ok {
                    let slot = &mut best[val as usize];
                    *slot = Some(slot.map_or(cost, |b: i64| b.min(cost)));
                }
                let mut k = 0;
                while k < m {
                    if flows[k] < edges[k].2 {
                        flows[k] += 1;
                        break;
                    }
                    flows[k] = 0;
                    k += 1;
                }
                if k == m {
                    break;
                }
            }
            let mut g = MinCostFlow::new(n);
            for &(u, v, cap, c) in &edges {
                g.add_edge(u, v, cap, c);
            }
            let (f, c) = g.min_cost_flow(s, t, limit);
            let max_val = best.iter().rposition(|b| b.is_some()).unwrap() as i64;
            assert_eq!(f, limit.min(max_val), "{edges:?} limit {limit}");
            assert_eq!(Some(c), best[f as usize], "{edges:?} limit {limit}");
            let mut any = MinCostFlow::new(n);
            for &(u, v, cap, c) in &edges {
                any.add_edge(u, v, cap, c);
            }
            let (_, c) = any.min_cost_any_flow(s, t);
            let opt = best.iter().flatten().min().copied().unwrap();
            assert_eq!(c, opt, "{edges:?}");
        }
    }
}
