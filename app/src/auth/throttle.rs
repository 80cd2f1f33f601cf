//! Slows down password guessing without handing an attacker a way to lock
//! an account's owner out.
//!
//! Failures are counted per minute ([`WINDOW`]) under three keys:
//! - the username *from one address* ([`MAX_FAILURES`]): the ordinary
//!   guesser, stopped after five tries;
//! - the address, whatever the username ([`MAX_ADDRESS_FAILURES`]): one
//!   machine trying many accounts;
//! - the username, whatever the address ([`MAX_USERNAME_FAILURES`]): a
//!   guess spread over many addresses.
//!
//! The owner logging in from their own phone is stopped only by the last,
//! which lets through four times the ordinary limit and lifts a minute
//! after the attack stops: hammering a username from one place costs its
//! owner nothing, and from many places nothing for good.
//!
//! A failure is known only once the password has been checked, so an
//! attempt in progress holds a place under each of its keys: the limits
//! bound failures *plus* attempts in progress. When a key is full only
//! because of attempts in progress, the next one waits for them rather
//! than being refused, since they may turn out right and give their place
//! back; it is refused only when failures alone fill a key. So two hundred
//! concurrent wrong passwords for one account get five checks, two hundred
//! for as many accounts from one address get ten, and twenty colleagues
//! behind the office's one address all get in, ten hashes at a time, which
//! is more than the machine computes at once anyway
//! ([`crate::auth::password`]). How many may wait per address is bounded
//! too ([`MAX_WAITING`]).
//!
//! An attempt that ends without being marked right (a wrong password, an
//! error, a client that hung up mid-check) counts as a failure.
//!
//! Kept in memory: a restart forgets it, which costs an attacker a restart
//! per five guesses. One server process serves an organisation, so there is
//! nothing to share between processes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const MAX_ADDRESS_FAILURES: usize = 10;
pub const MAX_USERNAME_FAILURES: usize = 20;
/// Attempts from one address waiting for a place: an office's whole team
/// pressing "log in" in the same second, with room to spare.
pub const MAX_WAITING: usize = 200;
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct LoginThrottle {
    keys: Mutex<HashMap<String, Key>>,
    /// Woken whenever an attempt ends and may have freed a place.
    settled: tokio::sync::Notify,
}

/// What is known under one key.
#[derive(Debug, Default)]
struct Key {
    /// Oldest first; only those within [`WINDOW`] are kept.
    failures: VecDeque<Instant>,
    in_progress: usize,
    waiting: usize,
}

impl Key {
    fn is_empty(&self) -> bool {
        self.failures.is_empty() && self.in_progress == 0 && self.waiting == 0
    }
}

/// Why an attempt cannot start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotNow {
    /// Attempts in progress fill a key; one of them ending may make room.
    Wait,
    /// Failures fill a key: come back after this many seconds.
    Refused(u64),
}

/// A login attempt in progress. Unless [`Attempt::succeeded`] is called, it
/// counts as a failure when dropped.
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    keys: [(String, usize); 3],
    at: Instant,
    right: bool,
}

fn keys_of(username: &str, client: &str) -> [(String, usize); 3] {
    [
        (format!("user:{username}@{client}"), MAX_FAILURES),
        (format!("addr:{client}"), MAX_ADDRESS_FAILURES),
        (format!("user:{username}"), MAX_USERNAME_FAILURES),
    ]
}

