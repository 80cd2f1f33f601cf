//! The author's mark on a handover file: ECDSA on P-256 with SHA-256,
//! through WebCrypto. Each user's phone makes its own key pair, keeps the
//! private half sealed in the user's safe and registers the public half
//! with the server while online; the server imports a file only when it
//! verifies under a key its named author registered from the named phone.
//! A worker who can seal for the organisation (anyone can: the key is
//! public) still cannot make a file pass as a colleague's.

use crate::crypto::{bytes_of, halves, object, resolve, subtle, usages, CryptoError};
use js_sys::Uint8Array;
use wasm_bindgen::JsCast;

/// A new key pair: the private half as PKCS #8 (to be sealed in the
/// user's safe, never kept in clear) and the public half as an
/// uncompressed point (to register with the server).
pub struct AuthorKey {
    pub private_pkcs8: Vec<u8>,
    pub public: Vec<u8>,
}

fn ecdsa() -> js_sys::Object {
    object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])
}

pub async fn new_author_key() -> Result<AuthorKey, CryptoError> {
    let subtle = subtle()?;
    let pair =
        resolve(subtle.generate_key_with_object(&ecdsa(), true, &usages(&["sign", "verify"])))
            .await?;
    let (private, public) = halves(&pair)?;
    Ok(AuthorKey {
        private_pkcs8: bytes_of(resolve(subtle.export_key("pkcs8", &private)).await?),
        public: bytes_of(resolve(subtle.export_key("raw", &public)).await?),
    })
}

/// `message` signed with the private half (PKCS #8): `r ‖ s`, 64 bytes.
pub async fn sign(private_pkcs8: &[u8], message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let subtle = subtle()?;
    let key = resolve(subtle.import_key_with_object(
        "pkcs8",
        &Uint8Array::from(private_pkcs8),
        &ecdsa(),
        false,
        &usages(&["sign"]),
    ))
    .await?;
    let params = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
    let signature =
        resolve(subtle.sign_with_object_and_u8_array(&params, &key.unchecked_into(), message))
            .await?;
    Ok(bytes_of(signature))
}

/// Whether `signature` over `message` verifies under `public` (an
/// uncompressed point); the phone checks its own mark before it writes
/// a file it may never be able to write again.
pub async fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> Result<bool, CryptoError> {
    let subtle = subtle()?;
    let key = resolve(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(public),
        &ecdsa(),
        false,
        &usages(&["verify"]),
    ))
    .await?;
    let params = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
    let valid = resolve(subtle.verify_with_object_and_u8_array_and_u8_array(
        &params,
        &key.unchecked_into(),
        signature,
        message,
    ))
    .await?;
    Ok(valid.as_bool().unwrap_or(false))
}
