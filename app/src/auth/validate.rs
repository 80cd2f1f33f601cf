//! Rules for account input, shared by the server (which enforces them) and
//! the browser (which can say so before sending).

use crate::error::{AppError, Problem};

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;
pub const DISPLAY_NAME_MAX: usize = 80;
pub const PASSWORD_MIN: usize = 10;
/// Hashing cost grows with length; a cap keeps a huge password from being a
/// cheap way to load the server.
pub const PASSWORD_MAX: usize = 256;

/// Usernames are compared and stored in lower case, so "Jana" and "jana" are
/// one account.
pub fn username(value: &str) -> Result<String, AppError> {
    // Only ASCII is allowed, so only ASCII needs folding.
    let value = value.trim().to_ascii_lowercase();
    AppError::check_text("username", &value, true, USERNAME_MAX)?;
    if value.chars().count() < USERNAME_MIN {
        return Err(AppError::invalid(
            "username",
            Problem::TooShort { min: USERNAME_MIN },
        ));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if !value.chars().all(allowed) {
        return Err(AppError::invalid("username", Problem::BadCharacters));
    }
    Ok(value)
}

pub fn display_name(value: &str) -> Result<String, AppError> {
    let value = value.trim();
    AppError::check_text("display_name", value, true, DISPLAY_NAME_MAX)?;
    Ok(value.to_owned())
}

/// Passwords are not trimmed: every character counts.
pub fn new_password(value: &str) -> Result<(), AppError> {
    if value.chars().count() < PASSWORD_MIN {
        return Err(AppError::invalid(
            "password",
            Problem::TooShort { min: PASSWORD_MIN },
        ));
    }
    AppError::check_text("password", value, true, PASSWORD_MAX)
}

pub fn role(value: &str) -> Result<super::Role, AppError> {
    super::Role::parse(value).ok_or_else(|| AppError::invalid("role", Problem::Unknown))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(result: Result<impl std::fmt::Debug, AppError>) -> Problem {
        match result {
            Err(AppError::Invalid { problem, .. }) => problem,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn usernames_are_trimmed_and_lower_cased() {
        assert_eq!(username("  Jana.Novakova ").unwrap(), "jana.novakova");
    }

    #[test]
    fn empty_short_huge_and_odd_usernames_are_refused_with_a_reason() {
        assert_eq!(problem(username("   ")), Problem::Required);
        assert_eq!(problem(username("ab")), Problem::TooShort { min: 3 });
        assert_eq!(
            problem(username(&"a".repeat(33))),
            Problem::TooLong { max: 32 }
        );
        assert_eq!(problem(username("jana novak")), Problem::BadCharacters);
        assert_eq!(problem(username("šárka")), Problem::BadCharacters);
    }

    #[test]
    fn passwords_need_ten_characters_and_have_a_ceiling() {
        assert_eq!(
            problem(new_password("123456789")),
            Problem::TooShort { min: 10 }
        );
        assert!(new_password("1234567890").is_ok());
        assert_eq!(
            problem(new_password(&"x".repeat(257))),
            Problem::TooLong { max: 256 }
        );
    }

    #[test]
    fn an_unknown_role_is_refused() {
        assert_eq!(problem(role("boss")), Problem::Unknown);
        assert_eq!(
            role("coordinator").unwrap(),
            super::super::Role::Coordinator
        );
    }

    #[test]
    fn display_names_are_required_and_capped() {
        assert_eq!(problem(display_name(" ")), Problem::Required);
        assert_eq!(
            problem(display_name(&"x".repeat(81))),
            Problem::TooLong { max: 80 }
        );
        assert_eq!(display_name(" Jana Nováková ").unwrap(), "Jana Nováková");
    }
}
