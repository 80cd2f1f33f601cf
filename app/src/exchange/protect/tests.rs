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
