//! An upload is refused or re-encoded into a clean image, never a panic.
#![no_main]

#[allow(dead_code)] // each target uses one of the checks
#[path = "../../tests/properties/invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Err(what) = invariants::upload(bytes) {
        panic!("{what}");
    }
});
