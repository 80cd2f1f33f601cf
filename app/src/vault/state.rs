//! The safe as the app holds it while open: whose it is, whether it is
//! open, and the working key (only ever in memory).

use super::api::vault_key;
use super::base64;
use super::crypto::{self, CryptoError, Key};
use super::keys::{KeyFile, MAX_WRONG_PINS};
use crate::browser;
use crate::error::AppError;
use gloo_storage::Storage as _;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// Unused this long, the app locks and asks for the PIN again.
pub const IDLE_LOCK: Duration = Duration::from_secs(15 * 60);
/// How long the server may take to hand over its secret before the phone
/// asks for the PIN instead.
const SERVER_WAIT: Duration = Duration::from_secs(8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Not known yet: the server renders this, and the phone shows it until
    /// it has read its key file.
    Checking,
    /// Open, but no PIN yet (first login on this phone, or after a
    /// recovery): the worker sets one before working.
    NewPin,
    /// Asks for the PIN.
    Locked,
    /// Only the password opens it (too many wrong PINs, or no key here
    /// yet and the login is not fresh); needs the server.
    NeedsPassword,
    Unlocked,
    /// No WebCrypto (a page opened over plain http on a LAN address):
    /// nothing about a client can be kept safely, so nothing is kept.
    Unavailable,
}

#[derive(Clone, Copy)]
pub struct Vault {
    user: RwSignal<Option<i64>>,
    pub lock: RwSignal<Lock>,
    pub wrong_pins: RwSignal<u32>,
    key: Slot,
    /// The extractable key between a login and the new PIN; dropped once
    /// the PIN wraps it.
    new_key: Slot,
    last_use: StoredValue<f64>,
    /// The server's secret fetched with the password when it did not open
    /// the server's copy (made anew): the next PIN wraps the key by it.
    secret_for_pin: StoredValue<Option<Vec<u8>>>,
}

/// Where a key is held while the page is open. A browser key lives on the
/// page's one thread; the server, which renders the same component on many
/// threads, never holds one.
#[derive(Clone, Copy)]
struct Slot(&'static std::thread::LocalKey<std::cell::RefCell<Option<Key>>>);

thread_local! {
    static WORKING_KEY: std::cell::RefCell<Option<Key>> = const { std::cell::RefCell::new(None) };
    static NEW_KEY: std::cell::RefCell<Option<Key>> = const { std::cell::RefCell::new(None) };
}

impl Slot {
    fn get_value(&self) -> Option<Key> {
        self.0.with(|slot| slot.borrow().clone())
    }

    fn set_value(&self, key: Option<Key>) {
        self.0.with(|slot| *slot.borrow_mut() = key);
    }
}

pub fn use_vault() -> Vault {
    expect_context::<Vault>()
}

/// Makes the safe (locked, nobody's) and, in the browser, locks it after
/// [`IDLE_LOCK`] without a tap or a key press.
pub fn provide_vault() -> Vault {
    let vault = Vault {
        user: RwSignal::new(None),
        lock: RwSignal::new(Lock::Checking),
        wrong_pins: RwSignal::new(0),
        key: Slot(&WORKING_KEY),
        new_key: Slot(&NEW_KEY),
        last_use: StoredValue::new(0.0),
        secret_for_pin: StoredValue::new(None),
    };
    provide_context(vault);
    Effect::new(move |_| {
        vault.touch();
        let _ = window_event_listener(leptos::ev::pointerdown, move |_| vault.touch());
        let _ = window_event_listener(leptos::ev::keydown, move |_| vault.touch());
        // A phone asleep runs no timers: check again when it wakes.
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| vault.lock_if_idle());
        let _ = set_interval_with_handle(move || vault.lock_if_idle(), Duration::from_secs(20));
    });
    vault
}

fn key_file_name(user: i64) -> String {
    format!("teren.key.{user}")
}

fn sealed_name(user: i64, name: &str) -> String {
    format!("teren.sealed.{user}.{name}")
}

