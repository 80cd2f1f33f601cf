//! Secondary suppression over a whole published set. Cells are linked by
//! equations (a total is the sum of its parts, a region's cell the sum of
//! its services' cells); a hidden cell must not be worked out from the
//! published ones by any combination of them, not just by one subtraction.
//!
//! A hidden cell can be worked out exactly when its unit vector lies in
//! the row space of the equations restricted to the hidden cells (the
//! published ones are known numbers and move to the right-hand side). That
//! is decided by elimination over a large prime field: a combination that
//! isolates a cell over the rationals does so over the field too, so no
//! recoverable cell is missed (the field may see one more, which only
//! hides one cell more). While some hidden cell can be worked out, the
//! smallest published non-zero cell of one of its equations is hidden with
//! it; each round hides one more cell, so it ends.

use std::collections::BTreeMap;

const P: u64 = (1 << 61) - 1;

fn reduce(x: i64) -> u64 {
    x.rem_euclid(P as i64) as u64
}

fn mul(a: u64, b: u64) -> u64 {
    ((a as u128 * b as u128) % P as u128) as u64
}

fn sub(a: u64, b: u64) -> u64 {
    (a + P - b) % P
}

fn inverse(a: u64) -> u64 {
    // Fermat: a^(p-2).
    let (mut base, mut exp, mut out) = (a, P - 2, 1u64);
    while exp > 0 {
        if exp & 1 == 1 {
            out = mul(out, base);
        }
        base = mul(base, base);
        exp >>= 1;
    }
    out
}

type Row = BTreeMap<usize, u64>;

/// An echelon basis: each row's first column is its pivot.
#[derive(Default)]
struct Basis {
    rows: BTreeMap<usize, Row>,
}

impl Basis {
    /// Reduces `row` by the basis; what is left is independent of it.
    fn reduce(&self, mut row: Row) -> Row {
        loop {
            let Some((&column, &value)) = row.iter().find(|(c, _)| self.rows.contains_key(c))
            else {
                return row;
            };
            let pivot = &self.rows[&column];
            // Pivot rows are scaled to 1 at their pivot.
            for (&c, &v) in pivot {
                let entry = row.entry(c).or_insert(0);
                *entry = sub(*entry, mul(value, v));
            }
            row.retain(|_, v| *v != 0);
        }
    }

    fn insert(&mut self, row: Row) {
        let row = self.reduce(row);
        if let Some((&pivot, &value)) = row.iter().next() {
            let scale = inverse(value);
            let row = row.into_iter().map(|(c, v)| (c, mul(v, scale))).collect();
            self.rows.insert(pivot, row);
        }
    }

    fn spans(&self, column: usize) -> bool {
        self.reduce(Row::from([(column, 1)])).is_empty()
    }
}

/// One cell of the set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its count; `None` when not known exactly (it sums a hidden part).
    pub value: Option<i64>,
    /// Whether it is published, so may be hidden; the others are the
    /// parts (a service's cells) the published ones are made of.
    pub published: bool,
    /// Whether its value is public before anything is published here:
    /// for a part, what its service published itself.
    pub public: bool,
    /// Counts people: hidden from 1 to 4.
    pub people: bool,
}

