//! Secondary suppression of an umbrella's tables, proved by linear
//! programming as a member's own files are ([`crate::reports::audit`]).
//!
//! What an outsider can work out of a member's counts comes only from the
//! counts that member's own files hide and it sent the umbrella as they
//! are (withheld): every other count is public already, and a count a
//! member sent only as a range is in no published sum (its sums are
//! hidden, the umbrella cannot know them). So the unknowns are the
//! withheld counts, bound by each service's own relations (its totals are
//! the sums of its parts) and by every published sum they are in. A
//! withheld count, and a hidden sum, must stay as wide as the rule asks
//! ([`Interval::protects`]); while one does not, one more published sum
//! beside it is hidden.
//!
//! The relations between withheld counts are exact and the counts are
//! known here, so each relation's right-hand side is what the true counts
//! give. An umbrella of hundreds of members makes one large linear
//! program: every solution the solver finds is a point that fits every
//! relation, so it shows, for every cell at once, a value the cell can
//! take; a cell whose seen values already reach its rule needs no solve of
//! its own. Hiding a sum only drops a relation, so every point stays a
//! solution and a cell found safe stays safe.

use crate::reports::audit::Interval;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeMap, HashMap, HashSet};

/// `Σ coefficient × count` is `rhs`, or at most `rhs`: one service's own
/// relation between its withheld counts, public counts moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub terms: Vec<(usize, i64)>,
    pub rhs: i64,
    pub exact: bool,
}

/// A published sum: the withheld counts it adds up and its whole count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub parts: Vec<usize>,
    pub value: i64,
    /// Counts people: a small count is hidden whatever else.
    pub people: bool,
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Protection {
    /// Per sum: hidden.
    pub hidden: Vec<bool>,
    /// Withheld counts their members' own relations give away already:
    /// nothing published here protects them.
    pub given_away: Vec<usize>,
    /// Cells still too narrow with every sum beside them hidden (none,
    /// unless a member's own relations pin them).
    pub exposed: Vec<Target>,
    /// Linear programs solved.
    pub solves: usize,
}

/// A cell the rule protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Part(usize),
    Sum(usize),
}

/// Which sums to hide. `values` are the withheld counts; `relations`
/// each service's own.
pub fn protect(values: &[i64], relations: &[Relation], sums: &[Sum]) -> Protection {
    let mut audit = Audit {
        values,
        relations,
        sums,
        hidden: sums
            .iter()
            .map(|s| s.people && crate::reports::suppress::is_small(s.value))
            .collect(),
        seen: HashMap::new(),
        solves: 0,
        sums_of: {
            let mut of = vec![Vec::new(); values.len()];
            for (s, sum) in sums.iter().enumerate() {
                for &p in &sum.parts {
                    of[p].push(s);
                }
            }
            of
        },
    };
    let given_away = audit.own();
    let mut safe: HashSet<Target> = given_away.iter().map(|&p| Target::Part(p)).collect();
    // A sum with one withheld count gives it away: hidden without solving.
    for (s, sum) in sums.iter().enumerate() {
        if let [p] = sum.parts.as_slice() {
            if !given_away.contains(p) {
                audit.hidden[s] = true;
            }
        }
    }
    let mut exposed = Vec::new();
    loop {
        let components = audit.components();
        audit.survey(&components, &safe);
        // A cell beside a sum hidden this round waits for the next: that
        // sum may be all it needed.
        let mut moved = vec![false; values.len()];
        let mut added = false;
        for target in audit.targets() {
            if safe.contains(&target) || exposed.contains(&target) {
                continue;
            }
            let value = audit.value(target);
            if value == 0 || audit.seen_protects(target) {
                safe.insert(target);
                continue;
            }
            let terms = audit.terms(target);
            if terms.iter().any(|(p, _)| moved[*p]) {
                continue;
            }
            // Most cells are shown wide by the counts next to them alone,
            // the others held at their true counts: a small problem. One
            // that is not is taken as too narrow, and hidden beside; only
            // with nothing left to hide is the whole group solved (a cell
            // is never called safe without a solution showing it).
            audit.near(target, &components);
            if audit.seen_protects(target) {
                safe.insert(target);
                continue;
            }
            match audit.partner(target, &components) {
                Some(sum) => {
                    audit.hidden[sum] = true;
                    added = true;
                    for &p in terms.iter().map(|(p, _)| p).chain(&sums[sum].parts) {
                        moved[p] = true;
                    }
                }
                None => {
                    if audit.solve(target, &components).protects(value) {
                        safe.insert(target);
                    } else {
                        exposed.push(target);
                    }
                }
            }
        }
        if !added {
            exposed.sort_unstable();
            return Protection {
                hidden: audit.hidden,
                given_away,
                exposed,
                solves: audit.solves,
            };
        }
    }
}

