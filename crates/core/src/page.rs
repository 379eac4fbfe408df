//! What a widget element says, decided in one place.
//!
//! The widget reads its element once, in one pass, into a [`PageElement`]:
//! its attributes, its markup as a plain tree, and the language tags around
//! it. Everything else is decided here from that description — the
//! settings, the language, where the rooms come from (a snapshot, the
//! page's links, the `rooms` attribute), each room's first state and the
//! link it leads to, and the servers the consent button names — so the browser side only mounts what
//! the core decided, and every rule is tested on the host.

use crate::discovery::{discover_rooms, rooms_from_attribute, Element};
use crate::i18n::{choose_language, Language};
use crate::matrix::well_known::{is_loopback, visitor_base_url};
use crate::matrix::Failure;
use crate::reread::{OwnFile, SnapshotCopy};
use crate::room::{ConfiguredRoom, Freshness, RoomState};
use crate::settings::{homeserver_host, LiveMode, Settings};
use crate::snapshot::Snapshot;
use crate::text::clamp;
use crate::wire::Codec;

/// The prefix of each attribute's second spelling: `data-refresh` for
/// `refresh`, on a `div` marked `data-matrix-channels`.
pub const DATA_PREFIX: &str = "data-";

/// A widget element as the browser read it, in one pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageElement {
    /// Its attributes that the settings are read from
    /// ([`crate::settings::ATTRIBUTES`]), in either spelling, as written.
    pub attributes: Vec<(String, String)>,
    /// Its content, as much of the markup as discovery needs.
    pub markup: Element,
    /// Language tags in order of preference: the element's own `lang`, the
    /// nearest ancestor's, then the browser's preferred languages.
    pub language_tags: Vec<String>,
    /// The page's host (`location.host`), with its port.
    pub page_host: Option<String>,
}

impl PageElement {
    /// The attribute `name`, or its `data-` form: `<matrix-channels
    /// refresh>` and `<div data-matrix-channels data-refresh>` mean the
    /// same (kramdown parses Markdown only inside a `div`).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        let find = |wanted: &str| {
            self.attributes
                .iter()
                .find(|(n, _)| n == wanted)
                .map(|(_, v)| v.as_str())
        };
        find(name).or_else(|| find(&format!("{DATA_PREFIX}{name}")))
    }

    /// Whether it may name a room at all: it holds a Matrix link (a room's,
    /// or a malformed one that discovery will warn of), or has a `rooms`
    /// or a `snapshot` attribute. Cheap, where finding the rooms is not: an element
    /// without either is left alone at once, before any of that work.
    pub fn may_name_rooms(&self) -> bool {
        fn has_matrix_link(element: &crate::discovery::Element) -> bool {
            let matrix = |href: &str| {
                !matches!(
                    crate::matrix::RoomLink::parse(href),
                    Err(crate::matrix::LinkError::NotAMatrixLink)
                )
            };
            element.href.as_deref().is_some_and(matrix)
                || element.children.iter().any(|child| match child {
                    crate::discovery::Markup::Element(e) => has_matrix_link(e),
                    crate::discovery::Markup::Text(_) => false,
                })
        }
        self.attribute("rooms").is_some()
            || self.attribute("snapshot").is_some()
            || has_matrix_link(&self.markup)
    }
}

/// One row to show: the room as the page or snapshot names it, and what is
/// known of it at first.
pub type Row = (ConfiguredRoom, RoomState);

/// What the core decided for one widget element.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The settings from its attributes.
    pub settings: Settings,
    /// The language of every text the widget writes.
    pub language: &'static Language,
    /// A problem for the console per attribute that could not be used.
    pub warnings: Vec<String>,
}

impl Plan {
    /// Decides the settings and the language of `element`.
    // Not inlined: inlined into the widget's pipeline future, which awaits
    // around it, it made the wasm larger (docs/benchmarks.md).
    #[inline(never)]
    pub fn of(element: &PageElement) -> Plan {
        let (settings, warnings) =
            Settings::from_attributes(|name| element.attribute(name).map(str::to_owned));
        let language = choose_language(element.language_tags.iter().map(String::as_str));
        Plan {
            settings,
            language,
            warnings,
        }
    }
}

