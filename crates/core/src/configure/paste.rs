//! The rooms in what a maintainer pastes: their list as Markdown (both
//! markups of the de-RSE site, a Jekyll `capture` block), as HTML, as
//! room links or bare aliases, one per line or not.
//!
//! The browser parses the paste as HTML (after [`prepare`]) into the
//! core's plain [`Element`] tree; [`rooms_of_paste`] turns the Markdown
//! links left in its text into links and hands the tree to the widget's own
//! discovery, so the configurator finds exactly the rooms, names and
//! descriptions the widget will.

use crate::discovery::{discover_rooms, rooms_from_attribute, Discovery, Element, Markup};
use crate::matrix::RoomAlias;

/// Readies pasted text for an HTML parser: lines of Liquid (`{% capture
/// rooms %}`, `{% include … %}`) go, and Markdown autolinks
/// (`<https://matrix.to/…>`) are escaped so the parser keeps them as text
/// instead of reading a tag.
pub fn prepare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("{%") && trimmed.ends_with("%}") {
            continue;
        }
        out.push_str(
            &line
                .replace("<https://", "&lt;https://")
                .replace("<http://", "&lt;http://")
                .replace("<matrix:", "&lt;matrix:"),
        );
        out.push('\n');
    }
    out
}

/// The rooms of a paste, read as the widget reads a page, followed by the
/// aliases typed one by one (`typed`, separated by commas or white space,
/// as the `rooms` attribute); each room once, in that order, with what
/// could not be used.
pub fn rooms_of_paste(root: &Element, typed: &str) -> Discovery {
    let mut found = discover_rooms(&with_markdown_links(root));
    let more = rooms_from_attribute(typed);
    for room in more.rooms {
        if !found.rooms.iter().any(|r| r.alias == room.alias) {
            found.rooms.push(room);
        }
    }
    found.skipped.extend(more.skipped);
    found
}

/// `root` with the Markdown links in its text nodes made into link
/// elements: `[name](url)`, `<url>`, bare room links and bare aliases.
fn with_markdown_links(root: &Element) -> Element {
    let mut children = Vec::with_capacity(root.children.len());
    for child in &root.children {
        match child {
            Markup::Text(text) => children.extend(inline_markdown(text)),
            Markup::Element(element) if element.name == "a" => children.push(child.clone()),
            Markup::Element(element) => {
                children.push(Markup::Element(with_markdown_links(element)))
            }
        }
    }
    Element {
        name: root.name.clone(),
        href: root.href.clone(),
        children,
    }
}

/// One text node as text and links.
fn inline_markdown(text: &str) -> Vec<Markup> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((link, used)) = link_at(rest, plain.chars().last()) {
            if !plain.is_empty() {
                out.push(Markup::Text(std::mem::take(&mut plain)));
            }
            out.push(link);
            rest = rest.get(used..).unwrap_or_default();
            continue;
        }
        let mut used = c.len_utf8();
        match rest.chars().nth(1) {
            // A Markdown escape: `\[` is a bracket, not a link's start.
            Some(next) if c == '\\' && next.is_ascii_punctuation() => {
                plain.push(next);
                used += next.len_utf8();
            }
            _ => plain.push(c),
        }
        rest = rest.get(used..).unwrap_or_default();
    }
    if !plain.is_empty() {
        out.push(Markup::Text(plain));
    }
    out
}

