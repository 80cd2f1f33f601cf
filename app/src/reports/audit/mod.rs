//! The disclosure audit and the secondary suppression it drives, as
//! τ-ARGUS and sdcTable protect a linked set of tables: small counts of
//! people are hidden first; then every hidden cell's feasible interval is
//! computed by linear programming over everything published (the tables'
//! add-up relations, the published counts, whole non-negative numbers),
//! and while some interval is too narrow one more cell beside it is
//! hidden. A 0 may be hidden as a partner when nothing else is left, so a
//! hidden cell does not say it is at least 1.
//!
//! The rule a suppression must meet: no hidden count of anyone is pinned
//! to one value, and a hidden small count (1 to 4) may, for all anyone
//! holding every published file can tell, be any of 1 to 4. The linear program is solved
//! over the reals and its bounds rounded inwards, which is what a whole
//! number attacker can do at best with the same relations.

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `Σ coefficient × cell` is 0, or at most 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub terms: Vec<(usize, i64)>,
    pub exact: bool,
}

/// One cell of the linked set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub value: i64,
    /// Hidden whatever else: a small count of people.
    pub primary: bool,
    /// Whether it may be hidden to protect another; a cell that is not
    /// published here (a member's own count at an umbrella) may not.
    pub may_hide: bool,
    /// Whether it is known to whoever reads the files: published and not
    /// hidden, or made public by someone else.
    pub known: bool,
}

/// What can be worked out of a hidden cell: from `low` to `high` (none:
/// no upper bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub low: i64,
    pub high: Option<i64>,
}

impl Interval {
    pub fn pinned(&self) -> bool {
        self.high == Some(self.low)
    }

    /// Whether it keeps a cell of `value` as safe as the rule asks.
    /// A hidden 0 tells of nobody, so it needs no protection.
    pub fn protects(&self, value: i64) -> bool {
        if value == 0 {
            return true;
        }
        if self.pinned() {
            return false;
        }
        !super::suppress::is_small(value) || (self.low <= 1 && self.high.is_none_or(|h| h >= 4))
    }
}

/// The feasible interval of every unknown cell (`None` for known ones),
/// given the known cells' values.
pub fn intervals(
    cells: &[Cell],
    unknown: &[bool],
    relations: &[Relation],
) -> Vec<Option<Interval>> {
    let mut out = vec![None; cells.len()];
    let mut seen = Seen::new(cells);
    for component in components(unknown, relations) {
        for &cell in &component.cells {
            out[cell] = Some(interval(
                cells, unknown, relations, &component, cell, &mut seen,
            ));
        }
    }
    out
}

/// Whether the rule protects every unknown cell, faster than
/// [`intervals`]: a cell some solutions found already showed as wide as
/// its rule asks is not solved itself. Per unknown cell: that interval
/// (then at least as wide as shown), or its exact one.
pub fn check(cells: &[Cell], unknown: &[bool], relations: &[Relation]) -> Vec<Option<Interval>> {
    let mut out = vec![None; cells.len()];
    let mut seen = Seen::new(cells);
    for component in components(unknown, relations) {
        for &cell in &component.cells {
            out[cell] = Some(match seen.protects(cells, cell) {
                Some(wide) => wide,
                None => interval(cells, unknown, relations, &component, cell, &mut seen),
            });
        }
    }
    out
}

/// The lowest and highest value each cell took in any solution found
/// (its true value among them). Every solution stays one when a cell is
/// hidden more (a known number becomes an unknown), so what was seen
/// holds for the rest of a protection.
struct Seen {
    range: Vec<(i64, Option<i64>)>,
}

impl Seen {
    fn new(cells: &[Cell]) -> Seen {
        Seen {
            range: cells.iter().map(|c| (c.value, Some(c.value))).collect(),
        }
    }

    /// Rounded inwards, as a whole-number reader would.
    fn widen(&mut self, cell: usize, value: f64) {
        let (low, high) = &mut self.range[cell];
        *low = (*low).min(((value - 1e-6).ceil() as i64).max(0));
        *high = high.map(|h| h.max((value + 1e-6).floor() as i64));
    }

    fn unbounded(&mut self, cell: usize) {
        self.range[cell].1 = None;
    }

    /// What was seen of a cell, if it is already as wide as the rule asks.
    fn protects(&self, cells: &[Cell], cell: usize) -> Option<Interval> {
        let (low, high) = self.range[cell];
        let seen = Interval { low, high };
        seen.protects(cells[cell].value).then_some(seen)
    }
}

