//! Finding the rooms in the markup a page already has.
//!
//! Pages list rooms in two ways (see the de-RSE site): kramdown definition
//! lists, `<dl><dt><a href=…>name</a></dt><dd>description</dd></dl>`, and
//! paragraphs, `<p><a href=…>name</a>: description</p>`, where several rooms
//! may share one paragraph separated by line breaks. This module reads both
//! from a plain tree ([`Markup`]) so that it runs and is tested without a
//! browser; the widget's `src/browser/page.rs` builds that tree from the page.

use crate::matrix::{LinkError, RoomAlias, RoomLink};
use crate::room::ConfiguredRoom;
use crate::text::clean;

/// The most rooms one widget shows; links past it are skipped with a
/// warning. Enough for a large space, small enough to keep the page fast.
pub const MAX_ROOMS: usize = 500;

/// A node of the page's markup, as much of it as discovery needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Markup {
    /// An element.
    Element(Element),
    /// A text node.
    Text(String),
}

/// An element: its lower-case tag name, its `href` if it has one, and its
/// children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    /// The tag name in lower case, e.g. `dl`.
    pub name: String,
    /// The `href` attribute, for links.
    pub href: Option<String>,
    /// The child nodes, in order.
    pub children: Vec<Markup>,
}

impl Element {
    /// How many nodes it is, its own and its descendants': how much there
    /// is to read for its rooms.
    pub fn node_count(&self) -> usize {
        let children = self.children.iter().map(|child| match child {
            Markup::Element(element) => element.node_count(),
            Markup::Text(_) => 1,
        });
        1 + children.sum::<usize>()
    }
}

impl Markup {
    /// An element with children.
    pub fn element(name: &str, children: Vec<Markup>) -> Markup {
        Markup::Element(Element {
            name: name.to_owned(),
            href: None,
            children,
        })
    }

    /// A link with text.
    pub fn link(href: &str, text: &str) -> Markup {
        Markup::Element(Element {
            name: "a".to_owned(),
            href: Some(href.to_owned()),
            children: vec![Markup::text(text)],
        })
    }

    /// A text node.
    pub fn text(text: &str) -> Markup {
        Markup::Text(text.to_owned())
    }
}

/// A link or entry the widget could not use, for the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The link or entry as written.
    pub entry: String,
    /// Why it was skipped, in plain words.
    pub reason: String,
}

/// The rooms found, in page order without duplicates, and what was skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The rooms to show.
    pub rooms: Vec<ConfiguredRoom>,
    /// Entries that look like Matrix links but could not be used.
    pub skipped: Vec<Skipped>,
    /// Rooms past [`MAX_ROOMS`], left out.
    pub over_cap: usize,
}

impl Discovery {
    fn add(
        &mut self,
        entry: &str,
        parsed: Result<RoomAlias, LinkError>,
        name: Option<String>,
        description: Option<String>,
    ) {
        let alias = match parsed {
            Ok(alias) => alias,
            // Links to anything but Matrix (a client's download page, the
            // spec) are ordinary page content, not mistakes.
            Err(LinkError::NotAMatrixLink) => return,
            Err(reason) => {
                self.skip(entry, reason.to_string());
                return;
            }
        };
        if let Some(known) = self.rooms.iter_mut().find(|r| r.alias == alias) {
            known.name = known.name.take().or(name);
            known.description = known.description.take().or(description);
            return;
        }
        if self.rooms.len() >= MAX_ROOMS {
            self.over_cap += 1;
            return;
        }
        self.rooms.push(ConfiguredRoom {
            join_url: alias.matrix_to_url(),
            alias,
            name,
            description,
            avatar: None,
            activity: None,
        });
    }

    /// One warning for every room past the cap, rather than one each.
    fn report_cap(&mut self) {
        if self.over_cap > 0 {
            let entry = format!("{} more room links", self.over_cap);
            self.skip(&entry, format!("a widget shows at most {MAX_ROOMS} rooms"));
        }
    }

