//! matrix-channels: a community's Matrix rooms, with live member counts, in
//! any web page.
//!
//! The pure parts — [`matrix`] types and parsing, markup [`discovery`],
//! [`room`] state and the [`refresh`] timetable — build and test on the
//! host. The browser parts — [`dom`], [`view`] and [`widget`] — read the
//! page, render with Leptos and run the refresh loop; the requests
//! themselves live in [`matrix::client`].

#![deny(missing_docs)]

pub mod config;
pub mod discovery;
pub mod dom;
pub mod i18n;
pub mod intl;
pub mod matrix;
pub mod refresh;
pub mod room;
pub mod text;
pub mod view;
pub mod widget;

pub use widget::{mount, mount_all, unmount};
