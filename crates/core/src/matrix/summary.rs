//! The room summary: `GET /_matrix/client/v1/room_summary/{roomIdOrAlias}`
//! (Matrix 1.15, MSC3266), the one endpoint that tells an anonymous visitor
//! how many people are in a room.
//!
//! Authentication is optional: a server may answer without a token for rooms
//! that are public, knockable or world-readable, and refuses the rest (404
//! `M_NOT_FOUND` from Synapse, 403 `M_FORBIDDEN` from conduit's heirs).
//! See <https://spec.matrix.org/v1.15/client-server-api/#get_matrixclientv1room_summaryroomidoralias>.

use serde::{Deserialize, Serialize};

use crate::wire::{safe_integer, Codec, ReadError};

/// The fields of a room summary the widget shows. Unknown fields are ignored,
/// as the spec demands; the cache entry keeps it in the same shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoomSummary {
    /// The room's ID, `!…`.
    pub room_id: Option<String>,
    /// How many users are joined, bots included.
    pub num_joined_members: u64,
    /// The room's name, if it has one.
    pub name: Option<String>,
    /// The room's topic, if it has one.
    pub topic: Option<String>,
    /// The room's canonical alias, if it has one.
    pub canonical_alias: Option<String>,
    /// `m.space` for a space; absent for an ordinary room.
    pub room_type: Option<String>,
    /// The join rule; absent means `public`.
    pub join_rule: Option<String>,
}

/// A room summary as it comes: every field may be absent or null, but not
/// of another type.
#[derive(Deserialize)]
pub(crate) struct SummaryWire {
    room_id: Option<String>,
    num_joined_members: Option<u64>,
    name: Option<String>,
    topic: Option<String>,
    canonical_alias: Option<String>,
    room_type: Option<String>,
    join_rule: Option<String>,
}

impl TryFrom<SummaryWire> for RoomSummary {
    type Error = ReadError;

    /// `num_joined_members` must be there, and a number a browser reads
    /// exactly.
    fn try_from(wire: SummaryWire) -> Result<RoomSummary, ReadError> {
        const COUNT: &str = "num_joined_members";
        let count = crate::wire::required(wire.num_joined_members, COUNT)?;
        Ok(RoomSummary {
            room_id: wire.room_id,
            num_joined_members: safe_integer(count, COUNT)?,
            name: wire.name,
            topic: wire.topic,
            canonical_alias: wire.canonical_alias,
            room_type: wire.room_type,
            join_rule: wire.join_rule,
        })
    }
}

impl RoomSummary {
    /// Reads a summary from a response's body.
    pub fn parse<J: Codec>(body: &str) -> Result<RoomSummary, ReadError> {
        RoomSummary::try_from(J::read::<SummaryWire>(body)?)
    }

    /// Whether the room is a space rather than a chat room.
    pub fn is_space(&self) -> bool {
        self.room_type.as_deref() == Some("m.space")
    }
}

/// The standard error body, `{"errcode": "...", "error": "..."}`, with the
/// rate limiter's `retry_after_ms`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ErrorBody {
    /// The machine-readable code, e.g. `M_NOT_FOUND`.
    pub errcode: Option<String>,
    /// The human-readable message.
    pub error: Option<String>,
    /// How long the server asks to wait before the next request.
    pub retry_after_ms: Option<u64>,
}

impl ErrorBody {
    /// Parses an error body from text; `None` when it is not one.
    pub fn parse<J: Codec>(body: &str) -> Option<ErrorBody> {
        J::read(body).ok()
    }
}

/// What one summary response means for the widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryReply {
    /// The server described the room.
    Summary(RoomSummary),
    /// The server will not describe this room to an anonymous visitor (or
    /// the room does not exist: Synapse answers both alike).
    NotPublic,
    /// 429: wait, for `retry_after_ms` when the body says so.
    RateLimited {
        /// From the JSON body; the `Retry-After` header is unreadable
        /// cross-origin.
        retry_after_ms: Option<u64>,
    },
    /// Anything else: a server error, a proxy's page, a body of the wrong
    /// shape.
    Failed(Failure),
}

/// Why a request failed, in words a maintainer can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// An HTTP status the widget does not expect.
    Status(u16),
    /// A 2xx answer whose body is not a room summary.
    BadBody,
    /// No answer: the network, CORS, DNS, or the server is down.
    Network,
    /// No answer within the time limit.
    Timeout,
    /// A body larger than the widget reads.
    TooLarge,
    /// A file of the site's own that a redirect fetched from elsewhere.
    Elsewhere,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status(code) => write!(f, "the homeserver answered HTTP {code}"),
            Failure::BadBody => f.write_str("the homeserver's answer is not a room summary"),
            Failure::Network => f.write_str("the homeserver could not be reached"),
            Failure::Timeout => f.write_str("the homeserver did not answer in time"),
            Failure::TooLarge => f.write_str("the homeserver's answer is too large"),
            Failure::Elsewhere => f.write_str("the answer came from another site"),
        }
    }
}

