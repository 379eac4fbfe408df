//! Room aliases: `#localpart:server_name`.
//!
//! See <https://spec.matrix.org/v1.15/appendices/#room-aliases>. The widget
//! only ever names rooms by alias: a room ID of room version 12 carries no
//! server name, so an anonymous browser could not route a request for it.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// The spec's limit for the whole identifier, sigil included, in bytes.
const MAX_BYTES: usize = 255;

/// Everything but RFC 3986's unreserved characters: an alias becomes one path
/// segment, and `#` unencoded would start the URL's fragment.
pub(crate) const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A validated room alias. The server name is stored in lower case, since DNS
/// names are case-insensitive and two spellings must not count as two rooms.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoomAlias {
    full: String,
    colon: usize,
}

/// Why a string is not a room alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasError {
    /// It does not start with `#`.
    MissingSigil,
    /// There is no `:` between localpart and server name.
    MissingServerName,
    /// Nothing between `#` and `:`.
    EmptyLocalpart,
    /// The localpart holds a NUL or a control character.
    InvalidLocalpart,
    /// The server name is not a host name, IP literal or host:port.
    InvalidServerName,
    /// Longer than the spec's 255 bytes.
    TooLong,
}

impl fmt::Display for AliasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AliasError::MissingSigil => "a room alias starts with '#'",
            AliasError::MissingServerName => "a room alias needs ':server' after its name",
            AliasError::EmptyLocalpart => "the room alias has an empty name",
            AliasError::InvalidLocalpart => "the room alias holds a control character",
            AliasError::InvalidServerName => "the room alias has an invalid server name",
            AliasError::TooLong => "the room alias is longer than 255 bytes",
        })
    }
}

impl std::error::Error for AliasError {}

impl RoomAlias {
    /// Parses `#localpart:server_name`, surrounding white space ignored.
    pub fn parse(input: &str) -> Result<Self, AliasError> {
        let input = input.trim();
        let rest = input.strip_prefix('#').ok_or(AliasError::MissingSigil)?;
        if input.len() > MAX_BYTES {
            return Err(AliasError::TooLong);
        }
        let (localpart, server_name) = rest.split_once(':').ok_or(AliasError::MissingServerName)?;
        if localpart.is_empty() {
            return Err(AliasError::EmptyLocalpart);
        }
        if localpart.chars().any(char::is_control) {
            return Err(AliasError::InvalidLocalpart);
        }
        if !is_server_name(server_name) {
            return Err(AliasError::InvalidServerName);
        }
        let full = format!("#{localpart}:{}", server_name.to_ascii_lowercase());
        Ok(RoomAlias {
            colon: 1 + localpart.len(),
            full,
        })
    }

    /// The alias as written: `#localpart:server_name`.
    pub fn as_str(&self) -> &str {
        &self.full
    }

    /// The part between `#` and `:`.
    pub fn localpart(&self) -> &str {
        self.full.get(1..self.colon).unwrap_or_default()
    }

    /// The server name, which is not yet the homeserver's URL: see
    /// `.well-known/matrix/client`.
    pub fn server_name(&self) -> &str {
        self.full.get(self.colon + 1..).unwrap_or_default()
    }

    /// The alias percent-encoded as one URL path segment (`%23name%3Aserver`).
    pub fn to_path_segment(&self) -> String {
        utf8_percent_encode(&self.full, PATH_SEGMENT).to_string()
    }

    /// The matrix.to link a visitor follows to join.
    pub fn matrix_to_url(&self) -> String {
        super::link::matrix_to_url(&self.full, None)
    }
}

impl fmt::Display for RoomAlias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full)
    }
}

