//! One room's row, written with the DOM by hand (see `super::dom`): a
//! `view!` row with a reactive closure per text and attribute and a
//! `<Show>` per badge was monomorphised into 14 KB of wasm, where one
//! render effect per row that rewrites what changed is a few hundred bytes.

use matrix_channels_core::i18n::{count_label, row_label, Language};
use matrix_channels_core::room::{
    room_description, room_name, ConfiguredRoom, Freshness, RoomState, ShownText,
};
use reactive_graph::effect::RenderEffect;
use reactive_graph::prelude::*;
use web_sys::{Document, Element, Text};

use super::dom::{append, element, put, set_or_remove, text};

use super::RoomEntry;

/// What a row shows, kept from one run of its effect to the next so that
/// only what changed is written.
#[derive(Debug, PartialEq)]
struct Shown {
    name: ShownText,
    description: Option<ShownText>,
    space: bool,
    count: Option<u64>,
    freshness: Freshness,
}

impl Shown {
    fn of(room: &ConfiguredRoom, state: &RoomState) -> Shown {
        Shown {
            name: room_name(room, state),
            description: room_description(room, state),
            space: state.is_space(),
            count: state.member_count(),
            freshness: state.freshness,
        }
    }
}

/// The parts of a row its effect rewrites. The badges and the description
/// are made once and put in or taken out, so a row that is not stale has
/// no stale badge in the page at all.
struct Nodes {
    row: Element,
    head: Element,
    name: Element,
    name_text: Text,
    space: Element,
    count: Element,
    count_text: Text,
    stale: Element,
    description: Element,
    description_text: Text,
}

/// A row's live part: keeps the row up to date until dropped.
pub type RowEffect = RenderEffect<()>;

/// One room: its name as a join link, a space mark, its member count and
/// its description, with the effect that keeps it current. A new count
/// rewrites the count's text node and attributes and nothing else: each
/// part is compared with what the row shows before it is written.
pub fn room_row(
    document: &Document,
    entry: RoomEntry,
    language: &'static Language,
) -> Option<(Element, RowEffect)> {
    let RoomEntry { room, state, .. } = entry;
    let nodes = build(document, &room, language)?;
    let row = nodes.row.clone();
    // What the row shows is kept by the closure, not as the effect's
    // value: every effect of the widget is then a `RenderEffect<()>`, whose
    // code is in the wasm once.
    let mut was: Option<Shown> = None;
    let effect = RenderEffect::new(move |_: Option<()>| {
        let now = state.with(|s| Shown::of(&room, s));
        show(&nodes, language, was.as_ref(), &now);
        was = Some(now);
    });
    Some((row, effect))
}

/// The row's elements, empty of what the effect writes.
fn build(document: &Document, room: &ConfiguredRoom, language: &Language) -> Option<Nodes> {
    let row = element(document, "li", "mc-room")?;
    row.set_attribute("data-room", room.alias.as_str()).ok()?;
    let head = element(document, "div", "mc-room__head")?;
    append(&row, &head)?;
    if let Some(src) = &room.avatar {
        let avatar = element(document, "img", "mc-room__avatar")?;
        for (name, value) in [
            ("src", src.as_str()),
            ("alt", ""),
            ("width", "24"),
            ("height", "24"),
            ("loading", "lazy"),
            ("decoding", "async"),
        ] {
            avatar.set_attribute(name, value).ok()?;
        }
        append(&head, &avatar)?;
    }
    let name = element(document, "a", "mc-room__name")?;
    name.set_attribute("href", &room.join_url).ok()?;
    let name_text = text(document, &name)?;
    append(&head, &name)?;
    let space = element(document, "span", "mc-badge mc-badge--space")?;
    text(document, &space)?.set_node_value(Some(language.space));
    let count = element(document, "span", "mc-room__count")?;
    let count_text = text(document, &count)?;
    append(&head, &count)?;
    let stale = element(document, "span", "mc-badge mc-badge--stale")?;
    text(document, &stale)?.set_node_value(Some(language.not_current));
    let description = element(document, "p", "mc-room__description")?;
    let description_text = text(document, &description)?;
    Some(Nodes {
        row,
        head,
        name,
        name_text,
        space,
        count,
        count_text,
        stale,
        description,
        description_text,
    })
}

/// Writes what differs between what the row showed (`was`, nothing on the
/// first run) and what it shows `now`.
fn show(nodes: &Nodes, language: &Language, was: Option<&Shown>, now: &Shown) {
    let name = was.is_none_or(|was| was.name != now.name);
    let count = was.is_none_or(|was| was.count != now.count);
    let freshness = was.is_none_or(|was| was.freshness != now.freshness);
    let space = was.is_none_or(|was| was.space != now.space);
    if name {
        nodes.name_text.set_node_value(Some(&now.name.shown));
        set_or_remove(&nodes.name, "title", now.name.full.as_deref());
    }
    if space {
        put(&nodes.space, now.space, &[&nodes.name]);
    }
    if count || freshness {
        let text = count_label(language, now.count, now.freshness);
        nodes.count_text.set_node_value(Some(&text));
    }
    if count {
        let count = now.count.map(|n| n.to_string());
        set_or_remove(&nodes.count, "data-count", count.as_deref());
    }
    if freshness {
        let _ = nodes
            .count
            .set_attribute("data-freshness", now.freshness.as_str());
        let stale = now.freshness == Freshness::Stale;
        put(&nodes.stale, stale, &[&nodes.count]);
    }
    if name || space || count || freshness {
        let label = row_label(
            language,
            &now.name.shown,
            now.space,
            now.count,
            now.freshness,
        );
        let _ = nodes.row.set_attribute("aria-label", &label);
    }
    if was.is_none_or(|was| was.description != now.description) {
        match &now.description {
            Some(description) => {
                nodes
                    .description_text
                    .set_node_value(Some(&description.shown));
                set_or_remove(&nodes.description, "title", description.full.as_deref());
                put(&nodes.description, true, &[&nodes.head]);
            }
            None => put(&nodes.description, false, &[]),
        }
    }
}
