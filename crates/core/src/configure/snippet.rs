//! What the configurator's form means for the widget, and the snippets to
//! copy. Every snippet carries the same attributes ([`Form::attributes`])
//! and the same rooms, so pasted into a page each gives the widget the
//! preview shows.

use crate::matrix::alias::is_server_name;
use crate::matrix::link::Join;
use crate::matrix::well_known::{is_loopback, visitor_base_url};
use crate::refresh::{parse_refresh, DEFAULT_INTERVAL_S};
use crate::room::ConfiguredRoom;

/// Where a release's folder is, as the README's Jekyll steps put it.
pub const DEFAULT_SCRIPT_URL: &str = "/assets/matrix-channels/matrix-channels.js";

/// Where the Jekyll include serves the snapshot for the widget (its
/// `snapshot_url`'s default): the file `live="snapshot"` reads again.
pub const DEFAULT_SNAPSHOT_URL: &str = "/assets/matrix-channels.json";

/// The form as the maintainer filled it in, every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// The client API base URL; empty: found per alias.
    pub homeserver: String,
    /// `en`, `de`, or empty: the page's language.
    pub lang: String,
    /// `light`, `dark`, or empty: the visitor's preference.
    pub theme: String,
    /// Seconds between refreshes; empty: the default.
    pub refresh: String,
    /// `auto`, `off`, `consent` or `snapshot`.
    pub live: String,
    /// `eager`, or empty: when near the viewport.
    pub loading: String,
    /// `matrixto`, `matrix`, or a client's link template.
    pub join: String,
    /// Where the site serves the loader; empty: [`DEFAULT_SCRIPT_URL`].
    pub script_url: String,
    /// Whether the configurator itself is served from this machine (a
    /// test, a demo): only then may the homeserver and the CSP's origins be
    /// this machine's (see `well_known::visitor_base_url`).
    pub page_is_local: bool,
}

/// A field the widget would not take as written, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The attribute's name, e.g. `homeserver`.
    pub field: &'static str,
    /// What is wrong with it, in plain (English) words, as the widget's
    /// console would say it.
    pub message: String,
}

