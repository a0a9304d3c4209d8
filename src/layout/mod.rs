//! Force-directed layout of the entity graph: gives every node a 2-D position so that
//! linked entities sit close together, unrelated ones keep apart, and the picture settles
//! and then stops moving (so the app can stop repainting).
//!
//! # Algorithm
//!
//! Each [`Layout::step`] is one iteration of a force simulation:
//!
//! - **Springs** on the edges pull their two ends towards an ideal distance of
//!   [`LayoutParams::edge_length`] plus both node radii. Heavier edges pull harder: the
//!   spring strength grows with `ln(1 + weight)`, divided by the mean of that over all edges
//!   and clamped to 0.5..2, so a hub with heavy edges cannot collapse everything into a point.
//! - **Repulsion** pushes every pair of nodes apart with a force falling off as
//!   1 / distance and growing with a charge of `1 + radius / edge_length`. It is computed
//!   in O(n log n) with a **Barnes–Hut quadtree**, rebuilt every step into flat, reused
//!   arrays: a distant cell acts as a single charge at its centre of charge when
//!   `cell width / distance < theta` (default 0.9). The tree is walked once per group of up
//!   to 32 nearby nodes rather than once per node, and cells far from the whole group are
//!   folded into a first-order expansion about it; the result stays within about 1% of the
//!   exact sum. Nodes whose discs (plus a small gap) overlap get an extra push, so big nodes
//!   do not cover small ones.
//! - **Gravity** pulls every node towards the centre (the origin, or the mean of the given
//!   start positions), in proportion to its charge × √mass, so hubs end up central. The pull
//!   grows linearly with the distance up to the root-mean-square distance of all nodes and
//!   quadratically beyond it, so disconnected components and isolated nodes stay in a ring
//!   near the rest instead of drifting away.
//! - **Cooling**: a node moves by its net force divided by how stiff its surroundings are
//!   (its springs plus the repulsion of close neighbours, which keeps dense spots from
//!   oscillating), but never further than the current *temperature*. The temperature,
//!   measured in edge lengths per step, starts at 1 and is multiplied by
//!   [`LayoutParams::cooling`] after every step; once it is below
//!   [`LayoutParams::min_temperature`] the layout is settled and `step` does nothing
//!   (351 steps with the default parameters). While hot, big graphs may move further per
//!   step (up to `0.1 × √n` times), so that they can unfold in the same number of steps.
//!
//! A fresh layout grows each connected part breadth-first from its best-connected node:
//! every node starts near the mean of its already placed neighbours, so the start is
//! already untangled and the forces mostly spread it out.
//!
//! Nodes that sit on the same spot are pushed apart along a direction drawn from the seed
//! and the two node numbers, so no step ever produces NaN or infinity.
//!
//! # Deterministic
//!
//! The same inputs (start positions or node count, edges in the same order, radii, seed and
//! parameters) followed by the same calls give bit-identical positions on every run and on
//! every machine: the start placement and all tie-breaking jitter come from a small
//! SplitMix64 generator seeded from `seed`, there are no threads, clocks or hash maps, every
//! sum is taken in a fixed order (SIMD-friendly loops keep separate partial sums that are
//! combined in a fixed order, so vectorised and scalar code agree), and only IEEE-754
//! operations that are exactly rounded on every platform (`+ − × ÷ sqrt`, comparisons) are
//! used; the logarithm of edge weights is computed by hand for that reason. Different seeds
//! give different start placements, and so different layouts.

/// Tuning knobs of the layout. A value that is out of range (not finite, negative, or for
/// `cooling` not strictly between 0 and 1) is replaced by the default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutParams {
    /// Ideal length of an edge between two nodes of radius 0, in position units; the ideal
    /// length of an edge is this plus both radii. It is also the unit of the temperature.
    pub edge_length: f32,
    /// Strength of the push between nodes: two nodes of radius 0 at distance `d` push each
    /// other apart with `repulsion × edge_length² / d` (a spring of unit strength stretched
    /// by `x` pulls with `x`).
    pub repulsion: f32,
    /// Strength of the pull towards the centre, per unit of distance (for a node of radius 0
    /// without edges; scaled by charge × √mass). Larger values give a more compact picture;
    /// 0 lets disconnected parts drift apart.
    pub gravity: f32,
    /// Barnes–Hut opening criterion: a cell of width `w` at distance `d` counts as one
    /// charge when `w / d < theta`. 0 is exact (slow); larger is faster and coarser.
    pub theta: f32,
    /// Factor the temperature is multiplied by after each step, strictly between 0 and 1.
    pub cooling: f32,
    /// Temperature, in edge lengths per step, below which the layout counts as settled.
    pub min_temperature: f32,
}

impl Default for LayoutParams {
    fn default() -> Self {
        LayoutParams {
            edge_length: 60.0,
            repulsion: 1.0,
            gravity: 0.1,
            theta: 0.9,
            cooling: 0.985,
            min_temperature: 0.005,
        }
    }
}

impl LayoutParams {
    /// These parameters with every out-of-range value replaced by its default.
    fn sanitized(self) -> LayoutParams {
        let d = LayoutParams::default();
        let cooling_ok = self.cooling > 0.0 && self.cooling < 1.0;
        LayoutParams {
            edge_length: positive_or(self.edge_length, d.edge_length),
            repulsion: non_negative_or(self.repulsion, d.repulsion),
            gravity: non_negative_or(self.gravity, d.gravity),
            theta: non_negative_or(self.theta, d.theta),
            cooling: if cooling_ok { self.cooling } else { d.cooling },
            min_temperature: positive_or(self.min_temperature, d.min_temperature),
        }
    }
}

fn positive_or(value: f32, default: f32) -> f32 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        default
    }
}

fn non_negative_or(value: f32, default: f32) -> f32 {
    if value.is_finite() && value >= 0.0 {
        value
    } else {
        default
    }
}

/// Temperature of a fresh layout, in edge lengths per step.
const INITIAL_TEMPERATURE: f32 = 1.0;
/// Lowest start temperature (fraction of the initial one) of [`Layout::with_positions`].
const KEPT_TEMPERATURE: f32 = 0.2;
/// Extra step length while hot, per √n: lets big graphs unfold from their start.
const BIG_GRAPH_BOOST: f32 = 0.1;
/// Fraction of the stiffness-scaled move taken each step (1: move to where the local,
/// linearised forces would balance).
const TIME_STEP: f32 = 1.0;
/// Push per unit of overlap and of mass for nodes whose discs overlap.
const COLLISION: f32 = 1.0;
/// Free space kept between node rims, in edge lengths.
const RIM_GAP: f32 = 0.1;
/// Distance, in edge lengths, below which two nodes count as on the same spot.
const MIN_DISTANCE: f32 = 0.01;
/// Clamp of the normalised spring strength.
const MIN_STRENGTH: f64 = 0.5;
const MAX_STRENGTH: f64 = 2.0;
/// Radius of the seeded start disc, in edge lengths per √n.
const START_SPREAD: f32 = 0.7;
/// Radius of the jitter around placed neighbours, in edge lengths.
const NEIGHBOUR_JITTER: f32 = 0.3;
/// Quadtree depth below which coincident nodes share a leaf.
const MAX_DEPTH: u32 = 24;
/// Salts that keep the random streams of different uses apart.
const START_SALT: u64 = 0x5354_4152_5400_0001;
const JITTER_SALT: u64 = 0x4A49_5454_4552_0002;
const PAIR_SALT: u64 = 0x5041_4952_0000_0003;
/// "No index" marker in the flat arrays.
const NONE: u32 = u32::MAX;

