//! A phone's pending records sealed for the organisation: the escape hatch
//! for a phone that can no longer reach the server. Only the server opens
//! the file (it holds the private half of the organisation's P-256 key):
//! the phone makes a one-off key pair, agrees a secret with the
//! organisation's public key (ECDH), and seals with AES-GCM under
//! SHA-256(secret ‖ [`KDF_LABEL`]).

use crate::crypto::{CryptoError, IV_LEN};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Mixed into the key derivation, so the secret serves this one purpose.
pub const KDF_LABEL: &[u8] = b"teren-handover-1";

/// What goes into the file besides the label: the phone's one-off public
/// key (uncompressed point) and the sealed records (nonce first).
pub struct Sealed {
    pub ephemeral_public: Vec<u8>,
    pub sealed: Vec<u8>,
}

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    let crypto: web_sys::Crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map_err(|_| CryptoError::Unavailable)?
        .unchecked_into();
    Ok(crypto.subtle())
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

async fn resolve(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, CryptoError> {
    let promise = promise.map_err(|_| CryptoError::Unavailable)?;
    JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError::Refused)
}

fn usages(names: &[&str]) -> JsValue {
    names
        .iter()
        .map(|name| JsValue::from_str(name))
        .collect::<js_sys::Array>()
        .into()
}

/// Seals `plain` for the holder of `organisation` (an uncompressed P-256
/// point), labelled with `aad`.
pub async fn seal_for(organisation: &[u8], aad: &str, plain: &[u8]) -> Result<Sealed, CryptoError> {
    let subtle = subtle()?;
    let curve = object(&[("name", "ECDH".into()), ("namedCurve", "P-256".into())]);
    let theirs = resolve(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(organisation),
        &curve,
        false,
        &usages(&[]),
    ))
    .await?;
    let pair =
        resolve(subtle.generate_key_with_object(&curve, false, &usages(&["deriveBits"]))).await?;
    let private: web_sys::CryptoKey = Reflect::get(&pair, &"privateKey".into())
        .map_err(|_| CryptoError::Unavailable)?
        .unchecked_into();
    let public: web_sys::CryptoKey = Reflect::get(&pair, &"publicKey".into())
        .map_err(|_| CryptoError::Unavailable)?
        .unchecked_into();
    let ephemeral_public =
        Uint8Array::new(&resolve(subtle.export_key("raw", &public)).await?).to_vec();
    let params = object(&[("name", "ECDH".into()), ("public", theirs)]);
    let shared = resolve(subtle.derive_bits_with_object(&params, &private, 256)).await?;
    let mut material = Uint8Array::new(&shared).to_vec();
    material.extend_from_slice(KDF_LABEL);
    let digest = resolve(subtle.digest_with_str_and_u8_array("SHA-256", &material)).await?;
    let key = resolve(subtle.import_key_with_object(
        "raw",
        &Uint8Array::new(&digest),
        &object(&[("name", "AES-GCM".into())]),
        false,
        &usages(&["encrypt"]),
    ))
    .await?;
    let iv = crate::crypto::random_bytes(IV_LEN)?;
    let algorithm = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
        ("additionalData", Uint8Array::from(aad.as_bytes()).into()),
    ]);
    let sealed =
        resolve(subtle.encrypt_with_object_and_u8_array(&algorithm, &key.unchecked_into(), plain))
            .await?;
    Ok(Sealed {
        ephemeral_public,
        sealed: [iv, Uint8Array::new(&sealed).to_vec()].concat(),
    })
}