/// Reads a response on one summary path from its status code and body
/// text; `None` when the server does not know the path (then the next one
/// is due: see [`super::endpoint::SummaryWalk`]).
pub fn classify<J: Codec>(status: u16, body: &str) -> Option<SummaryReply> {
    if (200..300).contains(&status) {
        return Some(match RoomSummary::parse::<J>(body) {
            Ok(summary) => SummaryReply::Summary(summary),
            Err(_) => SummaryReply::Failed(Failure::BadBody),
        });
    }
    let error = ErrorBody::parse::<J>(body);
    let errcode = error.as_ref().and_then(|e| e.errcode.as_deref());
    Some(match (status, errcode) {
        (400 | 404 | 405, Some("M_UNRECOGNIZED")) => return None,
        // A bare 404 page comes from a server or proxy with no such route.
        (404, None) if error.is_none() => return None,
        (429, _) => SummaryReply::RateLimited {
            retry_after_ms: error.and_then(|e| e.retry_after_ms),
        },
        (401 | 403 | 404, _) => SummaryReply::NotPublic,
        _ => SummaryReply::Failed(Failure::Status(status)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response on a path the server knows.
    fn classify(status: u16, body: &str) -> SummaryReply {
        super::classify::<crate::wire::SerdeJson>(status, body).expect("a known path")
    }

    #[test]
    fn reads_synapses_answer_and_ignores_unknown_fields() {
        let body = r##"{"room_id":"!KKl1:localhost","room_version":"12","name":"deRSE-general",
            "topic":"General","canonical_alias":"#de-rse.org-general:localhost",
            "num_joined_members":3,"world_readable":false,"guest_can_join":false,
            "join_rule":"public","im.nheko.summary.encryption":"m.megolm.v1","future_field":{"x":[1]}}"##;
        let SummaryReply::Summary(summary) = classify(200, body) else {
            panic!("not a summary");
        };
        assert_eq!(summary.num_joined_members, 3);
        assert_eq!(summary.name.as_deref(), Some("deRSE-general"));
        assert_eq!(summary.topic.as_deref(), Some("General"));
        assert!(!summary.is_space());
    }

    #[test]
    fn missing_optional_fields_are_none() {
        let SummaryReply::Summary(summary) = classify(
            200,
            r#"{"num_joined_members":0,"room_type":"m.space","name":null}"#,
        ) else {
            panic!("not a summary");
        };
        assert_eq!(summary.name, None);
        assert_eq!(summary.topic, None);
        assert_eq!(summary.join_rule, None);
        assert!(summary.is_space());
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_a_failure() {
        for body in [
            "",
            "<html>ok</html>",
            "{}",
            r#"{"num_joined_members":"12"}"#,
            r#"{"num_joined_members":-1}"#,
            r#"{"num_joined_members":1,"name":{"evil":true}}"#,
            r#"[1,2,3]"#,
            r#"{"num_joined_members":1"#,
        ] {
            assert_eq!(
                classify(200, body),
                SummaryReply::Failed(Failure::BadBody),
                "{body}"
            );
        }
    }

    #[test]
    fn a_refused_summary_names_the_field_and_the_rule() {
        use crate::wire::{ReadError, Rule, SerdeJson};
        let read = RoomSummary::parse::<SerdeJson>;
        assert_eq!(
            read(r#"{"name":"x"}"#),
            Err(ReadError::field("num_joined_members", Rule::Missing))
        );
        assert_eq!(
            read(r#"{"num_joined_members":9007199254740993}"#),
            Err(ReadError::field(
                "num_joined_members",
                Rule::AboveSafeInteger
            ))
        );
        assert_eq!(read(r#"{"num_joined_members":3.5}"#), Err(ReadError::Shape));
        assert_eq!(read("<html>"), Err(ReadError::NotJson));
    }

    #[test]
    fn unknown_endpoints_are_recognised() {
        let unrecognized = r#"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#;
        let unknown = |status, body| super::classify::<crate::wire::SerdeJson>(status, body);
        assert_eq!(unknown(404, unrecognized), None);
        assert_eq!(unknown(400, unrecognized), None);
        assert_eq!(unknown(404, "<html>Not Found</html>"), None);
        assert_eq!(unknown(404, ""), None);
    }

    #[test]
    fn refusals_mean_not_public() {
        assert_eq!(
            classify(404, r#"{"errcode":"M_NOT_FOUND","error":"Room not found"}"#),
            SummaryReply::NotPublic
        );
        assert_eq!(
            classify(403, r#"{"errcode":"M_FORBIDDEN"}"#),
            SummaryReply::NotPublic
        );
        assert_eq!(classify(403, "Forbidden"), SummaryReply::NotPublic);
        assert_eq!(
            classify(401, r#"{"errcode":"M_MISSING_TOKEN"}"#),
            SummaryReply::NotPublic
        );
    }

    #[test]
    fn rate_limits_carry_retry_after_ms_when_the_body_has_it() {
        assert_eq!(
            classify(
                429,
                r#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2500}"#
            ),
            SummaryReply::RateLimited {
                retry_after_ms: Some(2500)
            }
        );
        assert_eq!(
            classify(429, "<html>Too Many Requests</html>"),
            SummaryReply::RateLimited {
                retry_after_ms: None
            }
        );
    }

    #[test]
    fn other_statuses_fail() {
        assert_eq!(
            classify(500, r#"{"errcode":"M_UNKNOWN"}"#),
            SummaryReply::Failed(Failure::Status(500))
        );
        assert_eq!(
            classify(502, "Bad Gateway"),
            SummaryReply::Failed(Failure::Status(502))
        );
        assert_eq!(
            classify(400, r#"{"errcode":"M_INVALID_PARAM"}"#),
            SummaryReply::Failed(Failure::Status(400))
        );
    }
}