/// An edge as the simulation uses it.
#[derive(Debug, Clone, Copy)]
struct Spring {
    a: u32,
    b: u32,
    strength: f32,
    rest: f32,
}

/// A force-directed layout of a fixed set of nodes and edges.
#[derive(Debug, Clone)]
pub struct Layout {
    params: LayoutParams,
    seed: u64,
    centre: [f32; 2],
    temperature: f32,
    positions: Vec<[f32; 2]>,
    radius: Vec<f32>,
    charge: Vec<f32>,
    mass: Vec<f32>,
    weight: Vec<f32>,
    pinned: Vec<bool>,
    springs: Vec<Spring>,
    forces: Vec<[f32; 2]>,
    stiffness: Vec<f32>,
    tree: QuadTree,
}

impl Layout {
    /// A layout of `n` nodes with undirected weighted edges `(a, b, weight > 0)` and node
    /// radii (larger nodes are spaced further apart; may be all equal). The start placement
    /// is drawn from `seed`: each connected part grows breadth-first from its best-connected
    /// node, the first one near the origin and the others at random in a disc around it.
    ///
    /// Edges with an end out of range, self-loops and weights that are not finite and
    /// positive are ignored; a missing, negative or non-finite radius counts as 0.
    pub fn new(
        n: usize,
        edges: &[(u32, u32, f32)],
        radii: &[f32],
        seed: u64,
        params: LayoutParams,
    ) -> Layout {
        Layout::with_positions(&vec![None; n], edges, radii, seed, params)
    }

    /// Like [`Layout::new`], but nodes with `Some(position)` start there (to keep the nodes
    /// that stay when the graph is filtered), and gravity pulls towards their mean (towards
    /// the origin when none is given).
    ///
    /// A `None` node starts at the mean of its placed neighbours plus a small deterministic
    /// jitter, placing outwards breadth-first from the given nodes; a node with no path to
    /// a given one gets the seeded start placement. The start temperature is the fraction of
    /// new nodes, but at least 0.2, of the initial one (call [`Layout::reheat`] to change it).
    pub fn with_positions(
        initial: &[Option<[f32; 2]>],
        edges: &[(u32, u32, f32)],
        radii: &[f32],
        seed: u64,
        params: LayoutParams,
    ) -> Layout {
        let params = params.sanitized();
        let n = initial.len();
        let length = params.edge_length;
        let radius: Vec<f32> = (0..n).map(|i| clean_radius(radii.get(i))).collect();
        let springs = build_springs(n, edges, &radius, length);
        let given: Vec<Option<[f32; 2]>> = initial
            .iter()
            .map(|p| p.filter(|p| is_finite_point(*p)))
            .collect();
        let centre = mean_point(given.iter().flatten()).unwrap_or([0.0, 0.0]);
        let positions = place_nodes(&given, &springs, centre, seed, length);
        let new_nodes = given.iter().filter(|p| p.is_none()).count();
        let new_fraction = if n == 0 {
            0.0
        } else {
            new_nodes as f32 / n as f32
        };
        let charge: Vec<f32> = radius.iter().map(|r| 1.0 + r / length).collect();
        let mass = masses(n, &springs);
        Layout {
            params,
            seed,
            centre,
            temperature: INITIAL_TEMPERATURE * new_fraction.max(KEPT_TEMPERATURE),
            weight: charge
                .iter()
                .zip(&mass)
                .map(|(q, m)| q * m.sqrt())
                .collect(),
            charge,
            mass,
            radius,
            positions,
            pinned: vec![false; n],
            springs,
            forces: vec![[0.0; 2]; n],
            stiffness: vec![0.0; n],
            tree: QuadTree::default(),
        }
    }

    /// One iteration. Returns the largest node displacement of this step (0.0 once
    /// settled). Pinned nodes never move.
    pub fn step(&mut self) -> f32 {
        if self.is_settled() {
            return 0.0;
        }
        self.compute_forces();
        let largest = self.move_nodes();
        self.temperature *= self.params.cooling;
        largest
    }

    /// True once the temperature has cooled below `min_temperature` (then [`Layout::step`]
    /// is a no-op returning 0.0). An empty layout is always settled.
    pub fn is_settled(&self) -> bool {
        self.positions.is_empty() || self.temperature < self.params.min_temperature
    }

    /// Restarts the cooling (e.g. after the user drags a node) at `fraction` (0..1, clamped)
    /// of the initial temperature.
    pub fn reheat(&mut self, fraction: f32) {
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        self.temperature = INITIAL_TEMPERATURE * fraction;
    }

