//! The configurator's decisions: a page where a maintainer pastes their
//! room list, sees the widget live, learns which rooms a visitor will be
//! refused, and copies the markup for their site.
//!
//! The browser side (`src/configure/` of the widget package) only reads
//! the form and the network; everything it shows is decided here and tested
//! on the host:
//!
//! - [`paste`]: the rooms in what was pasted — Markdown, HTML or aliases —
//!   read by the widget's own discovery.
//! - [`snippet`]: the widget's attributes from the form, and every snippet
//!   to copy (the Jekyll include, the kramdown `div`, plain HTML, the script
//!   tag, a CSP line), each of which gives the preview's widget.
//! - [`verdict`]: what a room's answers mean for a site's visitors.
//! - [`texts`]: the page's words, in English and German.
//!
//! None of it is linked into the widget: a page with the widget downloads
//! not a byte of the configurator.

pub mod paste;
pub mod snippet;
pub mod texts;
pub mod verdict;
