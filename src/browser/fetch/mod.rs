//! The requests: the one place in the widget that does HTTP — room
//! summaries and homeserver discovery, shared by every widget of the page,
//! and the site's own snapshot file. One file per concern:
//!
//! - `http`: one GET — its options, its time limit, its body limit;
//! - `early`: the bridge to the requests `loader/early.js` sent before the
//!   wasm was there;
//! - `tables`: the page-wide tables that let every widget share a request,
//!   and when a kept answer is still good;
//! - `discovery`: a server name's client API base URL;
//! - `summary`: the summary walk, and the one summary of a room that every
//!   widget of the page awaits.
//!
//! Every request to a homeserver is a plain anonymous `GET` with no custom
//! headers (a CORS simple request, so no preflight), no cookies and no
//! referrer; every request is aborted when it takes too long or when the
//! widget that asked for it goes away. Only `live="snapshot"`'s re-read of
//! the site's own snapshot adds headers: its validators (`http::own_file`).

mod discovery;
mod early;
mod http;
mod keyed;
mod summary;
mod tables;

pub use discovery::homeserver_base_url;
pub use http::{own_file, MAX_BODY_BYTES};
#[cfg(feature = "configure")]
pub use summary::directory_status;
pub use summary::{room_summary, shared_room_summary};
