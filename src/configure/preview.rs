//! The live preview: the real widget, loaded by the real loader, with the
//! form's settings and the pasted rooms — built from the same attributes
//! and list the snippets carry.

use leptos::prelude::*;
use matrix_channels_core::cache::KEY_PREFIX;
use matrix_channels_core::configure::snippet::{room_label, room_link};
use matrix_channels_core::configure::texts::Texts;
use matrix_channels_core::discovery::Discovery;
use matrix_channels_core::room::ConfiguredRoom;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// A `<matrix-channels>` element for `rooms` with `attributes`: what the
/// HTML snippet says, made with the DOM (names are text nodes only).
fn widget_element(
    document: &Document,
    rooms: &[ConfiguredRoom],
    attributes: &[(&'static str, String)],
) -> Result<Element, JsValue> {
    let widget = document.create_element("matrix-channels")?;
    for (name, value) in attributes {
        widget.set_attribute(name, value)?;
    }
    let list = document.create_element("dl")?;
    for room in rooms {
        let term = document.create_element("dt")?;
        let link = document.create_element("a")?;
        link.set_attribute("href", &room_link(room))?;
        link.set_text_content(Some(room_label(room)));
        term.append_child(&link)?;
        list.append_child(&term)?;
        if let Some(description) = &room.description {
            let definition = document.create_element("dd")?;
            definition.set_text_content(Some(description));
            list.append_child(&definition)?;
        }
    }
    widget.append_child(&list)?;
    Ok(widget)
}

/// Forgets the answers widgets of this site keep in `localStorage` for
/// one refresh interval. They are kept by alias, as one homeserver's: when
/// the maintainer names another homeserver, the preview must ask it rather
/// than show what the one before said (a failure, say, for the interval).
fn forget_answers() {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(KEY_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// The preview section. A new widget replaces the old one whenever the
/// rooms or the settings change (the loader unmounts the old one and
/// mounts the new one); answers within the refresh interval are reused.
#[component]
pub fn Preview(
    /// The page's texts.
    texts: RwSignal<&'static Texts>,
    /// The rooms found.
    discovery: Memo<Discovery>,
    /// The widget's attributes from the form.
    attributes: Memo<Vec<(&'static str, String)>>,
    /// The homeserver the form names.
    homeserver: Memo<Option<String>>,
) -> impl IntoView {
    let holder = NodeRef::<leptos::html::Div>::new();
    let rooms = Memo::new(move |_| discovery.with(|d| d.rooms.clone()));
    Effect::new(move |before: Option<Option<String>>| {
        let now = homeserver.get();
        if before.is_some_and(|before| before != now) {
            forget_answers();
        }
        now
    });
    Effect::new(move || {
        let (Some(holder), Some(document)) =
            (holder.get(), web_sys::window().and_then(|w| w.document()))
        else {
            return;
        };
        let rooms = rooms.get();
        if rooms.is_empty() {
            holder.replace_children_with_node_0();
            return;
        }
        if let Ok(widget) = attributes.with(|a| widget_element(&document, &rooms, a)) {
            holder.replace_children_with_node_1(&widget);
        }
    });
    // The snapshot's counts are the site's: the preview can show none.
    let without_live = move || {
        attributes.with(|a| {
            a.iter().any(|(name, value)| {
                *name == "live" && matches!(value.as_str(), "off" | "snapshot")
            })
        })
    };
    view! {
        <section class="cf-preview" aria-labelledby="cf-preview-heading">
            <h2 id="cf-preview-heading">{move || texts.get().preview_heading}</h2>
            <p class="cf-help">{move || texts.get().preview_help}</p>
            {move || without_live().then(|| view! {
                <p class="cf-help cf-preview-note">{move || texts.get().preview_without_live}</p>
            })}
            <Show when=move || rooms.with(Vec::is_empty)>
                <p class="cf-empty">{move || texts.get().no_rooms}</p>
            </Show>
            <div id="cf-preview" node_ref=holder></div>
        </section>
    }
}