/// Hidden cells linked by a relation, each group with the relations that
/// bind it.
struct Component {
    cells: Vec<usize>,
    relations: Vec<usize>,
}

fn components(unknown: &[bool], relations: &[Relation]) -> Vec<Component> {
    let mut parent: Vec<usize> = (0..unknown.len()).collect();
    fn root(parent: &mut [usize], mut at: usize) -> usize {
        while parent[at] != at {
            parent[at] = parent[parent[at]];
            at = parent[at];
        }
        at
    }
    for relation in relations {
        let mut first = None;
        for &(cell, _) in &relation.terms {
            if !unknown[cell] {
                continue;
            }
            match first {
                None => first = Some(cell),
                Some(f) => {
                    let (a, b) = (root(&mut parent, f), root(&mut parent, cell));
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Component> = BTreeMap::new();
    for cell in (0..unknown.len()).filter(|&c| unknown[c]) {
        let r = root(&mut parent, cell);
        groups
            .entry(r)
            .or_insert_with(|| Component {
                cells: Vec::new(),
                relations: Vec::new(),
            })
            .cells
            .push(cell);
    }
    for (at, relation) in relations.iter().enumerate() {
        if let Some(&(cell, _)) = relation.terms.iter().find(|(c, _)| unknown[*c]) {
            let r = root(&mut parent, cell);
            if let Some(group) = groups.get_mut(&r) {
                group.relations.push(at);
            }
        }
    }
    groups.into_values().collect()
}

/// The lowest and highest value of `cell` over its component's relations.
fn interval(
    cells: &[Cell],
    unknown: &[bool],
    relations: &[Relation],
    component: &Component,
    cell: usize,
    seen: &mut Seen,
) -> Interval {
    let position: HashMap<usize, usize> = component
        .cells
        .iter()
        .enumerate()
        .map(|(at, &cell)| (cell, at))
        .collect();
    let target = position[&cell];
    let mut bound = |direction: OptimizationDirection| -> Result<Option<f64>, ()> {
        let mut problem = Problem::new(direction);
        let vars: Vec<_> = (0..component.cells.len())
            .map(|at| problem.add_var(if at == target { 1.0 } else { 0.0 }, (0.0, f64::INFINITY)))
            .collect();
        for &r in &component.relations {
            let relation = &relations[r];
            let mut rhs = 0.0;
            let mut terms = Vec::new();
            for &(cell, coefficient) in &relation.terms {
                if unknown[cell] {
                    terms.push((vars[position[&cell]], coefficient as f64));
                } else {
                    rhs -= (coefficient * cells[cell].value) as f64;
                }
            }
            let op = if relation.exact {
                ComparisonOp::Eq
            } else {
                ComparisonOp::Le
            };
            problem.add_constraint(terms.as_slice(), op, rhs);
        }
        match problem.solve() {
            Ok(outcome) => match outcome.solution() {
                Some(solution) => {
                    for (at, &c) in component.cells.iter().enumerate() {
                        seen.widen(c, solution.var_value(vars[at]));
                    }
                    Ok(Some(solution.var_value(vars[target])))
                }
                None => Err(()),
            },
            Err(microlp::Error::Unbounded) => {
                seen.unbounded(cell);
                Ok(None)
            }
            Err(_) => Err(()),
        }
    };
    match (
        bound(OptimizationDirection::Minimize),
        bound(OptimizationDirection::Maximize),
    ) {
        (Ok(low), Ok(high)) => Interval {
            low: low.map_or(0, |v| (v - 1e-6).ceil() as i64),
            high: high.map(|v| (v + 1e-6).floor() as i64),
        },
        // A relation the solver could not settle is taken as giving the
        // cell away: hiding more is the safe side.
        _ => Interval {
            low: cells[cell].value,
            high: Some(cells[cell].value),
        },
    }
}

/// Which cells to hide: the primary ones, then, while the audit finds an
/// unknown cell the rule does not protect, one more cell of its component
/// that may be hidden ([`partner`]). Only when none is left
/// in reach does it stop, and `exposed` names what it could not protect.
pub fn protect(cells: &[Cell], relations: &[Relation]) -> Protection {
    let mut hidden: Vec<bool> = cells.iter().map(|c| c.primary && c.value != 0).collect();
    lines_closed(cells, relations, &mut hidden);
    // Hiding a cell only ever widens what can be worked out of the others
    // (a known number becomes an unknown), so a cell found safe stays
    // safe, and each is solved until it is.
    let mut found: Vec<Option<Interval>> = vec![None; cells.len()];
    let mut safe = vec![false; cells.len()];
    let mut seen = Seen::new(cells);
    let mut exposed = BTreeSet::new();
    loop {
        let unknown: Vec<bool> = (0..cells.len())
            .map(|c| hidden[c] || !cells[c].known)
            .collect();
        let mut added = false;
        for component in components(&unknown, relations) {
            for &cell in &component.cells {
                if safe[cell] || exposed.contains(&cell) {
                    continue;
                }
                // A hidden 0 tells of nobody: nothing to solve.
                if cells[cell].value == 0 {
                    safe[cell] = true;
                    continue;
                }
                if let Some(wide) = seen.protects(cells, cell) {
                    found[cell] = Some(wide);
                    safe[cell] = true;
                    continue;
                }
                let interval = interval(cells, &unknown, relations, &component, cell, &mut seen);
                found[cell] = Some(interval);
                if interval.protects(cells[cell].value) {
                    safe[cell] = true;
                    continue;
                }
                // One more cell per component and round: the component's
                // other cells may be safe once it is hidden.
                match partner(cells, &hidden, relations, cell, &component.relations) {
                    Some(p) => {
                        hidden[p] = true;
                        added = true;
                    }
                    None => {
                        exposed.insert(cell);
                        continue;
                    }
                }
                break;
            }
        }
        if !added {
            return Protection {
                hidden,
                intervals: found,
                exposed: exposed.into_iter().collect(),
            };
        }
        lines_closed(cells, relations, &mut hidden);
    }
}

/// The classic first pass, without linear programming: while a sum has
/// exactly one unknown cell (which it would give away), one more of its
/// cells is hidden. The audit then finds what combining sums gives away.
fn lines_closed(cells: &[Cell], relations: &[Relation], hidden: &mut [bool]) {
    loop {
        let mut changed = false;
        for (at, relation) in relations.iter().enumerate().filter(|(_, r)| r.exact) {
            let unknown: Vec<usize> = relation
                .terms
                .iter()
                .map(|(c, _)| *c)
                .filter(|&c| hidden[c] || !cells[c].known)
                .collect();
            let [lone] = unknown.as_slice() else {
                continue;
            };
            if let Some(p) = partner(cells, hidden, relations, *lone, &[at]) {
                hidden[p] = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// The cell to hide beside `cell`, from the relations that bind its
/// component: a count before a 0 (which widens nothing upwards), a copy of
/// a hidden cell first, then a part beside a hidden one (the same side of
/// a sum) before a total, one sharing a relation with `cell` before one
/// further off, then the smallest.
fn partner(
    cells: &[Cell],
    hidden: &[bool],
    relations: &[Relation],
    cell: usize,
    component: &[usize],
) -> Option<usize> {
    let unknown = |c: usize| hidden[c] || !cells[c].known;
    component
        .iter()
        .flat_map(|&r| {
            let relation = &relations[r];
            let near = relation.terms.iter().any(|(c, _)| *c == cell);
            let side = relation
                .terms
                .iter()
                .find(|(c, _)| *c == cell || unknown(*c))
                .map(|(_, k)| k.signum());
            // A relation of two cells makes one a copy of the other: a
            // copy of a hidden cell gives it away, whatever else is hidden.
            let copy = relation.exact && relation.terms.len() == 2;
            relation.terms.iter().map(move |&(c, k)| {
                let total = relation.exact && side.is_some_and(|side| side != k.signum());
                let rank = if copy { 0 } else { 1 + u8::from(total) };
                (c, rank, !near)
            })
        })
        .filter(|&(c, ..)| cells[c].may_hide && !unknown(c))
        .map(|(c, rank, far)| (cells[c].value == 0, rank, far, cells[c].value, c))
        .min()
        .map(|(.., c)| c)
}

/// The outcome: which cells to hide, what the audit found of each unknown
/// cell (for one safe early, what solutions showed of it: at least as
/// wide), and any it could not protect.
pub struct Protection {
    pub hidden: Vec<bool>,
    pub intervals: Vec<Option<Interval>>,
    pub exposed: Vec<usize>,
}

#[cfg(test)]
mod tests;
