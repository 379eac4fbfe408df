//! The page side: finding widget elements, reading their attributes and
//! their markup into the plain tree that discovery works on.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::discovery::{self, Markup};

/// The selector for widget hosts: the custom element, and the attribute
/// for markup that must stay a `div` (kramdown's `markdown="1"`).
pub const HOST_SELECTOR: &str = "matrix-channels, [data-matrix-channels]";

/// Deeper markup is not read: a room list is never nested this far, and a
/// hostile page must not exhaust the stack.
const MAX_DEPTH: usize = 32;
/// More nodes are not read, for the same reason.
const MAX_NODES: usize = 20_000;

/// An attribute of the host by its plain name, or its `data-` form.
pub fn host_attribute(host: &Element, name: &str) -> Option<String> {
    host.get_attribute(name)
        .or_else(|| host.get_attribute(&format!("data-{name}")))
}

/// Reads the host's markup into a [`discovery::Element`].
pub fn markup_of(host: &Element) -> discovery::Element {
    let mut budget = MAX_NODES;
    read_element(host, 0, &mut budget)
}

fn read_element(element: &Element, depth: usize, budget: &mut usize) -> discovery::Element {
    let name = element.local_name().to_ascii_lowercase();
    let href = (name == "a")
        .then(|| element.get_attribute("href"))
        .flatten();
    let mut children = Vec::new();
    if depth < MAX_DEPTH {
        let nodes = element.child_nodes();
        for i in 0..nodes.length() {
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            let Some(node) = nodes.item(i) else { continue };
            match node.node_type() {
                Node::ELEMENT_NODE => {
                    if let Ok(child) = node.dyn_into::<Element>() {
                        children.push(Markup::Element(read_element(&child, depth + 1, budget)));
                    }
                }
                Node::TEXT_NODE => {
                    if let Some(text) = node.text_content() {
                        children.push(Markup::Text(text));
                    }
                }
                _ => {}
            }
        }
    }
    discovery::Element {
        name,
        href,
        children,
    }
}

/// Writes a warning to the console, prefixed so maintainers can filter.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&format!("matrix-channels: {message}").into());
}

/// The language tags to choose the widget's language from, in order: the
/// element's `lang`, the nearest ancestor's, the browser's preferences.
pub fn language_tags(host: &Element) -> Vec<String> {
    let own = host.get_attribute("lang");
    let inherited = host
        .parent_element()
        .and_then(|parent| parent.closest("[lang]").ok().flatten())
        .and_then(|ancestor| ancestor.get_attribute("lang"));
    let browser = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|languages| {
            languages
                .iter()
                .filter_map(|l| l.as_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    own.into_iter().chain(inherited).chain(browser).collect()
}

/// `url` resolved against `base` (the page's own address when `None`),
/// when it is on the page's own origin; `None` for anything else. The
/// widget asks nothing of other sites but the homeserver.
pub fn same_origin_url(url: &str, base: Option<&str>) -> Option<String> {
    let window = web_sys::window()?;
    let origin = window.location().origin().ok()?;
    let base = match base {
        Some(base) => base.to_owned(),
        None => window.document()?.base_uri().ok()??,
    };
    let resolved = web_sys::Url::new_with_base(url, &base).ok()?;
    (resolved.origin() == origin).then(|| resolved.href())
}
