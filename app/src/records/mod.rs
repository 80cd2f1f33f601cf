//! Field records: what a worker logs on the phone. So far the anonymous
//! client code; the record kinds, the outbox and sync build on it.

pub mod client_code;