    fn skip(&mut self, entry: &str, reason: String) {
        self.skipped.push(Skipped {
            entry: crate::text::clamp(entry, 200),
            reason,
        });
    }
}

/// Reads the rooms linked inside `root`.
pub fn discover_rooms(root: &Element) -> Discovery {
    let mut discovery = Discovery::default();
    walk_block(root, &mut discovery);
    discovery.report_cap();
    discovery
}

/// Reads the `rooms` attribute: aliases (or room links) separated by commas
/// or white space.
pub fn rooms_from_attribute(value: &str) -> Discovery {
    let mut discovery = Discovery::default();
    for entry in value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        let parsed = if entry.starts_with('#') {
            RoomAlias::parse(entry).map_err(LinkError::BadAlias)
        } else {
            match RoomLink::parse(entry) {
                Ok(link) => Ok(link.alias),
                Err(LinkError::NotAMatrixLink) => {
                    Err(LinkError::BadAlias(crate::matrix::AliasError::MissingSigil))
                }
                Err(e) => Err(e),
            }
        };
        discovery.add(entry, parsed, None, None);
    }
    discovery.report_cap();
    discovery
}

/// Inline content of one block, flattened: text and links, in order.
enum Inline<'a> {
    Text(String),
    Link { href: &'a str, text: String },
}

/// Elements that flow within a line; every other element starts a block
/// of its own.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "dfn"
            | "em"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
            | "font"
            | "label"
    )
}

/// Content the widget never reads room links or descriptions from. `data`
/// holds a machine-readable value — the member count a server-rendered list
/// (the Jekyll include's, from a snapshot) shows beside each room — which
/// is not part of the room's description.
fn is_ignored(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "svg" | "math" | "data"
    )
}

fn walk_block(block: &Element, discovery: &mut Discovery) {
    let mut run = Vec::new();
    for child in &block.children {
        match child {
            Markup::Text(text) => run.push(Inline::Text(text.clone())),
            Markup::Element(element) if is_ignored(&element.name) => {}
            Markup::Element(element) if element.name == "br" => flush(&mut run, discovery),
            // A definition list is read as one line: kramdown folds the
            // next `[name](link)` line of the seed page's list into the
            // previous `<dd>` (lazy continuation), so a room's description
            // is simply the text between its link and the next room link,
            // whichever `<dt>` or `<dd>` holds them.
            Markup::Element(element) if is_inline(&element.name) || element.name == "dl" => {
                flatten(element, &mut run)
            }
            Markup::Element(element) => {
                flush(&mut run, discovery);
                walk_block(element, discovery);
            }
        }
    }
    flush(&mut run, discovery);
}

fn flatten<'a>(element: &'a Element, run: &mut Vec<Inline<'a>>) {
    if element.name == "a" {
        if let Some(href) = element.href.as_deref() {
            run.push(Inline::Link {
                href,
                text: text_content(element),
            });
            return;
        }
    }
    for child in &element.children {
        match child {
            Markup::Text(text) => run.push(Inline::Text(text.clone())),
            Markup::Element(e) if is_ignored(&e.name) => {}
            Markup::Element(e) => flatten(e, run),
        }
    }
    if !is_inline(&element.name) {
        // The end of a `<dd>` or `<p>` inside a list separates words.
        run.push(Inline::Text(" ".to_owned()));
    }
}

