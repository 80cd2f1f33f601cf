//! The phone side of sync: the outbox in signals, and when to send it.
//!
//! Sync runs on app start, on the browser's `online` event, after each new
//! record while online, and on "Odeslat teď"; after a failure it retries
//! with a growing pause. Only one upload runs at a time, and a record is
//! marked synced only on the server's answer for that very record.

use super::api::sync;
use super::kept::{self, Kept};
use super::outbox::{self, Entry, EntryState};
use super::protocol::{Outcome, SyncBatch, BATCH_MAX, SCHEMA_VERSION};
use crate::auth::api::current_session;
use crate::auth::ui::use_session;
use crate::auth::SessionState;
use crate::browser;
use crate::catalogue::{self, Catalogue};
use crate::error::AppError;
use crate::records::kinds::{ClientBasics, Record};
use crate::services::Service;
use crate::vault::{Lock, Vault};
use chrono::Utc;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::time::Duration;

mod stored;

const MAX_BACKOFF_SECS: u64 = 300;
/// How long an upload may go without an answer before it counts as failed
/// and is tried again later: long enough for 500 records over a poor
/// mobile connection, short enough that a hung request does not stop sync.
pub const SYNC_TIMEOUT: Duration = Duration::from_secs(45);
/// A phone with nothing to send still reports when opened, this often at
/// most, so the status page can tell a quiet phone from a lost one.
const CHECK_IN_EVERY: chrono::TimeDelta = chrono::TimeDelta::hours(6);

#[derive(Clone, Copy)]
pub struct SyncEngine {
    user_id: RwSignal<Option<i64>>,
    pub entries: RwSignal<Vec<Entry>>,
    /// The client's basics as told on this phone ([`kept`]).
    pub basics: RwSignal<Vec<Kept>>,
    pub syncing: RwSignal<bool>,
    /// Last successful sync (UTC, RFC 3339).
    pub last_success: RwSignal<Option<String>>,
    pub error: RwSignal<Option<AppError>>,
    /// The server answered "not logged in": ask for a login, keep the queue.
    pub session_expired: RwSignal<bool>,
    /// A write to the phone's storage failed (full): say so loudly.
    pub storage_failed: RwSignal<bool>,
    pub catalogue: RwSignal<Option<Catalogue>>,
    /// A record was just saved: the start screen says so once.
    pub just_saved: RwSignal<bool>,
    failures: RwSignal<u32>,
    /// Waiting records saved to a handover file, at the revision saved:
    /// they no longer hold back a logout.
    handed_over: RwSignal<Vec<outbox::HandedOver>>,
    /// The sealed outbox has been read into `entries`: only then may they
    /// be written back, or a locked phone would overwrite its queue.
    loaded: RwSignal<bool>,
    /// Each write of the outbox takes a number; a write finishing after a
    /// later one (encryption is asynchronous) is dropped, as the later one
    /// holds everything it held.
    generation: StoredValue<u64>,
    written: StoredValue<u64>,
    vault: Vault,
}

pub fn use_sync() -> SyncEngine {
    expect_context::<SyncEngine>()
}

/// Creates the engine; in the browser, opens the logged-in user's safe
/// (the user known from the rendered session, also when the page came from
/// the offline cache), and once it is open reads the queue and syncs.
pub fn provide_sync_engine(vault: Vault) {
    let engine = SyncEngine {
        user_id: RwSignal::new(None),
        entries: RwSignal::new(Vec::new()),
        basics: RwSignal::new(Vec::new()),
        syncing: RwSignal::new(false),
        last_success: RwSignal::new(None),
        error: RwSignal::new(None),
        session_expired: RwSignal::new(false),
        storage_failed: RwSignal::new(false),
        catalogue: RwSignal::new(None),
        just_saved: RwSignal::new(false),
        failures: RwSignal::new(0),
        handed_over: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(false),
        generation: StoredValue::new(0),
        written: StoredValue::new(0),
        vault,
    };
    provide_context(engine);

    let session = use_session();
    Effect::new(move |_| {
        let profile = session
            .get()
            .and_then(|state| state.ok())
            .and_then(|state| state.profile().cloned());
        let Some(profile) = profile else {
            return;
        };
        if engine.user_id.get_untracked() == Some(profile.id) {
            return;
        }
        engine.user_id.set(Some(profile.id));
        engine
            .last_success
            .set(browser::stored(&last_sync_key(profile.id)));
        browser::request_persistent_storage();
        // Keep the offline copies of this user's pages fresh.
        if browser::is_online() {
            browser::tell_service_worker("cache-pages");
        }
        vault.open(profile.id);
    });
    Effect::new(move |_| {
        let unlocked = vault.lock.get() == Lock::Unlocked;
        if unlocked && !engine.loaded.get_untracked() {
            leptos::task::spawn_local(async move { engine.load().await });
        } else if !unlocked && engine.loaded.get_untracked() {
            engine.unload();
        }
    });
    Effect::new(move |_| {
        if engine.session_expired.get() {
            engine.leave_only_pending();
        }
    });
    let _ = window_event_listener(leptos::ev::online, move |_| {
        engine.failures.set(0);
        engine.refresh_catalogue();
        engine.sync_now();
    });
}