    /// The current node positions, indexed by node.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.positions
    }

    /// Moves a node (e.g. while it is dragged). Out-of-range nodes and non-finite positions
    /// are ignored. This does not reheat the layout.
    pub fn set_position(&mut self, node: usize, pos: [f32; 2]) {
        if let Some(slot) = self.positions.get_mut(node)
            && is_finite_point(pos)
        {
            *slot = pos;
        }
    }

    /// Pins a node in place (`true`) or frees it again. Out-of-range nodes are ignored.
    pub fn pin(&mut self, node: usize, pinned: bool) {
        if let Some(slot) = self.pinned.get_mut(node) {
            *slot = pinned;
        }
    }

    /// Whether a node is pinned (false for an out-of-range node).
    pub fn is_pinned(&self, node: usize) -> bool {
        self.pinned.get(node).copied().unwrap_or(false)
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when the layout has no nodes.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Axis-aligned bounds `(min, max)` of all node positions, or `None` when empty.
    pub fn bounds(&self) -> Option<([f32; 2], [f32; 2])> {
        bounds_of(&self.positions)
    }

    /// Runs [`Layout::step`] until settled or `max_steps` steps; returns the steps taken.
    pub fn run(&mut self, max_steps: usize) -> usize {
        let mut taken = 0;
        while taken < max_steps && !self.is_settled() {
            self.step();
            taken += 1;
        }
        taken
    }

    /// Fills `self.forces` with the net force on every free node (0 for pinned ones) and
    /// `self.stiffness` with how fast that force changes as the node moves.
    fn compute_forces(&mut self) {
        self.add_repulsion();
        self.add_gravity();
        self.add_springs();
    }

    /// Sets `self.forces` and `self.stiffness` to the repulsion on every free node.
    fn add_repulsion(&mut self) {
        self.tree.build(&self.positions, &self.charge);
        let field = self.field();
        let bodies = Bodies {
            pos: &self.positions,
            charge: &self.charge,
            radius: &self.radius,
            mass: &self.mass,
            pinned: &self.pinned,
        };
        self.tree
            .repulsion(&bodies, &field, &mut self.forces, &mut self.stiffness);
    }

    fn field(&self) -> Field {
        let length = self.params.edge_length;
        Field {
            strength: self.params.repulsion * length * length,
            theta2: self.params.theta * self.params.theta,
            gap: RIM_GAP * length,
            min_distance2: (MIN_DISTANCE * length) * (MIN_DISTANCE * length),
            seed: self.seed,
        }
    }

    /// Adds the pull towards the centre to every free node: linear in the distance up to
    /// the root-mean-square distance of all nodes, growing quadratically beyond it so that
    /// loose nodes and small components stay close to the main picture.
    fn add_gravity(&mut self) {
        let gravity = self.params.gravity;
        let reach = self.typical_radius();
        for (i, p) in self.positions.iter().enumerate() {
            if self.pinned[i] {
                self.forces[i] = [0.0, 0.0];
                continue;
            }
            let (dx, dy) = (self.centre[0] - p[0], self.centre[1] - p[1]);
            let outside = ((dx * dx + dy * dy).sqrt() / reach).max(1.0);
            let pull = gravity * self.weight[i] * outside;
            let f = &mut self.forces[i];
            *f = [f[0] + pull * dx, f[1] + pull * dy];
            self.stiffness[i] += self.mass[i] + pull * (2.0 * outside - 1.0);
        }
    }

    /// Root-mean-square distance of the nodes from the centre (at least one edge length).
    fn typical_radius(&self) -> f32 {
        let sum: f64 = self
            .positions
            .iter()
            .map(|p| {
                let (dx, dy) = (p[0] - self.centre[0], p[1] - self.centre[1]);
                f64::from(dx * dx + dy * dy)
            })
            .sum();
        let mean = sum / self.positions.len().max(1) as f64;
        (mean.sqrt() as f32).max(self.params.edge_length)
    }

    /// Adds the spring forces of all edges to `self.forces`.
    fn add_springs(&mut self) {
        let min_distance2 = self.field().min_distance2;
        for s in &self.springs {
            let (a, b) = (s.a as usize, s.b as usize);
            let (pa, pb) = (self.positions[a], self.positions[b]);
            let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
            let d2 = dx * dx + dy * dy;
            let (unit, d) = if d2 > min_distance2 {
                let d = d2.sqrt();
                ([dx / d, dy / d], d)
            } else {
                (unit_between(self.seed, s.a, s.b), 0.0)
            };
            let f = s.strength * (d - s.rest);
            self.forces[a][0] += f * unit[0];
            self.forces[a][1] += f * unit[1];
            self.forces[b][0] -= f * unit[0];
            self.forces[b][1] -= f * unit[1];
        }
    }

    /// The longest move allowed this step: the temperature in edge lengths, times a boost
    /// for big graphs while hot (they need to travel further to unfold).
    fn step_cap(&self) -> f32 {
        let boost = (self.temperature * BIG_GRAPH_BOOST * (self.len() as f32).sqrt()).max(1.0);
        self.temperature * self.params.edge_length * boost
    }

    /// Moves every free node along its force, capped by the temperature; returns the
    /// largest move.
    fn move_nodes(&mut self) -> f32 {
        let cap = self.step_cap();
        let mut largest = 0.0f32;
        for (i, p) in self.positions.iter_mut().enumerate() {
            if self.pinned[i] {
                continue;
            }
            let scale = TIME_STEP / self.stiffness[i];
            let mut step = [self.forces[i][0] * scale, self.forces[i][1] * scale];
            let len2 = step[0] * step[0] + step[1] * step[1];
            if !len2.is_finite() {
                continue;
            }
            let mut len = len2.sqrt();
            if len > cap {
                step = [step[0] * cap / len, step[1] * cap / len];
                len = cap;
            }
            let moved = [p[0] + step[0], p[1] + step[1]];
            if is_finite_point(moved) {
                *p = moved;
                largest = largest.max(len);
            }
        }
        largest
    }
}

fn is_finite_point(p: [f32; 2]) -> bool {
    p[0].is_finite() && p[1].is_finite()
}

fn clean_radius(r: Option<&f32>) -> f32 {
    match r {
        Some(&r) if r.is_finite() && r > 0.0 => r,
        _ => 0.0,
    }
}

/// Mean of some points, summed in order in f64; `None` when there are none.
fn mean_point<'a>(points: impl Iterator<Item = &'a [f32; 2]>) -> Option<[f32; 2]> {
    let (mut x, mut y, mut count) = (0.0f64, 0.0f64, 0usize);
    for p in points {
        x += f64::from(p[0]);
        y += f64::from(p[1]);
        count += 1;
    }
    (count > 0).then(|| [(x / count as f64) as f32, (y / count as f64) as f32])
}

fn bounds_of(points: &[[f32; 2]]) -> Option<([f32; 2], [f32; 2])> {
    let first = *points.first()?;
    let mut lo = first;
    let mut hi = first;
    for p in points {
        lo = [lo[0].min(p[0]), lo[1].min(p[1])];
        hi = [hi[0].max(p[0]), hi[1].max(p[1])];
    }
    Some((lo, hi))
}

/// The valid edges as springs: strength from `ln(1 + weight)` relative to the mean,
/// rest length `edge_length` plus both radii.
fn build_springs(n: usize, edges: &[(u32, u32, f32)], radius: &[f32], length: f32) -> Vec<Spring> {
    let valid: Vec<(u32, u32, f64)> = edges
        .iter()
        .filter(|&&(a, b, _)| (a as usize) < n && (b as usize) < n && a != b)
        .filter(|&&(_, _, w)| w.is_finite() && w > 0.0)
        .map(|&(a, b, w)| (a, b, ln(1.0 + f64::from(w))))
        .collect();
    let total: f64 = valid.iter().map(|e| e.2).sum();
    let mean = total / valid.len().max(1) as f64;
    valid
        .iter()
        .map(|&(a, b, log)| {
            let relative = if mean > 0.0 { log / mean } else { 1.0 };
            Spring {
                a,
                b,
                strength: relative.clamp(MIN_STRENGTH, MAX_STRENGTH) as f32,
                rest: length + radius[a as usize] + radius[b as usize],
            }
        })
        .collect()
}

/// Mass of each node: 1 plus the strength of its springs.
fn masses(n: usize, springs: &[Spring]) -> Vec<f32> {
    let mut mass = vec![1.0f32; n];
    for s in springs {
        mass[s.a as usize] += s.strength;
        mass[s.b as usize] += s.strength;
    }
    mass
}

/// Natural logarithm of a positive, finite, normal `x`, from `+ − × ÷` only (so it is
/// bit-identical everywhere, unlike the platform `ln`).
fn ln(x: f64) -> f64 {
    const SQRT_2: f64 = std::f64::consts::SQRT_2;
    let bits = x.to_bits();
    let mut exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > SQRT_2 {
        m /= 2.0;
        exponent += 1;
    }
    // ln m = 2 atanh(s) = 2 (s + s³/3 + s⁵/5 + …) with |s| < 0.172.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    for k in 0..12 {
        sum += term / f64::from(2 * k + 1);
        term *= s2;
    }
    exponent as f64 * std::f64::consts::LN_2 + 2.0 * sum
}

/// Start positions: given ones as they are, new ones breadth-first from placed neighbours.
/// Each part not reached that way grows from its best-connected node (ties: lowest
/// index), which gets the seeded placement in a disc around `centre`.
fn place_nodes(
    given: &[Option<[f32; 2]>],
    springs: &[Spring],
    centre: [f32; 2],
    seed: u64,
    length: f32,
) -> Vec<[f32; 2]> {
    let n = given.len();
    let adjacency = Adjacency::new(n, springs);
    let mut placer = Placer {
        adjacency: &adjacency,
        level: vec![NONE; n],
        pos: vec![[0.0f32; 2]; n],
        round: 0,
        seed,
        length,
    };
    let mut roots = Vec::new();
    for (i, p) in given.iter().enumerate() {
        if let Some(p) = p {
            placer.pos[i] = *p;
            placer.level[i] = 0;
            roots.push(i as u32);
        }
    }
    let roots_given = !roots.is_empty();
    placer.grow(roots);
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&v| (std::cmp::Reverse(adjacency.of(v).len()), v));
    // With nothing given, the first (biggest-hub) part grows from near the centre.
    let mut spread = if roots_given {
        START_SPREAD * length * (n as f32).sqrt()
    } else {
        length
    };
    for v in order {
        if placer.level[v as usize] == NONE {
            let d = SplitMix64::for_node(seed, START_SALT, u64::from(v)).in_disc();
            placer.round += 1;
            placer.level[v as usize] = placer.round;
            placer.pos[v as usize] = [centre[0] + spread * d[0], centre[1] + spread * d[1]];
            placer.grow(vec![v]);
            spread = START_SPREAD * length * (n as f32).sqrt();
        }
    }
    placer.pos
}