/// Turns one line of inline content into rooms: each room link's
/// description is the text after it, up to the next room link.
fn flush(run: &mut Vec<Inline<'_>>, discovery: &mut Discovery) {
    let items = std::mem::take(run);
    let links: Vec<(usize, &str, Result<RoomAlias, LinkError>)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            Inline::Link { href, .. } => Some((i, *href, RoomLink::parse(href).map(|l| l.alias))),
            Inline::Text(_) => None,
        })
        .collect();
    let room_positions: Vec<usize> = links
        .iter()
        .filter(|(_, _, parsed)| parsed.is_ok())
        .map(|(i, _, _)| *i)
        .collect();
    for (position, href, parsed) in links {
        let Some(Inline::Link { text, .. }) = items.get(position) else {
            continue;
        };
        let name = link_name(text, href);
        let end = room_positions
            .iter()
            .copied()
            .find(|&p| p > position)
            .unwrap_or(items.len());
        let mut following = String::new();
        for item in items.get(position + 1..end).unwrap_or_default() {
            match item {
                Inline::Text(t) | Inline::Link { text: t, .. } => following.push_str(t),
            }
        }
        let description =
            Some(strip_separator(&clean(&following)).to_owned()).filter(|d| !d.is_empty());
        discovery.add(href, parsed, name, description);
    }
}

/// The link's text as the room's name, unless it is only the address (an
/// autolink like `<https://matrix.to/#/#room:server>`).
fn link_name(text: &str, href: &str) -> Option<String> {
    let text = clean(text);
    let looks_like_address = text.is_empty()
        || text == href.trim()
        || text.starts_with("https://matrix.to/")
        || text.starts_with("matrix:")
        || RoomAlias::parse(&text).is_ok();
    (!looks_like_address).then_some(text)
}

/// Drops what joins a name to its description: `: `, ` – `, ` - `, `|`.
fn strip_separator(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        matches!(c, ':' | '–' | '—' | '-' | '|' | ',' | ';') || c.is_whitespace()
    })
}

