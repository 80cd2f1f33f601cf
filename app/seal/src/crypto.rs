//! AES-GCM through the browser's WebCrypto: the only place the phone's data
//! keys are made, wrapped and used.
//!
//! A data key is made extractable only so it can be wrapped; the copy the
//! app keeps for work is always unwrapped as non-extractable, so a script
//! that gets hold of it can use it while the app is open but never carry it
//! off. Every encryption names what it protects (`aad`): a ciphertext moved
//! to another slot, or another user's, fails to open.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Bytes of the random nonce in front of every ciphertext.
pub const IV_LEN: usize = 12;
/// A data key, or a key that wraps one.
#[derive(Clone, Debug)]
pub struct Key(CryptoKey);

impl Key {
    /// Whether a script could export the key's bytes.
    pub fn is_extractable(&self) -> bool {
        self.0.extractable()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptoError {
    /// No WebCrypto here (an insecure context or an old browser).
    Unavailable,
    /// Wrong key, or the ciphertext was changed: nothing is returned.
    Refused,
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(|crypto| crypto.is_object())
        .map(JsCast::unchecked_into)
        .ok_or(CryptoError::Unavailable)
}

pub(crate) fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let subtle = crypto()?.subtle();
    if subtle.is_undefined() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle)
}

/// Whether this browser, at this address, has WebCrypto.
pub fn available() -> bool {
    subtle().is_ok()
}

/// `len` bytes from the platform's cryptographic random source.
pub fn random_bytes(len: usize) -> Result<Vec<u8>, CryptoError> {
    let mut bytes = vec![0; len];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| CryptoError::Unavailable)?;
    Ok(bytes)
}

pub(crate) fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

pub(crate) fn usages(names: &[&str]) -> JsValue {
    names
        .iter()
        .map(|name| JsValue::from_str(name))
        .collect::<Array>()
        .into()
}

fn aes_gcm() -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("length", JsValue::from_f64(256.0)),
    ])
}

fn aes_gcm_with(iv: &[u8], aad: &str) -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(aad.as_bytes()).into()),
    ])
}

pub(crate) async fn resolve(
    promise: Result<js_sys::Promise, JsValue>,
) -> Result<JsValue, CryptoError> {
    let promise = promise.map_err(|_| CryptoError::Unavailable)?;
    JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError::Refused)
}

/// The private and the public half of a key pair WebCrypto generated.
pub(crate) fn halves(pair: &JsValue) -> Result<(CryptoKey, CryptoKey), CryptoError> {
    let half = |name: &str| {
        Reflect::get(pair, &name.into())
            .map(JsCast::unchecked_into::<CryptoKey>)
            .map_err(|_| CryptoError::Unavailable)
    };
    Ok((half("privateKey")?, half("publicKey")?))
}

pub(crate) fn bytes_of(buffer: JsValue) -> Vec<u8> {
    Uint8Array::new(&buffer).to_vec()
}

/// A new data key, extractable so that it can be wrapped; see [`unwrap`]
/// for the copy to work with.
pub async fn new_data_key() -> Result<Key, CryptoError> {
    let key = resolve(subtle()?.generate_key_with_object(
        &aes_gcm(),
        true,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?;
    Ok(Key(key.unchecked_into()))
}

/// A wrapping key from a secret held elsewhere (the server's, per user).
pub async fn wrapping_key(secret: &[u8]) -> Result<Key, CryptoError> {
    let key = resolve(subtle()?.import_key_with_object(
        "raw",
        &Uint8Array::from(secret),
        &object(&[("name", "AES-GCM".into())]),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await?;
    Ok(Key(key.unchecked_into()))
}

/// A wrapping key from a PIN, stretched with PBKDF2 so that each guess
/// costs time.
pub async fn pin_key(pin: &str, salt: &[u8], iterations: u32) -> Result<Key, CryptoError> {
    let subtle = subtle()?;
    let material = resolve(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(pin.as_bytes()),
        &object(&[("name", "PBKDF2".into())]),
        false,
        &usages(&["deriveKey"]),
    ))
    .await?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", JsValue::from_f64(f64::from(iterations))),
    ]);
    let key = resolve(subtle.derive_key_with_object_and_object(
        &params,
        &material.unchecked_into(),
        &aes_gcm(),
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await?;
    Ok(Key(key.unchecked_into()))
}

/// `data_key` wrapped by `wrapping`: the nonce, then the wrapped key.
pub async fn wrap(data_key: &Key, wrapping: &Key, aad: &str) -> Result<Vec<u8>, CryptoError> {
    let iv = random_bytes(IV_LEN)?;
    let wrapped = resolve(subtle()?.wrap_key_with_object(
        "raw",
        &data_key.0,
        &wrapping.0,
        &aes_gcm_with(&iv, aad),
    ))
    .await?;
    Ok([iv, bytes_of(wrapped)].concat())
}

/// The data key inside `wrapped`; refused for the wrong wrapping key or a
/// changed byte. Extractable only to be wrapped again at once.
pub async fn unwrap(
    wrapped: &[u8],
    wrapping: &Key,
    aad: &str,
    extractable: bool,
) -> Result<Key, CryptoError> {
    if wrapped.len() <= IV_LEN {
        return Err(CryptoError::Refused);
    }
    let (iv, body) = wrapped.split_at(IV_LEN);
    let key = resolve(subtle()?.unwrap_key_with_u8_array_and_object_and_object(
        "raw",
        body,
        &wrapping.0,
        &aes_gcm_with(iv, aad),
        &aes_gcm(),
        extractable,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await?;
    Ok(Key(key.unchecked_into()))
}

/// An AES-GCM key from raw bytes, for encrypting only.
pub(crate) async fn encryption_key(raw: &[u8]) -> Result<Key, CryptoError> {
    let key = resolve(subtle()?.import_key_with_object(
        "raw",
        &Uint8Array::from(raw),
        &object(&[("name", "AES-GCM".into())]),
        false,
        &usages(&["encrypt"]),
    ))
    .await?;
    Ok(Key(key.unchecked_into()))
}

/// `plain` encrypted under `key`: the nonce, then the ciphertext and tag.
pub async fn encrypt(key: &Key, aad: &str, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let iv = random_bytes(IV_LEN)?;
    let sealed =
        resolve(subtle()?.encrypt_with_object_and_u8_array(&aes_gcm_with(&iv, aad), &key.0, plain))
            .await?;
    Ok([iv, bytes_of(sealed)].concat())
}

/// What [`encrypt`] sealed, if `key` and `aad` are the ones it was sealed
/// with and not a byte has changed.
pub async fn decrypt(key: &Key, aad: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() <= IV_LEN {
        return Err(CryptoError::Refused);
    }
    let (iv, body) = sealed.split_at(IV_LEN);
    let plain =
        resolve(subtle()?.decrypt_with_object_and_u8_array(&aes_gcm_with(iv, aad), &key.0, body))
            .await?;
    Ok(bytes_of(plain))
}
