//! Small-count suppression: in anything meant to leave the organisation
//! (exports, the yearly report and its files), unique-client counts from 1
//! to 4 are hidden, and so is any other cell that would let a reader work
//! one out from everything published for the year.
//!
//! Which cells are hidden is decided once, on the server, over every table
//! of every service of the year at once (`disclosure`); a report carries
//! the decision as the [`key`]s of its hidden cells, and every layout
//! (the page, the CSVs, the ADX and DHIS2 files) only looks them up, so no
//! two files can disagree about a cell.
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

/// A count as published: hidden or not.
pub fn shown(count: i64, hidden: bool) -> String {
    if hidden {
        HIDDEN.to_owned()
    } else {
        count.to_string()
    }
}

/// The names of a year's published cells, one per figure whatever file
/// shows it.
pub mod key {
    pub const CLIENTS: &str = "clients";
    pub const INJECTING: &str = "injecting";
    pub const FIRST_CONTACTS: &str = "first_contacts";
    pub const CONTACTS: &str = "contacts";
    pub const CRISIS_VISITS: &str = "crisis_visits";
    pub const MEAN_AGE: &str = "mean_age";
    pub const LIVING_WITH: &str = "living_with";
    pub const ENDANGERED: &str = "endangered";

    /// Tables of parts, each line under its report code.
    pub const SEX: &str = "sex";
    pub const AGE: &str = "age";
    pub const DRUG: &str = "drug";
    pub const DISTRICT: &str = "district";
    pub const ORIGIN: &str = "origin";
    pub const GROUP: &str = "group";
    pub const EXPLOITATION: &str = "exploitation";
    pub const CITIZENSHIP: &str = "citizenship";
    pub const ENDANGERED_SEX: &str = "endangered_sex";
    pub const ENDANGERED_AGE: &str = "endangered_age";
    pub const CONTACT_FORM: &str = "contact_form";
    pub const ROLE: &str = "role";

    pub fn line(table: &str, code: &str) -> String {
        format!("{table}:{code}")
    }

    /// A cell of the users table: target group, sex, age band's position.
    pub fn users(group: &str, sex: &str, band: usize) -> String {
        format!("users:{group}:{sex}:{band}")
    }

    /// A row's total in the users table.
    pub fn users_row(group: &str, sex: &str) -> String {
        format!("users:{group}:{sex}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hidden_cell_shows_x_and_zero_is_a_count() {
        assert_eq!(shown(3, true), "x");
        assert_eq!(shown(0, false), "0");
        assert_eq!(shown(48, false), "48");
        assert!(is_small(1) && is_small(4) && !is_small(0) && !is_small(5));
    }

    #[test]
    fn keys_name_the_table_and_the_line() {
        assert_eq!(key::line(key::SEX, "female"), "sex:female");
        assert_eq!(key::users("", "male", 3), "users::male:3");
        assert_eq!(key::users_row("k", "female"), "users:k:female");
    }
}