impl LoginThrottle {
    /// Starts an attempt by `username` from `client`, waiting while attempts
    /// in progress fill one of its keys, or refuses it with the seconds
    /// until it would fit.
    pub async fn begin(&self, username: &str, client: &str) -> Result<Attempt<'_>, u64> {
        let address = format!("addr:{client}");
        let _waiting = Waiting::enter(self, &address)?;
        loop {
            // Listen before looking, so an attempt ending in between is
            // not missed.
            let settled = self.settled.notified();
            tokio::pin!(settled);
            settled.as_mut().enable();
            match self.try_begin(username, client, Instant::now()) {
                Ok(attempt) => return Ok(attempt),
                Err(NotNow::Refused(seconds)) => return Err(seconds),
                Err(NotNow::Wait) => {
                    // Attempts end within a password check; the timeout
                    // only guards against a wake-up lost to a bug.
                    let _ = tokio::time::timeout(Duration::from_secs(1), settled).await;
                }
            }
        }
    }

    /// Starts an attempt at `now` if every key has room.
    pub fn try_begin(
        &self,
        username: &str,
        client: &str,
        now: Instant,
    ) -> Result<Attempt<'_>, NotNow> {
        let keys = keys_of(username, client);
        let mut map = self.lock();
        let mut wait = Duration::ZERO;
        let mut full = false;
        for (name, limit) in &keys {
            if let Some(key) = map.get_mut(name) {
                prune(&mut key.failures, now);
                let failed = key.failures.len();
                if failed >= *limit {
                    // The attempt fits again when enough of the oldest leave.
                    let freeing = key.failures[failed - limit];
                    wait = wait.max(WINDOW.saturating_sub(now - freeing));
                } else if failed + key.in_progress >= *limit {
                    full = true;
                }
            }
        }
        if !wait.is_zero() {
            // Round up: "try again in 0 s" would be a lie.
            return Err(NotNow::Refused(
                wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
            ));
        }
        if full {
            return Err(NotNow::Wait);
        }
        for (name, _) in &keys {
            map.entry(name.clone()).or_default().in_progress += 1;
        }
        // Forget keys with nothing recent, so the map cannot grow forever.
        map.retain(|_, key| {
            prune(&mut key.failures, now);
            !key.is_empty()
        });
        Ok(Attempt {
            throttle: self,
            keys,
            at: now,
            right: false,
        })
    }

    /// How many keys are held: what the throttle costs in memory.
    pub fn keys_held(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Key>> {
        // A panic while holding the lock leaves plain data behind; keep going.
        self.keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Attempt<'_> {
    /// The password was right: the attempt was no failure, and the
    /// username's earlier failures from this address are forgiven.
    pub fn succeeded(mut self) {
        self.right = true;
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        let mut map = self.throttle.lock();
        for (index, (name, _)) in self.keys.iter().enumerate() {
            let Some(key) = map.get_mut(name) else {
                continue;
            };
            key.in_progress = key.in_progress.saturating_sub(1);
            if !self.right {
                // Attempts end out of order; keep the oldest first.
                let at = key.failures.partition_point(|t| *t <= self.at);
                key.failures.insert(at, self.at);
            } else if index == 0 {
                key.failures.clear();
            }
            if key.is_empty() {
                map.remove(name);
            }
        }
        drop(map);
        self.throttle.settled.notify_waiters();
    }
}

/// An attempt waiting for a place, counted under its address while it waits.
struct Waiting<'a> {
    throttle: &'a LoginThrottle,
    address: &'a str,
}