struct Audit<'a> {
    values: &'a [i64],
    relations: &'a [Relation],
    sums: &'a [Sum],
    hidden: Vec<bool>,
    /// The lowest and highest value each cell took in any solution.
    seen: HashMap<Target, (i64, Option<i64>)>,
    solves: usize,
    /// Per withheld count, the sums it is in.
    sums_of: Vec<Vec<usize>>,
}

/// Each withheld count's group of counts linked by a relation.
struct Components {
    of: Vec<usize>,
    /// Per group: its counts and its relations.
    groups: Vec<(Vec<usize>, Vec<Relation>)>,
    /// Every relation in force, and per count the ones it is in.
    all: Vec<Relation>,
    touching: Vec<Vec<usize>>,
}

impl Audit<'_> {
    fn value(&self, target: Target) -> i64 {
        match target {
            Target::Part(p) => self.values[p],
            Target::Sum(s) => self.sums[s].value,
        }
    }

    /// The terms a cell is of.
    fn terms(&self, target: Target) -> Vec<(usize, i64)> {
        match target {
            Target::Part(p) => vec![(p, 1)],
            Target::Sum(s) => self.sums[s].parts.iter().map(|&p| (p, 1)).collect(),
        }
    }

    /// Every cell the rule protects: the withheld counts, then the
    /// hidden sums.
    fn targets(&self) -> Vec<Target> {
        (0..self.values.len())
            .map(Target::Part)
            .chain(
                (0..self.sums.len())
                    .filter(|&s| self.hidden[s] && !self.sums[s].parts.is_empty())
                    .map(Target::Sum),
            )
            .collect()
    }

    /// The relations in force: the members' own and every published sum
    /// of withheld counts.
    fn in_force(&self, own_only: bool) -> Vec<Relation> {
        let mut out: Vec<Relation> = self.relations.to_vec();
        if !own_only {
            out.extend(
                self.sums
                    .iter()
                    .zip(&self.hidden)
                    .filter(|(s, hidden)| !**hidden && !s.parts.is_empty())
                    .map(|(s, _)| Relation {
                        terms: s.parts.iter().map(|&p| (p, 1)).collect(),
                        rhs: s.parts.iter().map(|&p| self.values[p]).sum(),
                        exact: true,
                    }),
            );
        }
        out
    }

    fn components_of(&self, relations: Vec<Relation>) -> Components {
        let n = self.values.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut at: usize) -> usize {
            while parent[at] != at {
                parent[at] = parent[parent[at]];
                at = parent[at];
            }
            at
        }
        for relation in &relations {
            for pair in relation.terms.windows(2) {
                let (a, b) = (root(&mut parent, pair[0].0), root(&mut parent, pair[1].0));
                parent[a] = b;
            }
        }
        let mut index: HashMap<usize, usize> = HashMap::new();
        let mut of = vec![0; n];
        let mut groups: Vec<(Vec<usize>, Vec<Relation>)> = Vec::new();
        for (p, slot) in of.iter_mut().enumerate() {
            let r = root(&mut parent, p);
            let at = *index.entry(r).or_insert_with(|| {
                groups.push((Vec::new(), Vec::new()));
                groups.len() - 1
            });
            *slot = at;
            groups[at].0.push(p);
        }
        let mut touching = vec![Vec::new(); n];
        for (at, relation) in relations.iter().enumerate() {
            if let Some(&(p, _)) = relation.terms.first() {
                groups[of[p]].1.push(relation.clone());
            }
            for &(p, _) in &relation.terms {
                touching[p].push(at);
            }
        }
        Components {
            of,
            groups,
            all: relations,
            touching,
        }
    }

    fn components(&self) -> Components {
        self.components_of(self.in_force(false))
    }

    /// Solutions that show many cells at once, before any is solved
    /// alone: per group with cells not yet safe, all of them as low as they
    /// go together, and as high (each at most 4 above its count, all a
    /// rule asks).
    fn survey(&mut self, components: &Components, safe: &HashSet<Target>) {
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
    fn near(&mut self, target: Target, components: &Components) {
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

    /// The groups a cell's counts lie in.
    fn reach(&self, target: Target, components: &Components) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .terms(target)
            .iter()
            .map(|(p, _)| components.of[*p])
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The withheld counts the members' own relations give away: solved
    /// with every sum hidden.
    fn own(&mut self) -> Vec<usize> {
        let components = self.components_of(self.in_force(true));
        let mut given_away = Vec::new();
        for p in 0..self.values.len() {
            let value = self.values[p];
            if value == 0 {
                continue;
            }
            let interval = self.solve(Target::Part(p), &components);
            if !interval.protects(value) {
                given_away.push(p);
            }
        }
        // What was seen with fewer relations is not a solution of more.
        self.seen.clear();
        given_away
    }

    fn seen_protects(&self, target: Target) -> bool {
        let value = self.value(target);
        self.seen
            .get(&target)
            .is_some_and(|&(low, high)| Interval { low, high }.protects(value))
    }

    /// The exact interval of a cell: its terms' lowest and highest sums
    /// over each group they lie in (the groups are independent), with
    /// every solution kept as a point seen.
    fn solve(&mut self, target: Target, components: &Components) -> Interval {
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

    /// The published sum to hide beside a cell too narrow: one with a
    /// count before a 0, one with the cell's own counts before another of
    /// its groups, then the smallest.
    fn partner(&self, target: Target, components: &Components) -> Option<usize> {
        let own: Vec<usize> = self.terms(target).iter().map(|(p, _)| *p).collect();
        let open = |s: usize| !self.hidden[s] && !self.sums[s].parts.is_empty();
        // The best there is, and found without a search: a sum with a
        // count, holding one of the cell's own.
        let near = own
            .iter()
            .flat_map(|&p| self.sums_of[p].iter().copied())
            .filter(|&s| open(s) && self.sums[s].value != 0)
            .map(|s| (self.sums[s].value, s))
            .min();
        if let Some((_, s)) = near {
            return Some(s);
        }
        let reach = self.reach(target, components);
        self.sums
            .iter()
            .enumerate()
            .filter(|(s, _)| open(*s))
            .filter(|(_, sum)| {
                sum.parts
                    .iter()
                    .any(|p| reach.binary_search(&components.of[*p]).is_ok())
            })
            .map(|(s, sum)| {
                let near = sum.parts.iter().any(|p| own.contains(p));
                (sum.value == 0, !near, sum.value, s)
            })
            .min()
            .map(|(.., s)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service's exact relation, true for `values`.
    fn own(terms: &[(usize, i64)], values: &[i64]) -> Relation {
        Relation {
            terms: terms.to_vec(),
            rhs: terms.iter().map(|&(p, k)| k * values[p]).sum(),
            exact: true,
        }
    }

    fn sum(parts: &[usize], value: i64) -> Sum {
        Sum {
            parts: parts.to_vec(),
            value,
            people: true,
        }
    }

    #[test]
    fn a_withheld_count_alone_in_a_published_sum_hides_it() {
        // One member withholds 3 (its total 40 is public, so its other
        // part, withheld as its partner, is 37); the national sum adds a
        // public 50 to each.
        let values = [3, 37];
        let relations = vec![own(&[(0, 1), (1, 1)], &values)];
        let sums = [sum(&[0], 53), sum(&[1], 87)];
        let p = protect(&values, &relations, &sums);
        // 53 would give 3 away; hidden, 87 gives it away through the total.
        assert_eq!(p.hidden, [true, true]);
        assert!(p.exposed.is_empty() && p.given_away.is_empty());
    }

    #[test]
    fn withheld_counts_of_several_members_cover_each_other() {
        // Two members each withhold a small count and its partner; the
        // national sums add them up: 3 + 2 women, 30 + 20 men, and the
        // members' totals are public.
        let values = [3, 30, 2, 20];
        let relations = vec![
            own(&[(0, 1), (1, 1)], &values),
            own(&[(2, 1), (3, 1)], &values),
        ];
        let sums = [sum(&[0, 2], 5), sum(&[1, 3], 50)];
        let p = protect(&values, &relations, &sums);
        // Women 5 and men 50 published: each member's women can still be
        // 0 to 5 (the other member's take the rest).
        assert_eq!(p.hidden, [false, false]);
    }

    #[test]
    fn a_sum_of_two_small_counts_that_pins_both_is_hidden() {
        // 1 + 1 = 2: published, both would be 0 to 2, not "1 to 4".
        let values = [1, 40, 1, 40];
        let relations = vec![
            own(&[(0, 1), (1, 1)], &values),
            own(&[(2, 1), (3, 1)], &values),
        ];
        let sums = [
            Sum {
                people: false,
                ..sum(&[0, 2], 2)
            },
            sum(&[1, 3], 80),
        ];
        let p = protect(&values, &relations, &sums);
        assert!(p.hidden[0]);
        // And the men's sum with it: else 80 gives the women's sum back.
        assert!(p.hidden[1]);
    }

    #[test]
    fn a_count_a_member_gives_away_itself_is_reported_not_chased() {
        // A member withholds 3 but its own relation pins it (3 = 3).
        let values = [3];
        let relations = vec![own(&[(0, 1)], &values)];
        let sums = [sum(&[0], 60)];
        let p = protect(&values, &relations, &sums);
        assert_eq!(p.given_away, [0]);
        assert_eq!(p.hidden, [false]);
    }

    #[test]
    fn nothing_withheld_nothing_hidden() {
        let p = protect(&[], &[], &[sum(&[], 40)]);
        assert_eq!(p.hidden, [false]);
        assert_eq!(p.solves, 0);
    }
}
