//! The analyzer's tokens point into the text in order; queries are bounded.
#![no_main]

#[allow(dead_code)] // each target uses one of the checks
#[path = "../../tests/properties/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Err(what) = invariants::tokens(text) {
        panic!("{what}");
    }
});
