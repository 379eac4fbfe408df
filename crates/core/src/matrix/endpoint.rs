//! Which path serves the room summary on a given homeserver.
//!
//! Synapse added the stable path in 1.153 (May 2026); older servers, and
//! perhaps matrix.org today, only answer the unstable paths of MSC3266. The
//! widget tries them in order, moving on only when a server says it does not
//! know a path, and remembers per homeserver which one worked.

use super::alias::RoomAlias;
use super::summary::{classify, SummaryReply};
use crate::wire::Codec;

/// One of the three paths the room summary has had.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SummaryEndpoint {
    /// `/_matrix/client/v1/room_summary/{alias}` (Matrix 1.15).
    Stable,
    /// `/_matrix/client/unstable/im.nheko.summary/summary/{alias}` (Synapse ≥ 1.107).
    Unstable,
    /// `/_matrix/client/unstable/im.nheko.summary/rooms/{alias}/summary`, the
    /// first, deprecated form; the one shields.io's badge calls on matrix.org.
    UnstableRooms,
}

/// The path of the room directory's entry for `alias`
/// (`GET /_matrix/client/v3/directory/room/{alias}`): whether the alias
/// names a room at all. Anyone may ask; the answer has no counts.
pub fn directory_path(alias: &RoomAlias) -> String {
    format!(
        "/_matrix/client/v3/directory/room/{}",
        alias.to_path_segment()
    )
}

impl SummaryEndpoint {
    /// The path to try first on a server the widget knows nothing about.
    pub const FIRST: SummaryEndpoint = SummaryEndpoint::Stable;

    /// The path of the summary of `alias` on this endpoint.
    pub fn path(self, alias: &RoomAlias) -> String {
        let segment = alias.to_path_segment();
        match self {
            SummaryEndpoint::Stable => format!("/_matrix/client/v1/room_summary/{segment}"),
            SummaryEndpoint::Unstable => {
                format!("/_matrix/client/unstable/im.nheko.summary/summary/{segment}")
            }
            SummaryEndpoint::UnstableRooms => {
                format!("/_matrix/client/unstable/im.nheko.summary/rooms/{segment}/summary")
            }
        }
    }

    /// The path to try when this one is unknown to the server.
    pub fn fallback(self) -> Option<SummaryEndpoint> {
        match self {
            SummaryEndpoint::Stable => Some(SummaryEndpoint::Unstable),
            SummaryEndpoint::Unstable => Some(SummaryEndpoint::UnstableRooms),
            SummaryEndpoint::UnstableRooms => None,
        }
    }
}

/// One room's question walked through the summary paths a server may know:
/// the path to ask, what each answer means, and the path to remember for
/// the server. The widget and the snapshot tool both ask through it, so
/// the fallback and the meaning of "no path at all" are decided here once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SummaryWalk {
    endpoint: SummaryEndpoint,
    /// Whether `endpoint` gave a known answer, and so is worth remembering.
    known: bool,
}

impl SummaryWalk {
    /// A walk from the path that worked on this server before, if any.
    pub fn new(known_to_work: Option<SummaryEndpoint>) -> SummaryWalk {
        SummaryWalk {
            endpoint: known_to_work.unwrap_or(SummaryEndpoint::FIRST),
            known: false,
        }
    }

    /// The path to ask now for the summary of `alias`.
    pub fn path(&self, alias: &RoomAlias) -> String {
        self.endpoint.path(alias)
    }

    /// Reads the response to [`SummaryWalk::path`]: `Some` settles the
    /// question; `None` means ask again, on the next path.
    pub fn answer<J: Codec>(&mut self, status: u16, body: &str) -> Option<SummaryReply> {
        if let Some(reply) = classify::<J>(status, body) {
            self.known = true;
            return Some(reply);
        }
        match self.endpoint.fallback() {
            Some(next) => {
                self.endpoint = next;
                None
            }
            // A server that knows none of the paths (Dendrite, for one)
            // tells an anonymous visitor as little as one that refuses:
            // the room is not public, whoever asks.
            None => Some(SummaryReply::NotPublic),
        }
    }

    /// The path to remember for this server after `reply` settled the
    /// question: the one that answered, unless the answer says nothing of
    /// the path (a failure, a rate limit).
    pub fn worked(&self, reply: &SummaryReply) -> Option<SummaryEndpoint> {
        let says_nothing = matches!(
            reply,
            SummaryReply::Failed(_) | SummaryReply::RateLimited { .. }
        );
        (self.known && !says_nothing).then_some(self.endpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::summary::Failure;

    type Value = crate::wire::SerdeJson;

    fn alias() -> RoomAlias {
        RoomAlias::parse("#de-rse.org-general:matrix.org").unwrap()
    }

    #[test]
    fn paths_follow_the_spec_and_msc3266() {
        assert_eq!(
            SummaryEndpoint::Stable.path(&alias()),
            "/_matrix/client/v1/room_summary/%23de-rse.org-general%3Amatrix.org"
        );
        assert_eq!(
            SummaryEndpoint::Unstable.path(&alias()),
            "/_matrix/client/unstable/im.nheko.summary/summary/%23de-rse.org-general%3Amatrix.org"
        );
        assert_eq!(
            SummaryEndpoint::UnstableRooms.path(&alias()),
            "/_matrix/client/unstable/im.nheko.summary/rooms/%23de-rse.org-general%3Amatrix.org/summary"
        );
    }

    #[test]
    fn falls_back_stable_then_unstable_then_rooms_then_says_not_public() {
        let mut walk = SummaryWalk::new(None);
        let mut tried = vec![walk.path(&alias())];
        let reply = loop {
            match walk.answer::<Value>(404, r#"{"errcode":"M_UNRECOGNIZED"}"#) {
                None => tried.push(walk.path(&alias())),
                Some(reply) => break reply,
            }
        };
        let expected: Vec<String> = [
            SummaryEndpoint::Stable,
            SummaryEndpoint::Unstable,
            SummaryEndpoint::UnstableRooms,
        ]
        .iter()
        .map(|e| e.path(&alias()))
        .collect();
        assert_eq!(tried, expected);
        // A server with no summary endpoint tells a visitor as little as a
        // refusal, and no path is remembered for it.
        assert_eq!(reply, SummaryReply::NotPublic);
        assert_eq!(walk.worked(&reply), None);
    }

    #[test]
    fn any_other_reply_settles_the_path() {
        for (status, body) in [
            (200, r#"{"num_joined_members":3}"#),
            (404, r#"{"errcode":"M_NOT_FOUND"}"#),
        ] {
            let mut walk = SummaryWalk::new(Some(SummaryEndpoint::Unstable));
            let reply = walk.answer::<Value>(status, body).unwrap();
            assert_eq!(walk.worked(&reply), Some(SummaryEndpoint::Unstable));
        }
        for (status, body) in [
            (429, r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":10}"#),
            (500, "oops"),
        ] {
            let mut walk = SummaryWalk::new(Some(SummaryEndpoint::Unstable));
            let reply = walk.answer::<Value>(status, body).unwrap();
            assert_eq!(
                walk.worked(&reply),
                None,
                "{status} says nothing of the path"
            );
        }
        let walk = SummaryWalk::new(None);
        assert_eq!(walk.worked(&SummaryReply::Failed(Failure::Network)), None);
    }
}
