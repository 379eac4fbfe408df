//! Everything matrix-channels knows about Matrix: identifiers, links, the
//! room summary and its replies, the summary paths, how to find a
//! homeserver, a space's hierarchy and media IDs. The rest of the project
//! never builds a Matrix URL or reads a Matrix response on its own; the
//! requests themselves are the widget's (`src/browser/fetch/`) and the
//! snapshot tool's (`crates/snapshot/src/homeserver.rs`).

pub mod alias;
pub mod endpoint;
pub mod hierarchy;
pub mod link;
pub mod media;
pub mod summary;
pub mod well_known;

pub use alias::{AliasError, RoomAlias};
pub use endpoint::SummaryEndpoint;
pub use link::{Join, LinkError, RoomLink};
pub use summary::{Failure, RoomSummary, SummaryReply};