/// The rows to show, and a problem for the console per room link or
/// snapshot that could not be used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomChoice {
    /// The rows, in the order to show them; empty when there is nothing to
    /// show (then the page keeps its own list).
    pub rows: Vec<Row>,
    /// What the maintainer should know.
    pub warnings: Vec<String>,
    /// The homeserver the snapshot's rooms were read from, when the rows
    /// are a snapshot's: see [`Settings::or_homeserver`].
    pub homeserver: Option<String>,
    /// With `live="snapshot"`, the copy of the snapshot the widget shows,
    /// to read again every interval (empty, due at once, when the page
    /// load's read gave none).
    pub reread: Option<SnapshotCopy>,
}

/// The rooms of the page itself: its room links, else its `rooms`
/// attribute, each linked as the `join` setting says. Without live counts there is no count to wait for, so the
/// rows start as the snapshot's would, with names and descriptions only.
pub fn rooms_of_page(element: &PageElement, settings: &Settings) -> RoomChoice {
    let mut discovery = discover_rooms(&element.markup);
    if discovery.rooms.is_empty() {
        if let Some(rooms) = &settings.rooms {
            discovery = rooms_from_attribute(rooms);
        }
    }
    let mut warnings: Vec<String> = discovery
        .skipped
        .iter()
        .map(|skipped| format!("skipped \"{}\": {}", skipped.entry, skipped.reason))
        .collect();
    let first = match settings.live {
        LiveMode::Off | LiveMode::Snapshot => RoomState {
            freshness: Freshness::Snapshot,
            ..RoomState::default()
        },
        LiveMode::Auto | LiveMode::Consent => RoomState::default(),
    };
    if discovery.rooms.is_empty() {
        warnings.push(
            "no room links inside the element and no rooms attribute: nothing to show".to_owned(),
        );
    }
    RoomChoice {
        rows: discovery
            .rooms
            .into_iter()
            .map(|mut room| {
                room.join_url = settings.join.url(&room.alias);
                (room, first.clone())
            })
            .collect(),
        warnings,
        homeserver: None,
        reread: None,
    }
}

/// The rooms when the page names a snapshot at `url` and fetching it gave
/// `loaded`: the snapshot's rooms, in its order with its counts, when it
/// has any with an alias; else the page's own (with a warning saying why).
/// Either way each room is linked as the `join` setting says, and with
/// `live="snapshot"` the choice holds the copy to read again.
/// `resolve` turns an avatar's path, relative to the snapshot, into a URL
/// of the page's own site, or refuses it: nothing else is loaded.
pub fn rooms_with_snapshot<J: Codec>(
    element: &PageElement,
    settings: &Settings,
    url: &str,
    loaded: Result<OwnFile, Failure>,
    now_ms: f64,
    resolve: impl Fn(&str) -> Option<String>,
) -> RoomChoice {
    let rereads = settings.live.rereads_snapshot();
    let why = match loaded.map(|file| {
        let text = file.text.unwrap_or_default();
        (
            Snapshot::parse::<J>(&text),
            text,
            file.etag,
            file.last_modified,
        )
    }) {
        Ok((Ok(snapshot), text, etag, last_modified)) => {
            let mut rows = snapshot.widget_rooms(now_ms);
            for (room, _) in &mut rows {
                room.avatar = room.avatar.take().and_then(|path| resolve(&path));
                room.join_url = settings.join.url(&room.alias);
            }
            if !rows.is_empty() {
                let mut warnings = Vec::new();
                if !snapshot.is_dated(now_ms) {
                    warnings.push(format!(
                        "snapshot {url}: its time lies in the future; its counts are shown without a date"
                    ));
                }
                return RoomChoice {
                    rows,
                    warnings,
                    homeserver: snapshot_homeserver(&snapshot.homeserver, element),
                    reread: rereads
                        .then(|| SnapshotCopy::of(&snapshot, text, etag, last_modified, now_ms)),
                };
            }
            "it names no room with an alias".to_owned()
        }
        Ok((Err(why), ..)) => why.to_string(),
        Err(Failure::Status(code)) => format!("HTTP {code}"),
        Err(Failure::Elsewhere) => "it redirects to another site".to_owned(),
        Err(_) => "could not be loaded".to_owned(),
    };
    let mut choice = rooms_of_page(element, settings);
    choice.warnings.insert(
        0,
        format!("snapshot {url}: {why}; reading the rooms from the page instead"),
    );
    choice.reread = rereads.then(SnapshotCopy::default);
    choice
}