fn last_sync_key(user_id: i64) -> String {
    format!("teren.last_sync.{user_id}")
}

impl SyncEngine {
    /// The services the logged-in worker files records into, as far as
    /// the phone knows; `None` before it knows (no list fetched yet for
    /// this worker), when the server decides.
    pub fn my_services(&self) -> Option<Vec<Service>> {
        let user = self.user_id.get()?;
        self.catalogue
            .with(|catalogue| catalogue.as_ref()?.services_of(user))
    }

    pub fn pending_count(&self) -> usize {
        self.entries
            .with(|entries| entries.iter().filter(|entry| entry.is_pending()).count())
    }

    /// Logging out now could lose a record ([`outbox::logout_would_strand`]).
    pub fn logout_would_strand(&self) -> bool {
        let handed = self.handed_over.get();
        let known = self.loaded.get();
        self.entries
            .with(|entries| outbox::logout_would_strand(entries, &handed, known))
    }

    pub fn handed_over(&self, records: Vec<outbox::HandedOver>) {
        self.handed_over.set(records);
    }

    /// What this phone was told of `code` in `service`.
    pub fn kept_basics(&self, service: Option<i64>, code: &str) -> Option<ClientBasics> {
        self.basics
            .with_untracked(|all| kept::find(all, service, code))
    }

    /// Keeps the answers given on a saved record, sealed.
    pub fn keep_basics(&self, service: Option<i64>, code: &str, given: ClientBasics) {
        self.basics
            .update(|all| kept::add(all, service, code, given));
        let engine = *self;
        leptos::task::spawn_local(async move {
            engine.persist_basics().await;
        });
    }

    /// Saves a new or edited record as pending and tries to send it. An
    /// edit gets the next revision, so it replaces whatever the server may
    /// have stored of the record already — also during an upload, whose
    /// answer then concerns the older revision and leaves this one pending.
    pub async fn save(&self, mut record: Record) -> bool {
        if self.user_id.get_untracked().is_none() || !self.loaded.get_untracked() {
            return false;
        }
        if let Some(existing) = self.find(&record.id) {
            record.revision = existing.record.revision.saturating_add(1);
        }
        let entry = Entry {
            record,
            state: EntryState::Pending,
            saved_at: Utc::now().to_rfc3339(),
        };
        self.entries.update(|entries| {
            match entries.iter_mut().find(|e| e.record.id == entry.record.id) {
                Some(existing) if existing.is_editable() => *existing = entry,
                Some(_) => {}
                None => entries.push(entry),
            }
        });
        if !self.persist().await {
            return false;
        }
        self.sync_now();
        true
    }

    /// Deletes a record the server has not stored.
    pub fn delete(&self, id: &str) {
        if self.syncing.get_untracked() {
            return;
        }
        self.entries
            .update(|entries| entries.retain(|e| e.record.id != id || !e.is_editable()));
        self.persist_later();
    }

    pub fn find(&self, id: &str) -> Option<Entry> {
        self.entries
            .with_untracked(|entries| entries.iter().find(|e| e.record.id == id).cloned())
    }

    fn refresh_catalogue(&self) {
        if !browser::is_online() || !self.loaded.get_untracked() {
            return;
        }
        let engine = *self;
        leptos::task::spawn_local(async move {
            if let Some(catalogue) = catalogue::cache::refresh(engine.vault).await {
                engine.catalogue.set(Some(catalogue));
            }
        });
    }

