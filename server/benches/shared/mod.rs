//! What the load benches share: their settings, a reproducible generator
//! and the records a phone sends.

use serde_json::{json, Value};

/// A whole-number setting from the environment, or its default.
pub fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// A small reproducible generator, one per simulated person.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// A record of the phone's worker, logged in the last days.
pub fn record(phone: u64, n: u64, rng: &mut Rng) -> Value {
    let day = chrono::Local::now().date_naive() - chrono::Duration::days(rng.below(5) as i64);
    let at = format!(
        "{}T{:02}:{:02}:00+01:00",
        day.format("%Y-%m-%d"),
        8 + rng.below(10),
        rng.below(60)
    );
    let code = format!("LUD{:02}TOM{:02}", rng.below(28) + 1, rng.below(12) + 1);
    let localities = ["centrum", "nadrazi", "sidliste", "ubytovna"];
    let details = match rng.below(3) {
        0 => json!({ "kind": "exchange", "first_contact": false, "target_group": "injecting_user",
                     "materials": [{ "material": "strikacky", "count": rng.below(20) + 1 }],
                     "returned_syringes": rng.below(20), "service_acts": ["hr-informace"] }),
        1 => json!({ "kind": "contact", "first_contact": rng.below(20) == 0,
                     "target_group": "non_injecting_user", "service_acts": ["poradenstvi"],
                     "duration_minutes": 10 }),
        _ => json!({ "kind": "found_syringes", "count": rng.below(5) + 1 }),
    };
    json!({
        "id": format!("{phone:08x}-0000-4000-8000-{n:012x}"),
        "occurred_at": at,
        "locality": localities[rng.below(4) as usize],
        "client": { "code": code },
        "details": details
    })
}
