//! The one-time setup code: proof that whoever creates the first admin can
//! read the server's log, so a freshly installed server on a public address
//! cannot be claimed by the first stranger who finds it.
//!
//! A random code is made at every start (or an operator chooses one with
//! `TEREN_SETUP_CODE` for an automated install) and written to the log
//! while no account exists. Typed codes are compared without regard to
//! case, spaces or dashes, in constant time; wrong guesses go through the
//! login throttle.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use std::sync::Arc;

/// No 0/O or 1/I/L: the code is read off a terminal and typed on a phone.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH: usize = 12;

#[derive(Clone, Debug)]
pub struct SetupCode(Arc<str>);

impl SetupCode {
    /// The operator's chosen code, or a random one (about 59 bits).
    pub fn new(chosen: Option<String>) -> Self {
        let code = chosen.unwrap_or_else(|| {
            let mut code = String::with_capacity(LENGTH + 2);
            for i in 0..LENGTH {
                if i > 0 && i % 4 == 0 {
                    code.push('-');
                }
                let pick = OsRng.next_u32() as usize % ALPHABET.len();
                code.push(char::from(ALPHABET[pick]));
            }
            code
        });
        SetupCode(code.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, typed: &str) -> bool {
        let expected = normal(&self.0);
        let typed = normal(typed);
        // Constant time over the expected length: the answer's timing says
        // nothing about how many characters were right.
        let mut difference = expected.len() ^ typed.len();
        for (i, byte) in expected.iter().enumerate() {
            difference |= usize::from(byte ^ typed.get(i).copied().unwrap_or(0));
        }
        difference == 0
    }
}

fn normal(code: &str) -> Vec<u8> {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect::<String>()
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_random_code_is_twelve_unambiguous_characters_in_groups() {
        let code = SetupCode::new(None);
        let text = code.as_str();
        assert_eq!(text.len(), 14, "{text}");
        assert_eq!(text.matches('-').count(), 2, "{text}");
        assert!(text
            .bytes()
            .filter(|b| *b != b'-')
            .all(|b| ALPHABET.contains(&b)));
        assert_ne!(SetupCode::new(None).as_str(), text);
    }

    #[test]
    fn the_code_matches_however_it_is_typed_and_nothing_else_does() {
        let code = SetupCode::new(Some("ABCD-EFGH-JKMN".into()));
        assert!(code.matches("ABCD-EFGH-JKMN"));
        assert!(code.matches(" abcd efgh jkmn "));
        assert!(code.matches("abcdefghjkmn"));
        assert!(!code.matches("abcdefghjkm"));
        assert!(!code.matches("abcdefghjkmnp"));
        assert!(!code.matches("ABCD-EFGH-JKMP"));
        assert!(!code.matches(""));
    }
}