/// `server_name = hostname [ ":" port ]`, hostname being an IPv6 literal in
/// brackets or a DNS name / IPv4 address.
/// See <https://spec.matrix.org/v1.15/appendices/#server-name>.
pub(crate) fn is_server_name(s: &str) -> bool {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let Some(end) = rest.find(']') else {
            return false;
        };
        let literal = rest.get(..end).unwrap_or_default();
        if literal.is_empty()
            || !literal
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return false;
        }
        let after = rest.get(end + 1..).unwrap_or_default();
        match after.strip_prefix(':') {
            Some(port) => (s.get(..end + 2).unwrap_or_default(), Some(port)),
            None if after.is_empty() => (s, None),
            None => return false,
        }
    } else {
        match s.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (s, None),
        }
    };
    let host_ok = host.starts_with('[')
        || (!host.is_empty()
            && host.len() <= 255
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_de_rse_alias() {
        let alias = RoomAlias::parse("#de-rse.org-general:matrix.org").unwrap();
        assert_eq!(alias.localpart(), "de-rse.org-general");
        assert_eq!(alias.server_name(), "matrix.org");
        assert_eq!(alias.as_str(), "#de-rse.org-general:matrix.org");
    }

    #[test]
    fn lowercases_the_server_name_only() {
        let alias = RoomAlias::parse("  #Mixed-Case:Matrix.ORG ").unwrap();
        assert_eq!(alias.as_str(), "#Mixed-Case:matrix.org");
    }

    #[test]
    fn accepts_ports_ip_literals_and_unicode_localparts() {
        for ok in [
            "#room:localhost:8448",
            "#room:127.0.0.1",
            "#room:[::1]",
            "#room:[2001:db8::1]:8448",
            "#räume-für-alle:example.org",
            "#🦀:example.org",
        ] {
            assert!(RoomAlias::parse(ok).is_ok(), "{ok} should parse");
        }
    }

    #[test]
    fn rejects_what_is_not_an_alias() {
        use AliasError::*;
        let cases = [
            ("room:matrix.org", MissingSigil),
            ("!abc:matrix.org", MissingSigil),
            ("#room", MissingServerName),
            ("#:matrix.org", EmptyLocalpart),
            ("#ro\u{0}om:matrix.org", InvalidLocalpart),
            ("#room:", InvalidServerName),
            ("#room:exa mple.org", InvalidServerName),
            ("#room:example.org:", InvalidServerName),
            ("#room:example.org:123456", InvalidServerName),
            ("#room:[::1", InvalidServerName),
            ("#room:[xyz]", InvalidServerName),
            ("#room:evil.org/path", InvalidServerName),
        ];
        for (input, want) in cases {
            assert_eq!(RoomAlias::parse(input), Err(want), "{input}");
        }
        let long = format!("#{}:example.org", "a".repeat(250));
        assert_eq!(RoomAlias::parse(&long), Err(TooLong));
    }

    #[test]
    fn encodes_hash_and_colon_in_a_path_segment() {
        let alias = RoomAlias::parse("#de-rse.org-general:matrix.org").unwrap();
        assert_eq!(
            alias.to_path_segment(),
            "%23de-rse.org-general%3Amatrix.org"
        );
        let odd = RoomAlias::parse("#a/b?c d:example.org").unwrap();
        assert_eq!(odd.to_path_segment(), "%23a%2Fb%3Fc%20d%3Aexample.org");
        let unicode = RoomAlias::parse("#für:example.org").unwrap();
        assert_eq!(unicode.to_path_segment(), "%23f%C3%BCr%3Aexample.org");
    }

    #[test]
    fn builds_readable_matrix_to_links() {
        let alias = RoomAlias::parse("#de-rse.org-jobs:matrix.org").unwrap();
        assert_eq!(
            alias.matrix_to_url(),
            "https://matrix.to/#/#de-rse.org-jobs:matrix.org"
        );
        let odd = RoomAlias::parse("#a?b/c:example.org").unwrap();
        assert_eq!(
            odd.matrix_to_url(),
            "https://matrix.to/#/#a%3Fb%2Fc:example.org"
        );
    }
}
