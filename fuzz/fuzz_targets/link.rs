//! Any href a page may hold, and any alias a page or server may name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matrix_channels_core::matrix::{RoomAlias, RoomLink};

fuzz_target!(|input: &str| {
    if let Ok(link) = RoomLink::parse(input) {
        // What the widget builds from a link must read back the same.
        let again = RoomLink::parse(&link.alias.matrix_to_url()).map(|l| l.alias);
        assert_eq!(again.as_ref(), Ok(&link.alias));
    }
    if let Ok(alias) = RoomAlias::parse(input) {
        assert_eq!(RoomAlias::parse(alias.as_str()).as_ref(), Ok(&alias));
        let _ = alias.to_path_segment();
    }
});
