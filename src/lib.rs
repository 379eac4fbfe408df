//! matrix-channels, the browser widget: a community's Matrix rooms, with
//! live member counts, in any web page.
//!
//! Every decision is the core's (`matrix-channels-core`); this crate does
//! what only a browser can. [`mount`] reads a widget element once and
//! mounts what the core decided ([`mod@mount`]); [`app`] is the root
//! component; [`views`] are the rows; [`mod@refresh`] is the refresh loop;
//! [`browser`] holds the adapters to the page and the browser's APIs, each
//! in a file of its own; [`contract`] names what the loader relies on.

#![deny(missing_docs)]
// Data from outside — pages, homeservers, storage — must never panic the
// widget: with panic = "abort" a panic kills every widget of the page.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo
    )
)]

pub mod app;
pub mod browser;
pub mod contract;
pub mod mount;
pub mod refresh;
pub mod views;

pub use mount::{mount, unmount};
