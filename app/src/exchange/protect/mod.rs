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
use std::collections::{HashMap, HashSet};

mod solve;

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
mod tests;
