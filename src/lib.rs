//! matrix-channels: a community's Matrix rooms, with live member counts, in
//! any web page.
//!
//! The pure parts — [`matrix`] types and parsing, markup [`discovery`],
//! [`room`] state and the [`refresh`] timetable — build and test on the
//! host. The browser parts — [`dom`], [`view`] and [`widget`] — read the
//! page, render with Leptos and run the refresh loop; the requests
//! themselves live in [`matrix::client`]. On the host, `cli` is the
//! snapshot tool: the same core, with a bot's token and a native HTTP
//! client (`matrix::blocking`).

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

pub mod cache;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod config;
pub mod discovery;
#[cfg(feature = "web")]
pub mod dom;
pub mod i18n;
#[cfg(feature = "web")]
pub mod intl;
pub mod json;
pub mod matrix;
pub mod refresh;
pub mod room;
pub mod snapshot;
pub mod text;
#[cfg(feature = "web")]
pub mod view;
#[cfg(feature = "web")]
pub mod widget;

#[cfg(feature = "web")]
pub use widget::{mount, unmount};
