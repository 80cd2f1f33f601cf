//! Tests a drug service does at a contact or exchange, by type and with a
//! result where the worker reads one on the spot.

use super::kinds::wire_name;
use serde::{Deserialize, Serialize};

/// The tests the drug monitoring centre counts by type, and the urine drug
/// test a contact centre also gives to under-15s and non-users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestType {
    Hiv,
    Hcv,
    Hbv,
    Syphilis,
    UrineDrugs,
}

impl TestType {
    pub const ALL: [TestType; 5] = [
        TestType::Hiv,
        TestType::Hcv,
        TestType::Hbv,
        TestType::Syphilis,
        TestType::UrineDrugs,
    ];

    /// The infection tests the drug monitoring centre counts as "tests";
    /// a urine drug test is a line of its own.
    pub const INFECTIONS: [TestType; 4] = [
        TestType::Hiv,
        TestType::Hcv,
        TestType::Hbv,
        TestType::Syphilis,
    ];
}

/// A test's result where the worker knows it (a rapid test read on the
/// spot); a test sent to a laboratory has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestResult {
    Negative,
    Positive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TestDone {
    pub test: TestType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<TestResult>,
}

impl TestDone {
    /// The tally code: `hcv/positive`, `hiv/none`.
    pub fn code(&self) -> String {
        let result = self.result.as_ref().map_or("none".to_owned(), wire_name);
        format!("{}/{result}", wire_name(&self.test))
    }
}
