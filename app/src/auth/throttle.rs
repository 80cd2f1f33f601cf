//! Slows down password guessing: after [`MAX_FAILURES`] failed logins within
//! [`WINDOW`] for one username, or from one client address, further attempts
//! are refused until the oldest failure leaves the window.
//!
//! Kept in memory: a restart forgets it, which costs an attacker a restart
//! per five guesses. One server process serves an organisation, so there is
//! nothing to share between processes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `Err(seconds)` when any of `keys` is over the limit at `now`.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), u64> {
        let mut failures = self.lock();
        let mut wait = Duration::ZERO;
        for key in keys {
            if let Some(times) = failures.get_mut(key) {
                prune(times, now);
                if times.len() >= MAX_FAILURES {
                    if let Some(oldest) = times.front() {
                        wait = wait.max(WINDOW.saturating_sub(now - *oldest));
                    }
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            // Round up: "try again in 0 s" would be a lie.
            Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        }
    }

    pub fn record_failure(&self, keys: &[String], now: Instant) {
        let mut failures = self.lock();
        for key in keys {
            let times = failures.entry(key.clone()).or_default();
            prune(times, now);
            times.push_back(now);
        }
        // Forget keys with no recent failures, so the map cannot grow forever.
        failures.retain(|_, times| {
            prune(times, now);
            !times.is_empty()
        });
    }

    pub fn clear(&self, key: &str) {
        self.lock().remove(key);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        // A panic while holding the lock leaves plain data behind; keep going.
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// The throttle keys of one login attempt.
pub fn keys(username: &str, client: &str) -> Vec<String> {
    vec![format!("user:{username}"), format!("addr:{client}")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_within_a_minute_is_refused_with_the_wait() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        let keys = keys("jana", "10.0.0.1");
        for i in 0..MAX_FAILURES {
            assert!(throttle.check(&keys, start).is_ok(), "attempt {i}");
            throttle.record_failure(&keys, start + Duration::from_secs(i as u64));
        }
        let wait = throttle
            .check(&keys, start + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, 50);
        assert!(throttle.check(&keys, start + WINDOW).is_ok());
    }

    #[test]
    fn one_address_guessing_many_usernames_is_throttled_too() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..MAX_FAILURES {
            throttle.record_failure(&keys(&format!("user{i}"), "10.0.0.9"), now);
        }
        assert!(throttle
            .check(&keys("someone-new", "10.0.0.9"), now)
            .is_err());
        assert!(throttle
            .check(&keys("someone-new", "10.0.0.10"), now)
            .is_ok());
    }

    #[test]
    fn clearing_a_username_lifts_its_limit() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            throttle.record_failure(&["user:jana".to_string()], now);
        }
        assert!(throttle.check(&["user:jana".to_string()], now).is_err());
        throttle.clear("user:jana");
        assert!(throttle.check(&["user:jana".to_string()], now).is_ok());
    }
}
