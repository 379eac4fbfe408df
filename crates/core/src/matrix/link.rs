//! Links to rooms as people write them in web pages: matrix.to links and
//! `matrix:` URIs; and where the widget's own room links lead ([`Join`]).
//!
//! See <https://spec.matrix.org/v1.15/appendices/#uris>.

use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet};

use super::alias::{AliasError, RoomAlias, PATH_SEGMENT};
use super::well_known::is_loopback;

/// What a matrix.to fragment may hold as is: RFC 3986's unreserved
/// characters, `:` and `@`; everything else is percent-encoded. Links are
/// pasted into Markdown and HTML (the configurator's snippets), where `(`,
/// `)`, `[`, `]` end a link, `&`, `#`, `;` spell a character reference and
/// `<`, `>`, quotes end an attribute: none of them may stay readable, or a
/// reading could split the URL (`javascript&#58;…` became a link).
const MATRIX_TO_FRAGMENT: &AsciiSet = &PATH_SEGMENT.remove(b':').remove(b'@');

/// The matrix.to link that opens `identifier` — a room alias, or a room ID
/// with `via`, a server name to join through (matrix.to needs one for a
/// room ID). Every matrix.to link the project writes comes from here. The
/// identifier's sigil (`#`, `!`, `@`) stays readable, as in the links
/// people write by hand; every other `#` is encoded.
pub fn matrix_to_url(identifier: &str, via: Option<&str>) -> String {
    let mut url = String::from("https://matrix.to/#/");
    let rest = match identifier.chars().next() {
        Some(sigil @ ('#' | '!' | '@')) => {
            url.push(sigil);
            identifier.get(1..).unwrap_or_default()
        }
        _ => identifier,
    };
    url.extend(utf8_percent_encode(rest, MATRIX_TO_FRAGMENT));
    if let Some(via) = via {
        url.push_str("?via=");
        url.extend(utf8_percent_encode(via, MATRIX_TO_FRAGMENT));
    }
    url
}

/// What a `matrix:` URI's identifier must not hold as is: everything but
/// RFC 3986's unreserved characters and `:`. The spec requires encoding only
/// what a path segment cannot hold and allows it for the rest; keeping just
/// `:` readable is a rule the Jekyll include can follow with `url_encode`,
/// so the server-rendered list and the widget write the same link.
const MATRIX_URI_ID: &AsciiSet = &PATH_SEGMENT.remove(b':');

/// Where a room's link leads, the site's choice (the `join` attribute).
/// Every room link the widget shows comes from [`Join::url`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Join {
    /// `matrixto`: `https://matrix.to/#/#room:server`, which lets the
    /// visitor pick a client.
    #[default]
    MatrixTo,
    /// `matrix`: a `matrix:r/room:server` URI, opened by the visitor's
    /// installed client.
    MatrixUri,
    /// A web client's link with `{alias}` in it, such as
    /// `https://chat.example.org/#/room/{alias}`: the parts before and
    /// after the placeholder, checked by [`Join::parse`].
    Client {
        /// The template up to `{alias}`: the scheme, the host and whatever
        /// path the site wrote.
        before: String,
        /// The template after `{alias}`.
        after: String,
    },
}

