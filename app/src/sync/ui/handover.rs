//! The escape hatch on the settings screen: when records wait and the
//! server cannot be reached, the worker saves them to a file sealed for the
//! organisation and marked as theirs, hands it to a coordinator, and may
//! then log out.

use crate::auth::ui::use_session;
use crate::browser;
use crate::i18n::*;
use crate::sync::engine::use_sync;
use crate::sync::handover::{author, label, organisation_key, HandoverFile, FORMAT};
use crate::sync::outbox;
use crate::vault::base64;
use chrono::Utc;
use leptos::prelude::*;

#[component]
pub fn HandoverButton() -> impl IntoView {
    let i18n = use_i18n();
    let engine = use_sync();
    let vault = crate::vault::use_vault();
    let session = use_session();
    let said = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |_| {
        let Some(profile) = session
            .get_untracked()
            .and_then(|state| state.ok())
            .and_then(|state| state.profile().cloned())
        else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let Some(public) = organisation_key().await else {
                said.set(Some(t_string!(i18n, handover_no_key).to_string()));
                busy.set(false);
                return;
            };
            // Without a mark the server knows, the file would be refused.
            let Some(author) = author(vault).await.filter(|author| author.registered) else {
                said.set(Some(t_string!(i18n, handover_no_author).to_string()));
                busy.set(false);
                return;
            };
            let waiting: Vec<_> = engine.entries.with_untracked(|entries| {
                entries
                    .iter()
                    .filter(|entry| entry.is_editable())
                    .map(|entry| entry.record.clone())
                    .collect()
            });
            let device = outbox::device_id();
            let plain = serde_json::to_vec(&waiting).unwrap_or_default();
            let sealed =
                teren_seal::handover::seal_for(&public, &label(profile.id, &device), &plain).await;
            let Ok(sealed) = sealed else {
                said.set(Some(t_string!(i18n, vault_failed).to_string()));
                busy.set(false);
                return;
            };
            let now = Utc::now();
            let mut file = HandoverFile {
                format: FORMAT.to_owned(),
                user_id: profile.id,
                username: profile.username.clone(),
                device_id: device,
                created_at: now.to_rfc3339(),
                records: waiting.len(),
                ephemeral_key: base64::encode(&sealed.ephemeral_public),
                sealed: base64::encode(&sealed.sealed),
                signature: String::new(),
            };
            let private = base64::decode(&author.private).unwrap_or_default();
            let Ok(mark) = teren_seal::sign::sign(&private, file.signed_text().as_bytes()).await
            else {
                said.set(Some(t_string!(i18n, vault_failed).to_string()));
                busy.set(false);
                return;
            };
            file.signature = base64::encode(&mark);
            let name = format!(
                "teren-{}-{}.teren",
                profile.username,
                crate::dates::compact(now.naive_utc())
            );
            let text = serde_json::to_string(&file).unwrap_or_default();
            if browser::download(&name, &text) {
                engine.handed_over(
                    waiting
                        .iter()
                        .map(|record| (record.id.clone(), record.revision))
                        .collect(),
                );
                let count = waiting.len();
                said.set(Some(t_string!(i18n, handover_done, count).to_string()));
            }
            busy.set(false);
        });
    };
    view! {
        <section class="handover" aria-labelledby="handover-title">
            <h2 id="handover-title">{t_string!(i18n, handover_title)}</h2>
            <p>{t_string!(i18n, handover_help)}</p>
            <button type="button" on:click=save disabled=move || busy.get()>
                {t_string!(i18n, handover_button)}
            </button>
            {move || said.get().map(|text| view! { <p role="status">{text}</p> })}
        </section>
    }
}
