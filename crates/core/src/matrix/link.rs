//! Links to rooms as people write them in web pages: matrix.to links and
//! `matrix:` URIs.
//!
//! See <https://spec.matrix.org/v1.15/appendices/#uris>.

use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet};

use super::alias::{AliasError, RoomAlias};

/// What a matrix.to fragment must not hold as is. `#`, `!`, `:` and `@`
/// stay readable, as in the links people write by hand.
const MATRIX_TO_FRAGMENT: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'?')
    .add(b'/')
    .add(b'%')
    .add(b'\\')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^');

/// The matrix.to link that opens `identifier` — a room alias, or a room ID
/// with `via`, a server name to join through (matrix.to needs one for a
/// room ID). Every matrix.to link the project writes comes from here.
pub fn matrix_to_url(identifier: &str, via: Option<&str>) -> String {
    let mut url = String::from("https://matrix.to/#/");
    url.extend(utf8_percent_encode(identifier, MATRIX_TO_FRAGMENT));
    if let Some(via) = via {
        url.push_str("?via=");
        url.extend(utf8_percent_encode(via, MATRIX_TO_FRAGMENT));
    }
    url
}

/// A link to a room, by alias. The `via=` servers a link may carry are not
/// kept: an alias is routed by its own server name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomLink {
    /// The room the link names.
    pub alias: RoomAlias,
}

/// Why a link is not a room link the widget can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Neither a matrix.to link nor a `matrix:` URI.
    NotAMatrixLink,
    /// A Matrix link to something other than a room alias (a user, a room
    /// ID, an event).
    NotARoomAlias,
    /// The identifier is not valid percent-encoded UTF-8.
    BadEncoding,
    /// A room alias that does not parse.
    BadAlias(AliasError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotAMatrixLink => f.write_str("not a matrix.to link or matrix: URI"),
            LinkError::NotARoomAlias => f.write_str("the link does not name a room by its alias"),
            LinkError::BadEncoding => f.write_str("the link's percent-encoding is broken"),
            LinkError::BadAlias(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LinkError {}

impl From<AliasError> for LinkError {
    fn from(e: AliasError) -> Self {
        LinkError::BadAlias(e)
    }
}

impl RoomLink {
    /// Reads `https://matrix.to/#/#alias:server[?via=…]` or
    /// `matrix:r/alias:server[?via=…]`.
    pub fn parse(href: &str) -> Result<Self, LinkError> {
        let href = href.trim();
        if let Some(fragment) = strip_matrix_to(href) {
            let identifier = before_query(fragment);
            // A matrix.to link may go on to an event: `#/#room:server/$event`.
            // Split before decoding: an encoded `%2F` belongs to the alias.
            let identifier = decode(identifier.split('/').next().unwrap_or_default())?;
            if !identifier.starts_with('#') {
                return Err(LinkError::NotARoomAlias);
            }
            return Ok(RoomLink {
                alias: RoomAlias::parse(&identifier)?,
            });
        }
        if let Some(rest) = strip_prefix_ignore_case(href, "matrix:") {
            let rest = rest.strip_prefix("//").map_or(rest, |authority_and_path| {
                authority_and_path
                    .split_once('/')
                    .map_or("", |(_, path)| path)
            });
            let path = before_query(rest);
            let mut segments = path.split('/');
            return match (segments.next(), segments.next()) {
                (Some("r"), Some(alias)) => Ok(RoomLink {
                    alias: RoomAlias::parse(&format!("#{}", decode(alias)?))?,
                }),
                _ => Err(LinkError::NotARoomAlias),
            };
        }
        Err(LinkError::NotAMatrixLink)
    }
}

/// The part after `https://matrix.to/#/`, if `href` is a matrix.to link.
fn strip_matrix_to(href: &str) -> Option<&str> {
    let rest = strip_prefix_ignore_case(href, "https://")
        .or_else(|| strip_prefix_ignore_case(href, "http://"))?;
    let rest = strip_prefix_ignore_case(rest, "matrix.to")?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    rest.strip_prefix("#/")
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let (head, rest) = (s.get(..prefix.len())?, s.get(prefix.len()..)?);
    head.eq_ignore_ascii_case(prefix).then_some(rest)
}

/// `s` up to its query: `?via=…` and `?action=join` are not needed to name
/// the room.
fn before_query(s: &str) -> &str {
    s.split('?').next().unwrap_or(s)
}

fn decode(s: &str) -> Result<String, LinkError> {
    percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| LinkError::BadEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias_of(href: &str) -> String {
        RoomLink::parse(href).unwrap().alias.as_str().to_owned()
    }

    #[test]
    fn reads_the_seed_pages_matrix_to_links() {
        assert_eq!(
            alias_of("https://matrix.to/#/#de-rse.org-general:matrix.org"),
            "#de-rse.org-general:matrix.org"
        );
    }

    #[test]
    fn reads_links_with_via_and_percent_encoded_identifiers() {
        let link = RoomLink::parse("https://matrix.to/#/%23room%3Aexample.org?via=a.org&via=b.org")
            .unwrap();
        assert_eq!(link.alias.as_str(), "#room:example.org");
        assert_eq!(
            alias_of("HTTPS://Matrix.To/#/#f%C3%BCr:example.org?via=x"),
            "#für:example.org"
        );
        assert_eq!(
            alias_of("https://matrix.to#/#room:example.org"),
            "#room:example.org"
        );
        assert_eq!(
            alias_of("https://matrix.to/#/#room:example.org/$event:example.org"),
            "#room:example.org"
        );
        // Found by the property test: a `/` in the alias, encoded, is not
        // the start of an event.
        assert_eq!(
            alias_of("https://matrix.to/#/#a%2Fb:example.org"),
            "#a/b:example.org"
        );
    }

    #[test]
    fn reads_matrix_uris() {
        let link =
            RoomLink::parse("matrix:r/de-rse.org-jobs:matrix.org?action=join&via=matrix.org")
                .unwrap();
        assert_eq!(link.alias.as_str(), "#de-rse.org-jobs:matrix.org");
        assert_eq!(
            alias_of("MATRIX:r/r%C3%A4ume:example.org"),
            "#räume:example.org"
        );
        assert_eq!(
            alias_of("matrix://example.org/r/room:example.org"),
            "#room:example.org"
        );
        assert_eq!(
            alias_of("matrix:r/room:example.org/e/event"),
            "#room:example.org"
        );
    }

    #[test]
    fn rejects_other_links() {
        use LinkError::*;
        let cases = [
            ("https://matrix.org", NotAMatrixLink),
            ("https://evil.example/#/#room:example.org", NotAMatrixLink),
            (
                "https://matrix.to.evil.example/#/#room:example.org",
                NotAMatrixLink,
            ),
            ("javascript:alert(1)", NotAMatrixLink),
            ("", NotAMatrixLink),
            ("https://matrix.to/#/@user:example.org", NotARoomAlias),
            ("https://matrix.to/#/!roomid:example.org", NotARoomAlias),
            ("matrix:u/user:example.org", NotARoomAlias),
            ("matrix:roomid/abc:example.org", NotARoomAlias),
            ("https://matrix.to/#/%23room%FF:example.org", BadEncoding),
            (
                "https://matrix.to/#/#room",
                BadAlias(AliasError::MissingServerName),
            ),
        ];
        for (href, want) in cases {
            assert_eq!(RoomLink::parse(href), Err(want), "{href}");
        }
    }
}
