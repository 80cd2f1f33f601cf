//! A phone's waiting records carried to the office in a file sealed for the
//! organisation: a coordinator imports them under the worker named in the
//! file, exactly once however often the file (or a later sync) brings them;
//! a changed, relabelled or foreign file is refused and stores nothing.

use crate::common;
use common::found_syringes;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use app::sync::handover::{label, HandoverFile, FORMAT};
use app::vault::base64;
use axum::http::StatusCode;
use common::{Client, TestApp};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Seals `records` as a phone does, with the organisation's public key.
pub(crate) async fn sealed_file(
    worker: &mut Client<'_>,
    user_id: i64,
    username: &str,
    records: &[Value],
) -> HandoverFile {
    let response = worker.call("handover/key", &[]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let public = base64::decode(response.json().as_str().unwrap()).unwrap();
    let organisation = p256::PublicKey::from_sec1_bytes(&public).unwrap();
    let mine = p256::SecretKey::random(&mut rand_core::OsRng);
    let shared = p256::ecdh::diffie_hellman(mine.to_nonzero_scalar(), organisation.as_affine());
    let mut hasher = Sha256::new();
    hasher.update(shared.raw_secret_bytes());
    hasher.update(teren_seal::handover::KDF_LABEL);
    let cipher = Aes256Gcm::new_from_slice(&hasher.finalize()).unwrap();
    let iv = [7u8; 12];
    let aad = label(user_id, "lost-phone");
    let plain = serde_json::to_vec(records).unwrap();
    let body = cipher
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: &plain,
                aad: aad.as_bytes(),
            },
        )
        .unwrap();
    let mut file = HandoverFile {
        format: FORMAT.into(),
        user_id,
        username: username.into(),
        device_id: "lost-phone".into(),
        created_at: chrono::Utc::now().to_rfc3339(),
        records: records.len(),
        ephemeral_key: base64::encode(mine.public_key().to_encoded_point(false).as_bytes()),
        sealed: base64::encode(&[&iv[..], &body].concat()),
        signature: String::new(),
    };
    sign_as(worker, &mut file).await;
    file
}