impl<'a> Waiting<'a> {
    fn enter(throttle: &'a LoginThrottle, address: &'a str) -> Result<Self, u64> {
        let mut map = throttle.lock();
        let key = map.entry(address.to_owned()).or_default();
        if key.waiting >= MAX_WAITING {
            return Err(1);
        }
        key.waiting += 1;
        Ok(Self { throttle, address })
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut map = self.throttle.lock();
        if let Some(key) = map.get_mut(self.address) {
            key.waiting = key.waiting.saturating_sub(1);
            if key.is_empty() {
                map.remove(self.address);
            }
        }
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(throttle: &LoginThrottle, user: &str, addr: &str, now: Instant) {
        // Dropped unmarked: a failure.
        throttle
            .try_begin(user, addr, now)
            .expect("attempt allowed");
    }

    #[test]
    fn the_sixth_failure_within_a_minute_is_refused_with_the_wait() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for i in 0..MAX_FAILURES {
            fail(
                &throttle,
                "jana",
                "10.0.0.1",
                start + Duration::from_secs(i as u64),
            );
        }
        let refused = throttle
            .try_begin("jana", "10.0.0.1", start + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(refused, NotNow::Refused(50));
        assert!(throttle
            .try_begin("jana", "10.0.0.1", start + WINDOW)
            .is_ok());
    }

    #[test]
    fn a_refused_attempt_is_not_counted() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            fail(&throttle, "jana", "10.0.0.1", now);
        }
        for _ in 0..100 {
            assert!(throttle.try_begin("jana", "10.0.0.1", now).is_err());
        }
        // Refusals did not push the wait further out.
        assert!(throttle.try_begin("jana", "10.0.0.1", now + WINDOW).is_ok());
    }

    #[test]
    fn hammering_a_username_from_one_address_leaves_its_owner_elsewhere_alone() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..200 {
            let _ = throttle.try_begin("jana", "10.6.6.6", now);
        }
        let owner = throttle
            .try_begin("jana", "10.0.0.1", now)
            .expect("owner may try");
        owner.succeeded();
    }

    #[test]
    fn a_username_guessed_from_many_addresses_is_capped_then_freed() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..MAX_USERNAME_FAILURES {
            fail(&throttle, "jana", &format!("10.1.0.{i}"), now);
        }
        assert!(throttle.try_begin("jana", "10.2.0.1", now).is_err());
        assert!(throttle.try_begin("petr", "10.2.0.1", now).is_ok());
        assert!(throttle.try_begin("jana", "10.2.0.1", now + WINDOW).is_ok());
    }

    #[test]
    fn one_address_guessing_many_usernames_is_throttled_too() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..MAX_ADDRESS_FAILURES {
            fail(&throttle, &format!("user{i}"), "10.0.0.9", now);
        }
        assert!(matches!(
            throttle.try_begin("someone-new", "10.0.0.9", now),
            Err(NotNow::Refused(_))
        ));
        assert!(throttle.try_begin("someone-new", "10.0.0.10", now).is_ok());
    }

    #[test]
    fn a_right_password_forgives_the_owners_earlier_typos() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES - 1 {
            fail(&throttle, "jana", "10.0.0.1", now);
        }
        let right = throttle.try_begin("jana", "10.0.0.1", now).unwrap();
        right.succeeded();
        for _ in 0..MAX_FAILURES {
            fail(&throttle, "jana", "10.0.0.1", now);
        }
        assert!(throttle.try_begin("jana", "10.0.0.1", now).is_err());
    }

    #[test]
    fn attempts_in_progress_make_the_next_wait_and_right_ones_give_their_place_back() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let colleagues: Vec<_> = (0..MAX_ADDRESS_FAILURES)
            .map(|i| {
                throttle
                    .try_begin(&format!("kolega{i}"), "10.0.0.1", now)
                    .unwrap()
            })
            .collect();
        // Full of attempts that may yet be right: wait, don't refuse.
        assert_eq!(
            throttle.try_begin("dalsi", "10.0.0.1", now).unwrap_err(),
            NotNow::Wait
        );
        for attempt in colleagues {
            attempt.succeeded();
        }
        // Nothing failed, nothing is remembered.
        assert_eq!(throttle.keys_held(), 0);
        throttle
            .try_begin("dalsi", "10.0.0.1", now)
            .unwrap()
            .succeeded();
    }

    #[test]
    fn attempts_in_progress_that_fail_turn_the_wait_into_a_refusal() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let guesses: Vec<_> = (0..MAX_ADDRESS_FAILURES)
            .map(|i| {
                throttle
                    .try_begin(&format!("obet{i}"), "10.6.6.6", now)
                    .unwrap()
            })
            .collect();
        assert_eq!(
            throttle.try_begin("dalsi", "10.6.6.6", now).unwrap_err(),
            NotNow::Wait
        );
        drop(guesses);
        assert!(matches!(
            throttle.try_begin("dalsi", "10.6.6.6", now),
            Err(NotNow::Refused(_))
        ));
    }

    #[tokio::test]
    async fn a_waiting_attempt_goes_ahead_as_soon_as_a_place_frees() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let mut colleagues: Vec<_> = (0..MAX_ADDRESS_FAILURES)
            .map(|i| {
                throttle
                    .try_begin(&format!("kolega{i}"), "10.0.0.1", now)
                    .unwrap()
            })
            .collect();
        let waiting = throttle.begin("dalsi", "10.0.0.1");
        let freeing = async {
            tokio::task::yield_now().await;
            colleagues.pop().unwrap().succeeded();
        };
        let (attempt, ()) = tokio::join!(waiting, freeing);
        attempt.expect("let through").succeeded();
    }
}
