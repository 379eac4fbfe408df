//! The few DOM operations the views are written with. The views build
//! their elements by hand and keep them current with one render effect
//! each, rather than with `view!`: its reactive closures and `<Show>`s
//! were monomorphised per view into most of the wasm the views cost.

use web_sys::{Document, Element, Node, Text};

/// A new element with its class.
pub fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    element.set_attribute("class", class).ok()?;
    Some(element)
}

/// A new, empty text node, put last in `parent`.
pub fn text(document: &Document, parent: &Element) -> Option<Text> {
    let text = document.create_text_node("");
    append(parent, &text)?;
    Some(text)
}

/// Puts `child` last in `parent`.
pub fn append(parent: &Element, child: &Node) -> Option<()> {
    parent.insert_before(child, None).ok().map(drop)
}

/// Shows `node` right after the first of `after` that is in the page, or
/// takes it out; a node already where it should be is not touched.
pub fn put(node: &Element, show: bool, after: &[&Element]) {
    if show == node.parent_node().is_some() {
        return;
    }
    if !show {
        node.remove();
        return;
    }
    let Some(before) = after.iter().find(|n| n.parent_node().is_some()) else {
        return;
    };
    if let Some(parent) = before.parent_node() {
        let _ = parent.insert_before(node, before.next_sibling().as_ref());
    }
}

/// Sets the attribute `name` to `value`, or removes it when there is none.
pub fn set_or_remove(element: &Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
}