/// A link starting at the beginning of `rest`, and how many bytes it takes;
/// `before` is the character in front of it.
fn link_at(rest: &str, before: Option<char>) -> Option<(Markup, usize)> {
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find("](")?;
        let label = inner.get(..close)?;
        let after = inner.get(close + 2..)?;
        let end = after.find(')')?;
        let target = after.get(..end)?.trim();
        // `[name](<url> "title")`: the address is the first word.
        let href = target.split_whitespace().next().unwrap_or_default();
        let href = href.trim_start_matches('<').trim_end_matches('>');
        let label: String = inline_markdown(label)
            .into_iter()
            .map(|m| match m {
                Markup::Text(t) => t,
                Markup::Element(_) => String::new(),
            })
            .collect();
        return Some((Markup::link(href, &label), 1 + close + 2 + end + 1));
    }
    if let Some(inner) = rest.strip_prefix('<') {
        if inner.starts_with("https://")
            || inner.starts_with("http://")
            || inner.starts_with("matrix:")
        {
            let end = inner.find('>')?;
            let href = inner.get(..end)?;
            if href.contains(char::is_whitespace) {
                return None;
            }
            return Some((Markup::link(href, ""), 1 + end + 1));
        }
        return None;
    }
    let at_word_start =
        before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '*' | '_' | ','));
    if !at_word_start {
        return None;
    }
    let token_end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '>' | '"' | '\'' | '<'))
        .unwrap_or(rest.len());
    let token = rest.get(..token_end)?.trim_end_matches('.');
    if token.starts_with("https://matrix.to/") || token.starts_with("matrix:") {
        return Some((Markup::link(token, ""), token.len()));
    }
    if token.starts_with('#') && token.contains(':') {
        let alias = RoomAlias::parse(token).ok()?;
        return Some((Markup::link(&alias.matrix_to_url(), ""), token.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_root(text: &str) -> Element {
        Element {
            name: "body".into(),
            href: None,
            // As the browser's HTML parser hands the text over.
            children: vec![Markup::text(&prepare(text).replace("&lt;", "<"))],
        }
    }

    fn found(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        rooms_of_paste(&text_root(text), "")
            .rooms
            .into_iter()
            .map(|r| (r.alias.to_string(), r.name, r.description))
            .collect()
    }

    fn room(
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
    fn a_kramdown_definition_list_in_a_capture_block() {
        let paste = "{% capture rooms %}\n\
            [deRSE-general](https://matrix.to/#/#de-rse.org-general:matrix.org)\n\
            : For general discussions.\n\
            [deRSE-jobs](https://matrix.to/#/#de-rse.org-jobs:matrix.org)\n\
            : For RSE related job announcements.\n\
            {% endcapture %}\n\
            {% include matrix-channels.html content=rooms lang=\"de\" %}\n";
        assert_eq!(
            found(paste),
            vec![
                room(
                    "#de-rse.org-general:matrix.org",
                    Some("deRSE-general"),
                    Some("For general discussions.")
                ),
                room(
                    "#de-rse.org-jobs:matrix.org",
                    Some("deRSE-jobs"),
                    Some("For RSE related job announcements.")
                ),
            ]
        );
    }

    #[test]
    fn paragraphs_autolinks_bare_links_and_aliases() {
        let paste = "[a](https://matrix.to/#/#a:example.org \"title\"): first\n\n\
            <https://matrix.to/#/#b:example.org>\n\
            https://matrix.to/#/#c:example.org, matrix:r/d:example.org\n\
            #e:example.org. #not-an-alias and a # sign";
        let rooms = found(paste);
        let aliases: Vec<&str> = rooms.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            aliases,
            [
                "#a:example.org",
                "#b:example.org",
                "#c:example.org",
                "#d:example.org",
                "#e:example.org"
            ]
        );
        assert_eq!(
            rooms.first(),
            Some(&room("#a:example.org", Some("a"), Some("first")))
        );
        // An address as the link's text is no name.
        assert_eq!(rooms.get(1).and_then(|r| r.1.clone()), None);
    }

    #[test]
    fn escapes_and_links_to_elsewhere() {
        let rooms = found(
            "[a \\[b\\]](https://matrix.to/#/#a:x.org) see [the spec](https://spec.matrix.org)",
        );
        assert_eq!(
            rooms,
            vec![room("#a:x.org", Some("a [b]"), Some("see the spec"))]
        );
    }

    #[test]
    fn typed_aliases_follow_without_repeats_and_bad_ones_are_said() {
        let found = rooms_of_paste(
            &text_root("[a](https://matrix.to/#/#a:x.org)"),
            "#a:x.org, #b:x.org nonsense",
        );
        let aliases: Vec<String> = found.rooms.iter().map(|r| r.alias.to_string()).collect();
        assert_eq!(aliases, ["#a:x.org", "#b:x.org"]);
        assert_eq!(found.skipped.len(), 1);
    }

    #[test]
    fn html_links_are_read_as_the_widget_reads_them() {
        let root = Element {
            name: "body".into(),
            href: None,
            children: vec![Markup::element(
                "p",
                vec![
                    Markup::link("https://matrix.to/#/#a:x.org", "A"),
                    Markup::text(": the first, with [b](https://matrix.to/#/#b:x.org) in Markdown"),
                ],
            )],
        };
        let aliases: Vec<String> = rooms_of_paste(&root, "")
            .rooms
            .iter()
            .map(|r| r.alias.to_string())
            .collect();
        assert_eq!(aliases, ["#a:x.org", "#b:x.org"]);
    }

    #[test]
    fn hostile_pastes_do_not_panic() {
        for paste in [
            "[",
            "[](",
            "[a](",
            "<",
            "<https://",
            "\\",
            "#:",
            "[a](b)c)",
            "\u{202e}[x](matrix:r/a:b)",
        ] {
            let _ = found(paste);
        }
    }
}
