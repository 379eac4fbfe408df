//! What a room's answers mean for the site's visitors, in words a
//! maintainer can act on. The configurator asks what a visitor's browser
//! asks — the room summary, anonymously — and, when the server will not
//! describe the room, the room directory, which tells a room that exists
//! but is closed to visitors from an alias that names nothing.

use crate::matrix::{Failure, SummaryReply};

/// The configurator's word on one room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Not answered yet.
    Checking,
    /// Visitors see it, with this member count.
    Public {
        /// The joined members now.
        members: u64,
    },
    /// The room exists, but the server will not describe it to an
    /// anonymous visitor (restricted, invite-only, private): only a
    /// snapshot, made with a member's token, can show it.
    Refused,
    /// No room has this alias.
    UnknownAlias,
    /// No answer: the server is down, the address is wrong, or it does not
    /// allow pages of other sites to ask (CORS).
    Unreachable,
    /// The server asked to slow down; try again later.
    RateLimited,
    /// An answer that is not a room summary (an HTTP status, a proxy's page).
    Failed,
}

/// What the room directory said about an alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectoryAnswer {
    /// The alias names a room (200).
    Found,
    /// It names none (404).
    NotFound,
    /// Anything else, or no answer.
    Failed,
}

impl DirectoryAnswer {
    /// The answer an HTTP status gives.
    pub fn of_status(status: u16) -> DirectoryAnswer {
        match status {
            200..=299 => DirectoryAnswer::Found,
            404 => DirectoryAnswer::NotFound,
            _ => DirectoryAnswer::Failed,
        }
    }
}

impl Verdict {
    /// The verdict a summary answer gives; `None` when the server would not
    /// describe the room and the directory must tell why
    /// ([`Verdict::of_directory`]).
    pub fn of_summary(reply: &SummaryReply) -> Option<Verdict> {
        Some(match reply {
            SummaryReply::Summary(summary) => Verdict::Public {
                members: summary.num_joined_members,
            },
            SummaryReply::NotPublic => return None,
            SummaryReply::RateLimited { .. } => Verdict::RateLimited,
            SummaryReply::Failed(Failure::Network | Failure::Timeout) => Verdict::Unreachable,
            SummaryReply::Failed(_) => Verdict::Failed,
        })
    }

    /// The verdict for a room the server would not describe. A directory
    /// that does not answer leaves it at "refused": that is what visitors
    /// get either way.
    pub fn of_directory(answer: DirectoryAnswer) -> Verdict {
        match answer {
            DirectoryAnswer::NotFound => Verdict::UnknownAlias,
            DirectoryAnswer::Found | DirectoryAnswer::Failed => Verdict::Refused,
        }
    }

    /// Its name for the page's markup (`data-verdict`), for tests and
    /// styles.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Checking => "checking",
            Verdict::Public { .. } => "public",
            Verdict::Refused => "refused",
            Verdict::UnknownAlias => "unknown-alias",
            Verdict::Unreachable => "unreachable",
            Verdict::RateLimited => "rate-limited",
            Verdict::Failed => "failed",
        }
    }

    /// Whether a snapshot is the way to show this room.
    pub fn needs_snapshot(self) -> bool {
        self == Verdict::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::RoomSummary;

    #[test]
    fn each_answer_has_its_verdict() {
        let summary = RoomSummary {
            room_id: None,
            num_joined_members: 7,
            name: None,
            topic: None,
            canonical_alias: None,
            room_type: None,
            join_rule: None,
        };
        assert_eq!(
            Verdict::of_summary(&SummaryReply::Summary(summary)),
            Some(Verdict::Public { members: 7 })
        );
        assert_eq!(Verdict::of_summary(&SummaryReply::NotPublic), None);
        assert_eq!(
            Verdict::of_summary(&SummaryReply::Failed(Failure::Network)),
            Some(Verdict::Unreachable)
        );
        assert_eq!(
            Verdict::of_summary(&SummaryReply::Failed(Failure::Timeout)),
            Some(Verdict::Unreachable)
        );
        assert_eq!(
            Verdict::of_summary(&SummaryReply::Failed(Failure::Status(502))),
            Some(Verdict::Failed)
        );
        assert_eq!(
            Verdict::of_summary(&SummaryReply::RateLimited {
                retry_after_ms: None
            }),
            Some(Verdict::RateLimited)
        );
        assert_eq!(
            Verdict::of_directory(DirectoryAnswer::of_status(200)),
            Verdict::Refused
        );
        assert_eq!(
            Verdict::of_directory(DirectoryAnswer::of_status(404)),
            Verdict::UnknownAlias
        );
        assert_eq!(
            Verdict::of_directory(DirectoryAnswer::of_status(500)),
            Verdict::Refused
        );
    }
}
