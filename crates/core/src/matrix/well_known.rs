//! Homeserver discovery: from a server name to the client API's base URL.
//!
//! See <https://spec.matrix.org/v1.15/client-server-api/#well-known-uris>.

use serde::Deserialize;

use crate::wire::Codec;

/// Where to ask for `server_name`'s discovery document.
pub fn well_known_url(server_name: &str) -> String {
    format!("https://{server_name}/.well-known/matrix/client")
}

/// Where a server name on this machine (see [`is_loopback`]) may also
/// serve its discovery document: over plain http, as a local test or
/// development server without a certificate does. `None` for any other
/// server name, whose document is only ever read over https.
pub fn loopback_well_known_url(server_name: &str) -> Option<String> {
    is_loopback(server_name).then(|| format!("http://{server_name}/.well-known/matrix/client"))
}

/// Whether `authority` — a server name, or a URL's host with or without a
/// port — names this machine: `localhost`, an IPv4 address in 127.0.0.0/8
/// or `[::1]`. Read strictly: a name that only begins like one
/// (`127.0.0.1.example.org`, `localhost.example.org`) or holds user
/// information (`127.0.0.1@example.org`) does not count.
pub fn is_loopback(authority: &str) -> bool {
    let port_ok = |port: Option<&str>| {
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(rest) = authority.strip_prefix('[') {
        let Some((address, after)) = rest.split_once(']') else {
            return false;
        };
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return false,
            },
        };
        return address == "::1" && port_ok(port);
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if !port_ok(port) {
        return false;
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u8>().is_ok()
        })
}

/// Whether a bot's access token may be sent to `base_url`: over https, or
/// over plain http only to this machine ([`is_loopback`]), where nothing
/// crosses a network. Anything else would hand the token, unencrypted, to
/// every network in between.
pub fn may_carry_token(base_url: &str) -> bool {
    if let Some(rest) = base_url.strip_prefix("https://") {
        return !rest.split('/').next().unwrap_or_default().is_empty();
    }
    base_url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .is_some_and(is_loopback)
}

/// The base URL to use when discovery fails: the server name itself.
pub fn fallback_base_url(server_name: &str) -> String {
    format!("https://{server_name}")
}

/// Reads `m.homeserver.base_url` from a discovery document; `None` when the
/// document is unusable, in which case the fallback applies.
pub fn parse_client_well_known<J: Codec>(body: &str) -> Option<String> {
    let document = J::read::<ClientWellKnown>(body).ok()?;
    normalize_base_url(&document.homeserver?.base_url?)
}

/// `/.well-known/matrix/client`, the part of it discovery reads.
#[derive(Deserialize)]
struct ClientWellKnown {
    #[serde(rename = "m.homeserver")]
    homeserver: Option<HomeserverInfo>,
}

/// `m.homeserver`.
#[derive(Deserialize)]
struct HomeserverInfo {
    base_url: Option<String>,
}

/// Checks that `url` is an http(s) URL with a host and strips the trailing
/// slash, so paths can be appended. Anything else — `javascript:`, a relative
/// path, white space inside — is refused.
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || url.contains(['?', '#'])
    {
        return None;
    }
    Some(url.trim_end_matches('/').to_owned())
}

/// What one discovery request came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovered {
    /// The base URL to use now.
    pub base_url: String,
    /// Whether it is the server's own answer — its document, or a 4xx that
    /// says it has none — and so worth remembering. A failure (no answer in
    /// time, a 5xx, a 408 or 429, a refused connection) gives the fallback
    /// for the round it came in, and discovery is asked again in a later
    /// round (see [`Discovered::is_current`]): a server that was down once
    /// must not be bypassed for the page's life.
    pub answered: bool,
}

impl Discovered {
    /// Whether a lookup started at `asked_at_ms` still holds at `now_ms`:
    /// an answer always; a failure for one refresh interval, so that every
    /// room of the round shares it (asking again for each batch of rooms
    /// would cost a hanging server's time-out per batch) and the next round
    /// asks again.
    pub fn is_current(&self, asked_at_ms: f64, now_ms: f64, interval_ms: u64) -> bool {
        self.answered || now_ms - asked_at_ms < interval_ms as f64
    }
}

