//! Small-count suppression: in anything meant to leave the organisation
//! (exports, the annual report), unique-client counts from 1 to 4 are
//! hidden, and so is any other cell that would let a reader work one out.
//!
//! Every hidden cell shows the same mark, "x", as statistical offices
//! print a confidential cell: a small count and a partner hidden with it
//! (which may be 48) look alike, and no mark claims a range that a hidden
//! partner, a ratio or a total would contradict.

/// What a suppressed cell shows, whatever hid it.
pub const HIDDEN: &str = "x";

pub fn is_small(count: i64) -> bool {
    (1..=4).contains(&count)
}

/// A count as it may be published.
pub fn cell(count: i64, on: bool) -> String {
    if on && is_small(count) {
        HIDDEN.to_owned()
    } else {
        count.to_string()
    }
}

/// Parts of a total that is published too: small parts are hidden, and if
/// only one part is hidden the total would give it away, so the smallest
/// other non-zero part is hidden with it. `None` marks a hidden part.
pub fn parts(counts: &[i64], on: bool) -> Vec<Option<i64>> {
    let mut out = small_hidden(counts, on);
    hide_partner(out.iter_mut().collect());
    out
}

/// A table published with its row and column totals: small cells are
/// hidden, and while a row or a column has exactly one hidden cell, its
/// smallest other non-zero cell is hidden with it.
pub fn grid(rows: &[Vec<i64>], on: bool) -> Vec<Vec<Option<i64>>> {
    let mut out: Vec<Vec<Option<i64>>> = rows.iter().map(|row| small_hidden(row, on)).collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    // Each pass hides at least one more cell or ends, so this stops.
    loop {
        let mut changed = false;
        for row in out.iter_mut() {
            changed |= hide_partner(row.iter_mut().collect());
        }
        for column in 0..width {
            changed |= hide_partner(
                out.iter_mut()
                    .filter_map(|row| row.get_mut(column))
                    .collect(),
            );
        }
        if !changed {
            return out;
        }
    }
}

fn small_hidden(counts: &[i64], on: bool) -> Vec<Option<i64>> {
    counts
        .iter()
        .map(|&n| (!(on && is_small(n))).then_some(n))
        .collect()
}

/// Hides the smallest non-zero shown cell of a line with exactly one
/// hidden cell; whether it did.
fn hide_partner(mut line: Vec<&mut Option<i64>>) -> bool {
    if line.iter().filter(|c| c.is_none()).count() != 1 {
        return false;
    }
    let next = line
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.filter(|n| *n > 0).map(|n| (n, i)))
        .min();
    match next {
        Some((_, i)) => {
            *line[i] = None;
            true
        }
        None => false,
    }
}

/// A count of events (contacts, first contacts) published beside a count
/// of the people they were with that is hidden: there are at least as
/// many events as people, so a small count of events tells of them (one
/// contact is one person) and is hidden with them.
pub fn beside_people(events: i64, people_hidden: bool) -> String {
    if people_hidden && is_small(events) {
        HIDDEN.to_owned()
    } else {
        events.to_string()
    }
}

/// A part of a published total whose other part is not published but can
/// be worked out (the total less this part): hidden when that other part
/// is small, as it would be given away, and when it is small itself.
pub fn part_of(part: i64, total: i64, on: bool) -> Option<i64> {
    parts(&[part, total - part], on)[0]
}

pub fn show(part: Option<i64>) -> String {
    part.map_or_else(|| HIDDEN.to_owned(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_four_are_hidden_and_zero_is_not() {
        let shown: Vec<String> = [0, 1, 4, 5, 120].iter().map(|&n| cell(n, true)).collect();
        assert_eq!(shown, ["0", "x", "x", "5", "120"]);
        assert_eq!(cell(3, false), "3");
    }

    #[test]
    fn a_grid_hides_partners_by_row_and_by_column() {
        let shown = grid(&[vec![40, 3, 12], vec![7, 9, 20]], true);
        // 3 is small; 12 goes with it in its row, then 9 and 20 in their
        // columns, so neither a row nor a column total gives one away.
        assert_eq!(
            shown,
            [vec![Some(40), None, None], vec![Some(7), None, None]]
        );
        assert_eq!(
            grid(&[vec![40, 3, 12], vec![7, 9, 20]], false),
            [
                vec![Some(40), Some(3), Some(12)],
                vec![Some(7), Some(9), Some(20)]
            ]
        );
        // Nothing small, nothing hidden; zeros are never partners.
        assert_eq!(
            grid(&[vec![0, 5], vec![6, 0]], true),
            [vec![Some(0), Some(5)], vec![Some(6), Some(0)]]
        );
    }

    #[test]
    fn events_beside_hidden_people_are_hidden_when_small() {
        assert_eq!(beside_people(1, true), HIDDEN);
        assert_eq!(beside_people(4, true), HIDDEN);
        assert_eq!(beside_people(5, true), "5");
        assert_eq!(beside_people(0, true), "0");
        assert_eq!(beside_people(1, false), "1");
    }

    #[test]
    fn a_part_whose_remainder_is_small_is_hidden() {
        // 50 clients, 48 of them injecting: the two others would follow.
        assert_eq!(part_of(48, 50, true), None);
        assert_eq!(part_of(40, 50, true), Some(40));
        assert_eq!(part_of(50, 50, true), Some(50));
        assert_eq!(part_of(3, 50, true), None);
        assert_eq!(part_of(48, 50, false), Some(48));
    }

    #[test]
    fn a_lone_hidden_part_takes_the_next_smallest_with_it() {
        assert_eq!(
            parts(&[40, 3, 12, 0], true),
            vec![Some(40), None, None, Some(0)]
        );
        // Two hidden parts already protect each other.
        assert_eq!(parts(&[40, 3, 2], true), vec![Some(40), None, None]);
        assert_eq!(parts(&[40, 3], false), vec![Some(40), Some(3)]);
        assert_eq!(parts(&[40, 30], true), vec![Some(40), Some(30)]);
    }
}
