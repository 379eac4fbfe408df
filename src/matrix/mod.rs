//! Everything the widget knows about Matrix: identifiers, links, the room
//! summary and how to find a homeserver, and (in [`client`]) the requests
//! themselves. The rest of the crate never builds a Matrix URL or reads a
//! Matrix response on its own.

pub mod alias;
#[cfg(not(target_arch = "wasm32"))]
pub mod blocking;
#[cfg(feature = "web")]
pub mod client;
pub mod endpoint;
pub mod hierarchy;
pub mod link;
pub mod media;
pub mod summary;
pub mod well_known;

pub use alias::{AliasError, RoomAlias};
pub use endpoint::SummaryEndpoint;
pub use link::{LinkError, RoomLink};
pub use summary::{Failure, RoomSummary, SummaryReply};
