//! matrix-channels, the browser widget: a community's Matrix rooms, with
//! live member counts, in any web page — and, as [`MatrixChannels`], in
//! any Leptos app.
//!
//! Every decision is the core's (`matrix-channels-core`); this crate does
//! what only a browser can. [`mod@mount`] is the script tag's way in: it
//! reads a widget element once and mounts it with Leptos; [`component`]
//! is a Leptos app's. Both go through [`app`]: the pipeline from what the
//! page says to the rows, and the root component. [`views`] are the
//! components it is made of; [`mod@refresh`] is the refresh loop;
//! [`browser`] holds the adapters to the page and the browser's APIs,
//! each in a file of its own; [`contract`] names what the loader relies
//! on.

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
pub mod component;
pub mod contract;
pub mod mount;
pub mod refresh;
pub mod views;

pub use component::MatrixChannels;
pub use mount::{mount, unmount};