/// Breadth-first placement state.
struct Placer<'a> {
    adjacency: &'a Adjacency,
    level: Vec<u32>,
    pos: Vec<[f32; 2]>,
    round: u32,
    seed: u64,
    length: f32,
}

impl Placer<'_> {
    /// Places everything reachable from `frontier`, level by level.
    fn grow(&mut self, mut frontier: Vec<u32>) {
        while !frontier.is_empty() {
            self.round += 1;
            frontier = next_level(&frontier, self.adjacency, &mut self.level, self.round);
            for &v in &frontier {
                let p = near_neighbours(
                    v,
                    self.adjacency,
                    &self.level,
                    &self.pos,
                    self.seed,
                    self.length,
                );
                self.pos[v as usize] = p;
            }
        }
    }
}

/// The unplaced neighbours of `frontier`, marked with `round`.
fn next_level(frontier: &[u32], adjacency: &Adjacency, level: &mut [u32], round: u32) -> Vec<u32> {
    let mut next = Vec::new();
    for &u in frontier {
        for &v in adjacency.of(u) {
            if level[v as usize] == NONE {
                level[v as usize] = round;
                next.push(v);
            }
        }
    }
    next
}

/// Mean of the neighbours of `v` placed in earlier rounds, plus a seeded jitter.
fn near_neighbours(
    v: u32,
    adjacency: &Adjacency,
    level: &[u32],
    pos: &[[f32; 2]],
    seed: u64,
    length: f32,
) -> [f32; 2] {
    let own = level[v as usize];
    let placed = adjacency.of(v).iter().filter(|&&w| level[w as usize] < own);
    let mean = mean_point(placed.map(|&w| &pos[w as usize])).unwrap_or([0.0, 0.0]);
    let j = SplitMix64::for_node(seed, JITTER_SALT, u64::from(v)).in_disc();
    let r = NEIGHBOUR_JITTER * length;
    [mean[0] + r * j[0], mean[1] + r * j[1]]
}

/// Neighbour lists in compressed rows, in edge order.
struct Adjacency {
    start: Vec<u32>,
    targets: Vec<u32>,
}

impl Adjacency {
    fn new(n: usize, springs: &[Spring]) -> Adjacency {
        let mut start = vec![0u32; n + 1];
        for s in springs {
            start[s.a as usize + 1] += 1;
            start[s.b as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut targets = vec![0u32; 2 * springs.len()];
        for s in springs {
            for (from, to) in [(s.a, s.b), (s.b, s.a)] {
                targets[fill[from as usize] as usize] = to;
                fill[from as usize] += 1;
            }
        }
        Adjacency { start, targets }
    }

    fn of(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.targets[self.start[v] as usize..self.start[v + 1] as usize]
    }
}

/// SplitMix64: a tiny, fast, well-mixed pseudo-random generator.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for one node and one purpose, independent of the order of use.
    fn for_node(seed: u64, salt: u64, node: u64) -> SplitMix64 {
        let mut g = SplitMix64(seed ^ salt);
        let mixed = g.next_u64() ^ node.wrapping_mul(0xD6E8_FEB8_6659_FD93);
        SplitMix64(SplitMix64(mixed).next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    fn signed(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    }

    /// Uniform in the unit disc (by rejection).
    fn in_disc(&mut self) -> [f32; 2] {
        for _ in 0..64 {
            let p = [self.signed(), self.signed()];
            if p[0] * p[0] + p[1] * p[1] <= 1.0 {
                return p;
            }
        }
        [0.0, 0.0]
    }
}

/// A unit direction for pushing apart two nodes on the same spot, pointing from `from` to
/// `to`; swapping them gives exactly the opposite direction.
fn unit_between(seed: u64, from: u32, to: u32) -> [f32; 2] {
    let (lo, hi) = (from.min(to), from.max(to));
    let key = (u64::from(lo) << 32) | u64::from(hi);
    let mut g = SplitMix64::for_node(seed, PAIR_SALT, key);
    let mut d = [g.signed(), g.signed()];
    if d[0].abs() + d[1].abs() < 0.25 {
        d = [1.0, 0.0];
    }
    let len = (d[0] * d[0] + d[1] * d[1]).sqrt();
    let sign = if from < to { 1.0 } else { -1.0 };
    [sign * d[0] / len, sign * d[1] / len]
}

/// Constants of the repulsion for one step.
struct Field {
    strength: f32,
    theta2: f32,
    gap: f32,
    min_distance2: f32,
    seed: u64,
}

/// What the repulsion reads and writes, indexed by node.
struct Bodies<'a> {
    pos: &'a [[f32; 2]],
    charge: &'a [f32],
    radius: &'a [f32],
    mass: &'a [f32],
    pinned: &'a [bool],
}

/// One square of the quadtree, in a flat array: four children are consecutive.
#[derive(Debug, Clone, Copy)]
struct Cell {
    /// Geometric centre and half width.
    centre: [f32; 2],
    half: f32,
    /// Total charge, and the charge-weighted position sum (centre of charge once built).
    charge: f32,
    mass_point: [f32; 2],
    /// First child (the first non-empty one once built), or NONE for a leaf.
    child: u32,
    /// The cell to visit after this one and its subtree, or NONE at the end.
    next: u32,
    /// First body of a leaf while building (a list through `QuadTree::next_body`).
    body: u32,
    /// Bodies in this cell, and where they start in `QuadTree::order` once built.
    count: u32,
    start: u32,
}

impl Cell {
    fn empty(centre: [f32; 2], half: f32) -> Cell {
        Cell {
            centre,
            half,
            charge: 0.0,
            mass_point: [0.0, 0.0],
            child: NONE,
            next: NONE,
            body: NONE,
            count: 0,
            start: 0,
        }
    }

    fn add(&mut self, p: [f32; 2], q: f32) {
        self.charge += q;
        self.mass_point[0] += q * p[0];
        self.mass_point[1] += q * p[1];
        self.count += 1;
    }

    fn quadrant(&self, p: [f32; 2]) -> usize {
        usize::from(p[0] >= self.centre[0]) | (usize::from(p[1] >= self.centre[1]) << 1)
    }

    /// Whether this cell encloses the centre of `other` (true exactly for `other`'s
    /// ancestors and itself: the margin is at least `other.half` either way).
    fn encloses(&self, other: &Cell) -> bool {
        (other.centre[0] - self.centre[0]).abs() < self.half
            && (other.centre[1] - self.centre[1]).abs() < self.half
    }

    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.count) as usize
    }
}

/// The field of the cells very far from a group, as a first-order Taylor expansion about
/// the group's centre: value and gradient of `Σ q·r/|r|²` and of `Σ q/|r|²`.
#[derive(Debug, Clone, Copy, Default)]
struct Expansion {
    centre: [f32; 2],
    /// Largest distance of a group body from `centre`, doubled.
    span: f32,
    field: [f32; 2],
    /// The Jacobian of `field`, symmetric with zero trace: `[[a, b], [b, -a]]`.
    a: f32,
    b: f32,
    stiffness: f32,
    stiffness_slope: [f32; 2],
}

