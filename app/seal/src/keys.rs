//! The key file a phone keeps per user: the data key, wrapped twice, once
//! by the worker's PIN and once by the server's secret. Neither wrapping
//! key is stored; without the PIN or a fresh login the file opens nothing.

use crate::base64;
use crate::crypto::{self, CryptoError, Key};
use serde::{Deserialize, Serialize};

/// PBKDF2 rounds for the PIN. A PIN has few digits, so its real guard is
/// [`MAX_WRONG_PINS`]; the rounds make each guess of a copied file cost
/// time, and keep unlocking a cheap phone under a second.
pub const PIN_ROUNDS: u32 = 200_000;
/// After this many wrong PINs in a row the PIN's copy of the key is
/// erased: only a login with the password opens the phone's data again.
pub const MAX_WRONG_PINS: u32 = 5;
pub const PIN_MIN: usize = 4;
pub const PIN_MAX: usize = 8;
const SALT_LEN: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    /// The data key wrapped by the PIN; gone until a PIN is set, and after
    /// too many wrong ones.
    #[serde(default)]
    pub by_pin: Option<String>,
    pub salt: String,
    pub rounds: u32,
    /// The data key wrapped by the server's secret for this user.
    pub by_server: String,
    /// The session ended: only a login opens the file, and the PIN only
    /// after one, when the server's copy no longer opens (its secret was
    /// made anew). The PIN's copy stays until the server's has opened.
    #[serde(default)]
    pub login_first: bool,
    #[serde(default)]
    pub wrong_pins: u32,
}

/// Why a PIN is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    /// Digits only, [`PIN_MIN`] to [`PIN_MAX`] of them.
    Form,
    /// The two entries differ.
    Mismatch,
}

/// A PIN as the worker may choose it.
pub fn check_pin(pin: &str, again: &str) -> Result<(), PinProblem> {
    let digits = pin.chars().all(|c| c.is_ascii_digit());
    if !digits || !(PIN_MIN..=PIN_MAX).contains(&pin.len()) {
        return Err(PinProblem::Form);
    }
    if pin != again {
        return Err(PinProblem::Mismatch);
    }
    Ok(())
}

fn aad(user: i64, wrapping: &str) -> String {
    format!("teren/{user}/key/{wrapping}")
}

impl KeyFile {
    /// A new data key for `user`, wrapped by the server's `secret`; the
    /// key comes back extractable, to be wrapped by a PIN next.
    pub async fn create(user: i64, secret: &[u8]) -> Result<(KeyFile, Key), CryptoError> {
        let data_key = crypto::new_data_key().await?;
        let server = crypto::wrapping_key(secret).await?;
        let by_server = crypto::wrap(&data_key, &server, &aad(user, "server")).await?;
        let file = KeyFile {
            by_pin: None,
            salt: String::new(),
            rounds: PIN_ROUNDS,
            by_server: base64::encode(&by_server),
            wrong_pins: 0,
            login_first: false,
        };
        Ok((file, data_key))
    }

    /// The data key, by the server's secret.
    pub async fn open_by_server(
        &self,
        user: i64,
        secret: &[u8],
        extractable: bool,
    ) -> Result<Key, CryptoError> {
        let wrapped = base64::decode(&self.by_server).ok_or(CryptoError::Refused)?;
        let server = crypto::wrapping_key(secret).await?;
        crypto::unwrap(&wrapped, &server, &aad(user, "server"), extractable).await
    }

    /// The data key, by the PIN; refused for a wrong one.
    pub async fn open_by_pin(&self, user: i64, pin: &str) -> Result<Key, CryptoError> {
        let wrapped = self.by_pin.as_deref().and_then(base64::decode);
        let salt = base64::decode(&self.salt);
        let (Some(wrapped), Some(salt)) = (wrapped, salt) else {
            return Err(CryptoError::Refused);
        };
        let by_pin = crypto::pin_key(pin, &salt, self.rounds).await?;
        crypto::unwrap(&wrapped, &by_pin, &aad(user, "pin"), false).await
    }

    /// Wraps the data key anew by the server's current `secret`, opened by
    /// the `pin`: after the server's secret was made anew (a restored
    /// backup from before the user's first login), the old copy would open
    /// nothing, and a session ending later would leave only it.
    pub async fn rewrap_by_server(
        &mut self,
        user: i64,
        pin: &str,
        secret: &[u8],
    ) -> Result<(), CryptoError> {
        let wrapped = self.by_pin.as_deref().and_then(base64::decode);
        let salt = base64::decode(&self.salt);
        let (Some(wrapped), Some(salt)) = (wrapped, salt) else {
            return Err(CryptoError::Refused);
        };
        let by_pin = crypto::pin_key(pin, &salt, self.rounds).await?;
        let data_key = crypto::unwrap(&wrapped, &by_pin, &aad(user, "pin"), true).await?;
        let server = crypto::wrapping_key(secret).await?;
        let by_server = crypto::wrap(&data_key, &server, &aad(user, "server")).await?;
        self.by_server = base64::encode(&by_server);
        Ok(())
    }

    /// Wraps the (extractable) `data_key` by a new `pin`, and returns the
    /// copy to work with: non-extractable.
    pub async fn set_pin(
        &mut self,
        user: i64,
        data_key: &Key,
        pin: &str,
    ) -> Result<Key, CryptoError> {
        let salt = crypto::random_bytes(SALT_LEN)?;
        let by_pin = crypto::pin_key(pin, &salt, PIN_ROUNDS).await?;
        let wrapped = crypto::wrap(data_key, &by_pin, &aad(user, "pin")).await?;
        let working = crypto::unwrap(&wrapped, &by_pin, &aad(user, "pin"), false).await?;
        self.by_pin = Some(base64::encode(&wrapped));
        self.salt = base64::encode(&salt);
        self.rounds = PIN_ROUNDS;
        self.wrong_pins = 0;
        Ok(working)
    }

    /// Counts a wrong PIN; after [`MAX_WRONG_PINS`] the PIN's copy is gone.
    /// `true` when it is.
    pub fn wrong_pin(&mut self) -> bool {
        self.wrong_pins += 1;
        if self.wrong_pins >= MAX_WRONG_PINS {
            self.by_pin = None;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_four_to_eight_digits_typed_twice_alike() {
        assert_eq!(check_pin("2580", "2580"), Ok(()));
        assert_eq!(check_pin("12345678", "12345678"), Ok(()));
        assert_eq!(check_pin("258", "258"), Err(PinProblem::Form));
        assert_eq!(check_pin("123456789", "123456789"), Err(PinProblem::Form));
        assert_eq!(check_pin("25a0", "25a0"), Err(PinProblem::Form));
        assert_eq!(check_pin("2580", "2581"), Err(PinProblem::Mismatch));
    }

    #[test]
    fn too_many_wrong_pins_erase_the_pins_copy_of_the_key() {
        let mut file = KeyFile {
            by_pin: Some("wrapped".into()),
            salt: String::new(),
            rounds: PIN_ROUNDS,
            by_server: "server".into(),
            wrong_pins: 0,
            login_first: false,
        };
        for _ in 1..MAX_WRONG_PINS {
            assert!(!file.wrong_pin());
            assert!(file.by_pin.is_some());
        }
        assert!(file.wrong_pin());
        assert_eq!(file.by_pin, None);
        assert_eq!(file.by_server, "server", "the server's copy stays");
    }
}
