//! Solving: the linear programs over a group or a cell's neighbourhood,
//! and the points their solutions leave seen.

use super::{Audit, Components, Relation, Target};
use crate::reports::audit::Interval;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeMap, HashMap, HashSet};

impl Audit<'_> {
    /// Solutions that show many cells at once, before any is solved
    /// alone: per group with cells not yet safe, all of them as low as they
    /// go together, and as high (each at most 4 above its count, all a
    /// rule asks).
    pub(super) fn survey(&mut self, components: &Components, safe: &HashSet<Target>) {
        let mut by_group: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
        for p in 0..self.values.len() {
            if self.values[p] != 0
                && !safe.contains(&Target::Part(p))
                && !self.seen_protects(Target::Part(p))
            {
                by_group.entry(components.of[p]).or_default().push((p, 1));
            }
        }
        for (group, objective) in by_group.into_iter().filter(|(_, o)| o.len() > 1) {
            let (members, relations) = &components.groups[group];
            for direction in [
                OptimizationDirection::Minimize,
                OptimizationDirection::Maximize,
            ] {
                if let Some((_, point)) =
                    self.extreme(members, relations, &objective, direction, Some(4))
                {
                    self.witness(&point);
                }
            }
        }
    }

    /// Solves a cell over the counts at most two relations away from its
    /// own, for what it shows.
    pub(super) fn near(&mut self, target: Target, components: &Components) {
        let own = self.terms(target);
        let (local, relations) = self.local(&own, 2, components);
        for direction in [
            OptimizationDirection::Minimize,
            OptimizationDirection::Maximize,
        ] {
            if let Some((_, point)) = self.extreme(&local, &relations, &own, direction, Some(4)) {
                self.witness(&point);
            }
        }
    }

    /// The counts at most `hops` relations away from `seeds` (a few
    /// hundred at most) and the relations on them, every other count held
    /// at its true value: a small problem each solution of which is one of
    /// the whole.
    fn local(
        &self,
        seeds: &[(usize, i64)],
        hops: usize,
        components: &Components,
    ) -> (Vec<usize>, Vec<Relation>) {
        const MOST: usize = 400;
        let mut local: Vec<usize> = seeds.iter().map(|(p, _)| *p).collect();
        let mut inside: HashSet<usize> = local.iter().copied().collect();
        let mut frontier = local.clone();
        for _ in 0..hops {
            let mut next = Vec::new();
            for p in frontier {
                for &r in &components.touching[p] {
                    for &(q, _) in &components.all[r].terms {
                        if inside.len() < MOST && inside.insert(q) {
                            next.push(q);
                        }
                    }
                }
            }
            local.extend(&next);
            frontier = next;
        }
        let mut relations: Vec<Relation> = Vec::new();
        let mut used: HashSet<usize> = HashSet::new();
        for &p in &local {
            for &r in &components.touching[p] {
                if !used.insert(r) {
                    continue;
                }
                let relation = &components.all[r];
                let mut rhs = relation.rhs;
                let mut terms = Vec::new();
                for &(q, k) in &relation.terms {
                    if inside.contains(&q) {
                        terms.push((q, k));
                    } else {
                        rhs -= k * self.values[q];
                    }
                }
                relations.push(Relation {
                    terms,
                    rhs,
                    exact: relation.exact,
                });
            }
        }
        (local, relations)
    }

    /// The exact interval of a cell: its terms' lowest and highest sums
    /// over each group they lie in (the groups are independent), with
    /// every solution kept as a point seen.
    pub(super) fn solve(&mut self, target: Target, components: &Components) -> Interval {
        let terms = self.terms(target);
        let (mut low, mut high) = (0i64, Some(0i64));
        let mut lows: Vec<(usize, f64)> = Vec::new();
        let mut highs: Vec<(usize, f64)> = Vec::new();
        let mut by_group: BTreeMap<usize, Vec<(usize, i64)>> = BTreeMap::new();
        for term in terms {
            by_group
                .entry(components.of[term.0])
                .or_default()
                .push(term);
        }
        for (group, objective) in by_group {
            let (members, relations) = &components.groups[group];
            match self.extreme(
                members,
                relations,
                &objective,
                OptimizationDirection::Minimize,
                None,
            ) {
                Some((v, point)) => {
                    low += (v - 1e-6).ceil() as i64;
                    lows.extend(point);
                }
                None => return self.pinned(target),
            }
            match self.extreme(
                members,
                relations,
                &objective,
                OptimizationDirection::Maximize,
                None,
            ) {
                Some((v, point)) if v.is_finite() => {
                    high = high.map(|h| h + (v + 1e-6).floor() as i64);
                    highs.extend(point);
                }
                Some(_) => high = None,
                None => return self.pinned(target),
            }
        }
        self.witness(&lows);
        self.witness(&highs);
        Interval {
            low: low.max(0),
            high,
        }
    }

    /// A relation the solver could not settle is taken as giving the
    /// cell away: hiding more is the safe side.
    fn pinned(&self, target: Target) -> Interval {
        let value = self.value(target);
        Interval {
            low: value,
            high: Some(value),
        }
    }

    /// The optimum of `objective` over one group, with the solution (an
    /// unbounded one has none: infinity). With `cap`, every count is held
    /// to at most that much above its own (fewer solutions, each still
    /// one).
    fn extreme(
        &mut self,
        members: &[usize],
        relations: &[Relation],
        objective: &[(usize, i64)],
        direction: OptimizationDirection,
        cap: Option<i64>,
    ) -> Option<(f64, Vec<(usize, f64)>)> {
        self.solves += 1;
        let weight: HashMap<usize, i64> = objective.iter().copied().collect();
        let mut problem = Problem::new(direction);
        let vars: HashMap<usize, _> = members
            .iter()
            .map(|&p| {
                let w = weight.get(&p).copied().unwrap_or(0) as f64;
                let high = cap.map_or(f64::INFINITY, |c| (self.values[p] + c) as f64);
                (p, problem.add_var(w, (0.0, high)))
            })
            .collect();
        for relation in relations {
            let terms: Vec<_> = relation
                .terms
                .iter()
                .map(|&(p, k)| (vars[&p], k as f64))
                .collect();
            let op = if relation.exact {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Le
            };
            problem.add_constraint(terms.as_slice(), op, relation.rhs as f64);
        }
        match problem.solve() {
            Ok(outcome) => {
                let solution = outcome.solution()?;
                let point = members
                    .iter()
                    .map(|&p| (p, solution.var_value(vars[&p])))
                    .collect();
                Some((solution.objective(), point))
            }
            Err(microlp::Error::Unbounded) => Some((f64::INFINITY, Vec::new())),
            Err(_) => None,
        }
    }

    /// Widens what was seen of every cell by one solution (the true
    /// counts wherever it says nothing).
    fn witness(&mut self, point: &[(usize, f64)]) {
        if point.is_empty() {
            return;
        }
        let at: HashMap<usize, f64> = point.iter().copied().collect();
        let x = |p: usize| at.get(&p).copied().unwrap_or(self.values[p] as f64);
        let mut cells: Vec<(Target, f64)> = at.keys().map(|&p| (Target::Part(p), x(p))).collect();
        let mut touched: Vec<usize> = at
            .keys()
            .flat_map(|&p| self.sums_of[p].iter().copied())
            .filter(|&s| self.hidden[s])
            .collect();
        touched.sort_unstable();
        touched.dedup();
        for s in touched {
            let sum: f64 = self.sums[s].parts.iter().map(|&p| x(p)).sum();
            cells.push((Target::Sum(s), sum));
        }
        for (target, v) in cells {
            let value = self.value(target);
            // Inwards, as a whole-number reader would.
            let (down, up) = ((v - 1e-6).ceil() as i64, (v + 1e-6).floor() as i64);
            let seen = self.seen.entry(target).or_insert((value, Some(value)));
            seen.0 = seen.0.min(down.max(0));
            seen.1 = seen.1.map(|h| h.max(up));
        }
    }
}
