//! What some services also say of a contact or visit: social
//! rehabilitation the worker's role, crisis help the form of exploitation,
//! the citizenship group and an interpreter.

use serde::{Deserialize, Serialize};

/// Who met the client in social rehabilitation: the key worker in a
/// consultation, or the assistant in the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerRole {
    Consultant,
    Assistant,
}

impl WorkerRole {
    pub const ALL: [WorkerRole; 2] = [WorkerRole::Consultant, WorkerRole::Assistant];
}

/// The form of exploitation crisis help reports to the Ministry of the
/// Interior.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exploitation {
    Labour,
    Sexual,
    Other,
}

impl Exploitation {
    pub const ALL: [Exploitation; 3] = [
        Exploitation::Labour,
        Exploitation::Sexual,
        Exploitation::Other,
    ];
}

/// The citizenship group crisis help reports (never the country).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Citizenship {
    Czech,
    Eu,
    Other,
}

impl Citizenship {
    pub const ALL: [Citizenship; 3] = [Citizenship::Czech, Citizenship::Eu, Citizenship::Other];
}

/// What some services also say of a contact or visit: social
/// rehabilitation the worker's role; crisis help the form of exploitation,
/// the citizenship group and whether an interpreter was needed. Empty (and
/// left out of the stored form) everywhere else, so records stored before
/// still match a resend of themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Particulars {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<WorkerRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploitation: Option<Exploitation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizenship: Option<Citizenship>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interpreter: bool,
}

impl Particulars {
    pub fn is_empty(&self) -> bool {
        *self == Particulars::default()
    }

    /// Whether anything only crisis help asks is given.
    pub fn has_crisis_help_part(&self) -> bool {
        self.exploitation.is_some() || self.citizenship.is_some() || self.interpreter
    }
}
