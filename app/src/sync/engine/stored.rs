//! What the sync engine keeps in the user's safe: reading the sealed
//! queue, the kept basics and the lists when it opens, forgetting them when
//! it locks or the session ends, and writing the queue back.

use super::super::handover;
use super::super::kept::{self, Kept};
use super::super::legacy;
use super::super::outbox::{self, Entry};
use super::SyncEngine;
use crate::catalogue;
use crate::vault::Lock;
use chrono::Utc;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

impl SyncEngine {
    /// Reads the sealed queue, the kept basics and the lists once the safe
    /// is open, taking over what an older app version kept in clear.
    pub(super) async fn load(&self) {
        let Some(user_id) = self.user_id.get_untracked() else {
            return;
        };
        let vault = self.vault;
        let mut entries: Vec<Entry> = match vault.unseal(outbox::SEALED_NAME).await {
            Ok(entries) => entries.unwrap_or_default(),
            Err(_) => {
                // Unreadable: leave it as it is, never overwrite it.
                self.storage_failed.set(true);
                return;
            }
        };
        let legacy_outbox = legacy::take_outbox(user_id, &mut entries);
        outbox::prune(&mut entries, Utc::now());
        let mut basics: Vec<Kept> = vault
            .unseal(kept::SEALED_NAME)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        let took_legacy_basics = legacy::take_basics(&mut basics);
        if vault.lock.get_untracked() != Lock::Unlocked {
            return;
        }
        self.entries.set(entries);
        self.basics.set(basics);
        self.catalogue.set(catalogue::cache::cached(vault).await);
        self.loaded.set(true);
        if let Some(key) = legacy_outbox {
            if self.persist().await {
                LocalStorage::delete(&key);
            }
        }
        if took_legacy_basics && self.persist_basics().await {
            LocalStorage::delete(kept::LEGACY_KEY);
        }
        catalogue::cache::drop_legacy();
        // Fetched and registered now, while the server is there, for the
        // day it is not.
        leptos::task::spawn_local(async move {
            handover::organisation_key().await;
            handover::author(vault).await;
        });
        self.refresh_catalogue();
        self.sync_now();
    }

    /// Forgets what was read from the safe when it locks.
    pub(super) fn unload(&self) {
        self.loaded.set(false);
        self.entries.set(Vec::new());
        self.basics.set(Vec::new());
        self.catalogue.set(None);
    }

    /// The session ended: what was sent, the kept basics and the lists go;
    /// the records still waiting stay sealed, and only a login with the
    /// password opens them again.
    pub(super) fn leave_only_pending(&self) {
        if self.loaded.get_untracked() {
            self.entries
                .update(|entries| entries.retain(Entry::is_editable));
            self.basics.set(Vec::new());
            let engine = *self;
            leptos::task::spawn_local(async move {
                engine.persist().await;
                engine.vault.discard(kept::SEALED_NAME);
                engine.vault.discard(catalogue::cache::SEALED_NAME);
                engine.vault.require_password();
            });
        } else {
            self.vault.require_password();
        }
    }

    /// Writes the whole outbox, sealed; `false` when the browser refused
    /// (storage full) or the safe is locked, so the caller can tell the
    /// worker instead of pretending it is saved.
    pub(super) async fn persist(&self) -> bool {
        if !self.loaded.get_untracked() {
            return false;
        }
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let snapshot = self.entries.get_untracked();
        let Some(sealed) = self.vault.sealed_text(outbox::SEALED_NAME, &snapshot).await else {
            self.storage_failed.set(true);
            return false;
        };
        if generation < self.written.get_value() {
            return true;
        }
        let stored = self.vault.store_sealed(outbox::SEALED_NAME, &sealed);
        if stored {
            self.written.set_value(generation);
        }
        self.storage_failed.set(!stored);
        stored
    }

    pub(super) fn persist_later(&self) {
        let engine = *self;
        leptos::task::spawn_local(async move {
            engine.persist().await;
        });
    }

    pub(super) async fn persist_basics(&self) -> bool {
        let basics = self.basics.get_untracked();
        self.vault.seal(kept::SEALED_NAME, &basics).await
    }
}
