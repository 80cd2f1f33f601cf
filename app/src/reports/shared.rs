//! Identical report requests share one computation.
//!
//! Coordinators tend to open the same page at the same time (the month's
//! dashboard before a meeting), and a year's dashboard costs tens of
//! milliseconds of CPU on a server whose cores also take the phones' syncs.
//! A request that finds another one for the same key still waiting for its
//! connection joins it; one that comes after the computation has begun waits
//! for the next. So every answer is computed after its request arrived and
//! holds every record stored before then, exactly as if it had been computed
//! alone.

use crate::error::AppError;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Mutex;
use tokio::sync::oneshot;

type Waiters<V> = Vec<oneshot::Sender<Result<V, AppError>>>;

pub struct Shared<K, V> {
    /// Per key, the requests joined to a computation that has not begun.
    open: Mutex<HashMap<K, Waiters<V>>>,
}

impl<K, V> Default for Shared<K, V> {
    fn default() -> Self {
        Shared {
            open: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Shared<K, V> {
    /// The value for `key`: `ready` waits for what the computation needs
    /// (a connection), then `compute` runs once for every request joined
    /// by then.
    pub async fn get<I, F>(
        &self,
        key: K,
        ready: impl Future<Output = Result<I, AppError>>,
        compute: impl FnOnce(I) -> F,
    ) -> Result<V, AppError>
    where
        F: Future<Output = Result<V, AppError>>,
    {
        loop {
            let joined = {
                let mut open = self.lock();
                match open.get_mut(&key) {
                    Some(waiters) => {
                        let (sender, receiver) = oneshot::channel();
                        waiters.push(sender);
                        Some(receiver)
                    }
                    None => {
                        open.insert(key.clone(), Vec::new());
                        None
                    }
                }
            };
            let Some(receiver) = joined else {
                return self.lead(&key, ready, compute).await;
            };
            match receiver.await {
                Ok(answer) => return answer,
                // The computation was abandoned (its request went away
                // before it began): start again.
                Err(_) => continue,
            }
        }
    }

    async fn lead<I, F>(
        &self,
        key: &K,
        ready: impl Future<Output = Result<I, AppError>>,
        compute: impl FnOnce(I) -> F,
    ) -> Result<V, AppError>
    where
        F: Future<Output = Result<V, AppError>>,
    {
        // Closes the key even when this request is dropped while waiting,
        // so nobody stays joined to a computation that will never run.
        let mut closing = Closing {
            shared: self,
            key,
            closed: false,
        };
        let input = ready.await;
        let waiters = closing.close();
        let answer = match input {
            Ok(input) => compute(input).await,
            Err(error) => Err(error),
        };
        for waiter in waiters {
            let _ = waiter.send(answer.clone());
        }
        answer
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Waiters<V>>> {
        // The map is changed by single inserts and removals only.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Takes the key out of the open map once: when the computation begins, or
/// when its request is dropped before that.
struct Closing<'a, K: Hash + Eq + Clone, V: Clone> {
    shared: &'a Shared<K, V>,
    key: &'a K,
    closed: bool,
}

impl<K: Hash + Eq + Clone, V: Clone> Closing<'_, K, V> {
    fn close(&mut self) -> Waiters<V> {
        self.closed = true;
        self.shared.lock().remove(self.key).unwrap_or_default()
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Drop for Closing<'_, K, V> {
    fn drop(&mut self) {
        if !self.closed {
            // Dropping the waiters' senders tells them to start again.
            self.shared.lock().remove(self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    /// Requests for one key, all arriving while the computation waits for
    /// its connection (`gate`), share that one computation.
    #[tokio::test]
    async fn requests_waiting_together_share_one_computation() {
        let shared = Arc::new(Shared::<&str, u32>::default());
        let gate = Arc::new(Semaphore::new(0));
        let runs = Arc::new(AtomicU32::new(0));
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..5 {
            let (shared, gate, runs) = (shared.clone(), gate.clone(), runs.clone());
            requests.spawn(async move {
                shared
                    .get(
                        "year",
                        async move { Ok(gate.acquire_owned().await.expect("open")) },
                        |_permit| async move { Ok(runs.fetch_add(1, Ordering::SeqCst) + 1) },
                    )
                    .await
            });
        }
        tokio::task::yield_now().await;
        gate.add_permits(10);
        let mut answers = Vec::new();
        while let Some(answer) = requests.join_next().await {
            answers.push(answer.expect("request").expect("value"));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(answers, [1; 5]);
    }

    /// A request that arrives once a computation has begun must not get its
    /// answer, which may miss what was stored just before the request.
    #[tokio::test]
    async fn a_request_after_the_computation_began_gets_a_new_one() {
        let shared = Arc::new(Shared::<&str, u32>::default());
        let runs = Arc::new(AtomicU32::new(0));
        let (began, began_rx) = oneshot::channel::<()>();
        let (finish, finish_rx) = oneshot::channel::<()>();
        let first = {
            let (shared, runs) = (shared.clone(), runs.clone());
            tokio::spawn(async move {
                shared
                    .get("year", async { Ok(()) }, |()| async move {
                        let _ = began.send(());
                        let _ = finish_rx.await;
                        Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
                    })
                    .await
            })
        };
        began_rx.await.expect("began");
        let second = {
            let (shared, runs) = (shared.clone(), runs.clone());
            tokio::spawn(async move {
                shared
                    .get("year", async { Ok(()) }, |()| async move {
                        Ok(runs.fetch_add(1, Ordering::SeqCst) + 1)
                    })
                    .await
            })
        };
        let second = tokio::time::timeout(std::time::Duration::from_secs(5), second)
            .await
            .expect("not joined to the computation that had begun")
            .expect("second")
            .expect("value");
        let _ = finish.send(());
        let first = first.await.expect("first").expect("value");
        assert_eq!((first, second), (2, 1));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    /// A leader that goes away before its computation begins leaves those
    /// who joined it to compute for themselves, not waiting forever.
    #[tokio::test]
    async fn requests_joined_to_an_abandoned_computation_start_again() {
        let shared = Arc::new(Shared::<&str, u32>::default());
        let leader = {
            let shared = shared.clone();
            tokio::spawn(async move {
                shared
                    .get(
                        "year",
                        std::future::pending::<Result<(), AppError>>(),
                        |()| async { Ok(1) },
                    )
                    .await
            })
        };
        tokio::task::yield_now().await;
        let joined = {
            let shared = shared.clone();
            tokio::spawn(async move {
                shared
                    .get("year", async { Ok(()) }, |()| async { Ok(2) })
                    .await
            })
        };
        tokio::task::yield_now().await;
        leader.abort();
        let answer = tokio::time::timeout(std::time::Duration::from_secs(5), joined)
            .await
            .expect("not stranded")
            .expect("joined")
            .expect("value");
        assert_eq!(answer, 2);
    }
}