/// The snapshot's homeserver, when a visitor's browser may be sent to it
/// ([`visitor_base_url`]): over https to a public host; to this machine
/// only from a page on this machine (a demo, a test). A snapshot made
/// against a local homeserver must not send every visitor's browser to its
/// own loopback address.
fn snapshot_homeserver(url: &str, element: &PageElement) -> Option<String> {
    let page_is_local = element.page_host.as_deref().is_some_and(is_loopback);
    visitor_base_url(url, page_is_local)
}

/// The warning for a `snapshot` attribute that names no file of the
/// page's own site: the widget asks nothing of other sites but the
/// homeserver.
pub fn foreign_snapshot(raw: &str) -> String {
    format!(
        "snapshot=\"{}\" is not a file of this site; reading the rooms from the page",
        clamp(raw, 100)
    )
}

/// Where a visitor's "show live member counts" is kept, per homeserver:
/// consent to one server is none to another, though both widgets share the
/// site's origin (on `user.github.io`, many sites do).
pub fn consent_key(servers: &str) -> String {
    format!("matrix-channels:live-consent:{servers}")
}

/// What the consent button names: the homeserver the browser would ask —
/// the `homeserver` attribute's host, else the snapshot's homeserver's (see
/// [`Settings::or_homeserver`]), else the rooms' server names, each once,
/// in page order. Those are asked for their discovery document first, and
/// the summaries may go elsewhere: [`Delegated`] names where.
pub fn consent_servers(settings: &Settings, rows: &[Row]) -> String {
    match &settings.homeserver {
        Some(url) => homeserver_host(url).to_owned(),
        None => listed(rows.iter().map(|(room, _)| room.alias.server_name())),
    }
}

/// Each of `names` once, in order, as the consent button lists them.
fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen.join(", ")
}

/// Where a `live="consent"` widget that names no homeserver sends its
/// summaries, once discovery has found each room's base URL: the visitor
/// agreed to the rooms' server names, and a `.well-known` may point at
/// another host, which the visitor must be told of before any request goes
/// there.
#[derive(Debug, PartialEq, Eq)]
pub struct Delegated<T> {
    /// The rooms by the base URL each is asked at, in page order. Each
    /// group is asked at its base URL for the page's life, not discovered
    /// again: a later lookup must not move requests to a host the visitor
    /// was not told of.
    pub groups: Vec<(String, Vec<T>)>,
    /// The hosts those base URLs name, as the consent button lists them.
    pub hosts: String,
}

impl<T> Delegated<T> {
    /// Groups `rooms`, each with its base URL.
    pub fn of(rooms: impl IntoIterator<Item = (String, T)>) -> Delegated<T> {
        let mut groups: Vec<(String, Vec<T>)> = Vec::new();
        for (base_url, room) in rooms {
            match groups.iter_mut().find(|(url, _)| *url == base_url) {
                Some((_, rooms)) => rooms.push(room),
                None => groups.push((base_url, vec![room])),
            }
        }
        let hosts = listed(groups.iter().map(|(url, _)| homeserver_host(url)));
        Delegated { groups, hosts }
    }

