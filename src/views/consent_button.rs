//! The visitor's say over live counts (`live="consent"`).

use matrix_channels_core::i18n::{fill, Language};
use reactive_graph::effect::RenderEffect;
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::dom::{append, element, text};
use crate::browser::storage::set_consent;

/// The visitor's say over live counts (`live="consent"`).
#[derive(Clone, Debug)]
pub struct Consent {
    /// Whether live counts are on; the buttons write it.
    pub live: RwSignal<bool>,
    /// The homeservers the browser connects to when they are, for the
    /// button's text.
    pub servers: String,
}

/// A button that turns live counts on — saying which server the browser
/// will then contact — or off again; the choice is kept per homeserver.
/// It works as long as the effect returned with it is kept.
pub fn consent_button(
    document: &Document,
    consent: Consent,
    language: &'static Language,
) -> Option<(Element, RenderEffect<()>)> {
    let Consent { live, servers } = consent;
    let ask = fill(language.consent, &servers);
    let paragraph = element(document, "p", "mc-consent")?;
    let button = element(document, "button", "mc-consent__button")?;
    button.set_attribute("type", "button").ok()?;
    let label = text(document, &button)?;
    append(&paragraph, &button)?;
    let toggle = Closure::<dyn Fn()>::new(move || {
        let Some(on) = live.try_get_untracked().map(|live| !live) else {
            return;
        };
        set_consent(&servers, on);
        live.set(on);
    });
    button
        .add_event_listener_with_callback("click", toggle.as_ref().unchecked_ref())
        .ok()?;
    let shown = RenderEffect::new(move |_: Option<()>| {
        // The effect holds the click handler: both live as long as it.
        let _handler = &toggle;
        let text = match live.try_get() {
            Some(true) => language.consent_revoke,
            _ => ask.as_str(),
        };
        label.set_node_value(Some(text));
    });
    Some((paragraph, shown))
}
