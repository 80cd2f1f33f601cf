//! The queue in front of the one writer: batches that arrive while another
//! turn is writing wait here, and the next turn writes them all in one
//! transaction (the store decides each as if written alone, see
//! [`super::plan`]).

use super::devices_db::Contact;
use super::plan::Batch;
use super::protocol::Outcome;
use super::store::SyncStore as Store;
use crate::error::{internal, AppError};
use crate::records::db::Row;
use crate::records::kinds::Record;

/// Batches waiting for their write. Whoever holds the turn writes every
/// batch queued so far in one transaction: at the end of a shift fifty
/// phones sync at once, and a transaction per batch kept the one writer
/// busy crossing into SQLite and back for a handful of records each time,
/// while the phones queued behind it for over a second.
#[derive(Default)]
pub struct SyncQueue {
    waiting: std::sync::Mutex<Vec<Job>>,
    turn: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// One batch's checked records, and where its outcomes go.
struct Job {
    contact: Contact,
    incoming: Vec<(Row, Record)>,
    answer: tokio::sync::oneshot::Sender<Result<Vec<Outcome>, AppError>>,
}

impl SyncQueue {
    /// Queues one batch and waits for its outcomes, writing the queue itself
    /// when its turn comes before another writer has taken the batch along.
    pub async fn write<S: Store + Clone>(
        &self,
        store: &S,
        contact: Contact,
        incoming: Vec<(Row, Record)>,
    ) -> Result<Vec<Outcome>, AppError> {
        let (answer, mut outcome) = tokio::sync::oneshot::channel();
        self.lock_waiting().push(Job {
            contact,
            incoming,
            answer,
        });
        let turn = self.turn.clone().lock_owned().await;
        if let Ok(done) = outcome.try_recv() {
            return done;
        }
        // Not written yet, so it is still waiting: it went in before this
        // turn began, and only a turn takes batches out.
        let jobs = std::mem::take(&mut *self.lock_waiting());
        // The write runs as a task of its own, holding the turn: a phone
        // that hangs up must not cut short a transaction that carries other
        // phones' batches too, and a request dropped inside `BEGIN` leaves
        // sqlx's connection in a transaction, failing every later write on
        // the one writer.
        let store = store.clone();
        let writing = tokio::spawn(async move {
            write_jobs(&store, jobs).await;
            drop(turn);
        });
        let _ = writing.await;
        outcome
            .try_recv()
            .unwrap_or_else(|_| Err(internal("a queued batch was not written")))
    }

    /// Batches waiting for a turn right now.
    pub fn waiting(&self) -> usize {
        self.lock_waiting().len()
    }

    fn lock_waiting(&self) -> std::sync::MutexGuard<'_, Vec<Job>> {
        // The list is only pushed to and taken whole; a panic elsewhere
        // cannot leave it half-changed.
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Writes queued batches in one transaction and answers each. When that
/// fails, each batch is tried alone, so a batch that breaks only costs its
/// own phone a retry.
async fn write_jobs<S: Store>(store: &S, jobs: Vec<Job>) {
    if jobs.len() > 1 {
        let batches: Vec<_> = jobs
            .iter()
            .map(|job| Batch {
                contact: &job.contact,
                records: &job.incoming,
            })
            .collect();
        match store.write_batches(&batches).await {
            Ok(outcomes) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    // A phone that hung up no longer listens; its records
                    // are stored and its resend will hear "duplicate".
                    let _ = job.answer.send(Ok(outcome));
                }
                return;
            }
            Err(error) => {
                tracing::warn!(
                    ?error,
                    batches = jobs.len(),
                    "batches written together failed; writing each alone"
                );
            }
        }
    }
    for job in jobs {
        let alone = Batch {
            contact: &job.contact,
            records: &job.incoming,
        };
        let outcome = store
            .write_batches(&[alone])
            .await
            .map(|mut outcomes| outcomes.pop().unwrap_or_default());
        let _ = job.answer.send(outcome);
    }
}
