//! A phone's pending records sealed for the organisation: the escape hatch
//! for a phone that can no longer reach the server. Only the server opens
//! the file (it holds the private half of the organisation's P-256 key):
//! the phone makes a one-off key pair, agrees a secret with the
//! organisation's public key (ECDH), and seals with AES-GCM under
//! SHA-256(secret ‖ [`KDF_LABEL`]).

use crate::crypto::{self, bytes_of, encryption_key, object, resolve, subtle, usages, CryptoError};
use js_sys::Uint8Array;

/// Mixed into the key derivation, so the secret serves this one purpose.
pub const KDF_LABEL: &[u8] = b"teren-handover-1";

/// What goes into the file besides the label: the phone's one-off public
/// key (uncompressed point) and the sealed records (nonce first).
pub struct Sealed {
    pub ephemeral_public: Vec<u8>,
    pub sealed: Vec<u8>,
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
    let (private, public) = crypto::halves(&pair)?;
    let ephemeral_public = bytes_of(resolve(subtle.export_key("raw", &public)).await?);
    let params = object(&[("name", "ECDH".into()), ("public", theirs)]);
    let shared = resolve(subtle.derive_bits_with_object(&params, &private, 256)).await?;
    let mut material = bytes_of(shared);
    material.extend_from_slice(KDF_LABEL);
    let digest = resolve(subtle.digest_with_str_and_u8_array("SHA-256", &material)).await?;
    let key = encryption_key(&bytes_of(digest)).await?;
    Ok(Sealed {
        ephemeral_public,
        sealed: crypto::encrypt(&key, aad, plain).await?,
    })
}