fn read_key_file(user: i64) -> Option<KeyFile> {
    crate::browser::stored(&key_file_name(user))
}

fn write_key_file(user: i64, file: &KeyFile) {
    let _ = gloo_storage::LocalStorage::set(key_file_name(user), file);
}

async fn server_secret(password: Option<String>) -> Result<Vec<u8>, AppError> {
    let answer = browser::within(SERVER_WAIT, vault_key(password))
        .await
        .unwrap_or(Err(AppError::Unreachable))?;
    base64::decode(&answer).ok_or(AppError::Internal)
}

/// Keeps the server's copy of the key opening with the server's current
/// secret: opened by the PIN after a login, a copy the secret no longer
/// opens (the secret was made anew) is wrapped again, so that when the
/// session ends, and the PIN's copy with it, the password still opens the
/// waiting records. Needs a fresh login; without one, nothing changes.
async fn refresh_server_copy(user: i64, pin: &str, known: Option<Vec<u8>>) {
    let secret = match known {
        Some(secret) => secret,
        None if browser::is_online() => match server_secret(None).await {
            Ok(secret) => secret,
            Err(_) => return,
        },
        None => return,
    };
    let Some(mut file) = read_key_file(user) else {
        return;
    };
    if file.open_by_server(user, &secret, false).await.is_ok() {
        return;
    }
    if file.rewrap_by_server(user, pin, &secret).await.is_ok() {
        write_key_file(user, &file);
    }
}

impl Vault {
    /// The user whose safe this is, once known.
    pub fn user(&self) -> Option<i64> {
        self.user.get_untracked()
    }

    /// Reads `user`'s key file and decides what to ask: nothing right after
    /// a login (the server's secret opens it), the PIN otherwise.
    pub fn open(&self, user: i64) {
        if self.user.get_untracked() == Some(user) {
            return;
        }
        self.user.set(Some(user));
        self.key.set_value(None);
        self.lock.set(Lock::Checking);
        let vault = *self;
        leptos::task::spawn_local(async move {
            let lock = vault.decide(user).await;
            if vault.user.get_untracked() == Some(user) {
                vault.lock.set(lock);
            }
        });
    }

    async fn decide(&self, user: i64) -> Lock {
        if !crypto::available() {
            return Lock::Unavailable;
        }
        let file = read_key_file(user);
        self.wrong_pins
            .set(file.as_ref().map_or(0, |file| file.wrong_pins));
        let mut fresh_login = false;
        if browser::is_online() {
            if let Ok(secret) = server_secret(None).await {
                fresh_login = true;
                if let Some(lock) = self.open_by_server(user, file.clone(), &secret).await {
                    return lock;
                }
            }
        }
        // After a session ended, the PIN opens only after a login, when
        // the server's copy no longer does.
        match file {
            Some(file) if file.by_pin.is_some() && (fresh_login || !file.login_first) => {
                Lock::Locked
            }
            _ => Lock::NeedsPassword,
        }
    }

    /// Opens with the server's secret: a new key file when there is none,
    /// at once when a PIN is set, else on to a new PIN.
    async fn open_by_server(
        &self,
        user: i64,
        file: Option<KeyFile>,
        secret: &[u8],
    ) -> Option<Lock> {
        match file {
            None => {
                let (file, data_key) = KeyFile::create(user, secret).await.ok()?;
                write_key_file(user, &file);
                self.new_key.set_value(Some(data_key));
                Some(Lock::NewPin)
            }
            Some(mut file) if file.by_pin.is_some() => {
                let key = file.open_by_server(user, secret, false).await.ok()?;
                if file.login_first {
                    file.login_first = false;
                    write_key_file(user, &file);
                }
                self.key.set_value(Some(key));
                self.touch();
                Some(Lock::Unlocked)
            }
            Some(file) => {
                let data_key = file.open_by_server(user, secret, true).await.ok()?;
                self.new_key.set_value(Some(data_key));
                Some(Lock::NewPin)
            }
        }
    }