    /// Sends pending records, a batch at a time, until none is left or the
    /// server cannot be reached.
    pub fn sync_now(&self) {
        let Some(user_id) = self.user_id.get_untracked() else {
            return;
        };
        if self.syncing.get_untracked() || !browser::is_online() || !self.loaded.get_untracked() {
            return;
        }
        self.syncing.set(true);
        let engine = *self;
        leptos::task::spawn_local(async move {
            let has_pending = engine
                .entries
                .with_untracked(|entries| entries.iter().any(Entry::is_pending));
            if has_pending {
                if let Err(error) = engine.check_owner(user_id).await {
                    engine.error.set(Some(error));
                    engine.syncing.set(false);
                    return;
                }
            }
            let mut sent = false;
            loop {
                let batch: Vec<Record> = engine.entries.with_untracked(|entries| {
                    entries
                        .iter()
                        .filter(|entry| entry.is_pending())
                        .take(BATCH_MAX)
                        .map(|entry| entry.record.clone())
                        .collect()
                });
                // With nothing to send, an empty batch now and then still
                // tells the operator's status page that this phone is fine.
                if batch.is_empty() && (sent || !engine.check_in_due()) {
                    break;
                }
                sent = true;
                let records = batch
                    .iter()
                    .filter_map(|record| serde_json::value::to_raw_value(record).ok())
                    .collect();
                let request = SyncBatch {
                    schema_version: SCHEMA_VERSION,
                    device_id: outbox::device_id(),
                    user_id: Some(user_id),
                    records,
                };
                let answer = browser::within(SYNC_TIMEOUT, sync(request))
                    .await
                    .unwrap_or(Err(AppError::Unreachable));
                match answer {
                    Ok(response) => {
                        let now = Utc::now().to_rfc3339();
                        engine.entries.update(|entries| {
                            for result in &response.results {
                                let Some(sent) = batch.get(result.index) else {
                                    continue;
                                };
                                if let Some(entry) = entries.iter_mut().find(|e| e.record == *sent)
                                {
                                    entry.state = match &result.outcome {
                                        Outcome::Accepted | Outcome::Duplicate => {
                                            EntryState::Synced { at: now.clone() }
                                        }
                                        Outcome::Rejected(rejection) => {
                                            EntryState::Rejected(rejection.clone())
                                        }
                                    };
                                }
                            }
                        });
                        engine.persist().await;
                        let _ = LocalStorage::set(last_sync_key(user_id), &now);
                        engine.last_success.set(Some(now));
                        engine.error.set(None);
                        engine.failures.set(0);
                        engine.session_expired.set(false);
                        let cached = engine
                            .catalogue
                            .with_untracked(|c| c.as_ref().map(|c| c.version));
                        if cached != Some(response.catalogue_version) {
                            engine.refresh_catalogue();
                        }
                    }
                    Err(error) => {
                        if matches!(error, AppError::Unauthenticated | AppError::OtherUser) {
                            engine.session_expired.set(true);
                        } else {
                            engine.retry_later();
                        }
                        engine.error.set(Some(error));
                        break;
                    }
                }
            }
            engine.syncing.set(false);
        });
    }

    /// Asks the server who is logged in before any record leaves the
    /// phone: on a shared phone the session may be another worker's.
    async fn check_owner(&self, user_id: i64) -> Result<(), AppError> {
        let answer = browser::within(SYNC_TIMEOUT, current_session())
            .await
            .unwrap_or(Err(AppError::Unreachable));
        match answer {
            Ok(SessionState::User(profile)) if profile.id == user_id => Ok(()),
            Ok(SessionState::User(_)) => {
                self.session_expired.set(true);
                Err(AppError::OtherUser)
            }
            Ok(_) => {
                self.session_expired.set(true);
                Err(AppError::Unauthenticated)
            }
            Err(error) => {
                self.retry_later();
                Err(error)
            }
        }
    }

    fn check_in_due(&self) -> bool {
        self.last_success.with_untracked(|last| {
            last.as_deref()
                .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
                .is_none_or(|at| Utc::now() - at.with_timezone(&Utc) > CHECK_IN_EVERY)
        })
    }

    fn retry_later(&self) {
        let failures = self.failures.get_untracked() + 1;
        self.failures.set(failures);
        let seconds = (5u64 << failures.min(6)).min(MAX_BACKOFF_SECS);
        let engine = *self;
        set_timeout(move || engine.sync_now(), Duration::from_secs(seconds));
    }
}