impl Expansion {
    fn around(lo: [f32; 2], hi: [f32; 2]) -> Expansion {
        let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
        Expansion {
            centre: [0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1])],
            span: (w * w + h * h).sqrt(),
            ..Expansion::default()
        }
    }

    /// Adds `cell` if it is far enough for the expansion to hold over the whole group
    /// (cell width plus group span below `theta` times the distance); else returns false.
    fn try_add(&mut self, cell: &Cell, theta2: f32) -> bool {
        let (x, y) = (
            self.centre[0] - cell.mass_point[0],
            self.centre[1] - cell.mass_point[1],
        );
        let d2 = x * x + y * y;
        let size = 2.0 * cell.half + self.span;
        if size * size >= theta2 * d2 {
            return false;
        }
        let s = 1.0 / d2;
        let qs = cell.charge * s;
        self.field[0] += qs * x;
        self.field[1] += qs * y;
        self.a += qs * (1.0 - 2.0 * s * x * x);
        self.b -= 2.0 * qs * s * x * y;
        self.stiffness += qs;
        self.stiffness_slope[0] -= 2.0 * qs * s * x;
        self.stiffness_slope[1] -= 2.0 * qs * s * y;
        true
    }

    /// Adds the expansion's value at `p` to `far` (field x, y, stiffness).
    fn add_at(&self, p: [f32; 2], far: &mut [f32; 3]) {
        let (dx, dy) = (p[0] - self.centre[0], p[1] - self.centre[1]);
        far[0] += self.field[0] + self.a * dx + self.b * dy;
        far[1] += self.field[1] + self.b * dx - self.a * dy;
        far[2] += self.stiffness + self.stiffness_slope[0] * dx + self.stiffness_slope[1] * dy;
    }
}

/// Far cells seen from one group, as structure-of-arrays for a tight loop.
#[derive(Debug, Clone, Default)]
struct FarList {
    x: Vec<f32>,
    y: Vec<f32>,
    q: Vec<f32>,
}

/// Number of independent sums in the far-field loop (lets the compiler use SIMD without
/// reordering any single sum, so results stay bit-identical).
const LANES: usize = 8;

impl FarList {
    fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.q.clear();
    }

    fn push(&mut self, p: [f32; 2], q: f32) {
        self.x.push(p[0]);
        self.y.push(p[1]);
        self.q.push(q);
    }

    /// Sums of `q·(p − c)/|p − c|²` and `q/|p − c|²` over all far cells `c`.
    fn field_at(&self, p: [f32; 2]) -> [f32; 3] {
        let mut acc = [[0.0f32; LANES]; 3];
        let chunks = self.x.chunks_exact(LANES);
        let rest = chunks.remainder().len();
        let rows = chunks
            .zip(self.y.chunks_exact(LANES))
            .zip(self.q.chunks_exact(LANES));
        for ((x, y), q) in rows {
            for l in 0..LANES {
                accumulate(&mut acc, l, p, [x[l], y[l]], q[l]);
            }
        }
        let tail = self.x.len() - rest;
        for l in 0..rest {
            let k = tail + l;
            accumulate(&mut acc, l, p, [self.x[k], self.y[k]], self.q[k]);
        }
        acc.map(sum_lanes)
    }
}

#[inline(always)]
fn accumulate(acc: &mut [[f32; LANES]; 3], lane: usize, p: [f32; 2], c: [f32; 2], q: f32) {
    let (dx, dy) = (p[0] - c[0], p[1] - c[1]);
    let f = q / (dx * dx + dy * dy);
    acc[0][lane] += f * dx;
    acc[1][lane] += f * dy;
    acc[2][lane] += f;
}

fn sum_lanes(v: [f32; LANES]) -> f32 {
    ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
}

/// Barnes–Hut quadtree, rebuilt every step into reused flat buffers.
///
/// Leaves hold up to `LEAF_SIZE` bodies. Forces are computed per *group* (a cell of at
/// most `GROUP_SIZE` bodies): one walk of the tree per group collects the cells far
/// enough from the group's bounding box to act as one charge, and the leaves too near to;
/// every body of the group then sums those two lists.
#[derive(Debug, Clone, Default)]
struct QuadTree {
    cells: Vec<Cell>,
    next_body: Vec<u32>,
    /// Bodies in tree order (each cell's bodies are one run) as of the last build; the next
    /// build inserts them in this order, which keeps memory access local.
    order: Vec<u32>,
    /// The bodies in tree order.
    sorted: Points,
    far: FarList,
    near: Points,
    terms: Terms,
    expansion: Expansion,
}

/// Bodies a leaf holds before it splits.
const LEAF_SIZE: u32 = 8;
/// Most bodies that share one walk of the tree.
const GROUP_SIZE: u32 = 32;