impl Form {
    /// The widget's attributes for this form, in a fixed order, each only
    /// when it is not the default; and a problem for every field the
    /// widget would not take (it is left out of the snippets).
    pub fn attributes(&self) -> (Vec<(&'static str, String)>, Vec<Problem>) {
        let mut attributes = Vec::new();
        let mut problems = Vec::new();
        let homeserver = self.homeserver.trim();
        if !homeserver.is_empty() {
            match visitor_base_url(homeserver, self.page_is_local) {
                Some(url) => attributes.push(("homeserver", url)),
                None => problems.push(Problem {
                    field: "homeserver",
                    message: "is not the https:// base URL of a public server, such as https://matrix-client.matrix.org"
                        .into(),
                }),
            }
        }
        for (field, value, allowed) in [
            ("lang", &self.lang, &["en", "de"][..]),
            ("theme", &self.theme, &["light", "dark"][..]),
            ("live", &self.live, &["off", "consent", "snapshot"][..]),
            ("loading", &self.loading, &["eager"][..]),
        ] {
            let value = value.trim();
            if allowed.contains(&value) {
                attributes.push((field, value.to_owned()));
            }
        }
        // The file it reads again: the include's, which the README's
        // Snapshot section has the site serve.
        if self.live.trim() == "snapshot" {
            attributes.push(("snapshot", DEFAULT_SNAPSHOT_URL.to_owned()));
        }
        let refresh = self.refresh.trim();
        if !refresh.is_empty() && refresh != DEFAULT_INTERVAL_S.to_string() {
            match parse_refresh(Some(refresh)) {
                (_, None) => attributes.push(("refresh", refresh.to_owned())),
                (_, Some(message)) => problems.push(Problem {
                    field: "refresh",
                    message,
                }),
            }
        }
        let join = self.join.trim();
        match Join::parse(join) {
            Ok(Join::MatrixTo) => {}
            Ok(_) => attributes.push(("join", join.to_owned())),
            Err(why) => problems.push(Problem {
                field: "join",
                message: why.to_owned(),
            }),
        }
        if script_url_problem(self.script_url()).is_some() {
            problems.push(Problem {
                field: "script",
                message: SCRIPT_URL_PROBLEM.into(),
            });
        }
        // Every value goes into a Liquid tag's string and an HTML
        // attribute: one that could end either is refused, not mended.
        attributes.retain(|(field, value)| {
            let safe = is_liquid_safe(value);
            if !safe {
                problems.push(Problem {
                    field,
                    message: "holds a quote, a backslash, a brace or %}, which would end the snippet's tag"
                        .into(),
                });
            }
            safe
        });
        (attributes, problems)
    }

    /// Where the site serves the loader.
    pub fn script_url(&self) -> &str {
        match self.script_url.trim() {
            "" => DEFAULT_SCRIPT_URL,
            url => url,
        }
    }
}

/// What the configurator says instead of a snippet when the loader's
/// address is not taken.
const SCRIPT_URL_PROBLEM: &str =
    "must be a path on the site (/…), an https:// address, or http:// on this machine (localhost), without quotes, spaces, \\, <, > or braces";

/// Why the loader's address is not taken: it goes into a `src` attribute
/// and a Liquid string of every snippet, and the browser must load it from
/// the site, an https host, or this machine. Hosts are compared parsed,
/// never by prefix: `http://localhost.evil.example/` is not this machine.
fn script_url_problem(url: &str) -> Option<()> {
    let safe = !url.contains(['"', '\'', '<', '>', '{', '}', '\\', '`', '|'])
        && !url.contains(|c: char| c.is_whitespace() || c.is_control());
    let authority = |rest: &str| {
        rest.split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let place = if let Some(rest) = url.strip_prefix("https://") {
        let host = authority(rest);
        !host.contains('@') && is_server_name(&host)
    } else if let Some(rest) = url.strip_prefix("http://") {
        is_loopback(&authority(rest))
    } else {
        url.starts_with('/') && !url.starts_with("//")
    };
    (!(safe && place)).then_some(())
}

/// Whether `value` can stand in a Liquid tag's double-quoted string and an
/// HTML attribute as is: Liquid's strings have no escapes, so a quote ends
/// the string and `%}` the tag, wherever they stand.
fn is_liquid_safe(value: &str) -> bool {
    !value.contains(['"', '\'', '\\', '<', '>'])
        && !value.contains(|c: char| c.is_control())
        && !value.contains("%}")
        && !value.contains("}}")
        && !value.contains("{%")
        && !value.contains("{{")
}

/// What every snippet says when the loader's address is refused: a page
/// must not be given a script from an address the check did not pass.
pub const NO_SNIPPET: &str =
    "No snippet: the loader's address (the last field of the form) is not taken as written; see the note above the snippets.\n";

/// Every snippet the configurator offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippets {
    /// The Jekyll include around a `capture` block of the list in Markdown.
    pub jekyll: String,
    /// The kramdown form: a `div` with `markdown="1"` and `data-`
    /// attributes, and the script tag.
    pub kramdown: String,
    /// Plain HTML: the `<matrix-channels>` element around a definition list.
    pub html: String,
    /// The one script tag a plain page needs.
    pub script: String,
    /// A Content-Security-Policy the widget works under.
    pub csp: String,
}

/// The snippets for `rooms` with `attributes` (from [`Form::attributes`]),
/// the loader at `form`'s script URL; `homeserver_origins` are the origins
/// the browser will ask (for the CSP's `connect-src`, each only if a
/// visitor's browser may be sent there). When the loader's address is
/// refused, every snippet is [`NO_SNIPPET`].
pub fn snippets(
    rooms: &[ConfiguredRoom],
    attributes: &[(&'static str, String)],
    form: &Form,
    homeserver_origins: &[String],
) -> Snippets {
    let script_url = form.script_url();
    if script_url_problem(script_url).is_some() {
        return Snippets {
            jekyll: NO_SNIPPET.to_owned(),
            kramdown: NO_SNIPPET.to_owned(),
            html: NO_SNIPPET.to_owned(),
            script: NO_SNIPPET.to_owned(),
            csp: NO_SNIPPET.to_owned(),
        };
    }
    // With `live="snapshot"` no visitor's browser asks a homeserver.
    let rereads = attributes.iter().any(|(name, _)| *name == "snapshot");
    let origins: Vec<String> = homeserver_origins
        .iter()
        .filter(|_| !rereads)
        .filter_map(|o| visitor_base_url(o, form.page_is_local))
        .collect();
    Snippets {
        jekyll: jekyll(rooms, attributes),
        kramdown: kramdown(rooms, attributes, script_url),
        html: html(rooms, attributes),
        script: script_tag(script_url),
        csp: csp(script_url, &origins),
    }
}

/// The page's link to a room: matrix.to, which discovery reads (the
/// widget's own links follow `join`). The preview's list uses it too.
pub fn room_link(room: &ConfiguredRoom) -> String {
    room.alias.matrix_to_url()
}

/// The link's text: the room's name as the list gave it, else its alias
/// (which the widget does not take for a name, and so shows the server's).
/// The preview's list uses it too.
pub fn room_label(room: &ConfiguredRoom) -> &str {
    room.name.as_deref().unwrap_or(room.alias.as_str())
}

fn jekyll(rooms: &[ConfiguredRoom], attributes: &[(&'static str, String)]) -> String {
    // The snapshot names the rooms: the include renders them from
    // `_data/` and gives the widget its `snapshot_url`.
    if attributes.iter().any(|(name, _)| *name == "snapshot") {
        let mut out =
            String::from("{% include matrix-channels.html snapshot=site.data.matrix_channels");
        for (name, value) in attributes
            .iter()
            .filter(|(n, v)| *n != "snapshot" && is_liquid_safe(v))
        {
            out.push_str(&format!(" {name}=\"{value}\""));
        }
        out.push_str(" %}\n");
        return out;
    }
    let mut out = String::from("{% capture rooms %}\n");
    for room in rooms {
        out.push_str(&format!(
            "[{}]({})\n",
            markdown_text(room_label(room)),
            room_link(room)
        ));
        if let Some(description) = &room.description {
            out.push_str(&format!(": {}\n", markdown_text(description)));
        }
    }
    out.push_str("{% endcapture %}\n{% include matrix-channels.html content=rooms");
    // Liquid's string literals have no escapes: a value that could end
    // one is left out (`Form::attributes` has said so already).
    for (name, value) in attributes.iter().filter(|(_, v)| is_liquid_safe(v)) {
        out.push_str(&format!(" {name}=\"{value}\""));
    }
    out.push_str(" %}\n");
    out
}

fn kramdown(
    rooms: &[ConfiguredRoom],
    attributes: &[(&'static str, String)],
    script_url: &str,
) -> String {
    let mut out = String::from("<div markdown=\"1\" data-matrix-channels");
    for (name, value) in attributes {
        // `lang` is HTML's own attribute, read as the element's language
        // on a `div` too; the others take the `data-` prefix there.
        let prefix = if *name == "lang" { "" } else { "data-" };
        out.push_str(&format!(" {prefix}{name}=\"{}\"", html_text(value)));
    }
    out.push_str(">\n\n");
    for room in rooms {
        out.push_str(&format!(
            "[{}]({})",
            markdown_text(room_label(room)),
            room_link(room)
        ));
        if let Some(description) = &room.description {
            out.push_str(&format!(": {}", markdown_text(description)));
        }
        out.push_str("\n\n");
    }
    out.push_str("</div>\n");
    let src = if script_url.starts_with('/') {
        format!("{{{{ '{script_url}' | relative_url }}}}")
    } else {
        script_url.to_owned()
    };
    out.push_str(&script_tag(&src));
    out
}

fn html(rooms: &[ConfiguredRoom], attributes: &[(&'static str, String)]) -> String {
    let mut out = String::from("<matrix-channels");
    for (name, value) in attributes {
        out.push_str(&format!(" {name}=\"{}\"", html_text(value)));
    }
    out.push_str(">\n  <dl>\n");
    for room in rooms {
        out.push_str(&format!(
            "    <dt><a href=\"{}\">{}</a></dt>\n",
            html_text(&room_link(room)),
            html_text(room_label(room))
        ));
        if let Some(description) = &room.description {
            out.push_str(&format!("    <dd>{}</dd>\n", html_text(description)));
        }
    }
    out.push_str("  </dl>\n</matrix-channels>\n");
    out
}

fn script_tag(src: &str) -> String {
    format!("<script type=\"module\" src=\"{src}\"></script>\n")
}

/// The origin of an http(s) URL: `https://host:port`.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

fn csp(script_url: &str, homeserver_origins: &[String]) -> String {
    // A loader on another origin (a CDN) brings the glue, the stylesheet
    // and the wasm from there too: the wasm is fetched, hence connect-src.
    let folder = origin_of(script_url)
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    let mut connect = String::new();
    for origin in homeserver_origins {
        if !connect.contains(&format!(" {origin}")) {
            connect.push(' ');
            connect.push_str(origin);
        }
    }
    format!(
        "Content-Security-Policy: default-src 'self'; script-src 'self'{folder} 'wasm-unsafe-eval'; style-src 'self'{folder}; connect-src 'self'{folder}{connect}\n"
    )
}

/// Text for HTML, escaped for both text and attribute values.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for one line of kramdown inside Liquid: Markdown's and kramdown's
/// marks escaped with a backslash, and every brace as a character
/// reference — Liquid runs first and sees `{%` even after a backslash — so
/// no `{{` or `{%` reaches Liquid and no `{:` reaches kramdown.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '$' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::RoomAlias;

    fn room(alias: &str, name: Option<&str>, description: Option<&str>) -> ConfiguredRoom {
        let alias = RoomAlias::parse(alias).expect("alias");
        ConfiguredRoom {
            join_url: alias.matrix_to_url(),
            alias,
            name: name.map(Into::into),
            description: description.map(Into::into),
            avatar: None,
            activity: None,
        }
    }

    #[test]
    fn defaults_write_no_attribute() {
        let form = Form {
            live: "auto".into(),
            join: "matrixto".into(),
            refresh: "120".into(),
            ..Form::default()
        };
        assert_eq!(form.attributes(), (vec![], vec![]));
    }

    #[test]
    fn every_setting_in_order_and_bad_ones_left_out() {
        let form = Form {
            homeserver: " https://matrix-client.example.org/ ".into(),
            lang: "de".into(),
            theme: "dark".into(),
            refresh: "300".into(),
            live: "consent".into(),
            loading: "eager".into(),
            join: "https://chat.example.org/#/room/{alias}".into(),
            script_url: String::new(),
            page_is_local: false,
        };
        let (attributes, problems) = form.attributes();
        let names: Vec<&str> = attributes.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "homeserver",
                "lang",
                "theme",
                "live",
                "loading",
                "refresh",
                "join"
            ]
        );
        assert_eq!(
            attributes.first().map(|a| a.1.as_str()),
            Some("https://matrix-client.example.org")
        );
        assert!(problems.is_empty());

        let bad = Form {
            homeserver: "javascript:alert(1)".into(),
            refresh: "5".into(),
            join: "javascript:alert({alias})".into(),
            script_url: "\"><script>".into(),
            lang: "xx".into(),
            ..Form::default()
        };
        let (attributes, problems) = bad.attributes();
        assert!(attributes.is_empty());
        let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["homeserver", "refresh", "join", "script"]);
    }

    #[test]
    fn the_snippets_carry_the_rooms_and_the_attributes() {
        let rooms = [
            room(
                "#general:example.org",
                Some("General"),
                Some("Talk about anything."),
            ),
            room("#jobs:example.org", None, None),
        ];
        let attributes = vec![
            ("homeserver", "https://hs.example.org".to_owned()),
            ("lang", "de".to_owned()),
        ];
        let s = snippets(
            &rooms,
            &attributes,
            &Form::default(),
            &["https://hs.example.org".into()],
        );
        assert_eq!(
            s.jekyll,
            "{% capture rooms %}\n[General](https://matrix.to/#/#general:example.org)\n: Talk about anything.\n\
             [\\#jobs:example.org](https://matrix.to/#/#jobs:example.org)\n{% endcapture %}\n\
             {% include matrix-channels.html content=rooms homeserver=\"https://hs.example.org\" lang=\"de\" %}\n"
        );
        assert!(s.kramdown.starts_with(
            "<div markdown=\"1\" data-matrix-channels data-homeserver=\"https://hs.example.org\" lang=\"de\">\n\n\
             [General](https://matrix.to/#/#general:example.org): Talk about anything.\n\n"
        ));
        assert!(s.kramdown.ends_with(
            "</div>\n<script type=\"module\" src=\"{{ '/assets/matrix-channels/matrix-channels.js' | relative_url }}\"></script>\n"
        ));
        assert!(s.html.contains("<matrix-channels homeserver=\"https://hs.example.org\" lang=\"de\">\n  <dl>\n    <dt><a href=\"https://matrix.to/#/#general:example.org\">General</a></dt>\n    <dd>Talk about anything.</dd>\n"));
        assert_eq!(s.script, "<script type=\"module\" src=\"/assets/matrix-channels/matrix-channels.js\"></script>\n");
        assert_eq!(
            s.csp,
            "Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' https://hs.example.org\n"
        );
    }

    #[test]
    fn live_snapshot_names_the_snapshot_and_no_homeserver() {
        let form = Form {
            live: "snapshot".into(),
            refresh: "60".into(),
            ..Form::default()
        };
        let (attributes, problems) = form.attributes();
        assert!(problems.is_empty());
        assert_eq!(
            attributes,
            [
                ("live", "snapshot".to_owned()),
                ("snapshot", DEFAULT_SNAPSHOT_URL.to_owned()),
                ("refresh", "60".to_owned())
            ]
        );
        let rooms = [room("#general:example.org", Some("General"), None)];
        let s = snippets(
            &rooms,
            &attributes,
            &form,
            &["https://hs.example.org".into()],
        );
        assert_eq!(
            s.jekyll,
            "{% include matrix-channels.html snapshot=site.data.matrix_channels live=\"snapshot\" refresh=\"60\" %}\n"
        );
        assert!(s.html.starts_with(
            "<matrix-channels live=\"snapshot\" snapshot=\"/assets/matrix-channels.json\" refresh=\"60\">"
        ));
        assert!(s
            .kramdown
            .starts_with("<div markdown=\"1\" data-matrix-channels data-live=\"snapshot\" data-snapshot=\"/assets/matrix-channels.json\""));
        assert!(s.csp.ends_with("connect-src 'self'\n"), "{}", s.csp);
    }

    #[test]
    fn a_cdn_is_named_where_the_browser_fetches_from_it() {
        let form = Form {
            script_url: "https://cdn.example.net/npm/matrix-channels@0.1.0/dist/matrix-channels.js"
                .into(),
            ..Form::default()
        };
        let s = snippets(
            &[],
            &[],
            &form,
            &["https://a.org".into(), "https://a.org".into()],
        );
        assert_eq!(
            s.csp,
            "Content-Security-Policy: default-src 'self'; script-src 'self' https://cdn.example.net 'wasm-unsafe-eval'; style-src 'self' https://cdn.example.net; connect-src 'self' https://cdn.example.net https://a.org\n"
        );
        assert!(s.kramdown.contains("src=\"https://cdn.example.net/npm/"));
    }

    #[test]
    fn strangers_text_cannot_become_markup_liquid_or_markdown() {
        let rooms = [room(
            "#x:example.org",
            Some("{{ site.secret }} {% include x %} <img src=x onerror=alert(1)> [a](javascript:b) *b* \"q\""),
            Some("</dd></dl><script>alert(1)</script> {: .class} $$x$$"),
        )];
        let s = snippets(&rooms, &[], &Form::default(), &[]);
        for snippet in [&s.jekyll, &s.kramdown] {
            let body: String = snippet
                .lines()
                .filter(|l| !l.starts_with("{%") && !l.contains("<script type"))
                .collect();
            assert!(
                !body.contains("{{") && !body.contains("{%") && !body.contains("{:"),
                "{body}"
            );
            assert!(
                !body.contains("<img")
                    && !body.contains("<script")
                    && !body.contains("[a](javascript"),
                "{body}"
            );
        }
        assert!(
            !s.html.contains("<img") && !s.html.contains("<script") && !s.html.contains("\"q\"")
        );
    }

    #[test]
    fn a_script_url_is_judged_by_its_parsed_host_and_a_refused_one_gives_no_snippet() {
        let rooms = [room("#general:example.org", Some("General"), None)];
        for refused in [
            "http://localhost.evil.example/x.js",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/x.js",
            "http://127.0.0.1:80@evil.example/x.js",
            "http://evil.example/x.js",
            "https://user@evil.example/x.js",
            "https:///x.js",
            "//evil.example/x.js",
            "/\\evil.example/x.js",
            "javascript:alert(1)",
            "/x.js\" onload=\"alert(1)",
        ] {
            let form = Form {
                script_url: refused.into(),
                ..Form::default()
            };
            let (_, problems) = form.attributes();
            assert_eq!(
                problems.iter().map(|p| p.field).collect::<Vec<_>>(),
                ["script"],
                "{refused}"
            );
            let s = snippets(&rooms, &[], &form, &[]);
            for snippet in [&s.jekyll, &s.kramdown, &s.html, &s.script, &s.csp] {
                assert_eq!(snippet, NO_SNIPPET, "{refused}");
            }
        }
        for taken in [
            "/assets/matrix-channels/matrix-channels.js",
            "https://cdn.example.net/x.js",
            "http://localhost:8080/x.js",
            "http://127.0.0.1/x.js",
            "http://[::1]:8080/x.js",
        ] {
            let form = Form {
                script_url: taken.into(),
                ..Form::default()
            };
            assert_eq!(form.attributes().1, vec![], "{taken}");
            let s = snippets(&rooms, &[], &form, &[]);
            assert!(s.script.contains(taken), "{taken}");
        }
    }

    #[test]
    fn no_value_can_end_the_liquid_tag_or_widen_the_csp() {
        for homeserver in [
            "https://hs.example.org/%}{% include evil %}",
            "https://hs.example.org/x\\",
            "https://hs.example.org/\"x",
            "https://hs.example.org/'x",
            "https://hs.example.org/}}",
            "https://*;sandbox",
            "https://hs.example.org,https://evil.example",
            "http://matrix.example.org",
            "https://10.0.0.1",
            "http://127.0.0.1:8008",
        ] {
            let form = Form {
                homeserver: homeserver.into(),
                ..Form::default()
            };
            let (attributes, problems) = form.attributes();
            assert_eq!(attributes, vec![], "{homeserver}");
            assert_eq!(
                problems.iter().map(|p| p.field).collect::<Vec<_>>(),
                ["homeserver"],
                "{homeserver}"
            );
            let s = snippets(&[], &attributes, &form, &[homeserver.to_owned()]);
            let include = s.jekyll.lines().last().unwrap_or_default();
            assert_eq!(include, "{% include matrix-channels.html content=rooms %}");
            assert!(
                s.csp.ends_with("connect-src 'self'\n"),
                "{homeserver}: {}",
                s.csp
            );
        }
        // A configurator on this machine (the tests) may name this machine.
        let local = Form {
            homeserver: "http://127.0.0.1:8008".into(),
            page_is_local: true,
            ..Form::default()
        };
        let (attributes, problems) = local.attributes();
        assert_eq!(problems, vec![]);
        let s = snippets(&[], &attributes, &local, &["http://127.0.0.1:8008".into()]);
        assert!(s
            .csp
            .ends_with("connect-src 'self' http://127.0.0.1:8008\n"));
        assert!(s
            .jekyll
            .ends_with("homeserver=\"http://127.0.0.1:8008\" %}\n"));
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://a.org:8448/x?y"),
            Some("https://a.org:8448".into())
        );
        assert_eq!(
            origin_of("http://127.0.0.1:1234"),
            Some("http://127.0.0.1:1234".into())
        );
        assert_eq!(origin_of("/assets/x.js"), None);
        assert_eq!(origin_of("javascript://a.org"), None);
    }
}
