//! Reading the page: a widget element in one pass into the core's plain
//! [`PageElement`] — attributes, markup, language tags — and the two
//! things only the browser knows: URLs of the page's own site, and the
//! console.

use matrix_channels_core::discovery::{Element as MarkupElement, Markup};
use matrix_channels_core::page::{PageElement, DATA_PREFIX};
use matrix_channels_core::settings::ATTRIBUTES;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// Deeper markup is not read: a room list is never nested this far, and a
/// hostile page must not exhaust the stack.
const MAX_DEPTH: usize = 32;
/// More nodes are not read, for the same reason.
const MAX_NODES: usize = 20_000;
/// Reads `host` once: everything the core decides from.
pub fn read_element(host: &Element) -> PageElement {
    let mut budget = MAX_NODES;
    PageElement {
        attributes: attributes_of(host),
        markup: read_markup(host, 0, &mut budget),
        language_tags: language_tags(host),
        page_host: web_sys::window().and_then(|w| w.location().host().ok()),
    }
}

/// The attributes the settings are read from, in both spellings; no
/// other attribute is read.
fn attributes_of(host: &Element) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for name in ATTRIBUTES {
        for spelled in [name.to_owned(), format!("{DATA_PREFIX}{name}")] {
            if let Some(value) = host.get_attribute(&spelled) {
                found.push((spelled, value));
            }
        }
    }
    found
}

/// One pass over the element's subtree. Siblings are walked with
/// `nextSibling` and the node type decides the cast, so each node costs
/// two or three calls into the browser (a list of 500 rooms is some 2,500
/// nodes, read in one task).
fn read_markup(element: &Element, depth: usize, budget: &mut usize) -> MarkupElement {
    let name = element.local_name().to_ascii_lowercase();
    let href = (name == "a")
        .then(|| element.get_attribute("href"))
        .flatten();
    let mut children = Vec::new();
    let mut next = if depth < MAX_DEPTH {
        element.first_child()
    } else {
        None
    };
    while let Some(node) = next {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        match node.node_type() {
            Node::ELEMENT_NODE => {
                let child: &Element = node.unchecked_ref();
                children.push(Markup::Element(read_markup(child, depth + 1, budget)));
            }
            Node::TEXT_NODE => {
                if let Some(text) = node.node_value() {
                    children.push(Markup::Text(text));
                }
            }
            _ => {}
        }
        next = node.next_sibling();
    }
    MarkupElement {
        name,
        href,
        children,
    }
}

/// The language tags to choose the widget's language from, in order: the
/// element's `lang`, the nearest ancestor's, the browser's preferences.
fn language_tags(host: &Element) -> Vec<String> {
    let own = host.get_attribute("lang");
    let inherited = host
        .parent_element()
        .and_then(|parent| parent.closest("[lang]").ok().flatten())
        .and_then(|ancestor| ancestor.get_attribute("lang"));
    own.into_iter()
        .chain(inherited)
        .chain(browser_languages())
        .collect()
}

/// The browser's preferred languages, in its order.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|languages| languages.iter().filter_map(|l| l.as_string()).collect())
        .unwrap_or_default()
}

/// How the browser spells an opaque origin.
const OPAQUE_ORIGIN: &str = "null";

/// Writes a warning to the console, prefixed so maintainers can filter,
/// with the widget element it is about (the console shows it, and
/// clicking it finds it in the page).
pub fn warn(message: &str, element: Option<&Element>) {
    let message = format!("matrix-channels: {message}").into();
    match element {
        Some(element) => web_sys::console::warn_2(&message, element),
        None => web_sys::console::warn_1(&message),
    }
}

/// `url` resolved against `base` (the page's own address when `None`),
/// when it is on the page's own origin; `None` for anything else. The
/// widget asks nothing of other sites but the homeserver. A page of an
/// opaque origin (`file://` in some browsers, a sandboxed frame) has no
/// site of its own: its origin and a `data:` URL's both read "null", and
/// matching them would let anything through.
pub fn same_origin_url(url: &str, base: Option<&str>) -> Option<String> {
    let window = web_sys::window()?;
    let origin = window.location().origin().ok()?;
    if origin == OPAQUE_ORIGIN {
        return None;
    }
    let base = match base {
        Some(base) => base.to_owned(),
        None => window.document()?.base_uri().ok()??,
    };
    let resolved = web_sys::Url::new_with_base(url, &base).ok()?;
    (resolved.origin() == origin).then(|| resolved.href())
}
