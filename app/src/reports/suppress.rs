//! Small-count suppression: in anything meant to leave the organisation
//! (exports, the annual report), unique-client counts from 1 to 4 show as
//! "<5", and so does any other cell that would let a reader work one out.

/// What a suppressed cell shows.
pub const HIDDEN: &str = "<5";

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
    let mut out: Vec<Option<i64>> = counts
        .iter()
        .map(|&n| (!(on && is_small(n))).then_some(n))
        .collect();
    if out.iter().filter(|c| c.is_none()).count() == 1 {
        let next = out
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.filter(|n| *n > 0).map(|n| (n, i)))
            .min();
        if let Some((_, i)) = next {
            out[i] = None;
        }
    }
    out
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
        assert_eq!(shown, ["0", "<5", "<5", "5", "120"]);
        assert_eq!(cell(3, false), "3");
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