impl QuadTree {
    fn build(&mut self, pos: &[[f32; 2]], charge: &[f32]) {
        self.cells.clear();
        self.next_body.clear();
        self.next_body.resize(pos.len(), NONE);
        let Some((lo, hi)) = bounds_of(pos) else {
            return;
        };
        let centre = [0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1])];
        let half = 0.5 * (hi[0] - lo[0]).max(hi[1] - lo[1]) * 1.0001 + 1e-3;
        self.cells.push(Cell::empty(centre, half));
        if self.order.len() != pos.len() {
            self.order = (0..pos.len() as u32).collect();
        }
        for k in 0..self.order.len() {
            self.insert(self.order[k], pos, charge);
        }
        self.finish();
        self.collect_order();
    }

    fn insert(&mut self, i: u32, pos: &[[f32; 2]], charge: &[f32]) {
        let p = pos[i as usize];
        let mut c = 0;
        let mut depth = 0;
        loop {
            let cell = &self.cells[c];
            if cell.child == NONE && (cell.count < LEAF_SIZE || depth >= MAX_DEPTH) {
                self.push_body(c, i, pos, charge);
                return;
            }
            if cell.child == NONE {
                self.split(c, pos, charge);
            }
            let cell = &mut self.cells[c];
            cell.add(p, charge[i as usize]);
            c = cell.child as usize + cell.quadrant(p);
            depth += 1;
        }
    }

    fn push_body(&mut self, c: usize, i: u32, pos: &[[f32; 2]], charge: &[f32]) {
        let cell = &mut self.cells[c];
        cell.add(pos[i as usize], charge[i as usize]);
        self.next_body[i as usize] = cell.body;
        cell.body = i;
    }

    /// Turns full leaf `c` into four children and moves its bodies down into them.
    fn split(&mut self, c: usize, pos: &[[f32; 2]], charge: &[f32]) {
        let first = self.cells.len();
        let parent = self.cells[c];
        let h = 0.5 * parent.half;
        for k in 0..4 {
            let x = parent.centre[0] + if k & 1 == 1 { h } else { -h };
            let y = parent.centre[1] + if k & 2 == 2 { h } else { -h };
            self.cells.push(Cell::empty([x, y], h));
        }
        let mut j = parent.body;
        while j != NONE {
            let after = self.next_body[j as usize];
            self.push_body(first + parent.quadrant(pos[j as usize]), j, pos, charge);
            j = after;
        }
        let cell = &mut self.cells[c];
        cell.child = first as u32;
        cell.body = NONE;
    }

    /// Turns charge-weighted sums into centres of charge and links the skip pointers past
    /// empty cells (children always come after their parent, so one forward pass does it).
    fn finish(&mut self) {
        for c in 0..self.cells.len() {
            let cell = &mut self.cells[c];
            if cell.charge > 0.0 {
                let m = cell.mass_point;
                cell.mass_point = [m[0] / cell.charge, m[1] / cell.charge];
            }
            if cell.child != NONE {
                self.link_children(c);
            }
        }
    }

    /// Points `parent.child` at its first non-empty child and chains the non-empty
    /// children through `next`, the last one to `parent.next`.
    fn link_children(&mut self, parent: usize) {
        let first = self.cells[parent].child;
        let mut follow = self.cells[parent].next;
        for k in (0..4).rev() {
            let c = (first + k) as usize;
            if self.cells[c].count > 0 {
                self.cells[c].next = follow;
                follow = c as u32;
            }
        }
        self.cells[parent].child = follow;
    }

    /// Lists the bodies in tree order into `self.order` and records each cell's run.
    fn collect_order(&mut self) {
        self.order.clear();
        let mut c = if self.cells.is_empty() { NONE } else { 0 };
        while c != NONE {
            let cell = &mut self.cells[c as usize];
            cell.start = self.order.len() as u32;
            if cell.child != NONE {
                c = cell.child;
                continue;
            }
            let mut j = cell.body;
            while j != NONE {
                self.order.push(j);
                j = self.next_body[j as usize];
            }
            c = cell.next;
        }
    }

    /// Copies the bodies into tree order.
    fn gather(&mut self, bodies: &Bodies) {
        self.sorted.clear();
        for &i in &self.order {
            let i = i as usize;
            let p = bodies.pos[i];
            self.sorted
                .push([p[0], p[1], bodies.charge[i], bodies.radius[i]], i as u32);
        }
    }

    /// Writes the repulsion on every free body into `force` and its stiffness into
    /// `stiffness` (pinned bodies are left alone).
    fn repulsion(
        &mut self,
        bodies: &Bodies,
        field: &Field,
        force: &mut [[f32; 2]],
        stiffness: &mut [f32],
    ) {
        self.gather(bodies);
        let mut c = if self.cells.is_empty() { NONE } else { 0 };
        while c != NONE {
            let cell = self.cells[c as usize];
            if cell.count <= GROUP_SIZE || cell.child == NONE {
                self.collect_lists(c as usize, field.theta2);
                self.group_forces(cell.range(), bodies, field, force, stiffness);
                c = cell.next;
            } else {
                c = cell.child;
            }
        }
    }

    /// Fills the far list (cells acting as one charge) and the near list (runs of bodies
    /// to sum exactly) for group cell `g`.
    fn collect_lists(&mut self, g: usize, theta2: f32) {
        let group = self.cells[g];
        let (lo, hi) = self.group_box(group.range());
        self.far.clear();
        self.near.clear();
        self.expansion = Expansion::around(lo, hi);
        let mut c = 0u32;
        while c != NONE {
            let cell = &self.cells[c as usize];
            if c as usize == g {
                self.near.extend_from(&self.sorted, cell.range());
                c = cell.next;
            } else if !cell.encloses(&group) && is_far(cell, lo, hi, theta2) {
                if !self.expansion.try_add(cell, theta2) {
                    self.far.push(cell.mass_point, cell.charge);
                }
                c = cell.next;
            } else if cell.child == NONE {
                self.near.extend_from(&self.sorted, cell.range());
                c = cell.next;
            } else {
                c = cell.child;
            }
        }
    }

    /// Bounding box of the bodies in a run of the tree order.
    fn group_box(&self, run: std::ops::Range<usize>) -> ([f32; 2], [f32; 2]) {
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for k in run {
            let (x, y) = (self.sorted.x[k], self.sorted.y[k]);
            lo = [lo[0].min(x), lo[1].min(y)];
            hi = [hi[0].max(x), hi[1].max(y)];
        }
        (lo, hi)
    }

    /// Sums the two lists for every free body of a group.
    fn group_forces(
        &mut self,
        run: std::ops::Range<usize>,
        bodies: &Bodies,
        field: &Field,
        force: &mut [[f32; 2]],
        stiffness: &mut [f32],
    ) {
        for k in run {
            let i = self.order[k] as usize;
            if bodies.pinned[i] {
                continue;
            }
            let probe = Probe {
                p: [self.sorted.x[k], self.sorted.y[k]],
                radius: self.sorted.r[k] + field.gap,
                min_distance2: field.min_distance2,
            };
            let mut far = self.far.field_at(probe.p);
            self.expansion.add_at(probe.p, &mut far);
            let mut near = self.near.field_at(&probe, &mut self.terms);
            if near[6] > 1.0 {
                self.near
                    .add_coincident(&mut near, &probe, i as u32, field.seed);
            }
            let repel = field.strength * self.sorted.q[k];
            let collide = COLLISION * bodies.mass[i];
            force[i] = [
                repel * (far[0] + near[0]) + collide * near[3],
                repel * (far[1] + near[1]) + collide * near[4],
            ];
            stiffness[i] = repel * (far[2] + near[2]) + collide * near[5];
        }
    }
}

/// The body whose near field is summed: its position, its radius plus the rim gap, and
/// the distance² below which another body counts as on the same spot.
struct Probe {
    p: [f32; 2],
    radius: f32,
    min_distance2: f32,
}

/// Bodies as structure-of-arrays: position, charge, radius and node number.
#[derive(Debug, Clone, Default)]
struct Points {
    x: Vec<f32>,
    y: Vec<f32>,
    q: Vec<f32>,
    r: Vec<f32>,
    id: Vec<u32>,
}

impl Points {
    fn clear(&mut self) {
        self.x.clear();
        self.y.clear();
        self.q.clear();
        self.r.clear();
        self.id.clear();
    }

    fn push(&mut self, [x, y, q, r]: [f32; 4], id: u32) {
        self.x.push(x);
        self.y.push(y);
        self.q.push(q);
        self.r.push(r);
        self.id.push(id);
    }

    fn extend_from(&mut self, other: &Points, run: std::ops::Range<usize>) {
        self.x.extend_from_slice(&other.x[run.clone()]);
        self.y.extend_from_slice(&other.y[run.clone()]);
        self.q.extend_from_slice(&other.q[run.clone()]);
        self.r.extend_from_slice(&other.r[run.clone()]);
        self.id.extend_from_slice(&other.id[run]);
    }

    /// Exact sums over all points except those on the probe's spot: repulsion
    /// `Σ q·d/|d|²` (x, y) and `Σ q/|d|²`, collision `Σ overlap·d/|d|` (x, y) and the number
    /// of overlaps, and the number of points on the probe's spot (itself included).
    /// Each term goes to a scratch row first, which lets the compiler vectorise the loop.
    fn field_at(&self, probe: &Probe, terms: &mut Terms) -> [f32; 7] {
        let n = self.x.len();
        for t in terms.0.iter_mut() {
            t.resize(n, 0.0);
        }
        let (x, y, q, r) = (&self.x[..n], &self.y[..n], &self.q[..n], &self.r[..n]);
        let [t0, t1, t2, t3, t4, t5, t6] = &mut terms.0;
        let (t0, t1, t2, t3) = (&mut t0[..n], &mut t1[..n], &mut t2[..n], &mut t3[..n]);
        let (t4, t5, t6) = (&mut t4[..n], &mut t5[..n], &mut t6[..n]);
        for j in 0..n {
            let (dx, dy) = (probe.p[0] - x[j], probe.p[1] - y[j]);
            let d2 = dx * dx + dy * dy;
            let live = if d2 >= probe.min_distance2 { 1.0 } else { 0.0 };
            let d2 = if d2 >= probe.min_distance2 {
                d2
            } else {
                probe.min_distance2
            };
            let d = d2.sqrt();
            let inv = live / d;
            let gap = probe.radius + r[j] - d;
            let over = if gap > 0.0 { gap } else { 0.0 };
            let repel = q[j] * inv * inv;
            let collide = over * inv;
            t0[j] = repel * dx;
            t1[j] = repel * dy;
            t2[j] = repel;
            t3[j] = collide * dx;
            t4[j] = collide * dy;
            t5[j] = if over > 0.0 { live } else { 0.0 };
            t6[j] = 1.0 - live;
        }
        terms.0.each_ref().map(|t| sum_in_lanes(t))
    }

