//! Any status and body a homeserver (or a proxy) may send.
#![no_main]

use libfuzzer_sys::fuzz_target;
use matrix_channels::matrix::endpoint::{next_step, SummaryEndpoint};
use matrix_channels::matrix::summary::classify;
use matrix_channels::matrix::well_known::parse_client_well_known;

fuzz_target!(|input: (u16, &str)| {
    let (status, body) = input;
    let reply = classify(status, body);
    let _ = next_step(SummaryEndpoint::FIRST, &reply);
    let _ = parse_client_well_known(body);
});
