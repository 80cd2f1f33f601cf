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
//! An attempt is counted when it starts, before the password is checked,
//! and the check happens only if the attempt fits: two hundred concurrent
//! wrong passwords get five checks, not as many as arrive before the first
//! failure is written down. A correct password takes its own attempt back.
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
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// A login attempt that has been let through and counted.
#[derive(Debug)]
pub struct Attempt {
    keys: [(String, usize); 3],
    at: Instant,
}

impl LoginThrottle {
    /// Counts an attempt by `username` from `client` at `now`, or refuses it
    /// with the seconds until it would fit.
    pub fn begin(&self, username: &str, client: &str, now: Instant) -> Result<Attempt, u64> {
        let keys = [
            (format!("user:{username}@{client}"), MAX_FAILURES),
            (format!("addr:{client}"), MAX_ADDRESS_FAILURES),
            (format!("user:{username}"), MAX_USERNAME_FAILURES),
        ];
        let mut failures = self.lock();
        let mut wait = Duration::ZERO;
        for (key, limit) in &keys {
            if let Some(times) = failures.get_mut(key) {
                prune(times, now);
                if times.len() >= *limit {
                    // The attempt fits again when enough of the oldest leave.
                    let freeing = times[times.len() - limit];
                    wait = wait.max(WINDOW.saturating_sub(now - freeing));
                }
            }
        }
        if !wait.is_zero() {
            // Round up: "try again in 0 s" would be a lie.
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        for (key, _) in &keys {
            failures.entry(key.clone()).or_default().push_back(now);
        }
        // Forget keys with no recent failures, so the map cannot grow forever.
        failures.retain(|_, times| {
            prune(times, now);
            !times.is_empty()
        });
        Ok(Attempt { keys, at: now })
    }

    /// The password was right: the attempt was no failure, and the
    /// username's earlier failures from this address are forgiven.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut failures = self.lock();
        let [(pair, _), others @ ..] = &attempt.keys;
        failures.remove(pair);
        for (key, _) in others {
            if let Some(times) = failures.get_mut(key) {
                if let Some(position) = times.iter().position(|t| *t == attempt.at) {
                    times.remove(position);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(throttle: &LoginThrottle, user: &str, addr: &str, now: Instant) {
        throttle.begin(user, addr, now).expect("attempt allowed");
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
        let wait = throttle
            .begin("jana", "10.0.0.1", start + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, 50);
        assert!(throttle.begin("jana", "10.0.0.1", start + WINDOW).is_ok());
    }

    #[test]
    fn a_refused_attempt_is_not_counted() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            fail(&throttle, "jana", "10.0.0.1", now);
        }
        for _ in 0..100 {
            assert!(throttle.begin("jana", "10.0.0.1", now).is_err());
        }
        // Refusals did not push the wait further out.
        assert!(throttle.begin("jana", "10.0.0.1", now + WINDOW).is_ok());
    }

    #[test]
    fn hammering_a_username_from_one_address_leaves_its_owner_elsewhere_alone() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..200 {
            let _ = throttle.begin("jana", "10.6.6.6", now);
        }
        let owner = throttle
            .begin("jana", "10.0.0.1", now)
            .expect("owner may try");
        throttle.succeeded(owner);
    }

    #[test]
    fn a_username_guessed_from_many_addresses_is_capped_then_freed() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..MAX_USERNAME_FAILURES {
            fail(&throttle, "jana", &format!("10.1.0.{i}"), now);
        }
        assert!(throttle.begin("jana", "10.2.0.1", now).is_err());
        assert!(throttle.begin("petr", "10.2.0.1", now).is_ok());
        assert!(throttle.begin("jana", "10.2.0.1", now + WINDOW).is_ok());
    }

    #[test]
    fn one_address_guessing_many_usernames_is_throttled_too() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..MAX_ADDRESS_FAILURES {
            fail(&throttle, &format!("user{i}"), "10.0.0.9", now);
        }
        assert!(throttle.begin("someone-new", "10.0.0.9", now).is_err());
        assert!(throttle.begin("someone-new", "10.0.0.10", now).is_ok());
    }

    #[test]
    fn a_right_password_forgives_the_owners_earlier_typos() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES - 1 {
            fail(&throttle, "jana", "10.0.0.1", now);
        }
        let right = throttle.begin("jana", "10.0.0.1", now).unwrap();
        throttle.succeeded(right);
        for _ in 0..MAX_FAILURES {
            fail(&throttle, "jana", "10.0.0.1", now);
        }
        assert!(throttle.begin("jana", "10.0.0.1", now).is_err());
    }
}
