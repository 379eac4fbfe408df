//! Which path serves the room summary on a given homeserver.
//!
//! Synapse added the stable path in 1.153 (May 2026); older servers, and
//! perhaps matrix.org today, only answer the unstable paths of MSC3266. The
//! widget tries them in order, moving on only when a server says it does not
//! know a path, and remembers per homeserver which one worked.

use super::alias::RoomAlias;
use super::summary::SummaryReply;

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

/// What to do after a reply from `endpoint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NextStep {
    /// The reply stands; this endpoint is the one to remember.
    Keep(SummaryEndpoint),
    /// Ask the same question on this path instead.
    TryNext(SummaryEndpoint),
    /// The server knows none of the paths (Dendrite, for one).
    NoEndpoint,
}

/// Decides whether a reply settles the question or the next path is due.
pub fn next_step(endpoint: SummaryEndpoint, reply: &SummaryReply) -> NextStep {
    match reply {
        SummaryReply::UnknownEndpoint => match endpoint.fallback() {
            Some(next) => NextStep::TryNext(next),
            None => NextStep::NoEndpoint,
        },
        _ => NextStep::Keep(endpoint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::summary::{classify, Failure};

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
    fn falls_back_stable_then_unstable_then_rooms_then_gives_up() {
        let unknown = classify(404, r#"{"errcode":"M_UNRECOGNIZED"}"#);
        let mut endpoint = SummaryEndpoint::FIRST;
        let mut tried = vec![endpoint];
        loop {
            match next_step(endpoint, &unknown) {
                NextStep::TryNext(next) => {
                    tried.push(next);
                    endpoint = next;
                }
                NextStep::NoEndpoint => break,
                NextStep::Keep(_) => panic!("an unknown endpoint must not be kept"),
            }
        }
        assert_eq!(
            tried,
            [
                SummaryEndpoint::Stable,
                SummaryEndpoint::Unstable,
                SummaryEndpoint::UnstableRooms
            ]
        );
    }

    #[test]
    fn any_other_reply_settles_the_path() {
        for reply in [
            classify(200, r#"{"num_joined_members":3}"#),
            classify(404, r#"{"errcode":"M_NOT_FOUND"}"#),
            classify(429, r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":10}"#),
            SummaryReply::Failed(Failure::Status(500)),
        ] {
            assert_eq!(
                next_step(SummaryEndpoint::Unstable, &reply),
                NextStep::Keep(SummaryEndpoint::Unstable)
            );
        }
    }
}
