//! The coordinator pages.
