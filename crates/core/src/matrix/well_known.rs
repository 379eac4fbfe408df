//! Homeserver discovery: from a server name to the client API's base URL.
//!
//! See <https://spec.matrix.org/v1.15/client-server-api/#well-known-uris>.

use serde::Deserialize;

use crate::matrix::alias::is_server_name;
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
/// path, white space inside — is refused, and so is every character that
/// could end or extend the places a base URL is written to: a CSP line
/// (`*`, `;`, `,`), an attribute or a Liquid string (quotes, `<`, `>`, `\`,
/// braces, `|`, `` ` ``), and user information before the host (`@`).
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || url.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '?' | '#'
                        | '*'
                        | ';'
                        | ','
                        | '"'
                        | '\''
                        | '<'
                        | '>'
                        | '\\'
                        | '{'
                        | '}'
                        | '|'
                        | '`'
                        | '^'
                )
        })
        || host.contains('@')
    {
        return None;
    }
    Some(url.trim_end_matches('/').to_owned())
}

/// The base URL a visitor's browser may be sent to, or `None`: one rule for
/// what a `.well-known` document, a snapshot or the configurator's form
/// names, and for the configurator's CSP origins. It must pass
/// [`normalize_base_url`], be `https://`, and its host must be a Matrix
/// server name that is no IPv6 literal and no IPv4 literal of a loopback,
/// private, link-local, shared or unspecified range (nor `localhost`; see
/// `is_internal_host`): a stranger's document
/// must not point every visitor's browser into their own network. Only a
/// page itself on this machine (`page_is_local`: a test, a demo) may use
/// this machine, over http too.
pub fn visitor_base_url(url: &str, page_is_local: bool) -> Option<String> {
    let url = normalize_base_url(url)?;
    let (secure, rest) = match url.strip_prefix("https://") {
        Some(rest) => (true, rest),
        None => (false, url.strip_prefix("http://")?),
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if !is_server_name(authority) {
        return None;
    }
    if is_loopback(authority) {
        return page_is_local.then_some(url);
    }
    (secure && !is_internal_host(authority)).then_some(url)
}

/// Whether a server name's host is one a browser would take for an address
/// inside the visitor's own network, or could: any IPv6 literal (a public
/// homeserver with a certificate for one is unheard of, and reading them
/// all is code every visitor downloads), an IPv4 literal in a loopback,
/// private, link-local, shared, multicast or unspecified range, a name
/// under `localhost`, or a host a browser reads as IPv4 though it is no
/// plain dotted quad (`2130706433`, `0x7f.1`, `127.1`).
fn is_internal_host(authority: &str) -> bool {
    if authority.starts_with('[') {
        return true;
    }
    let host = authority.split(':').next().unwrap_or_default();
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    // The URL standard reads a host whose last label is a number as IPv4,
    // in forms beyond the dotted quad: only a plain dotted quad is judged.
    let last = host.rsplit('.').next().unwrap_or_default();
    if !last.bytes().all(|b| b.is_ascii_digit()) && !last.starts_with("0x") {
        return false;
    }
    let mut octets = [0u8; 4];
    let mut parts = host.split('.');
    for octet in &mut octets {
        match parts.next() {
            Some(part)
                if !part.is_empty()
                    && part.len() <= 3
                    && (part == "0" || !part.starts_with('0'))
                    && part.bytes().all(|b| b.is_ascii_digit()) =>
            {
                match part.parse::<u8>() {
                    Ok(value) => *octet = value,
                    Err(_) => return true,
                }
            }
            _ => return true,
        }
    }
    if parts.next().is_some() {
        return true;
    }
    let [a, b, ..] = octets;
    matches!(a, 0 | 10 | 127 | 224..=255)
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
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
/// `None` when the request got no answer. A base URL a visitor's browser
/// may not be sent to ([`visitor_base_url`]; `page_is_local`: the page is
/// on this machine) counts as none: the fallback applies.
pub fn discovered<J: Codec>(
    server_name: &str,
    response: Option<(u16, &str)>,
    page_is_local: bool,
) -> Discovered {
    let (base_url, answered) = match response {
        Some((200..=299, body)) => (
            parse_client_well_known::<J>(body)
                .and_then(|url| visitor_base_url(&url, page_is_local)),
            true,
        ),
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
        let found = |response| discovered::<Value>("matrix.org", response, false);
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
    fn a_well_known_sends_visitors_only_to_public_https_servers() {
        type Value = crate::wire::SerdeJson;
        let found = |base_url: &str, page_is_local: bool| {
            let body = serde_json::json!({"m.homeserver": {"base_url": base_url}}).to_string();
            discovered::<Value>("example.org", Some((200, &body)), page_is_local).base_url
        };
        for ok in [
            "https://matrix-client.example.org",
            "https://example.org:8448/matrix/",
            "https://93.184.216.34",
            "https://100.128.0.1",
        ] {
            assert_eq!(found(ok, false), ok.trim_end_matches('/'), "{ok}");
        }
        for refused in [
            "https://*;sandbox",
            "https://*",
            "https://a.example.org;sandbox",
            "https://a.example.org,https://b.example.org",
            "https://a.example.org/\"x",
            "https://a.example.org/'x",
            "https://a.example.org/ x",
            "https://a.example.org/{{x}}",
            "https://user@a.example.org",
            "https://a_b.example.org",
            "http://matrix.example.org",
            "ftp://matrix.example.org",
            "https://localhost:8008",
            "https://sub.localhost",
            "https://127.0.0.1:8008",
            "http://127.0.0.1:8008",
            "https://10.1.2.3",
            "https://172.16.0.1",
            "https://172.31.255.255",
            "https://192.168.1.1",
            "https://169.254.169.254",
            "https://100.64.0.1",
            "https://0.0.0.0",
            "https://2130706433",
            "https://0x7f.0.0.1",
            "https://127.1",
            "https://127.0.0.1.",
            "https://[::1]",
            "https://[::]",
            "https://[fd00::1]",
            "https://[fe80::1]",
            "https://[::ffff:192.168.1.1]",
            "https://[::ffff:7f00:1]",
            "https://[2001:db8::1]:8448",
            "https://224.0.0.1",
            "https://08.1.2.3",
        ] {
            assert_eq!(found(refused, false), "https://example.org", "{refused}");
        }
        // A page on this machine (a test, a demo) may use this machine.
        assert_eq!(
            found("http://127.0.0.1:8008/", true),
            "http://127.0.0.1:8008"
        );
        assert_eq!(
            found("https://localhost:8448", true),
            "https://localhost:8448"
        );
        assert_eq!(found("http://192.168.1.1", true), "https://example.org");
        assert_eq!(found("https://*;sandbox", true), "https://example.org");
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
