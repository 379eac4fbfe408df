//! The visitor's say over live counts (`live="consent"`).

use leptos::prelude::*;
use matrix_channels_core::i18n::{fill, Language};

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

/// Turns live counts on — saying which server the browser will then
/// contact — or off again; the choice is kept per homeserver.
#[component]
pub fn ConsentButton(
    /// The choice and the server's name.
    consent: Consent,
    /// The language of the button.
    language: &'static Language,
) -> impl IntoView {
    let Consent { live, servers } = consent;
    let ask = fill(language.consent, &servers);
    let servers = servers.clone();
    let toggle = move |_| {
        let on = !live.get_untracked();
        set_consent(&servers, on);
        live.set(on);
    };
    view! {
        <p class="mc-consent">
            <button type="button" class="mc-consent__button" on:click=toggle>
                {move || if live.get() { language.consent_revoke.to_owned() } else { ask.clone() }}
            </button>
        </p>
    }
}
