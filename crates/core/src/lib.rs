//! The pure core of matrix-channels: every decision about rooms, Matrix
//! answers, settings, state and timing, made once and tested on the host.
//!
//! It never touches a browser, a network or a file: the widget (the
//! workspace's root package) and the snapshot tool (`crates/snapshot`) do
//! the input and output and hand the core plain values — a page's markup
//! as a tree, a response's status and body, the time. JSON is the one seam:
//! the wire formats are the core's serde types ([`wire`]), and each side
//! brings its platform's parser as a [`wire::Codec`].
//!
//! - [`matrix`]: identifiers, links, the room summary and its replies, the
//!   summary paths, homeserver discovery, a space's hierarchy, media IDs.
//! - [`page`]: what a widget element says — settings, rooms, language —
//!   decided from one plain description of it ([`page::PageElement`]).
//! - [`discovery`]: the rooms in a page's markup.
//! - [`settings`]: the widget's attributes.
//! - [`room`]: a room's state and what its row shows.
//! - [`refresh`]: the refresh timetable and backoff.
//! - [`cache`]: the entry format of the browser-wide cache.
//! - [`reread`]: `live="snapshot"`, the site's snapshot read again: what
//!   an answer means, what tabs share, when counts are no longer current.
//! - [`snapshot`]: the snapshot format, read and written.
//! - [`activity`]: how alive a room is — the snapshot's message counts,
//!   counted, checked, and as of when.
//! - [`i18n`], [`text`]: the texts of each language; strangers' text made
//!   safe to show.
//! - [`time`]: which times from outside can be believed.
//! - [`configure`]: the configurator page's decisions (pasted lists,
//!   snippets, verdicts), never linked into the widget.

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

pub mod activity;
pub mod cache;
#[cfg(feature = "configure")]
pub mod configure;
pub mod discovery;
pub mod i18n;
pub mod matrix;
pub mod page;
pub mod refresh;
pub mod reread;
pub mod room;
pub mod settings;
pub mod snapshot;
pub mod text;
pub mod time;
pub mod wire;
