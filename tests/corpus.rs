//! The core against `tests/corpus/early.json`: for each page, the rooms it
//! finds first (up to six, the first round's concurrent requests) and
//! whether the widget asks the named homeserver from the start. Node runs
//! `loader/early.js` on the same pages (`tests/early-corpus.test.mjs`),
//! which must ask exactly these or nothing: so early.js never asks for a
//! room the core would not, behaviour held to behaviour, not constants.

use std::fs;
use std::path::Path;

use matrix_channels_core::discovery::{Element, Markup};
use matrix_channels_core::page::{rooms_of_page, PageElement, Plan};
use matrix_channels_core::settings::LiveMode;
use serde_json::Value;

/// The first round's requests at once (src/refresh.rs).
const FIRST_ROUND: usize = 6;

fn corpus() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/early.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The corpus's markup: a text, an element, or a generator of many.
fn build(node: &Value) -> Vec<Markup> {
    if let Some(text) = node.as_str() {
        return vec![Markup::text(text)];
    }
    let children = |node: &Value| -> Vec<Markup> {
        node["children"]
            .as_array()
            .map(|c| c.iter().flat_map(build).collect())
            .unwrap_or_default()
    };
    if let Some(times) = node["repeat"].as_u64() {
        return (0..times).flat_map(|_| build(&node["node"])).collect();
    }
    let tag = node["tag"].as_str().unwrap().to_owned();
    if let Some(levels) = node["nest"].as_u64() {
        let mut inner = children(node);
        for _ in 0..levels {
            inner = vec![Markup::Element(Element {
                name: tag.clone(),
                href: None,
                children: inner,
            })];
        }
        return inner;
    }
    vec![Markup::Element(Element {
        name: tag,
        href: node["href"].as_str().map(str::to_owned),
        children: children(node),
    })]
}

#[test]
fn the_core_finds_the_corpus_rooms_and_asks_as_it_says() {
    let corpus = corpus();
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let element = PageElement {
            attributes: case["attributes"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(n, v)| (n.clone(), v.as_str().unwrap().to_owned()))
                .collect(),
            markup: Element {
                name: "matrix-channels".to_owned(),
                href: None,
                children: case["children"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(build)
                    .collect(),
            },
            language_tags: vec![],
            page_host: Some("site.example".to_owned()),
        };
        let settings = Plan::of(&element).settings;
        let rooms: Vec<String> = rooms_of_page(&element, &settings)
            .rows
            .iter()
            .take(FIRST_ROUND)
            .map(|(room, _)| room.alias.as_str().to_owned())
            .collect();
        let core = &case["core"];
        let want: Vec<&str> = core["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(rooms, want, "{name}");
        assert_eq!(
            settings.homeserver.as_deref(),
            core["homeserver"].as_str(),
            "{name}"
        );
        let asks = settings.live == LiveMode::Auto
            && settings.homeserver.is_some()
            && settings.snapshot.is_none()
            && !rooms.is_empty();
        assert_eq!(asks, core["asks"].as_bool().unwrap(), "{name}");
        let timeout_ms = core["timeout_ms"].as_u64().unwrap_or(10_000);
        assert_eq!(u64::from(settings.timeout_ms), timeout_ms, "{name}");
    }
}
