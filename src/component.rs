//! The widget as a component for sites built with Leptos.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use matrix_channels_core::discovery::Element as Markup;
use matrix_channels_core::page::{PageElement, Plan};
use web_sys::Element;

use crate::app::{prepare, rooms_of, Widget};
use crate::browser::page::browser_languages;
use crate::contract::WIDGET_CLASS;

/// A community's Matrix rooms with live member counts, for a Leptos app.
/// Each prop is the script tag's attribute of the same name, read once
/// when the component is made, by the same rules (the README's attribute
/// table); each takes a text, or an `Option` of one: `rooms` names the rooms
/// (aliases or matrix.to links, separated by commas or spaces), or
/// `snapshot` the snapshot file of the site's own origin.
///
/// ```ignore
/// view! { <MatrixChannels rooms="#general:example.org, #help:example.org" lang="de"/> }
/// ```
#[component]
pub fn MatrixChannels(
    /// The rooms, as the `rooms` attribute names them.
    #[prop(optional, into)]
    rooms: MaybeProp<String>,
    /// The homeserver's base URL; found through `.well-known` when absent.
    #[prop(optional, into)]
    homeserver: MaybeProp<String>,
    /// Seconds between refreshes.
    #[prop(optional, into)]
    refresh: MaybeProp<String>,
    /// Seconds a summary request may take.
    #[prop(optional, into)]
    timeout: MaybeProp<String>,
    /// The site's own snapshot file, whose rooms are shown.
    #[prop(optional, into)]
    snapshot: MaybeProp<String>,
    /// `auto`, `consent` or `off`.
    #[prop(optional, into)]
    live: MaybeProp<String>,
    /// Where a room's link leads: `matrix.to`, `matrix` or a client's template.
    #[prop(optional, into)]
    join: MaybeProp<String>,
    /// The language; the browser's preferences when absent.
    #[prop(optional, into)]
    lang: MaybeProp<String>,
) -> impl IntoView {
    let attributes = [
        ("rooms", rooms),
        ("homeserver", homeserver),
        ("refresh", refresh),
        ("timeout", timeout),
        ("snapshot", snapshot),
        ("live", live),
        ("join", join),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name.to_owned(), value.get_untracked()?)))
    .collect();
    let page = PageElement {
        attributes,
        markup: Markup::default(),
        language_tags: lang
            .get_untracked()
            .into_iter()
            .chain(browser_languages())
            .collect(),
        page_host: web_sys::window().and_then(|w| w.location().host().ok()),
    };
    let language = Plan::of(&page).language;
    let ready = ArcRwSignal::new(None);
    let shown = ready.clone();
    let root = NodeRef::<leptos::html::Div>::new();
    spawn_local_scoped_with_cancellation(async move {
        if let Some(found) = rooms_of(page, None).await {
            prepare(found, ready).await;
        }
    });
    let widget = move || {
        shown.get().map(|ready| {
            let host = root.get_untracked().map(Element::from);
            view! { <Widget ready host/> }
        })
    };
    view! {
        <div class=WIDGET_CLASS lang=language.code node_ref=root>
            {widget}
        </div>
    }
}
