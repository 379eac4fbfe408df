//! The snapshot tool's requests: the same Matrix endpoints the widget uses,
//! plus the ones only an account may call (`whoami`, the hierarchy,
//! authenticated media), from a native program with a blocking client.
//!
//! Every method hands back a typed answer — an [`Access`] that says whether
//! the server granted, forbade or did not know it, or the value itself —
//! so the rest of the tool never reads a status code or a body.
//!
//! The access token goes into the `Authorization` header and nowhere else:
//! no error, log line or file ever holds it. It goes only to the base URL
//! the maintainer named (`--homeserver`, checked by `run`), and so a client
//! with a token follows no redirect and, over plain http (loopback only),
//! uses no proxy.

use std::time::Duration;

use matrix_channels_core::activity::MessagesPage;
use matrix_channels_core::matrix::endpoint::SummaryWalk;
use matrix_channels_core::matrix::hierarchy::{HierarchyPage, HierarchyRoom};
use matrix_channels_core::matrix::media::MediaId;
use matrix_channels_core::matrix::summary::ErrorBody;
use matrix_channels_core::matrix::well_known::{
    fallback_base_url, loopback_well_known_url, parse_client_well_known, well_known_url,
};
use matrix_channels_core::matrix::{RoomAlias, SummaryReply};
use matrix_channels_core::wire::{Codec, ReadError, SerdeJson};
use serde::Deserialize;
use ureq::config::RedirectAuthHeaders;

/// The largest JSON answer read, in bytes: a hierarchy page of 50 rooms
/// with long topics stays far below it.
pub const MAX_JSON_BYTES: u64 = 4 * 1024 * 1024;
/// The largest `/messages` page read, in bytes: events come with their
/// content, and a page of 100 long messages may pass `MAX_JSON_BYTES`.
pub const MAX_MESSAGES_BYTES: u64 = 16 * 1024 * 1024;
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
    /// An HTTP status the tool does not expect, with the Matrix error code
    /// if the body has one.
    Unexpected {
        /// The status code.
        status: u16,
        /// The body's `errcode`.
        errcode: Option<String>,
    },
    /// A 2xx answer whose body is not in the expected shape, and why.
    BadBody(ReadError),
    /// A redirect, which a request with the token does not follow: the
    /// token goes to the homeserver named and nowhere else.
    Redirected {
        /// The status code.
        status: u16,
        /// Where it pointed, as the server said.
        location: Option<String>,
    },
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Unreachable(why) => write!(f, "could not be reached ({why})"),
            RequestError::TooLarge => f.write_str("sent an answer too large to read"),
            RequestError::Unexpected { status, errcode } => {
                write!(f, "answered HTTP {status}")?;
                match errcode {
                    // The server's own words: cleaned for the log.
                    Some(code) => write!(f, " {}", crate::output::quote(code)),
                    None => Ok(()),
                }
            }
            RequestError::BadBody(why) => write!(f, "sent an answer of the wrong shape ({why})"),
            RequestError::Redirected { status, location } => {
                write!(f, "answered with a redirect (HTTP {status}")?;
                if let Some(location) = location {
                    // The server's own words: cleaned for the log.
                    write!(f, " to {}", crate::output::quote(location))?;
                }
                f.write_str("), which is not followed with the access token: pass the homeserver's own address as --homeserver")
            }
        }
    }
}

/// The alias directory's answer, `GET /directory/room/{alias}`: the part
/// the tool reads.
#[derive(Deserialize)]
struct DirectoryAnswer {
    room_id: String,
}

/// What the server said to a request an account makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access<T> {
    /// It answered.
    Granted(T),
    /// 401 or 403: the token, or the account, may not.
    Forbidden,
    /// 404: there is no such thing.
    NotFound,
}

/// A space's rooms as the hierarchy lists them, every page read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hierarchy {
    /// The rooms of all pages, the space itself first.
    pub rooms: Vec<HierarchyRoom>,
    /// How many pages were read.
    pub pages: usize,
    /// Whether reading stopped at the page limit with pages left.
    pub truncated: bool,
}