    /// Opens with the PIN. A wrong one counts; the last allowed one erases
    /// the PIN's copy of the key (see [`MAX_WRONG_PINS`]).
    pub async fn unlock(&self, pin: &str) -> Result<(), CryptoError> {
        let Some(user) = self.user.get_untracked() else {
            return Err(CryptoError::Refused);
        };
        let Some(mut file) = read_key_file(user) else {
            self.lock.set(Lock::NeedsPassword);
            return Err(CryptoError::Refused);
        };
        match file.open_by_pin(user, pin).await {
            Ok(key) => {
                file.wrong_pins = 0;
                file.login_first = false;
                write_key_file(user, &file);
                self.wrong_pins.set(0);
                self.key.set_value(Some(key));
                self.touch();
                self.lock.set(Lock::Unlocked);
                let pin = pin.to_owned();
                let known = self.secret_for_pin.get_value();
                self.secret_for_pin.set_value(None);
                leptos::task::spawn_local(async move {
                    refresh_server_copy(user, &pin, known).await;
                });
                Ok(())
            }
            Err(CryptoError::Refused) => {
                let locked_out = file.wrong_pin();
                write_key_file(user, &file);
                self.wrong_pins.set(file.wrong_pins);
                if locked_out {
                    self.lock.set(Lock::NeedsPassword);
                }
                Err(CryptoError::Refused)
            }
            Err(error) => Err(error),
        }
    }

    /// Opens with the password, through the server: after too many wrong
    /// PINs, a forgotten one, or a login too old to open it by itself. A
    /// new PIN is asked next.
    pub async fn recover(&self, password: String) -> Result<(), AppError> {
        let Some(user) = self.user.get_untracked() else {
            return Err(AppError::Unauthenticated);
        };
        let secret = server_secret(Some(password)).await?;
        // The PIN's copy of the key stays until the server's has opened:
        // dropped first, a server copy that no longer opens (its secret
        // made anew) would leave nothing that opens the waiting records.
        let without_pin = read_key_file(user).map(|mut file| {
            file.by_pin = None;
            file.wrong_pins = 0;
            file
        });
        let Some(lock) = self
            .open_by_server(user, without_pin.clone(), &secret)
            .await
        else {
            // The server's copy no longer opens (its secret was made anew):
            // the PIN still does, and then wraps the key by this secret.
            if read_key_file(user).is_some_and(|file| file.by_pin.is_some()) {
                self.secret_for_pin.set_value(Some(secret));
                self.lock.set(Lock::Locked);
                return Ok(());
            }
            return Err(AppError::Internal);
        };
        if let Some(file) = without_pin {
            write_key_file(user, &file);
        }
        self.wrong_pins.set(0);
        self.lock.set(lock);
        Ok(())
    }

    /// Wraps the key opened by a login with a new PIN, and opens the app.
    pub async fn set_pin(&self, pin: &str) -> Result<(), CryptoError> {
        let user = self.user.get_untracked().ok_or(CryptoError::Refused)?;
        let data_key = self.new_key.get_value().ok_or(CryptoError::Refused)?;
        let mut file = read_key_file(user).ok_or(CryptoError::Refused)?;
        let key = file.set_pin(user, &data_key, pin).await?;
        write_key_file(user, &file);
        self.new_key.set_value(None);
        self.key.set_value(Some(key));
        self.wrong_pins.set(0);
        self.touch();
        self.lock.set(Lock::Unlocked);
        Ok(())
    }

    pub fn touch(&self) {
        self.last_use.set_value(js_sys::Date::now());
    }

    fn lock_if_idle(&self) {
        let idle = js_sys::Date::now() - self.last_use.get_value();
        if self.lock.get_untracked() == Lock::Unlocked && idle >= IDLE_LOCK.as_millis() as f64 {
            self.lock_now();
        }
    }

