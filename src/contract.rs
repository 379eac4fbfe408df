//! The contract between this crate and the loader
//! (`loader/matrix-channels.js`, its `CONTRACT` object): the names both
//! sides must spell alike. The loader defines the element and finds the
//! marked `div`s, calls the exported functions, and — should the wasm die —
//! gives each widget the markup kept in the original holder back and sets
//! the error state. Change a name here and there together:
//! `tests/contract.rs` fails when they drift, and `scripts/bundle.mjs`
//! refuses a build whose glue lacks an export.

/// The custom element a page wraps its room list in.
pub const ELEMENT_NAME: &str = "matrix-channels";
/// The attribute that marks a `div` as a widget (kramdown parses Markdown
/// only inside a `div`).
pub const MARKER_ATTRIBUTE: &str = "data-matrix-channels";
/// The prefix of every attribute's second spelling, on a marked `div`.
pub use matrix_channels_core::page::DATA_PREFIX;
/// The class of the hidden holder of the page's own markup.
pub const ORIGINAL_CLASS: &str = "mc-original";
/// The class of the element the view renders into.
pub const WIDGET_CLASS: &str = "mc-widget";
/// The attribute that tells the widget's state (see `WidgetState`).
pub const STATE_ATTRIBUTE: &str = "data-state";
/// The function the loader calls to bring a widget element to life
/// ([`crate::mount()`]).
pub const MOUNT: &str = "mount";
/// The function the loader calls when a widget element leaves the page
/// ([`crate::unmount()`]).
pub const UNMOUNT: &str = "unmount";
