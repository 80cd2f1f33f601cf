//! The anonymous client code used by Czech low-threshold services (NMS
//! recipe): first three letters of the mother's first name, the client's day
//! of birth (two digits), first three letters of the client's first name,
//! month of birth (two digits). Tomáš, born 7 August, mother Ludmila →
//! `LUD07TOM08`.
//!
//! Letters are upper-cased and stripped of diacritics; anything that is not a
//! letter (spaces, hyphens) is skipped. A name part shorter than three
//! letters is padded with `X` ("Al" → `ALX`), so every code has the same
//! shape. The name parts themselves are never stored: only the code leaves
//! this module.

use crate::text::fold_diacritics;
use std::fmt;

pub const LENGTH: usize = 10;
const PAD: char = 'X';

/// A code that passed [`ClientCode::parse`] or was built from its parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientCode(String);

/// Why a typed or built code is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    /// Not ten characters of the form `AAA00AAA00`.
    Shape,
    /// A name part has no letter at all.
    MissingName,
    /// No such day in that month (29 February is allowed).
    Date,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Shape => write!(f, "expected three letters, day, three letters, month"),
            CodeError::MissingName => write!(f, "a name part has no letter"),
            CodeError::Date => write!(f, "no such day in that month"),
        }
    }
}

impl ClientCode {
    /// Builds the code from the parts a client tells the worker.
    pub fn build(
        mother_first_name: &str,
        day: u32,
        first_name: &str,
        month: u32,
    ) -> Result<Self, CodeError> {
        valid_date(day, month)?;
        let code = format!(
            "{}{day:02}{}{month:02}",
            name_part(mother_first_name)?,
            name_part(first_name)?
        );
        Ok(Self(code))
    }

    /// Checks a code typed by hand; lower case and surrounding spaces are
    /// forgiven, diacritics are folded.
    pub fn parse(typed: &str) -> Result<Self, CodeError> {
        // Only ASCII letters can be valid once diacritics are folded.
        let code: String = fold_diacritics(typed.trim()).to_ascii_uppercase();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != LENGTH {
            return Err(CodeError::Shape);
        }
        let letters = chars[0..3]
            .iter()
            .chain(&chars[5..8])
            .all(char::is_ascii_uppercase);
        let digits = chars[3..5]
            .iter()
            .chain(&chars[8..10])
            .all(char::is_ascii_digit);
        if !letters || !digits {
            return Err(CodeError::Shape);
        }
        let number = |from: usize| {
            code[from..from + 2]
                .parse::<u32>()
                .map_err(|_| CodeError::Shape)
        };
        valid_date(number(3)?, number(8)?)?;
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn name_part(name: &str) -> Result<String, CodeError> {
    let mut letters: String = fold_diacritics(name)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    if letters.is_empty() {
        return Err(CodeError::MissingName);
    }
    while letters.len() < 3 {
        letters.push(PAD);
    }
    Ok(letters)
}

fn valid_date(day: u32, month: u32) -> Result<(), CodeError> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return Err(CodeError::Date),
    };
    if (1..=days_in_month).contains(&day) {
        Ok(())
    } else {
        Err(CodeError::Date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recipe_example_builds_lud07tom08() {
        let code = ClientCode::build("Ludmila", 7, "Tomáš", 8).unwrap();
        assert_eq!(code.as_str(), "LUD07TOM08");
    }

    #[test]
    fn diacritics_are_folded_and_case_is_upper() {
        assert_eq!(
            ClientCode::build("Šárka", 1, "ŽOFIE", 12).unwrap().as_str(),
            "SAR01ZOF12"
        );
        assert_eq!(
            ClientCode::build("řeháková", 31, "čeněk", 1)
                .unwrap()
                .as_str(),
            "REH31CEN01"
        );
    }

    #[test]
    fn spaces_and_hyphens_are_skipped_and_short_names_padded() {
        assert_eq!(
            ClientCode::build("Anna-Marie", 2, "Al", 3)
                .unwrap()
                .as_str(),
            "ANN02ALX03"
        );
        assert_eq!(
            ClientCode::build(" Ed ", 29, "O", 2).unwrap().as_str(),
            "EDX29OXX02"
        );
        assert_eq!(
            ClientCode::build("", 1, "Jan", 1),
            Err(CodeError::MissingName)
        );
        assert_eq!(
            ClientCode::build("123", 1, "Jan", 1),
            Err(CodeError::MissingName)
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(ClientCode::build("Eva", 30, "Jan", 2), Err(CodeError::Date));
        assert_eq!(ClientCode::build("Eva", 31, "Jan", 4), Err(CodeError::Date));
        assert_eq!(ClientCode::build("Eva", 0, "Jan", 5), Err(CodeError::Date));
        assert_eq!(ClientCode::build("Eva", 1, "Jan", 13), Err(CodeError::Date));
        assert!(ClientCode::build("Eva", 29, "Jan", 2).is_ok());
    }

    #[test]
    fn typed_codes_are_normalised_and_checked() {
        assert_eq!(
            ClientCode::parse(" lud07tom08 ").unwrap().as_str(),
            "LUD07TOM08"
        );
        assert_eq!(
            ClientCode::parse("ŠÁR01ŽOF12").unwrap().as_str(),
            "SAR01ZOF12"
        );
        for bad in [
            "",
            "LUD07TOM8",
            "LUD07TOM088",
            "LU107TOM08",
            "LUDO7TOM08",
            "LUD7TOMM08",
        ] {
            assert_eq!(ClientCode::parse(bad), Err(CodeError::Shape), "{bad}");
        }
        assert_eq!(ClientCode::parse("LUD31TOM06"), Err(CodeError::Date));
        assert_eq!(ClientCode::parse("LUD07TOM00"), Err(CodeError::Date));
    }

    #[test]
    fn a_built_code_always_parses_back_to_itself() {
        for (mother, day, name, month) in [
            ("Ludmila", 7, "Tomáš", 8),
            ("Al", 29, "Bo", 2),
            ("Ňuňa", 31, "Ťap", 12),
        ] {
            let built = ClientCode::build(mother, day, name, month).unwrap();
            assert_eq!(ClientCode::parse(built.as_str()).unwrap(), built);
        }
    }
}