    /// Forgets the working key: the PIN opens it again.
    pub fn lock_now(&self) {
        let Some(user) = self.user.get_untracked() else {
            return;
        };
        self.key.set_value(None);
        self.new_key.set_value(None);
        let has_pin =
            read_key_file(user).is_some_and(|file| file.by_pin.is_some() && !file.login_first);
        self.lock.set(if has_pin {
            Lock::Locked
        } else {
            Lock::NeedsPassword
        });
    }

    /// The session ended while records may wait: the PIN alone no longer
    /// opens anything, only the next login with the password does. The
    /// PIN's copy stays until the server's copy has opened: should the
    /// server's secret have been made anew meanwhile, it is the only one
    /// that still opens the waiting records.
    pub fn require_password(&self) {
        if let Some(user) = self.user.get_untracked() {
            if let Some(mut file) = read_key_file(user) {
                file.login_first = true;
                write_key_file(user, &file);
            }
        }
        self.lock_now();
    }

    /// Erases everything `user` kept on this phone: key file and sealed data.
    pub fn forget(&self, user: i64) {
        let prefix = sealed_name(user, "");
        let storage = gloo_storage::LocalStorage::raw();
        let length = storage.length().unwrap_or(0);
        let doomed: Vec<String> = (0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|name| name.starts_with(&prefix))
            .collect();
        for name in doomed {
            let _ = storage.remove_item(&name);
        }
        let _ = storage.remove_item(&key_file_name(user));
        if self.user.get_untracked() == Some(user) {
            self.key.set_value(None);
            self.new_key.set_value(None);
            self.user.set(None);
            self.lock.set(Lock::Checking);
        }
    }

    /// Encrypts `value` under the working key into `name`; `false` when the
    /// safe is locked or the browser refused to store it (full).
    pub async fn seal<T: Serialize>(&self, name: &str, value: &T) -> bool {
        match self.sealed_text(name, value).await {
            Some(text) => self.store_sealed(name, &text),
            None => false,
        }
    }

    /// `value` encrypted for `name`, as text; `None` when locked. Split from
    /// storing it, so a writer can drop a result that a later write
    /// overtook.
    pub async fn sealed_text<T: Serialize>(&self, name: &str, value: &T) -> Option<String> {
        let (user, key) = (self.user.get_untracked()?, self.key.get_value()?);
        let plain = serde_json::to_vec(value).ok()?;
        let sealed = crypto::encrypt(&key, &sealed_name(user, name), &plain)
            .await
            .ok()?;
        Some(base64::encode(&sealed))
    }

    /// Stores what [`Self::sealed_text`] made; `false` when the browser
    /// refused (full).
    pub fn store_sealed(&self, name: &str, text: &str) -> bool {
        let Some(user) = self.user.get_untracked() else {
            return false;
        };
        gloo_storage::LocalStorage::raw()
            .set_item(&sealed_name(user, name), text)
            .is_ok()
    }

    /// What [`Self::seal`] kept in `name`; `Ok(None)` when nothing is kept.
    /// Refused when the data was changed or sealed by another key.
    pub async fn unseal<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, CryptoError> {
        let (Some(user), Some(key)) = (self.user.get_untracked(), self.key.get_value()) else {
            return Err(CryptoError::Refused);
        };
        let slot = sealed_name(user, name);
        let Ok(Some(text)) = gloo_storage::LocalStorage::raw().get_item(&slot) else {
            return Ok(None);
        };
        let sealed = base64::decode(&text).ok_or(CryptoError::Refused)?;
        let plain = crypto::decrypt(&key, &slot, &sealed).await?;
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|_| CryptoError::Refused)
    }

    /// Drops what is sealed in `name`.
    pub fn discard(&self, name: &str) {
        if let Some(user) = self.user.get_untracked() {
            gloo_storage::LocalStorage::delete(sealed_name(user, name));
        }
    }
}

/// How many wrong PINs are still allowed.
pub fn pins_left(wrong: u32) -> u32 {
    MAX_WRONG_PINS.saturating_sub(wrong)
}
