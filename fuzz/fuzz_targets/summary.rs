//! Any status and body a homeserver (or a proxy) may send.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matrix_channels_core::matrix::endpoint::SummaryWalk;
use matrix_channels_core::matrix::hierarchy::HierarchyPage;
use matrix_channels_core::matrix::summary::classify;
use matrix_channels_core::matrix::well_known::parse_client_well_known;
use serde_json::Value;

fuzz_target!(|input: (u16, &str)| {
    let (status, body) = input;
    let _ = classify::<Value>(status, body);
    let mut walk = SummaryWalk::new(None);
    while walk.answer::<Value>(status, body).is_none() {}
    let _ = parse_client_well_known::<Value>(body);
    let _ = HierarchyPage::parse::<Value>(body);
});