    /// Adds to `near` the pushes from points on the probe's own spot (other than node
    /// `own`), along a direction drawn from the seed and the two node numbers.
    fn add_coincident(&self, near: &mut [f32; 7], probe: &Probe, own: u32, seed: u64) {
        let d = probe.min_distance2.sqrt();
        for k in 0..self.x.len() {
            let (dx, dy) = (probe.p[0] - self.x[k], probe.p[1] - self.y[k]);
            if self.id[k] == own || dx * dx + dy * dy >= probe.min_distance2 {
                continue;
            }
            let u = unit_between(seed, self.id[k], own);
            let repel = self.q[k] / d;
            let overlap = (probe.radius + self.r[k] - d).max(0.0);
            near[0] += repel * u[0];
            near[1] += repel * u[1];
            near[2] += self.q[k] / probe.min_distance2;
            near[3] += overlap * u[0];
            near[4] += overlap * u[1];
            near[5] += if overlap > 0.0 { 1.0 } else { 0.0 };
        }
    }
}

/// Scratch rows for [`Points::field_at`].
#[derive(Debug, Clone, Default)]
struct Terms([Vec<f32>; 7]);

/// Sum in `LANES` interleaved partial sums, combined in a fixed order.
fn sum_in_lanes(v: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let chunks = v.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for l in 0..LANES {
            acc[l] += c[l];
        }
    }
    for (l, x) in rest.iter().enumerate() {
        acc[l] += x;
    }
    sum_lanes(acc)
}