/// Which published cells to hide: small counts of people, cells not known
/// exactly, and as many more as keep all of them from being worked out.
/// `equations` list each equation's cells with their coefficients (summing
/// to zero).
pub fn protect(cells: &[Cell], equations: &[Vec<(usize, i64)>]) -> Vec<bool> {
    let mut hidden: Vec<bool> = cells
        .iter()
        .map(|cell| {
            if cell.published {
                match cell.value {
                    None => true,
                    Some(n) => cell.people && (1..=4).contains(&n),
                }
            } else {
                !cell.public
            }
        })
        .collect();
    let mut by_cell: Vec<Vec<usize>> = vec![Vec::new(); cells.len()];
    for (at, equation) in equations.iter().enumerate() {
        for &(cell, _) in equation {
            by_cell[cell].push(at);
        }
    }
    // Cells what the services publish themselves gives away already (as
    // if nothing were published here): no choice here protects them, and
    // chasing them would hide the tables.
    let mut own = Basis::default();
    for equation in equations {
        let row: Row = equation
            .iter()
            .filter(|(cell, _)| hidden[*cell] || cells[*cell].published)
            .map(|&(cell, coefficient)| (cell, reduce(coefficient)))
            .filter(|(_, v)| *v != 0)
            .collect();
        if !row.is_empty() {
            own.insert(row);
        }
    }
    let mut lost: Vec<bool> = (0..cells.len())
        .map(|cell| hidden[cell] && own.spans(cell))
        .collect();
    // Beyond those, a cell no choice can protect is given up on once.
    loop {
        let mut basis = Basis::default();
        for equation in equations {
            let row: Row = equation
                .iter()
                .filter(|(cell, _)| hidden[*cell])
                .map(|&(cell, coefficient)| (cell, reduce(coefficient)))
                .filter(|(_, v)| *v != 0)
                .collect();
            if !row.is_empty() {
                basis.insert(row);
            }
        }
        let exposed = (0..cells.len()).find(|&c| hidden[c] && !lost[c] && basis.spans(c));
        let Some(exposed) = exposed else {
            return published_only(cells, hidden);
        };
        let partner = by_cell[exposed]
            .iter()
            .flat_map(|&e| equations[e].iter().map(|(cell, _)| *cell))
            .filter(|&c| cells[c].published && !hidden[c])
            .filter_map(|c| cells[c].value.filter(|n| *n > 0).map(|n| (n, c)))
            .min();
        match partner {
            Some((_, cell)) => hidden[cell] = true,
            None => lost[exposed] = true,
        }
    }
}

fn published_only(cells: &[Cell], hidden: Vec<bool>) -> Vec<bool> {
    cells
        .iter()
        .zip(hidden)
        .map(|(cell, hidden)| cell.published && hidden)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(value: i64) -> Cell {
        Cell {
            value: Some(value),
            published: true,
            public: true,
            people: true,
        }
    }

    #[test]
    fn a_lone_small_part_takes_a_partner_and_the_grid_closes() {
        // total = a + b + c; a is 3.
        let cells = vec![published(40), published(3), published(12), published(25)];
        let equations = vec![vec![(0, 1), (1, -1), (2, -1), (3, -1)]];
        let hidden = protect(&cells, &equations);
        assert_eq!(hidden, [false, true, true, false]);
    }

    #[test]
    fn a_cell_found_only_by_combining_equations_is_hidden_too() {
        // Two tables share a part: x = a + b and y = a + c, with b and c
        // published as b - c would follow... here a is small, and the
        // partner chosen for x must not let y give it away.
        // cells: x, y, a, b, c
        let cells = vec![
            published(20),
            published(30),
            published(2),
            published(18),
            published(28),
        ];
        let equations = vec![
            vec![(0, 1), (2, -1), (3, -1)],
            vec![(1, 1), (2, -1), (4, -1)],
        ];
        let hidden = protect(&cells, &equations);
        assert!(hidden[2]);
        // With a hidden, each equation needs a second hidden cell.
        assert!(hidden[0] || hidden[3]);
        assert!(hidden[1] || hidden[4]);
    }

    #[test]
    fn a_service_part_is_kept_from_a_difference_of_published_cells() {
        // national = s1 + s2; s1 is public at 50, s2 is 3 and hidden by its
        // own service, national is 53: publishing it would give s2 away.
        let cells = vec![
            published(53),
            Cell {
                value: Some(50),
                published: false,
                public: true,
                people: true,
            },
            Cell {
                value: Some(3),
                published: false,
                public: false,
                people: true,
            },
        ];
        let equations = vec![vec![(0, 1), (1, -1), (2, -1)]];
        assert_eq!(protect(&cells, &equations), [true, false, false]);
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let cells = vec![published(40), published(0), published(40)];
        let equations = vec![vec![(0, 1), (1, -1), (2, -1)]];
        assert_eq!(protect(&cells, &equations), [false, false, false]);
    }
}
