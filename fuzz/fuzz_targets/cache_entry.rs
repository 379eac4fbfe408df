//! Anything another script may have left in localStorage under our key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matrix_channels_core::cache::{initial_state, Entry};
use matrix_channels_core::wire::SerdeJson;

fuzz_target!(|input: (&str, f64, u64)| {
    let (text, now, interval) = input;
    if let Some(entry) = Entry::decode::<SerdeJson>(text, now) {
        let _ = entry.reply();
        let _ = initial_state(&entry, now, interval);
        let _ = entry.encode::<SerdeJson>();
    }
});