impl Join {
    /// Reads a `join` value: `matrixto`, `matrix`, or an https link (http
    /// only to this machine) with `{alias}` once, outside its host, and no
    /// other brace. `Err` says what is wrong with it, for the console;
    /// `javascript:`, `data:`, relative links and any other scheme are
    /// refused, as is a user name or password before the host.
    pub fn parse(raw: &str) -> Result<Join, &'static str> {
        let raw = raw.trim();
        if raw.is_empty() || raw.eq_ignore_ascii_case("matrixto") {
            return Ok(Join::MatrixTo);
        }
        if raw.eq_ignore_ascii_case("matrix") {
            return Ok(Join::MatrixUri);
        }
        let (rest, secure) = match strip_prefix_ignore_case(raw, "https://") {
            Some(rest) => (rest, true),
            None => (
                strip_prefix_ignore_case(raw, "http://")
                    .ok_or("is not matrixto, matrix or a client's https:// link")?,
                false,
            ),
        };
        // A browser drops or reads such characters its own way (`\\` as
        // `/`), so the host it sees could differ from the one checked here.
        if raw
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '"' | '<' | '>'))
        {
            return Err("holds a space, a control character, \\, \", < or >");
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        // `{` in the host would let each alias choose the site its link
        // leads to; `@` would hide the real host behind a user name.
        if authority.is_empty() || authority.starts_with(':') || authority.contains(['@', '{']) {
            return Err("must name a host, without a user name or password, and {alias} after it");
        }
        if !secure && !is_loopback(authority) {
            return Err("may use http:// only for this machine (localhost); use https://");
        }
        // By characters, not a "{alias}" pattern: a string pattern links
        // core's two-way searcher into the wasm.
        let (before, after) = raw
            .split_once('{')
            .and_then(|(before, after)| Some((before, after.strip_prefix("alias}")?)))
            .filter(|(before, after)| !before.contains('}') && !after.contains(['{', '}']))
            .ok_or("must hold {alias} exactly once and no other { or }")?;
        Ok(Join::Client {
            before: before.to_owned(),
            after: after.to_owned(),
        })
    }

    /// The link to `alias`. A client's template gets the whole alias
    /// percent-encoded as one path segment (`%23room%3Aserver`): no `/`,
    /// `?`, `#` or `&` of an alias can leave the placeholder's place.
    pub fn url(&self, alias: &RoomAlias) -> String {
        match self {
            Join::MatrixTo => alias.matrix_to_url(),
            Join::MatrixUri => {
                let mut url = String::from("matrix:r/");
                let id = alias.as_str();
                url.extend(utf8_percent_encode(
                    id.strip_prefix('#').unwrap_or(id),
                    MATRIX_URI_ID,
                ));
                url
            }
            Join::Client { before, after } => {
                let mut url = before.clone();
                url.push_str(&alias.to_path_segment());
                url.push_str(after);
                url
            }
        }
    }
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
    fn matrix_to_links_hold_nothing_markdown_or_html_could_split() {
        // The alias of the issue's paste: a Markdown link and a character
        // reference spelled inside a localpart.
        let alias =
            RoomAlias::parse("#a)[Join](javascript&#58;alert(document.domain);x:example.org")
                .unwrap();
        let url = alias.matrix_to_url();
        assert_eq!(
            url,
            "https://matrix.to/#/#a%29%5BJoin%5D%28javascript%26%2358%3Balert%28document.domain%29%3Bx:example.org"
        );
        assert_eq!(RoomLink::parse(&url).unwrap().alias, alias);
        for c in "()[]&#;<>\"'`*$!{}|^ ".chars() {
            let alias = RoomAlias::parse(&format!("#a{c}b:example.org")).unwrap();
            let url = alias.matrix_to_url();
            let fragment = url.strip_prefix("https://matrix.to/#/#").unwrap();
            assert!(!fragment.contains(c), "{c:?} in {url}");
            assert_eq!(RoomLink::parse(&url).unwrap().alias, alias, "{url}");
        }
        assert_eq!(
            matrix_to_url("!room(id):example.org", Some("a.org;b")),
            "https://matrix.to/#/!room%28id%29:example.org?via=a.org%3Bb"
        );
    }

    fn join_url(template: &str, alias: &str) -> String {
        Join::parse(template)
            .unwrap()
            .url(&RoomAlias::parse(alias).unwrap())
    }

    #[test]
    fn join_leads_to_matrix_to_a_matrix_uri_or_a_client() {
        let alias = "#de-rse.org-general:matrix.org";
        for default in ["", "  ", "matrixto", "MatrixTo"] {
            assert_eq!(Join::parse(default), Ok(Join::MatrixTo), "{default:?}");
        }
        assert_eq!(
            join_url("matrixto", alias),
            "https://matrix.to/#/#de-rse.org-general:matrix.org"
        );
        assert_eq!(
            join_url(" Matrix ", alias),
            "matrix:r/de-rse.org-general:matrix.org"
        );
        assert_eq!(
            join_url("https://chat.example.org/#/room/{alias}", alias),
            "https://chat.example.org/#/room/%23de-rse.org-general%3Amatrix.org"
        );
        assert_eq!(
            join_url(" https://chat.example.org/?room={alias}&x=1 ", alias),
            "https://chat.example.org/?room=%23de-rse.org-general%3Amatrix.org&x=1"
        );
        assert_eq!(
            join_url("http://localhost:8080/#/room/{alias}", alias),
            "http://localhost:8080/#/room/%23de-rse.org-general%3Amatrix.org"
        );
        assert_eq!(
            join_url("http://[::1]/{alias}", alias),
            "http://[::1]/%23de-rse.org-general%3Amatrix.org"
        );
        assert!(Join::parse("http://127.0.0.1:8008/{alias}").is_ok());
    }

    #[test]
    fn an_alias_cannot_leave_its_placeholder() {
        let alias = "#a/b?c&d=e#f%20 ü:example.org";
        assert_eq!(
            join_url("https://chat.example.org/#/room/{alias}?via=x", alias),
            "https://chat.example.org/#/room/%23a%2Fb%3Fc%26d%3De%23f%2520%20%C3%BC%3Aexample.org?via=x"
        );
        // A `matrix:` URI keeps `:` readable, as the spec's examples do,
        // and encodes what a path segment cannot hold.
        assert_eq!(
            join_url("matrix", alias),
            "matrix:r/a%2Fb%3Fc%26d%3De%23f%2520%20%C3%BC:example.org"
        );
        let uri = join_url("matrix", alias);
        assert_eq!(RoomLink::parse(&uri).unwrap().alias.as_str(), alias);
        // Nothing but `{alias}` is filled in; an alias that spells the
        // placeholder is only an alias.
        assert_eq!(
            join_url("https://c.example/{alias}", "#{alias}:example.org"),
            "https://c.example/%23%7Balias%7D%3Aexample.org"
        );
    }

    #[test]
    fn hostile_join_templates_are_refused() {
        for template in [
            "javascript:alert(1)//{alias}",
            "JAVASCRIPT:alert(1)//{alias}",
            "  javascript:alert(1)//{alias}",
            "\tjavascript:alert(1)",
            "data:text/html,<script>alert(1)</script>{alias}",
            "vbscript:{alias}",
            "ftp://chat.example.org/{alias}",
            "matrix:r/{alias}",
            "//chat.example.org/{alias}",
            "/room/{alias}",
            "room/{alias}",
            "{alias}",
            "https://chat.example.org/#/room/",
            "https://chat.example.org/{alias}{alias}",
            "https://evil/{alias}{alias}",
            "https://chat.example.org/{room}/{alias}",
            "https://chat.example.org/{ alias }",
            "https://chat.example.org/{alias",
            "https://chat.example.org/alias}",
            "https://chat.example.org/}{alias}",
            "http://chat.example.org/{alias}",
            "http://127.0.0.1.evil.example/{alias}",
            "http://localhost@evil.example/{alias}",
            "https://u:p@chat.example.org/{alias}",
            "https://chat.example.org@evil.example/{alias}",
            "https:///{alias}",
            "https://:443/{alias}",
            "https://{alias}/",
            "https://evil.example{alias}/",
            "https://chat.example.org\\@evil.example/{alias}",
            "https://chat.example.org/ {alias}",
            "https://chat.example.org/\n{alias}",
            "https://chat.example.org/\"onmouseover=\"{alias}",
            "https://chat.example.org/<b>{alias}",
        ] {
            assert!(Join::parse(template).is_err(), "{template:?}");
        }
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