/// An avatar thumbnail as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The image's bytes.
    pub bytes: Vec<u8>,
}

/// An HTTP answer.
#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    content_type: Option<String>,
    location: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    /// The body as text (lossy: a JSON parser refuses what was not UTF-8).
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The answer as an [`Access`]: `read` turns a 2xx body into the value.
    fn access<T>(
        &self,
        read: impl FnOnce(&str) -> Result<T, ReadError>,
    ) -> Result<Access<T>, RequestError> {
        match self.status {
            200..=299 => read(&self.text())
                .map(Access::Granted)
                .map_err(RequestError::BadBody),
            401 | 403 => Ok(Access::Forbidden),
            404 => Ok(Access::NotFound),
            _ => Err(self.unexpected()),
        }
    }

    fn unexpected(&self) -> RequestError {
        if (300..400).contains(&self.status) {
            return RequestError::Redirected {
                status: self.status,
                location: self.location.clone(),
            };
        }
        RequestError::Unexpected {
            status: self.status,
            errcode: ErrorBody::parse::<SerdeJson>(&self.text()).and_then(|e| e.errcode),
        }
    }
}

/// What discovery found for a server name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundBaseUrl {
    /// The client API base URL.
    pub base_url: String,
    /// Whether it came from the server name's `.well-known` (else it is the
    /// server name itself).
    pub through_well_known: bool,
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
    /// With a token it follows no redirect, and over plain http it uses no
    /// proxy (ureq takes one from the environment for every scheme): the
    /// token reaches `base_url` and nothing else. The caller has checked
    /// that `base_url` may carry it (`well_known::may_carry_token`).
    pub fn new(base_url: String, token: Option<String>, timeout: Duration) -> Homeserver {
        let agent = match token {
            None => agent(timeout),
            Some(_) => {
                let mut config = agent_config(timeout)
                    .max_redirects(0)
                    .redirect_auth_headers(RedirectAuthHeaders::Never);
                if base_url.starts_with("http://") {
                    config = config.proxy(None);
                }
                config.build().into()
            }
        };
        Homeserver {
            agent,
            base_url,
            token,
        }
    }

    /// Whether requests carry a token.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The base URL for a server name: from its `.well-known/matrix/client`,
    /// else the server name itself, as the spec's discovery says. A server
    /// name on this machine may serve its document over plain http too.
    /// Never with a token: the document is public.
    pub fn discover(server_name: &str, timeout: Duration) -> FoundBaseUrl {
        let agent = agent(timeout);
        let read = |url: String| {
            let document = agent
                .get(url)
                .call()
                .ok()
                .filter(|r| r.status().is_success())
                .and_then(|mut r| {
                    r.body_mut()
                        .with_config()
                        .limit(64 * 1024)
                        .read_to_string()
                        .ok()
                })?;
            parse_client_well_known::<SerdeJson>(&document)
        };
        match read(well_known_url(server_name))
            .or_else(|| loopback_well_known_url(server_name).and_then(read))
        {
            Some(base_url) => FoundBaseUrl {
                base_url,
                through_well_known: true,
            },
            None => FoundBaseUrl {
                base_url: fallback_base_url(server_name),
                through_well_known: false,
            },
        }
    }

    /// `GET path` with the token, if any; waits and tries again when the
    /// server answers 429, as long as it asks for a reasonable wait.
    fn get(&self, path: &str, limit: u64) -> Result<Reply, RequestError> {
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
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let (content_type, location) = (header("content-type"), header("location"));
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
                location,
                body,
            };
            if status != 429 || attempt >= ATTEMPTS {
                return Ok(reply);
            }
            let wait = ErrorBody::parse::<SerdeJson>(&reply.text())
                .and_then(|e| e.retry_after_ms)
                .map_or(Duration::from_secs(1), Duration::from_millis);
            if wait > MAX_RETRY_WAIT {
                return Ok(reply);
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// `GET /account/whoami`: whether the server accepts the token.
    pub fn whoami(&self) -> Result<Access<()>, RequestError> {
        self.get("/_matrix/client/v3/account/whoami", MAX_JSON_BYTES)?
            .access(|_| Ok(()))
    }

    /// `GET /directory/room/{alias}`: the ID of the room an alias names.
    pub fn resolve_alias(&self, alias: &RoomAlias) -> Result<Access<String>, RequestError> {
        let path = matrix_channels_core::matrix::endpoint::directory_path(alias);
        self.get(&path, MAX_JSON_BYTES)?
            .access(|body| SerdeJson::read::<DirectoryAnswer>(body).map(|answer| answer.room_id))
    }

    /// Every page of a space's hierarchy, at most `max_pages` of them; a
    /// server that hands out the same page token as the page before is
    /// stopped there (and any other loop, by `max_pages`).
    pub fn hierarchy(
        &self,
        room_id: &str,
        max_depth: u32,
        max_pages: usize,
    ) -> Result<Access<Hierarchy>, RequestError> {
        let mut hierarchy = Hierarchy::default();
        let mut from: Option<String> = None;
        loop {
            let mut path = format!(
                "/_matrix/client/v1/rooms/{}/hierarchy?max_depth={max_depth}&limit=50",
                encode(room_id)
            );
            if let Some(from) = &from {
                path.push_str("&from=");
                path.push_str(&encode(from));
            }
            let page = match self
                .get(&path, MAX_JSON_BYTES)?
                .access(HierarchyPage::parse::<SerdeJson>)?
            {
                Access::Granted(page) => page,
                Access::Forbidden => return Ok(Access::Forbidden),
                Access::NotFound => return Ok(Access::NotFound),
            };
            hierarchy.pages += 1;
            hierarchy.rooms.extend(page.rooms);
            match page.next_batch {
                Some(next) if hierarchy.pages < max_pages && Some(&next) != from.as_ref() => {
                    from = Some(next)
                }
                Some(_) => {
                    hierarchy.truncated = true;
                    break;
                }
                None => break,
            }
        }
        Ok(Access::Granted(hierarchy))
    }

    /// One page of a room's timeline, newest first (`dir=b`), `limit`
    /// events from `from` (the room's newest without). Forbidden when the
    /// bot may not read it: not a member, and history not readable by
    /// anyone.
    pub fn messages(
        &self,
        room_id: &str,
        from: Option<&str>,
        limit: usize,
    ) -> Result<Access<MessagesPage>, RequestError> {
        let mut path = format!(
            "/_matrix/client/v3/rooms/{}/messages?dir=b&limit={limit}",
            encode(room_id)
        );
        if let Some(from) = from {
            path.push_str("&from=");
            path.push_str(&encode(from));
        }
        self.get(&path, MAX_MESSAGES_BYTES)?
            .access(MessagesPage::parse::<SerdeJson>)
    }

    /// The room summary, through the paths the server may know.
    pub fn room_summary(&self, alias: &RoomAlias) -> Result<SummaryReply, RequestError> {
        let mut walk = SummaryWalk::new(None);
        loop {
            let reply = self.get(&walk.path(alias), MAX_JSON_BYTES)?;
            if let Some(summary) = walk.answer::<SerdeJson>(reply.status, &reply.text()) {
                return Ok(summary);
            }
        }
    }

    /// A small thumbnail of a room's avatar.
    pub fn thumbnail(&self, media: &MediaId) -> Result<Thumbnail, RequestError> {
        let reply = self.get(&media.thumbnail_path(), MAX_AVATAR_BYTES)?;
        if !reply.ok() {
            return Err(reply.unexpected());
        }
        Ok(Thumbnail {
            content_type: reply.content_type,
            bytes: reply.body,
        })
    }
}

/// A client without a token: it follows redirects, as discovery and the
/// anonymous summaries may need.
fn agent(timeout: Duration) -> ureq::Agent {
    agent_config(timeout).build().into()
}

fn agent_config(timeout: Duration) -> ureq::config::ConfigBuilder<ureq::typestate::AgentScope> {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("matrix-channels/", env!("CARGO_PKG_VERSION")))
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
