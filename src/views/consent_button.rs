//! The visitor's say over live counts (`live="consent"`).

use std::cell::Cell;

use matrix_channels_core::i18n::{fill, Language};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use super::dom::{append, element, text};
use crate::browser::storage::set_consent;

/// The visitor's say over live counts (`live="consent"`).
pub struct Consent {
    /// Whether live counts are on at first.
    pub live: bool,
    /// The homeservers the browser connects to when they are, for the
    /// button's text.
    pub servers: String,
}

/// The consent button's click handler: the button works as long as it is
/// kept.
pub type ConsentHandler = Closure<dyn Fn()>;

/// A button that turns live counts on — saying which server the browser
/// will then contact — or off again; the choice is kept per homeserver,
/// and `switch` is told each one. Only the button shows whether counts
/// are live, so it keeps that itself rather than in a signal (a signal of
/// its own type cost the wasm its reactive code; see the commit that made
/// this change).
pub fn consent_button(
    document: &Document,
    consent: Consent,
    language: &'static Language,
    switch: impl Fn(bool) + 'static,
) -> Option<(Element, ConsentHandler)> {
    let Consent { live, servers } = consent;
    let ask = fill(language.consent, &servers);
    let paragraph = element(document, "p", "mc-consent")?;
    let button = element(document, "button", "mc-consent__button")?;
    button.set_attribute("type", "button").ok()?;
    let label = text(document, &button)?;
    append(&paragraph, &button)?;
    let show = move |on: bool| {
        let text = if on {
            language.consent_revoke
        } else {
            ask.as_str()
        };
        label.set_node_value(Some(text));
    };
    show(live);
    let live = Cell::new(live);
    let toggle = Closure::<dyn Fn()>::new(move || {
        let on = !live.get();
        live.set(on);
        set_consent(&servers, on);
        show(on);
        switch(on);
    });
    button
        .add_event_listener_with_callback("click", toggle.as_ref().unchecked_ref())
        .ok()?;
    Some((paragraph, toggle))
}
