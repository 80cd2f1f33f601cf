use super::*;

fn shown(value: i64) -> Cell {
    Cell {
        value,
        primary: (1..=4).contains(&value),
        may_hide: true,
        known: true,
    }
}

fn sum(total: usize, parts: &[usize]) -> Relation {
    let mut terms = vec![(total, 1)];
    terms.extend(parts.iter().map(|&p| (p, -1)));
    Relation { terms, exact: true }
}

#[test]
fn a_lone_small_part_takes_a_partner() {
    // 40 = 3 + 12 + 25
    let cells = [shown(40), shown(3), shown(12), shown(25)];
    let p = protect(&cells, &[sum(0, &[1, 2, 3])]);
    assert_eq!(p.hidden, [false, true, true, false]);
    assert_eq!(
        p.intervals[1],
        Some(Interval {
            low: 0,
            high: Some(15)
        })
    );
    assert!(p.exposed.is_empty());
}

#[test]
fn two_small_parts_that_narrow_each_other_take_a_third() {
    // 30 = 2 + 2 + 26: hidden together, each may be 0 to 4.
    let cells = [shown(30), shown(2), shown(2), shown(26)];
    let p = protect(&cells, &[sum(0, &[1, 2, 3])]);
    assert_eq!(p.hidden, [false, true, true, false]);
    // 30 = 1 + 1 + 28: each would be 0 to 2, not "1 to 4".
    let cells = [shown(30), shown(1), shown(1), shown(28)];
    let p = protect(&cells, &[sum(0, &[1, 2, 3])]);
    assert_eq!(p.hidden, [false, true, true, true]);
    assert_eq!(
        p.intervals[1],
        Some(Interval {
            low: 0,
            high: Some(30)
        })
    );
}

#[test]
fn a_grid_is_closed_by_rows_and_columns() {
    // Rows 0: a b | 3 and 1: c d | 4 with totals; columns too.
    //   a=2 b=10 (12) / c=7 d=9 (16); columns 9 and 19; total 28.
    let cells = [
        shown(2),
        shown(10),
        shown(7),
        shown(9),
        shown(12),
        shown(16),
        shown(9),
        shown(19),
    ];
    let relations = [
        sum(4, &[0, 1]),
        sum(5, &[2, 3]),
        sum(6, &[0, 2]),
        sum(7, &[1, 3]),
    ];
    let p = protect(&cells, &relations);
    // The small cell, its row partner, then the column's, then the
    // fourth corner close the rectangle.
    assert!(p.hidden[0] && p.hidden[1] && p.hidden[2] && p.hidden[3]);
    assert!(
        !p.hidden[4..].iter().any(|h| *h),
        "{:?} {:?}",
        p.hidden,
        p.intervals
    );
    let a = p.intervals[0].unwrap();
    assert!(a.low <= 1 && a.high.unwrap() >= 4, "{a:?}");
}

#[test]
fn an_inequality_narrows_too() {
    // Two contacts with clients hidden: the clients are 1 or 2, so the
    // contacts are hidden with them.
    let clients = Cell {
        value: 2,
        ..shown(2)
    };
    let contacts = Cell {
        primary: false,
        ..shown(2)
    };
    let relation = Relation {
        terms: vec![(0, 1), (1, -1)],
        exact: false,
    };
    let p = protect(&[clients, contacts], &[relation]);
    assert_eq!(p.hidden, [true, true]);
    assert_eq!(p.intervals[0], Some(Interval { low: 0, high: None }));
}

#[test]
fn a_cell_given_away_by_others_is_reported_not_left_silent() {
    // An unpublished part known to be 50 and a total of 53: the other
    // part, 3, cannot be protected by hiding anything here but the
    // total.
    let cells = [
        shown(53),
        Cell {
            may_hide: false,
            ..shown(50)
        },
        Cell {
            value: 3,
            primary: true,
            may_hide: false,
            known: false,
        },
    ];
    let p = protect(&cells, &[sum(0, &[1, 2])]);
    assert!(p.hidden[0]);
    assert!(p.exposed.is_empty());
}

#[test]
fn nothing_small_nothing_hidden() {
    let cells = [shown(40), shown(0), shown(40)];
    let p = protect(&cells, &[sum(0, &[1, 2])]);
    assert_eq!(p.hidden, [false, false, false]);
}