/// Whether `cell` is far enough from the box `lo..hi` to act as one charge.
fn is_far(cell: &Cell, lo: [f32; 2], hi: [f32; 2], theta2: f32) -> bool {
    let m = cell.mass_point;
    let dx = (lo[0] - m[0]).max(m[0] - hi[0]).max(0.0);
    let dy = (lo[1] - m[1]).max(m[1] - hi[1]).max(0.0);
    let width = 2.0 * cell.half;
    width * width < theta2 * (dx * dx + dy * dy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_clusters() -> (usize, Vec<(u32, u32, f32)>) {
        let mut edges = Vec::new();
        for base in [0u32, 5] {
            for a in 0..5 {
                for b in (a + 1)..5 {
                    edges.push((base + a, base + b, 1.0));
                }
            }
        }
        (10, edges)
    }

    fn distance(p: [f32; 2], q: [f32; 2]) -> f32 {
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
    }

    fn all_finite(layout: &Layout) -> bool {
        layout.positions().iter().all(|p| is_finite_point(*p))
    }

    #[test]
    fn same_seed_same_layout_other_seed_other_layout() {
        let (n, edges) = two_clusters();
        let radii = vec![5.0; n];
        let run = |seed| {
            let mut l = Layout::new(n, &edges, &radii, seed, LayoutParams::default());
            l.run(1000);
            l.positions().to_vec()
        };
        let (a, b, c) = (run(7), run(7), run(8));
        let bits = |v: &[[f32; 2]]| {
            v.iter()
                .flat_map(|p| p.map(f32::to_bits))
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&a), bits(&b));
        assert_ne!(bits(&a), bits(&c));
    }

    /// FNV-1a hash of the bits of all positions.
    fn fingerprint(layout: &Layout) -> u64 {
        let mut h = 0xCBF2_9CE4_8422_2325u64;
        for p in layout.positions() {
            for byte in p.iter().flat_map(|v| v.to_bits().to_le_bytes()) {
                h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
            }
        }
        h
    }

    /// A recorded run: the same numbers must come out on every machine. If the algorithm
    /// is changed on purpose, print the new value and update it here.
    #[test]
    fn matches_recorded_run() {
        let n = 300u32;
        let mut g = SplitMix64(42);
        let edges: Vec<_> = (0..900)
            .map(|_| {
                let (a, b) = ((g.next_u64() % 300) as u32, (g.next_u64() % 300) as u32);
                (a, b, 1.0 + (g.next_u64() % 50) as f32)
            })
            .collect();
        let radii: Vec<f32> = (0..n).map(|i| 3.0 + (i % 11) as f32 * 2.5).collect();
        let mut l = Layout::new(n as usize, &edges, &radii, 7, LayoutParams::default());
        l.run(150);
        l.pin(3, true);
        l.set_position(3, [0.0, 0.0]);
        l.set_position(4, [0.0, 0.0]);
        l.reheat(0.5);
        l.run(1000);
        let kept: Vec<_> = l.positions().iter().map(|&p| Some(p)).take(250).collect();
        let mut m =
            Layout::with_positions(&kept, &edges[..700], &radii, 8, LayoutParams::default());
        m.run(1000);
        println!(
            "fingerprints: {:#018x} {:#018x}",
            fingerprint(&l),
            fingerprint(&m)
        );
        let recorded = (0xfef6_57c8_73d2_1ce8, 0xb57f_ba64_13c3_4765);
        assert_eq!((fingerprint(&l), fingerprint(&m)), recorded);
    }

    #[test]
    fn pinned_nodes_do_not_move() {
        let (n, edges) = two_clusters();
        let mut l = Layout::new(n, &edges, &[], 1, LayoutParams::default());
        l.set_position(3, [500.0, -200.0]);
        l.pin(3, true);
        assert!(l.is_pinned(3) && !l.is_pinned(4) && !l.is_pinned(99));
        l.run(1000);
        assert_eq!(l.positions()[3], [500.0, -200.0]);
        l.pin(3, false);
        l.reheat(1.0);
        l.step();
        assert_ne!(l.positions()[3], [500.0, -200.0]);
    }

    #[test]
    fn settles_and_then_stops() {
        let (n, edges) = two_clusters();
        let mut l = Layout::new(n, &edges, &[], 3, LayoutParams::default());
        let steps = l.run(10_000);
        assert!(l.is_settled());
        assert!((300..=500).contains(&steps), "{steps} steps");
        let before = l.positions().to_vec();
        assert_eq!(l.step(), 0.0);
        assert_eq!(l.positions(), &before[..]);
        l.reheat(0.5);
        assert!(!l.is_settled());
        assert!(l.run(10_000) < steps);
    }

    #[test]
    fn moves_get_small_before_settling() {
        let (n, edges) = two_clusters();
        let mut l = Layout::new(n, &edges, &[], 4, LayoutParams::default());
        l.run(300);
        let late = l.step();
        assert!(late < 0.02 * LayoutParams::default().edge_length, "{late}");
    }

    #[test]
    fn connected_pairs_end_closer_than_unconnected() {
        // Two 5-cliques joined by one bridge edge 4–5.
        let (n, mut edges) = two_clusters();
        edges.push((4, 5, 1.0));
        let same = |a: usize, b: usize| (a < 5) == (b < 5);
        for seed in 0..8 {
            let mut l = Layout::new(n, &edges, &[], seed, LayoutParams::default());
            l.run(1000);
            let p = l.positions();
            let mut inside = 0.0f32;
            let mut across = f32::MAX;
            for a in 0..n {
                for b in (a + 1)..n {
                    if same(a, b) {
                        inside = inside.max(distance(p[a], p[b]));
                    } else if (a, b) != (4, 5) {
                        across = across.min(distance(p[a], p[b]));
                    }
                }
            }
            assert!(
                inside < across,
                "seed {seed}: inside {inside}, across {across}"
            );
        }
    }

    #[test]
    fn heavy_hub_does_not_collapse() {
        // A hub with 29 very heavy edges, next to a light chain that sets the mean weight.
        let mut edges: Vec<_> = (1..30u32).map(|b| (0, b, 1000.0)).collect();
        edges.extend((30..45u32).map(|a| (a, a + 1, 1.0)));
        let length = LayoutParams::default().edge_length;
        for seed in 0..3 {
            let mut l = Layout::new(46, &edges, &[], seed, LayoutParams::default());
            l.run(1000);
            let p = l.positions();
            for a in 0..30 {
                for b in (a + 1)..30 {
                    let d = distance(p[a], p[b]);
                    assert!(d > 0.3 * length, "seed {seed}: {a}–{b} at {d}");
                }
            }
        }
    }

    #[test]
    fn big_nodes_keep_small_ones_off() {
        let edges: Vec<_> = (1..12u32).map(|b| (0, b, 1.0)).collect();
        let mut radii = vec![4.0; 12];
        radii[0] = 80.0;
        for seed in 0..3 {
            let mut l = Layout::new(12, &edges, &radii, seed, LayoutParams::default());
            l.run(1000);
            let p = l.positions();
            for b in 1..12 {
                let d = distance(p[0], p[b]);
                assert!(d > radii[0] + radii[b], "seed {seed}: node {b} at {d}");
            }
        }
    }

    #[test]
    fn disconnected_parts_stay_near() {
        let edges = vec![(0, 1, 1.0), (2, 3, 1.0)];
        let mut l = Layout::new(6, &edges, &[], 2, LayoutParams::default());
        l.run(1000);
        let (lo, hi) = l.bounds().unwrap_or_default();
        let size = (hi[0] - lo[0]).max(hi[1] - lo[1]);
        assert!(size < 20.0 * LayoutParams::default().edge_length, "{size}");
    }

    #[test]
    fn with_positions_starts_from_given_and_places_new_near_neighbours() {
        let initial = vec![
            Some([1000.0, 1000.0]),
            Some([-1000.0, 0.0]),
            None,
            None,
            None,
        ];
        let edges = vec![(0, 2, 1.0), (2, 3, 1.0), (1, 2, 0.5)];
        let l = Layout::with_positions(&initial, &edges, &[], 1, LayoutParams::default());
        let p = l.positions();
        assert_eq!(p[0], [1000.0, 1000.0]);
        assert_eq!(p[1], [-1000.0, 0.0]);
        let jitter = NEIGHBOUR_JITTER * LayoutParams::default().edge_length * 1.0001;
        assert!(distance(p[2], [0.0, 500.0]) <= jitter, "{:?}", p[2]);
        assert!(distance(p[3], p[2]) <= jitter, "{:?}", p[3]);
        assert!(is_finite_point(p[4]));
        let again = Layout::with_positions(&initial, &edges, &[], 1, LayoutParams::default());
        assert_eq!(again.positions(), p);
    }

    #[test]
    fn with_positions_of_nothing_matches_new() {
        let (n, edges) = two_clusters();
        let params = LayoutParams::default();
        let a = Layout::new(n, &edges, &[], 6, params);
        let b = Layout::with_positions(&vec![None; n], &edges, &[], 6, params);
        assert_eq!(a.positions(), b.positions());
    }

    #[test]
    fn empty_and_single_node_graphs_work() {
        let mut empty = Layout::new(0, &[], &[], 0, LayoutParams::default());
        assert!(empty.is_empty() && empty.is_settled() && empty.bounds().is_none());
        assert_eq!(empty.step(), 0.0);
        assert_eq!(empty.run(10), 0);
        let mut one = Layout::new(
            1,
            &[(0, 0, 1.0), (0, 5, 1.0)],
            &[3.0],
            0,
            LayoutParams::default(),
        );
        assert_eq!(one.len(), 1);
        one.run(1000);
        assert!(one.is_settled() && all_finite(&one));
        let (lo, hi) = one.bounds().unwrap_or_default();
        assert_eq!(lo, hi);
    }

    #[test]
    fn coincident_nodes_give_no_nan() {
        let initial = vec![Some([5.0, 5.0]); 2];
        let mut l =
            Layout::with_positions(&initial, &[(0, 1, 1.0)], &[], 0, LayoutParams::default());
        let moved = l.step();
        assert!(moved.is_finite() && moved > 0.0);
        assert!(all_finite(&l));
        assert_ne!(l.positions()[0], l.positions()[1]);
        l.run(1000);
        assert!(all_finite(&l));
        let many = vec![Some([0.0, 0.0]); 50];
        let mut l = Layout::with_positions(&many, &[], &[2.0; 50], 0, LayoutParams::default());
        l.run(1000);
        assert!(all_finite(&l));
    }

    #[test]
    fn bad_inputs_are_ignored() {
        let params = LayoutParams {
            edge_length: f32::NAN,
            cooling: 1.5,
            ..LayoutParams::default()
        };
        let edges = vec![
            (0, 9, 1.0),
            (0, 1, f32::NAN),
            (0, 1, -1.0),
            (1, 2, f32::INFINITY),
        ];
        let mut l = Layout::new(3, &edges, &[f32::NAN, -1.0], 0, params);
        l.set_position(0, [f32::NAN, 0.0]);
        l.set_position(7, [0.0, 0.0]);
        l.reheat(f32::NAN);
        assert!(l.is_settled());
        l.reheat(2.0);
        assert!(l.run(1000) < 1000 && all_finite(&l));
    }

    #[test]
    fn barnes_hut_is_close_to_exact() {
        let n = 1500;
        let mut g = SplitMix64(3);
        let edges: Vec<_> = (0..4 * n)
            .map(|_| {
                (
                    (g.next_u64() % n as u64) as u32,
                    (g.next_u64() % n as u64) as u32,
                    1.0,
                )
            })
            .collect();
        let radii: Vec<f32> = (0..n).map(|i| (i % 5) as f32 * 4.0).collect();
        let mut fast = Layout::new(n, &edges, &radii, 1, LayoutParams::default());
        fast.run(60);
        let mut exact = fast.clone();
        exact.params.theta = 0.0;
        fast.add_repulsion();
        exact.add_repulsion();
        let mut errors: Vec<f32> = (0..n)
            .map(|i| {
                let (a, b) = (fast.forces[i], exact.forces[i]);
                distance(a, b) / (b[0] * b[0] + b[1] * b[1]).sqrt()
            })
            .collect();
        errors.sort_by(f32::total_cmp);
        let (median, p95) = (errors[n / 2], errors[n * 95 / 100]);
        println!("relative force error: median {median:.4}, 95th percentile {p95:.4}");
        assert!(median < 0.01 && p95 < 0.05, "median {median}, p95 {p95}");
    }

    #[test]
    fn hand_made_ln_is_accurate() {
        for x in [1.0, 1.5, 2.0, std::f64::consts::E, 10.0, 1e-3, 1e6, 1e30] {
            let expected = f64::ln(x);
            assert!(
                (ln(x) - expected).abs() <= 1e-14 * expected.abs().max(1.0),
                "{x}"
            );
        }
    }
}
