//! Any markup a page may wrap in the widget element.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use matrix_channels_core::discovery::{discover_rooms, rooms_from_attribute, Element, Markup, MAX_ROOMS};

#[derive(Arbitrary, Debug)]
enum Node {
    Text(String),
    Link(String, String),
    Element(u8, Vec<Node>),
}

const NAMES: [&str; 10] = ["p", "dl", "dt", "dd", "li", "em", "br", "div", "script", "span"];

fn markup(node: Node, depth: usize) -> Markup {
    match node {
        Node::Text(text) => Markup::Text(text),
        Node::Link(href, text) => Markup::link(&href, &text),
        Node::Element(name, children) => Markup::element(
            NAMES[usize::from(name) % NAMES.len()],
            if depth > 16 { Vec::new() } else { children.into_iter().map(|c| markup(c, depth + 1)).collect() },
        ),
    }
}

fuzz_target!(|input: (Vec<Node>, &str)| {
    let (nodes, attribute) = input;
    let root = Element { name: "matrix-channels".into(), href: None, children: nodes.into_iter().map(|n| markup(n, 0)).collect() };
    let found = discover_rooms(&root);
    assert!(found.rooms.len() <= MAX_ROOMS);
    let _ = rooms_from_attribute(attribute);
});