/// Reads a discovery response for `server_name`: its status and body, or
/// `None` when the request got no answer.
pub fn discovered<J: Codec>(server_name: &str, response: Option<(u16, &str)>) -> Discovered {
    let (base_url, answered) = match response {
        Some((200..=299, body)) => (parse_client_well_known::<J>(body), true),
        // A time-out or a rate limit on the way is no answer about the
        // document.
        Some((408 | 429, _)) => (None, false),
        Some((400..=499, _)) => (None, true),
        Some(_) | None => (None, false),
    };
    Discovered {
        base_url: base_url.unwrap_or_else(|| fallback_base_url(server_name)),
        answered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_remembered_and_failures_asked_again() {
        type Value = crate::wire::SerdeJson;
        let document = r#"{"m.homeserver":{"base_url":"https://matrix-client.matrix.org"}}"#;
        let found = |response| discovered::<Value>("matrix.org", response);
        assert_eq!(
            found(Some((200, document))),
            Discovered {
                base_url: "https://matrix-client.matrix.org".into(),
                answered: true
            }
        );
        let fallback = "https://matrix.org".to_owned();
        for answer in [Some((200, "<html>")), Some((404, "Not Found"))] {
            assert_eq!(
                found(answer),
                Discovered {
                    base_url: fallback.clone(),
                    answered: true
                }
            );
        }
        for failure in [
            None,
            Some((500, "")),
            Some((502, "Bad Gateway")),
            Some((0, "")),
            Some((408, "")),
            Some((429, "")),
        ] {
            assert_eq!(
                found(failure),
                Discovered {
                    base_url: fallback.clone(),
                    answered: false
                }
            );
        }
        // A failure is shared for one interval, then asked again; an answer holds.
        let failed = found(None);
        assert!(failed.is_current(1_000.0, 30_999.0, 30_000));
        assert!(!failed.is_current(1_000.0, 31_000.0, 30_000));
        assert!(found(Some((200, document))).is_current(1_000.0, 1e12, 30_000));
    }

    #[test]
    fn reads_matrix_orgs_document() {
        let body = r#"{"m.homeserver":{"base_url":"https://matrix-client.matrix.org"},
                      "m.identity_server":{"base_url":"https://vector.im"},"org.matrix.msc3575.proxy":{}}"#;
        assert_eq!(
            parse_client_well_known::<crate::wire::SerdeJson>(body).as_deref(),
            Some("https://matrix-client.matrix.org")
        );
        assert_eq!(
            well_known_url("matrix.org"),
            "https://matrix.org/.well-known/matrix/client"
        );
    }

    #[test]
    fn unusable_documents_give_none() {
        for body in [
            "",
            "{}",
            "<html/>",
            r#"{"m.homeserver":{}}"#,
            r#"{"m.homeserver":{"base_url":"javascript:alert(1)"}}"#,
            r#"{"m.homeserver":{"base_url":"/relative"}}"#,
            r#"{"m.homeserver":{"base_url":"https://"}}"#,
        ] {
            assert_eq!(
                parse_client_well_known::<crate::wire::SerdeJson>(body),
                None,
                "{body}"
            );
        }
    }

    #[test]
    fn only_this_machine_is_loopback() {
        for yes in [
            "localhost",
            "LocalHost:8008",
            "127.0.0.1",
            "127.0.0.1:8448",
            "127.255.3.4",
            "[::1]",
            "[::1]:8008",
        ] {
            assert!(is_loopback(yes), "{yes}");
        }
        for no in [
            "",
            "example.org",
            "128.0.0.1",
            "127.0.0.1.example.org",
            "localhost.example.org",
            "127.0.0.1@example.org",
            "localhost:80@example.org",
            "127.0.0.256",
            "127.0.0",
            "127.0.0.+1",
            "127.0.0.1:",
            "127.0.0.1:80:80",
            "127.0.0.1:http",
            "[::2]",
            "[::1]x",
            "[::1",
            "0x7f.0.0.1",
        ] {
            assert!(!is_loopback(no), "{no}");
        }
        assert_eq!(
            loopback_well_known_url("127.0.0.1:8008").as_deref(),
            Some("http://127.0.0.1:8008/.well-known/matrix/client")
        );
        assert_eq!(loopback_well_known_url("matrix.org"), None);
    }

    #[test]
    fn a_token_goes_over_https_or_stays_on_this_machine() {
        for yes in [
            "https://matrix-client.matrix.org",
            "https://example.org:8448/matrix",
            "http://127.0.0.1:8008",
            "http://localhost:8008/base",
            "http://[::1]:8008",
        ] {
            assert!(may_carry_token(yes), "{yes}");
        }
        for no in [
            "http://matrix.org",
            "http://127.0.0.1.example.org",
            "http://127.0.0.1:8008@example.org",
            "http://10.0.0.1:8008",
            "https://",
            "ftp://127.0.0.1",
            "",
        ] {
            assert!(!may_carry_token(no), "{no}");
        }
    }

    #[test]
    fn base_urls_lose_their_trailing_slash() {
        assert_eq!(
            normalize_base_url(" http://127.0.0.1:8008/ ").as_deref(),
            Some("http://127.0.0.1:8008")
        );
        assert_eq!(
            normalize_base_url("https://example.org/matrix/").as_deref(),
            Some("https://example.org/matrix")
        );
        assert_eq!(normalize_base_url("https://exa mple.org"), None);
        assert_eq!(normalize_base_url("https://example.org/?x"), None);
        assert_eq!(fallback_base_url("example.org"), "https://example.org");
    }
}