/// All text below `element`, white space collapsed.
fn text_content(element: &Element) -> String {
    fn collect(element: &Element, out: &mut String) {
        for child in &element.children {
            match child {
                Markup::Text(text) => out.push_str(text),
                Markup::Element(e) if is_ignored(&e.name) => {}
                Markup::Element(e) => {
                    if !is_inline(&e.name) {
                        out.push(' ');
                    }
                    collect(e, out);
                }
            }
        }
    }
    let mut out = String::new();
    collect(element, &mut out);
    clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(children: Vec<Markup>) -> Element {
        Element {
            name: "matrix-channels".into(),
            href: None,
            children,
        }
    }

    fn el(name: &str, children: Vec<Markup>) -> Markup {
        Markup::element(name, children)
    }

    fn link(href: &str, text: &str) -> Markup {
        Markup::link(href, text)
    }

    fn text(t: &str) -> Markup {
        Markup::text(t)
    }

    fn summary(discovery: &Discovery) -> Vec<(String, Option<String>, Option<String>)> {
        discovery
            .rooms
            .iter()
            .map(|r| (r.alias.to_string(), r.name.clone(), r.description.clone()))
            .collect()
    }

    fn row(
        alias: &str,
        name: Option<&str>,
        description: Option<&str>,
    ) -> (String, Option<String>, Option<String>) {
        (
            alias.into(),
            name.map(Into::into),
            description.map(Into::into),
        )
    }

    #[test]
    fn counts_every_node_of_an_element() {
        let list = root(vec![
            el(
                "dl",
                vec![el("dt", vec![link("https://matrix.to/#/#a:b.c", "A")])],
            ),
            text("\n"),
        ]);
        // The root, dl, dt, a and the link's text; the newline.
        assert_eq!(list.node_count(), 6);
        assert_eq!(root(Vec::new()).node_count(), 1);
    }

    /// The seed page's room list as kramdown renders it.
    #[test]
    fn reads_a_definition_list() {
        let markup = root(vec![
            text("\n"),
            el("dl", vec![
                text("\n  "),
                el("dt", vec![link("https://matrix.to/#/#de-rse.org-general:matrix.org", "deRSE-general")]),
                text("\n  "),
                el("dd", vec![text("For general discussions that are de-RSE related, but fit in no other room.")]),
                el("dt", vec![link("https://matrix.to/#/#de-rse.org-jobs:matrix.org", "deRSE-jobs")]),
                el("dd", vec![el("p", vec![text("For RSE related "), el("em", vec![text("job")]), text(" announcements.")])]),
                el("dt", vec![link("https://matrix.to/#/#de-rse.org-offtopic:matrix.org", "deRSE-offtopic")]),
            ]),
        ]);
        assert_eq!(
            summary(&discover_rooms(&markup)),
            [
                row("#de-rse.org-general:matrix.org", Some("deRSE-general"), Some("For general discussions that are de-RSE related, but fit in no other room.")),
                row("#de-rse.org-jobs:matrix.org", Some("deRSE-jobs"), Some("For RSE related job announcements.")),
                row("#de-rse.org-offtopic:matrix.org", Some("deRSE-offtopic"), None),
            ]
        );
    }

    /// The seed page as Jekyll's kramdown really renders it: without blank
    /// lines between entries, each next `[name](link)` line is folded into
    /// the previous `<dd>`.
    #[test]
    fn reads_the_seed_pages_folded_definition_list() {
        let markup = root(vec![el("dl", vec![
            el("dt", vec![link("https://matrix.to/#/#de-rse.org-general:matrix.org", "deRSE-general")]),
            el("dd", vec![
                text("For general discussions that are de-RSE related, but fit in no other room.\n"),
                link("https://matrix.to/#/#de-rse.org-introductions:matrix.org", "deRSE-introductions"),
            ]),
            el("dd", vec![
                text("For (new) community members introducing themselves.\n"),
                link("https://matrix.to/#/#de-rse.org-jobs:matrix.org", "deRSE-jobs"),
            ]),
            el("dd", vec![text("For RSE related job announcements from the community.")]),
        ])]);
        assert_eq!(
            summary(&discover_rooms(&markup)),
            [
                row("#de-rse.org-general:matrix.org", Some("deRSE-general"), Some("For general discussions that are de-RSE related, but fit in no other room.")),
                row("#de-rse.org-introductions:matrix.org", Some("deRSE-introductions"), Some("For (new) community members introducing themselves.")),
                row("#de-rse.org-jobs:matrix.org", Some("deRSE-jobs"), Some("For RSE related job announcements from the community.")),
            ]
        );
    }

    /// The live de-RSE page's form: one paragraph per room.
    #[test]
    fn reads_paragraphs() {
        let markup = root(vec![
            el(
                "p",
                vec![
                    link(
                        "https://matrix.to/#/#de-rse.org-general:matrix.org",
                        "deRSE-general",
                    ),
                    text(": For general discussions."),
                ],
            ),
            el(
                "p",
                vec![
                    link("matrix:r/de-rse.org-events:matrix.org", "deRSE-events"),
                    text(" – For "),
                    el("strong", vec![text("events")]),
                    text("."),
                ],
            ),
        ]);
        assert_eq!(
            summary(&discover_rooms(&markup)),
            [
                row(
                    "#de-rse.org-general:matrix.org",
                    Some("deRSE-general"),
                    Some("For general discussions.")
                ),
                row(
                    "#de-rse.org-events:matrix.org",
                    Some("deRSE-events"),
                    Some("For events.")
                ),
            ]
        );
    }

    /// Lines without blank lines between them become one paragraph.
    #[test]
    fn reads_several_rooms_in_one_paragraph() {
        let markup = root(vec![el(
            "p",
            vec![
                link("https://matrix.to/#/#a:example.org", "A"),
                text(": First room, see "),
                link("https://example.org/docs", "the docs"),
                text(".\n"),
                link("https://matrix.to/#/#b:example.org", "B"),
                text(": Second room."),
                el("br", vec![]),
                link("https://matrix.to/#/#c:example.org", "C"),
            ],
        )]);
        assert_eq!(
            summary(&discover_rooms(&markup)),
            [
                row(
                    "#a:example.org",
                    Some("A"),
                    Some("First room, see the docs.")
                ),
                row("#b:example.org", Some("B"), Some("Second room.")),
                row("#c:example.org", Some("C"), None),
            ]
        );
    }

    #[test]
    fn reads_lists_and_keeps_page_order_without_duplicates() {
        let markup = root(vec![el(
            "ul",
            vec![
                el(
                    "li",
                    vec![
                        link("https://matrix.to/#/#b:example.org", "B"),
                        text(" - bee"),
                    ],
                ),
                el(
                    "li",
                    vec![link(
                        "https://matrix.to/#/#a:example.org?via=example.org",
                        "A",
                    )],
                ),
                el(
                    "li",
                    vec![
                        link("https://matrix.to/#/#B:Example.ORG", "B again"),
                        text(": not used"),
                    ],
                ),
                el(
                    "li",
                    vec![
                        link("https://matrix.to/#/%23a%3Aexample.org", "A again"),
                        text(": fills the gap"),
                    ],
                ),
            ],
        )]);
        assert_eq!(
            summary(&discover_rooms(&markup)),
            [
                row("#b:example.org", Some("B"), Some("bee")),
                row("#a:example.org", Some("A"), Some("fills the gap")),
                row("#B:example.org", Some("B again"), Some("not used")),
            ]
        );
    }

    #[test]
    fn autolinks_give_no_name() {
        let markup = root(vec![el(
            "p",
            vec![
                text("Our space: "),
                link(
                    "https://matrix.to/#/#de-rse.org:matrix.org",
                    "https://matrix.to/#/#de-rse.org:matrix.org",
                ),
            ],
        )]);
        assert_eq!(
            summary(&discover_rooms(&markup)),
            [row("#de-rse.org:matrix.org", None, None)]
        );
    }

    #[test]
    fn other_links_are_ignored_and_broken_matrix_links_reported() {
        let markup = root(vec![el(
            "p",
            vec![
                link("https://element.io/download", "Element"),
                link("javascript:alert(1)", "click"),
                link("https://matrix.to/#/@someone:example.org", "a user"),
                link("https://matrix.to/#/#broken", "broken"),
                el("script", vec![text("<a href='https://matrix.to/#/#x:y'>")]),
            ],
        )]);
        let discovery = discover_rooms(&markup);
        assert!(discovery.rooms.is_empty());
        let entries: Vec<&str> = discovery.skipped.iter().map(|s| s.entry.as_str()).collect();
        assert_eq!(
            entries,
            [
                "https://matrix.to/#/@someone:example.org",
                "https://matrix.to/#/#broken"
            ]
        );
    }

    #[test]
    fn caps_the_number_of_rooms() {
        let links = (0..MAX_ROOMS + 3)
            .map(|i| {
                el(
                    "p",
                    vec![link(
                        &format!("https://matrix.to/#/#room{i}:example.org"),
                        "r",
                    )],
                )
            })
            .collect();
        let discovery = discover_rooms(&root(links));
        assert_eq!(discovery.rooms.len(), MAX_ROOMS);
        assert_eq!(discovery.over_cap, 3);
        assert_eq!(discovery.skipped.len(), 1, "one warning for the cap");
        assert_eq!(discovery.skipped[0].entry, "3 more room links");
    }

    #[test]
    fn reads_the_rooms_attribute() {
        let discovery = rooms_from_attribute(
            "#a:example.org, #b:example.org #a:example.org,, matrix:r/c:example.org, nonsense",
        );
        let aliases: Vec<String> = discovery
            .rooms
            .iter()
            .map(|r| r.alias.to_string())
            .collect();
        assert_eq!(
            aliases,
            ["#a:example.org", "#b:example.org", "#c:example.org"]
        );
        assert_eq!(discovery.skipped.len(), 1);
        assert_eq!(discovery.skipped[0].entry, "nonsense");
    }
}
