//! Any status and body a homeserver (or a proxy) may send, and any text
//! a snapshot file may hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matrix_channels_core::matrix::endpoint::SummaryWalk;
use matrix_channels_core::matrix::hierarchy::HierarchyPage;
use matrix_channels_core::matrix::summary::classify;
use matrix_channels_core::matrix::well_known::parse_client_well_known;
use matrix_channels_core::snapshot::Snapshot;
use matrix_channels_core::wire::SerdeJson;

fuzz_target!(|input: (u16, &str)| {
    let (status, body) = input;
    let _ = classify::<SerdeJson>(status, body);
    let mut walk = SummaryWalk::new(None);
    while walk.answer::<SerdeJson>(status, body).is_none() {}
    let _ = parse_client_well_known::<SerdeJson>(body);
    let _ = HierarchyPage::parse::<SerdeJson>(body);
    let _ = Snapshot::parse::<SerdeJson>(body);
});
