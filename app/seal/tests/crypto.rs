//! The phone's crypto on the real WebCrypto, in Chromium: what it seals
//! opens again only with the same key and label, and not after a single
//! changed byte; a key file opens by the right PIN or the server's secret
//! and by nothing else.
#![cfg(target_arch = "wasm32")]
// A failed step is a failed test; `clippy.toml` allows this for `#[test]`,
// which these browser tests are not.
#![allow(clippy::unwrap_used)]

use teren_seal::crypto::{self, CryptoError, IV_LEN};
use teren_seal::keys::KeyFile;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const NOTE: &[u8] = b"LUD07TOM08: vymena, 10 strikacek, poznamka";

async fn working_key() -> crypto::Key {
    let secret = crypto::random_bytes(32).unwrap();
    let (_, key) = KeyFile::create(7, &secret).await.unwrap();
    key
}

#[wasm_bindgen_test]
async fn sealed_data_opens_with_its_key_and_label() {
    let key = working_key().await;
    let sealed = crypto::encrypt(&key, "teren/7/outbox", NOTE).await.unwrap();
    assert!(
        !sealed.windows(10).any(|w| w == b"LUD07TOM08"),
        "no clear text inside"
    );
    assert_eq!(sealed.len(), IV_LEN + NOTE.len() + 16, "nonce, text, tag");
    let opened = crypto::decrypt(&key, "teren/7/outbox", &sealed)
        .await
        .unwrap();
    assert_eq!(opened, NOTE);
    // A fresh nonce each time: the same note never looks the same twice.
    let again = crypto::encrypt(&key, "teren/7/outbox", NOTE).await.unwrap();
    assert_ne!(sealed, again);
}

#[wasm_bindgen_test]
async fn another_key_or_label_opens_nothing() {
    let key = working_key().await;
    let other = working_key().await;
    let sealed = crypto::encrypt(&key, "teren/7/outbox", NOTE).await.unwrap();
    assert_eq!(
        crypto::decrypt(&other, "teren/7/outbox", &sealed).await,
        Err(CryptoError::Refused)
    );
    // Moved to another slot, or to another user's: refused.
    assert_eq!(
        crypto::decrypt(&key, "teren/7/basics", &sealed).await,
        Err(CryptoError::Refused)
    );
    assert_eq!(
        crypto::decrypt(&key, "teren/8/outbox", &sealed).await,
        Err(CryptoError::Refused)
    );
}

#[wasm_bindgen_test]
async fn a_changed_byte_anywhere_is_refused() {
    let key = working_key().await;
    let sealed = crypto::encrypt(&key, "teren/7/outbox", NOTE).await.unwrap();
    for at in [0, IV_LEN - 1, IV_LEN, IV_LEN + 5, sealed.len() - 1] {
        let mut tampered = sealed.clone();
        tampered[at] ^= 0x01;
        assert_eq!(
            crypto::decrypt(&key, "teren/7/outbox", &tampered).await,
            Err(CryptoError::Refused),
            "byte {at}"
        );
    }
    assert_eq!(
        crypto::decrypt(&key, "teren/7/outbox", &sealed[..sealed.len() - 1]).await,
        Err(CryptoError::Refused),
        "cut short"
    );
    assert_eq!(
        crypto::decrypt(&key, "teren/7/outbox", &sealed[..IV_LEN]).await,
        Err(CryptoError::Refused),
        "nonce only"
    );
}

#[wasm_bindgen_test]
async fn a_key_file_opens_by_the_pin_or_the_servers_secret_only() {
    let secret = crypto::random_bytes(32).unwrap();
    let (mut file, data_key) = KeyFile::create(7, &secret).await.unwrap();
    assert!(data_key.is_extractable(), "wrappable until the PIN is set");
    let working = file.set_pin(7, &data_key, "2580").await.unwrap();
    assert!(
        !working.is_extractable(),
        "the copy the app keeps cannot be exported"
    );

    let sealed = crypto::encrypt(&working, "teren/7/outbox", NOTE)
        .await
        .unwrap();
    let by_pin = file.open_by_pin(7, "2580").await.unwrap();
    assert!(!by_pin.is_extractable());
    assert_eq!(
        crypto::decrypt(&by_pin, "teren/7/outbox", &sealed)
            .await
            .unwrap(),
        NOTE
    );
    let by_server = file.open_by_server(7, &secret, false).await.unwrap();
    assert_eq!(
        crypto::decrypt(&by_server, "teren/7/outbox", &sealed)
            .await
            .unwrap(),
        NOTE
    );

    assert_eq!(
        file.open_by_pin(7, "2581").await.err(),
        Some(CryptoError::Refused)
    );
    assert_eq!(
        file.open_by_pin(8, "2580").await.err(),
        Some(CryptoError::Refused),
        "another user's file"
    );
    let wrong_secret = crypto::random_bytes(32).unwrap();
    assert_eq!(
        file.open_by_server(7, &wrong_secret, false).await.err(),
        Some(CryptoError::Refused)
    );

    // Stored as text and read back, the file still opens.
    let stored = serde_json::to_string(&file).unwrap();
    assert!(!stored.contains("2580"));
    let read: KeyFile = serde_json::from_str(&stored).unwrap();
    assert!(read.open_by_pin(7, "2580").await.is_ok());
}

#[wasm_bindgen_test]
async fn an_authors_mark_verifies_only_for_its_key_and_message() {
    use teren_seal::sign;
    let author = sign::new_author_key().await.unwrap();
    let other = sign::new_author_key().await.unwrap();
    assert_eq!(author.public.len(), 65, "an uncompressed P-256 point");
    let message = b"teren-handover-1|7|phone|...";
    let mark = sign::sign(&author.private_pkcs8, message).await.unwrap();
    assert_eq!(mark.len(), 64, "r and s");
    assert!(sign::verify(&author.public, message, &mark).await.unwrap());
    assert!(!sign::verify(&other.public, message, &mark).await.unwrap());
    assert!(
        !sign::verify(&author.public, b"teren-handover-1|8|phone|...", &mark)
            .await
            .unwrap()
    );
    let mut changed = mark.clone();
    changed[10] ^= 1;
    assert!(!sign::verify(&author.public, message, &changed)
        .await
        .unwrap());
}

#[wasm_bindgen_test]
async fn a_server_secret_made_anew_gets_the_key_wrapped_again_by_the_pin() {
    let old_secret = crypto::random_bytes(32).unwrap();
    let (mut file, data_key) = KeyFile::create(7, &old_secret).await.unwrap();
    let working = file.set_pin(7, &data_key, "2580").await.unwrap();
    let sealed = crypto::encrypt(&working, "teren/7/outbox", NOTE)
        .await
        .unwrap();
    // The server lost the secret (a restored backup) and made a new one.
    let new_secret = crypto::random_bytes(32).unwrap();
    assert!(file.open_by_server(7, &new_secret, false).await.is_err());
    assert_eq!(
        file.rewrap_by_server(7, "1111", &new_secret).await,
        Err(CryptoError::Refused),
        "only the right PIN opens the key to wrap it again"
    );
    file.rewrap_by_server(7, "2580", &new_secret).await.unwrap();
    let by_server = file.open_by_server(7, &new_secret, false).await.unwrap();
    assert_eq!(
        crypto::decrypt(&by_server, "teren/7/outbox", &sealed)
            .await
            .unwrap(),
        NOTE
    );
    assert!(file.open_by_server(7, &old_secret, false).await.is_err());
    // The PIN still opens it too.
    assert!(file.open_by_pin(7, "2580").await.is_ok());
}