    /// Whether the summaries may go out now: the hosts are the ones the
    /// button named (`named`, agreed to), or the visitor agreed to these
    /// hosts before (`hosts_agreed`). Otherwise the button names them and
    /// asks again.
    pub fn agreed(&self, named: &str, hosts_agreed: bool) -> bool {
        self.hosts == named || hosts_agreed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::Markup;
    use crate::snapshot::{SnapshotRoom, Source, SCHEMA_VERSION};

    type Value = crate::wire::SerdeJson;

    #[test]
    fn only_an_element_with_a_link_a_rooms_or_a_snapshot_attribute_may_name_rooms() {
        assert!(!element(&[], &[]).may_name_rooms());
        assert!(element(&[("snapshot", "rooms.json")], &[]).may_name_rooms());
        assert!(!element(&[("refresh", "60")], &[]).may_name_rooms());
        assert!(element(&[("data-rooms", "#a:example.org")], &[]).may_name_rooms());
        assert!(!element(&[], &[("https://element.io/", "only Element")]).may_name_rooms());
        // A malformed Matrix link: discovery warns of it.
        assert!(
            element(&[], &[("https://matrix.to/#/@user:example.org", "a user")]).may_name_rooms()
        );
        let nested = PageElement {
            markup: crate::discovery::Element {
                name: "div".to_owned(),
                href: None,
                children: vec![Markup::element(
                    "dl",
                    vec![Markup::element(
                        "dt",
                        vec![Markup::link("https://matrix.to/#/#a:example.org", "a")],
                    )],
                )],
            },
            ..PageElement::default()
        };
        assert!(nested.may_name_rooms());
    }

    fn element(attributes: &[(&str, &str)], links: &[(&str, &str)]) -> PageElement {
        PageElement {
            attributes: attributes
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            markup: Element {
                name: "matrix-channels".into(),
                href: None,
                children: vec![Markup::element(
                    "p",
                    links
                        .iter()
                        .map(|(href, text)| Markup::link(href, text))
                        .collect(),
                )],
            },
            language_tags: Vec::new(),
            page_host: None,
        }
    }

    fn own(text: String) -> OwnFile {
        OwnFile {
            text: Some(text),
            ..OwnFile::default()
        }
    }

    /// The rooms of `page` with `text` as its snapshot, read at 2 s, no
    /// avatar of the site's.
    fn with_snapshot(page: &PageElement, settings: &Settings, text: String) -> RoomChoice {
        rooms_with_snapshot::<Value>(page, settings, "/s.json", Ok(own(text)), 2000.0, |_| None)
    }

    fn aliases(choice: &RoomChoice) -> Vec<String> {
        choice
            .rows
            .iter()
            .map(|(room, _)| room.alias.to_string())
            .collect()
    }

    fn snapshot_text(aliases: &[Option<&str>]) -> String {
        Snapshot {
            schema: SCHEMA_VERSION,
            generated_at: "1970-01-01T00:00:01Z".into(),
            generated_at_ms: 1000,
            homeserver: "https://example.org".into(),
            source: Source::Hierarchy,
            space: None,
            rooms: aliases
                .iter()
                .map(|alias| SnapshotRoom {
                    alias: alias.map(Into::into),
                    link: String::new(),
                    member_count: Some(4),
                    avatar: Some("avatars/a.png".into()),
                    ..SnapshotRoom::default()
                })
                .collect(),
        }
        .to_json::<Value>()
        .unwrap()
    }

    #[test]
    fn attributes_are_read_in_both_forms() {
        let page = element(&[("data-refresh", "45"), ("lang", "de")], &[]);
        assert_eq!(page.attribute("refresh"), Some("45"));
        let both = element(&[("refresh", "60"), ("data-refresh", "45")], &[]);
        assert_eq!(both.attribute("refresh"), Some("60"), "the plain name wins");
        assert_eq!(Plan::of(&both).settings.refresh_ms, 60_000);
    }

    #[test]
    fn the_language_is_the_first_tag_the_widget_speaks() {
        let mut page = element(&[], &[]);
        page.language_tags = vec!["fr".into(), "de-AT".into(), "en".into()];
        assert_eq!(Plan::of(&page).language.code, "de");
        page.language_tags.clear();
        assert_eq!(Plan::of(&page).language.code, "en");
    }

    #[test]
    fn the_pages_links_win_over_the_rooms_attribute() {
        let page = element(
            &[("rooms", "#b:example.org")],
            &[("https://matrix.to/#/#a:example.org", "A")],
        );
        let settings = Plan::of(&page).settings;
        assert_eq!(
            aliases(&rooms_of_page(&page, &settings)),
            ["#a:example.org"]
        );
        let bare = element(&[("rooms", "#b:example.org, bad")], &[]);
        let choice = rooms_of_page(&bare, &Plan::of(&bare).settings);
        assert_eq!(aliases(&choice), ["#b:example.org"]);
        assert_eq!(choice.warnings.len(), 1, "{:?}", choice.warnings);
        assert!(choice.warnings[0].contains("skipped \"bad\""));
    }

    #[test]
    fn nothing_to_show_says_so() {
        let page = element(&[], &[("https://example.org/", "not a room")]);
        let choice = rooms_of_page(&page, &Plan::of(&page).settings);
        assert!(choice.rows.is_empty());
        assert!(choice.warnings[0].contains("nothing to show"));
    }

    #[test]
    fn without_live_counts_rows_start_without_waiting() {
        let links = [("https://matrix.to/#/#a:example.org", "A")];
        let auto = element(&[], &links);
        let off = element(&[("live", "off")], &links);
        let first = |page: &PageElement| {
            rooms_of_page(page, &Plan::of(page).settings).rows[0]
                .1
                .freshness
        };
        assert_eq!(first(&auto), Freshness::Loading);
        assert_eq!(first(&off), Freshness::Snapshot);
    }

    #[test]
    fn a_snapshot_with_rooms_wins_and_its_avatars_are_resolved() {
        let page = element(&[], &[("https://matrix.to/#/#page:example.org", "P")]);
        let settings = Plan::of(&page).settings;
        let text = snapshot_text(&[Some("#a:example.org"), None, Some("#b:example.org")]);
        let choice =
            rooms_with_snapshot::<Value>(&page, &settings, "/s.json", Ok(own(text)), 2000.0, |p| {
                Some(format!("https://site.example/{p}"))
            });
        assert_eq!(aliases(&choice), ["#a:example.org", "#b:example.org"]);
        assert!(choice.warnings.is_empty());
        let (room, state) = &choice.rows[0];
        assert_eq!(
            room.avatar.as_deref(),
            Some("https://site.example/avatars/a.png")
        );
        assert_eq!(
            (state.freshness, state.member_count()),
            (Freshness::Snapshot, Some(4))
        );
        let refused = with_snapshot(&page, &settings, snapshot_text(&[Some("#a:example.org")]));
        assert_eq!(
            refused.rows[0].0.avatar, None,
            "an avatar elsewhere is not loaded"
        );
    }

    #[test]
    fn a_snapshots_activity_reaches_its_row_as_of_the_snapshot() {
        use crate::activity::{Activity, RoomActivity};
        let page = element(&[], &[]);
        let settings = Plan::of(&page).settings;
        let busy = Activity {
            last_message_at: Some("1970-01-01T00:00:00Z".into()),
            messages_7d: 12,
            messages_30d: 40,
        };
        let mut snapshot: Snapshot = Snapshot::parse::<Value>(&snapshot_text(&[
            Some("#busy:example.org"),
            Some("#unread:example.org"),
        ]))
        .unwrap();
        snapshot.rooms[0].activity = Some(busy.clone());
        let text = snapshot.to_json::<Value>().unwrap();
        // Whatever the visitor's clock says, even far ahead of the
        // snapshot's: the words are relative to the snapshot.
        for now_ms in [2000.0, 1e13] {
            let choice = rooms_with_snapshot::<Value>(
                &page,
                &settings,
                "/s.json",
                Ok(own(text.clone())),
                now_ms,
                |_| None,
            );
            let activity: Vec<_> = choice
                .rows
                .iter()
                .map(|(r, _)| r.activity.clone())
                .collect();
            assert_eq!(
                activity,
                [
                    Some(RoomActivity {
                        activity: busy.clone(),
                        as_of_ms: 1000
                    }),
                    None
                ]
            );
        }
        // Rows from the page's own links have none.
        let links = element(&[], &[("https://matrix.to/#/#a:example.org", "A")]);
        let rows = rooms_of_page(&links, &Plan::of(&links).settings).rows;
        assert_eq!(rows[0].0.activity, None);
    }

    #[test]
    fn live_snapshot_keeps_the_copy_to_read_again_and_asks_no_homeserver() {
        let links = [("https://matrix.to/#/#page:example.org", "P")];
        let page = element(&[("live", "snapshot"), ("snapshot", "/s.json")], &links);
        let settings = Plan::of(&page).settings;
        let loaded = OwnFile {
            text: Some(snapshot_text(&[Some("#a:example.org")])),
            etag: Some("\"v1\"".into()),
            last_modified: None,
        };
        let choice =
            rooms_with_snapshot::<Value>(&page, &settings, "/s.json", Ok(loaded), 2000.0, |_| None);
        let copy = choice.reread.unwrap();
        assert_eq!(
            (copy.read_at_ms, copy.generated_at_ms, copy.etag.as_deref()),
            (2000, 1000, Some("\"v1\""))
        );
        assert!(!settings.live.asks_at_start(true));
        // A snapshot that fails at the page load: the page's rooms, shown
        // without counts, and the copy to read is empty, due at once.
        let failed = rooms_with_snapshot::<Value>(
            &page,
            &settings,
            "/s.json",
            Err(Failure::Status(500)),
            2000.0,
            |_| None,
        );
        assert_eq!(aliases(&failed), ["#page:example.org"]);
        assert_eq!(failed.rows[0].1.freshness, Freshness::Snapshot);
        assert_eq!(failed.reread, Some(SnapshotCopy::default()));
        // Other modes read the snapshot once.
        let auto = element(&[("snapshot", "/s.json")], &links);
        let text = snapshot_text(&[Some("#a:example.org")]);
        let once = with_snapshot(&auto, &Plan::of(&auto).settings, text);
        assert_eq!(once.reread, None);
    }

    #[test]
    fn every_row_links_where_the_join_setting_says() {
        let links = [("https://matrix.to/#/#a:example.org", "A")];
        let hrefs = |join: &str| {
            let page = element(&[("data-join", join)], &links);
            let settings = Plan::of(&page).settings;
            let text = snapshot_text(&[Some("#s:example.org")]);
            let snapshot = with_snapshot(&page, &settings, text);
            [rooms_of_page(&page, &settings), snapshot]
                .map(|choice| choice.rows[0].0.join_url.clone())
        };
        assert_eq!(
            hrefs("matrixto"),
            [
                "https://matrix.to/#/#a:example.org",
                "https://matrix.to/#/#s:example.org"
            ]
        );
        assert_eq!(
            hrefs("matrix"),
            ["matrix:r/a:example.org", "matrix:r/s:example.org"]
        );
        assert_eq!(
            hrefs("https://chat.example.org/#/room/{alias}"),
            [
                "https://chat.example.org/#/room/%23a%3Aexample.org",
                "https://chat.example.org/#/room/%23s%3Aexample.org"
            ]
        );
        assert_eq!(hrefs("javascript:{alias}"), hrefs("matrixto"));
        let hostile = element(&[("join", "javascript:{alias}")], &links);
        assert!(Plan::of(&hostile).warnings[0].contains("matrix.to"));
    }

    #[test]
    fn an_unusable_snapshot_falls_back_to_the_page_saying_why() {
        let page = element(&[], &[("https://matrix.to/#/#page:example.org", "P")]);
        let settings = Plan::of(&page).settings;
        for (loaded, why) in [
            (Err(Failure::Status(404)), "HTTP 404"),
            (Err(Failure::Timeout), "could not be loaded"),
            (Err(Failure::Elsewhere), "redirects to another site"),
            (Ok(own("<html>".to_owned())), "not JSON"),
            (Ok(own(snapshot_text(&[None]))), "no room with an alias"),
        ] {
            let choice =
                rooms_with_snapshot::<Value>(&page, &settings, "/s.json", loaded, 2000.0, |p| {
                    Some(p.to_owned())
                });
            assert_eq!(aliases(&choice), ["#page:example.org"], "{why}");
            assert!(
                choice.warnings[0].starts_with("snapshot /s.json: "),
                "{why}"
            );
            assert!(choice.warnings[0].contains(why), "{:?}", choice.warnings);
        }
        assert!(foreign_snapshot("https://elsewhere.example/s.json")
            .contains("not a file of this site"));
    }

    #[test]
    fn the_consent_button_names_the_servers_the_browser_would_ask() {
        let page = element(
            &[],
            &[
                ("https://matrix.to/#/#a:one.example", "A"),
                ("https://matrix.to/#/#b:two.example", "B"),
                ("https://matrix.to/#/#c:one.example", "C"),
            ],
        );
        let settings = Plan::of(&page).settings;
        let rows = rooms_of_page(&page, &settings).rows;
        assert_eq!(
            consent_servers(&settings, &rows),
            "one.example, two.example"
        );
        let pinned = element(&[("homeserver", "https://hs.example:8448/")], &[]);
        assert_eq!(
            consent_servers(&Plan::of(&pinned).settings, &rows),
            "hs.example:8448"
        );
        assert_ne!(consent_key("one.example"), consent_key("two.example"));
        // The snapshot's homeserver, when the page names none.
        let text = snapshot_text(&[Some("#a:one.example")]);
        let choice = with_snapshot(&page, &settings, text);
        assert_eq!(choice.homeserver.as_deref(), Some("https://example.org"));
        let settings = settings.or_homeserver(choice.homeserver);
        assert_eq!(consent_servers(&settings, &choice.rows), "example.org");
        // A snapshot made against a local homeserver sends no visitor's
        // browser to its own machine; a page on this machine may use it.
        let local = |page_host: &str| {
            let mut page = page.clone();
            page.page_host = Some(page_host.to_owned());
            let text = snapshot_text(&[Some("#a:one.example")])
                .replace("https://example.org", "http://127.0.0.1:8008");
            with_snapshot(&page, &settings, text).homeserver
        };
        assert_eq!(local("site.example"), None);
        assert_eq!(
            local("127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8008")
        );
        let attribute = Plan::of(&pinned)
            .settings
            .or_homeserver(Some("https://example.org".into()));
        assert_eq!(
            attribute.homeserver.as_deref(),
            Some("https://hs.example:8448"),
            "the page's attribute wins"
        );
    }

    #[test]
    fn after_discovery_the_consent_button_names_the_hosts_the_summaries_go_to() {
        let found = Delegated::of([
            (
                "https://matrix-client.matrix.org".to_owned(),
                "#a:matrix.org",
            ),
            ("https://hs.example:8448".to_owned(), "#b:example.org"),
            (
                "https://matrix-client.matrix.org".to_owned(),
                "#c:matrix.org",
            ),
        ]);
        assert_eq!(found.hosts, "matrix-client.matrix.org, hs.example:8448");
        assert_eq!(
            found.groups,
            [
                (
                    "https://matrix-client.matrix.org".to_owned(),
                    vec!["#a:matrix.org", "#c:matrix.org"]
                ),
                ("https://hs.example:8448".to_owned(), vec!["#b:example.org"]),
            ]
        );
        // Agreed to matrix.org and example.org: these hosts are others, so
        // the button asks again, unless the visitor agreed to them before.
        assert!(!found.agreed("matrix.org, example.org", false));
        assert!(found.agreed("matrix.org, example.org", true));
        // No delegation (or a failed lookup's fallback): the host named.
        let own = Delegated::of([("https://example.org".to_owned(), ())]);
        assert!(own.agreed("example.org", false));
    }
}