/// Marks `file` with a new key that `worker`'s session registers for the
/// file's phone, as the phone does while online.
pub(crate) async fn sign_as(worker: &mut Client<'_>, file: &mut HandoverFile) {
    use p256::ecdsa::signature::Signer;
    let key = p256::ecdsa::SigningKey::random(&mut rand_core::OsRng);
    let public = base64::encode(key.verifying_key().to_encoded_point(false).as_bytes());
    let registered = worker
        .call(
            "handover/author",
            &[("device_id", &file.device_id), ("public_key", &public)],
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    let mark: p256::ecdsa::Signature = key.sign(file.signed_text().as_bytes());
    file.signature = base64::encode(&mark.to_bytes());
}

async fn import(coordinator: &mut Client<'_>, file: &HandoverFile) -> (StatusCode, Value) {
    let text = serde_json::to_string(file).unwrap();
    let response = coordinator
        .call_json("handover/import", &json!({ "file": text }))
        .await;
    (response.status, response.json())
}

#[tokio::test]
async fn a_coordinator_imports_a_phones_file_once() {
    let app = TestApp::new().await;
    let mut eva = app.logged_in("eva", "worker").await;
    let eva_id = app.user_id("eva").await;
    let mut boss = app.logged_in("vedouci", "coordinator").await;
    let records: Vec<Value> = (1..=3).map(found_syringes).collect();
    let file = sealed_file(&mut eva, eva_id, "eva", &records).await;

    // The file carries no client data in clear.
    assert!(!serde_json::to_string(&file)
        .unwrap()
        .contains("found_syringes"));

    let (status, summary) = import(&mut boss, &file).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(
        summary,
        json!({ "username": "eva", "accepted": 3, "duplicates": 0, "rejected": 0 })
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE worker_id = {eva_id}"
        ))
        .await,
        3
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'handover_imported' AND subject = 'eva'"
        )
        .await,
        1
    );

    // Imported again, or synced later by the phone: stored once. The phone
    // resends the very record (a new one would carry a later time, and a
    // record changed under the same id is a conflict, not a duplicate).
    let (_, again) = import(&mut boss, &file).await;
    assert_eq!(again["duplicates"], 3);
    assert_eq!(
        common::sync(&mut eva, vec![records[0].clone()]).await,
        ["Duplicate"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 3);

    // A worker cannot import.
    let response = eva
        .call_json("handover/import", &json!({ "file": "{}" }))
        .await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_changed_relabelled_or_foreign_file_stores_nothing() {
    let app = TestApp::new().await;
    let mut eva = app.logged_in("eva", "worker").await;
    let eva_id = app.user_id("eva").await;
    let jan_id = app.user("jan", "worker").await;
    let mut boss = app.logged_in("vedouci", "coordinator").await;
    let file = sealed_file(&mut eva, eva_id, "eva", &[found_syringes(1)]).await;

    let mut tampered = file.clone();
    let mut bytes = base64::decode(&tampered.sealed).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    tampered.sealed = base64::encode(&bytes);
    let mut relabelled = file.clone();
    relabelled.user_id = jan_id;
    relabelled.username = "jan".into();
    let mut foreign = file.clone();
    let stranger = p256::SecretKey::random(&mut rand_core::OsRng);
    foreign.ephemeral_key =
        base64::encode(stranger.public_key().to_encoded_point(false).as_bytes());
    let mut unknown = file.clone();
    unknown.format = "something-else".into();

    // Changed after it was marked: the mark no longer holds; relabelled as
    // Jan's, it names an author with no key from that phone.
    for (what, bad, field) in [
        ("tampered", &tampered, "signature"),
        ("relabelled", &relabelled, "author"),
        ("foreign", &foreign, "signature"),
    ] {
        let (status, body) = import(&mut boss, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {body}");
        assert_eq!(body["Invalid"]["field"], field, "{what}");
    }
    // Marked again by its author's phone, the seal still gives it away; a
    // file relabelled as Jan's is not marked by a phone of Jan's.
    for bad in [&mut tampered, &mut relabelled, &mut foreign] {
        sign_as(&mut eva, bad).await;
    }
    for (what, bad, field) in [
        ("tampered", tampered, "file"),
        ("relabelled", relabelled, "author"),
        ("foreign", foreign, "file"),
        ("format", unknown, "file"),
    ] {
        let (status, body) = import(&mut boss, &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {body}");
        assert_eq!(body["Invalid"]["field"], field, "{what}");
    }
    let response = boss
        .call_json("handover/import", &json!({ "file": "not json" }))
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("SELECT COUNT(*) FROM records").await, 0);
}

#[tokio::test]
async fn phones_asking_at_once_get_one_organisation_key() {
    let app = TestApp::new().await;
    app.user("eva", "worker").await;
    let mut phones = Vec::new();
    for n in 0..12 {
        let mut phone = app.client();
        phone.addr = format!("10.0.2.{n}:40000").parse().unwrap();
        assert_eq!(
            phone.login("eva", common::PASSWORD).await.status,
            StatusCode::OK
        );
        phones.push(phone);
    }
    let answers = futures::future::join_all(
        phones
            .iter_mut()
            .map(|phone| phone.call("handover/key", &[])),
    )
    .await;
    let first = answers[0].body.clone();
    assert!(answers
        .iter()
        .all(|answer| answer.status == StatusCode::OK && answer.body == first));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM settings WHERE key = 'handover_private_key'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_file_of_ten_thousand_waiting_records_is_imported_whole() {
    // A phone that lost the server for weeks writes every waiting record
    // into one file, then may be erased: the file must go in as it is.
    let app = TestApp::new().await;
    let mut eva = app.logged_in("eva", "worker").await;
    let eva_id = app.user_id("eva").await;
    let mut boss = app.logged_in("vedouci", "coordinator").await;
    let note =
        "Klient přišel s kamarádem, mluvili jsme o testech a o tom, kam jít, když se něco stane. ";
    let records: Vec<Value> = (1..=10_000u32)
        .map(|n| {
            json!({
                "id": common::uuid(n), "occurred_at": common::now_local(), "locality": "centrum",
                "client": { "code": format!("KLI{:02}ENT{:02}", n % 28 + 1, n % 12 + 1) },
                "note": note,
                "details": { "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                             "materials": [{ "material": "strikacky", "count": 10 }],
                             "returned_syringes": 8, "service_acts": [] }
            })
        })
        .collect();
    let file = sealed_file(&mut eva, eva_id, "eva", &records).await;
    let text = serde_json::to_string(&file).unwrap();
    assert!(
        text.len() > server::SYNC_BODY_MAX,
        "larger than a sync batch: {} bytes",
        text.len()
    );
    let (status, summary) = import(&mut boss, &file).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(
        summary,
        json!({ "username": "eva", "accepted": 10_000, "duplicates": 0, "rejected": 0 })
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM records WHERE worker_id = {eva_id}"
        ))
        .await,
        10_000
    );
}

#[tokio::test]
async fn a_file_that_is_not_its_named_authors_is_refused_and_replaces_nothing() {
    let app = TestApp::new().await;
    let mut eva = app.logged_in("eva", "worker").await;
    let eva_id = app.user_id("eva").await;
    let mut bob = app.logged_in("bob", "worker").await;
    let mut boss = app.logged_in("vedouci", "coordinator").await;
    // Eva's record, synced; her phone registered its key with a file.
    let original = found_syringes(1);
    assert_eq!(
        common::sync(&mut eva, vec![original.clone()]).await,
        ["Accepted"]
    );
    let genuine = sealed_file(&mut eva, eva_id, "eva", &[found_syringes(2)]).await;

    // Bob seals a "newer revision" of her record and names her as author.
    let mut rewritten = original.clone();
    rewritten["revision"] = json!(5);
    rewritten["details"]["count"] = json!(99);
    let forged = sealed_file(&mut bob, eva_id, "eva", &[rewritten.clone()]).await;
    let (status, answer) = import(&mut boss, &forged).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["Invalid"]["field"], "signature", "{answer}");

    // Unmarked, or marked and then changed: refused too.
    let mut unmarked = forged.clone();
    unmarked.signature = String::new();
    let (status, answer) = import(&mut boss, &unmarked).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let mut relabelled = genuine.clone();
    relabelled.created_at = "2020-01-01T00:00:00Z".into();
    let (status, answer) = import(&mut boss, &relabelled).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["Invalid"]["field"], "signature", "{answer}");

    // From a phone she never registered: an unknown author.
    let mut elsewhere = genuine.clone();
    elsewhere.device_id = "bobs-phone".into();
    let (status, answer) = import(&mut boss, &elsewhere).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["Invalid"]["field"], "author", "{answer}");

    // Her record is as she logged it; her own file goes in.
    let count = app
        .count(&format!(
            "SELECT {} FROM records WHERE id = '{}'",
            common::json_field("details", "count"),
            original["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(count, 2);
    let (status, summary) = import(&mut boss, &genuine).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    assert_eq!(summary["accepted"], 1);

    // A key registered by someone who is not logged in, or not a key.
    let mut stranger = app.client();
    let response = stranger
        .call(
            "handover/author",
            &[("device_id", "x"), ("public_key", "AAAA")],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    let response = bob
        .call(
            "handover/author",
            &[("device_id", "x"), ("public_key", "AAAA")],
        )
        .await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{}",
        response.body
    );
}
