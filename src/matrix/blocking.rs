//! The snapshot tool's requests: the same Matrix endpoints the widget uses,
//! plus the ones only an account may call (`whoami`, the hierarchy,
//! authenticated media), from a native program with a blocking client.
//!
//! The access token goes into the `Authorization` header and nowhere else:
//! no error, log line or file ever holds it.

use std::time::Duration;

use super::endpoint::{next_step, NextStep, SummaryEndpoint};
use super::hierarchy::HierarchyPage;
use super::media::MediaId;
use super::summary::{classify, ErrorBody, SummaryReply};
use super::well_known::{fallback_base_url, parse_client_well_known, well_known_url};
use super::RoomAlias;

/// The largest JSON answer read, in bytes: a hierarchy page of 50 rooms
/// with long topics stays far below it.
pub const MAX_JSON_BYTES: u64 = 4 * 1024 * 1024;
/// The largest avatar thumbnail kept, in bytes.
pub const MAX_AVATAR_BYTES: u64 = 512 * 1024;
/// How often a request the server rate-limits (429) is tried in all.
const ATTEMPTS: u32 = 4;
/// The longest wait after a 429 the tool accepts before trying again.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// Why a request got no usable answer, in words for the maintainer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// No HTTP answer: DNS, refused connection, TLS, time-out.
    Unreachable(String),
    /// An answer larger than the tool reads.
    TooLarge,
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Unreachable(why) => write!(f, "could not be reached ({why})"),
            RequestError::TooLarge => f.write_str("sent an answer too large to read"),
        }
    }
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as text (lossy: a JSON parser refuses what was not UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The Matrix error code of a non-2xx answer, if the body has one.
    pub fn errcode(&self) -> Option<String> {
        ErrorBody::parse(&self.text()).and_then(|e| e.errcode)
    }

    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A homeserver, with the bot's token when there is one.
pub struct Homeserver {
    agent: ureq::Agent,
    /// The client API base URL, without a trailing slash.
    pub base_url: String,
    token: Option<String>,
}

impl Homeserver {
    /// A client for `base_url` whose requests give up after `timeout`.
    pub fn new(base_url: String, token: Option<String>, timeout: Duration) -> Homeserver {
        Homeserver {
            agent: agent(timeout),
            base_url,
            token,
        }
    }

    /// Whether requests carry a token.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The base URL for a server name: from its `.well-known/matrix/client`,
    /// else the server name itself, as the spec's discovery says.
    pub fn discover(server_name: &str, timeout: Duration) -> String {
        let agent = agent(timeout);
        let document = agent
            .get(well_known_url(server_name))
            .call()
            .ok()
            .filter(|r| r.status().is_success())
            .and_then(|mut r| {
                r.body_mut()
                    .with_config()
                    .limit(64 * 1024)
                    .read_to_string()
                    .ok()
            });
        document
            .as_deref()
            .and_then(parse_client_well_known)
            .unwrap_or_else(|| fallback_base_url(server_name))
    }

    /// `GET path` with the token, if any; waits and tries again when the
    /// server answers 429, as long as it asks for a reasonable wait.
    pub fn get(&self, path: &str, limit: u64) -> Result<Reply, RequestError> {
        let url = format!("{}{path}", self.base_url);
        let mut attempt = 1;
        loop {
            let mut request = self.agent.get(&url);
            if let Some(token) = &self.token {
                request = request.header("Authorization", &format!("Bearer {token}"));
            }
            let mut response = request
                .call()
                .map_err(|e| RequestError::Unreachable(transport_error(&e)))?;
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response
                .body_mut()
                .with_config()
                .limit(limit)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => RequestError::TooLarge,
                    other => RequestError::Unreachable(transport_error(&other)),
                })?;
            let reply = Reply {
                status,
                content_type,
                body,
            };
            if status != 429 || attempt >= ATTEMPTS {
                return Ok(reply);
            }
            let wait = ErrorBody::parse(&reply.text())
                .and_then(|e| e.retry_after_ms)
                .map_or(Duration::from_secs(1), Duration::from_millis);
            if wait > MAX_RETRY_WAIT {
                return Ok(reply);
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// `GET /account/whoami`: who the token belongs to.
    pub fn whoami(&self) -> Result<Reply, RequestError> {
        self.get("/_matrix/client/v3/account/whoami", MAX_JSON_BYTES)
    }

    /// `GET /directory/room/{alias}`: the room an alias names.
    pub fn resolve_alias(&self, alias: &RoomAlias) -> Result<Reply, RequestError> {
        self.get(
            &format!(
                "/_matrix/client/v3/directory/room/{}",
                alias.to_path_segment()
            ),
            MAX_JSON_BYTES,
        )
    }

    /// One page of a space's hierarchy.
    pub fn hierarchy_page(
        &self,
        room_id: &str,
        max_depth: u32,
        from: Option<&str>,
    ) -> Result<Reply, RequestError> {
        let mut path = format!(
            "/_matrix/client/v1/rooms/{}/hierarchy?max_depth={max_depth}&limit=50",
            encode(room_id)
        );
        if let Some(from) = from {
            path.push_str("&from=");
            path.push_str(&encode(from));
        }
        self.get(&path, MAX_JSON_BYTES)
    }

    /// The room summary, trying the older paths on servers that do not
    /// know the stable one.
    pub fn room_summary(&self, alias: &RoomAlias) -> Result<SummaryReply, RequestError> {
        let mut endpoint = SummaryEndpoint::FIRST;
        loop {
            let reply = self.get(&endpoint.path(alias), MAX_JSON_BYTES)?;
            let summary = classify(reply.status, &reply.text());
            match next_step(endpoint, &summary) {
                NextStep::Keep(_) => return Ok(summary),
                NextStep::TryNext(next) => endpoint = next,
                NextStep::NoEndpoint => return Ok(SummaryReply::UnknownEndpoint),
            }
        }
    }

    /// A small thumbnail of a room's avatar.
    pub fn thumbnail(&self, media: &MediaId) -> Result<Reply, RequestError> {
        self.get(&media.thumbnail_path(), MAX_AVATAR_BYTES)
    }
}

/// Parses a page of the hierarchy.
pub fn parse_hierarchy_page(reply: &Reply) -> Option<HierarchyPage> {
    crate::json::from_str(&reply.text())
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("matrix-channels/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// A transport error in words, without the URL's query (which could hold
/// a pagination token) and never with a header.
fn transport_error(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        ureq::Error::Io(e) => e.to_string(),
        ureq::Error::HostNotFound => "host not found".to_owned(),
        ureq::Error::ConnectionFailed => "connection failed".to_owned(),
        other => other.to_string(),
    }
}

/// A path segment: room IDs hold `!` and `:`, tokens anything.
fn encode(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, percent_encoding::NON_ALPHANUMERIC).to_string()
}
