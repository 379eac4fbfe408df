//! The visitor's say over live counts (`live="consent"`).

use leptos::prelude::*;
use matrix_channels_core::i18n::{fill, Language};

use crate::browser::storage::set_consent;

/// A button that turns live counts on — saying which servers the browser
/// will then contact — or off again. The choice is kept per set of
/// servers; `live` is what the refresh loop follows.
#[component]
pub fn ConsentButton(
    /// The homeservers the browser contacts when live counts are on.
    servers: String,
    /// Whether live counts are on.
    live: ArcRwSignal<bool>,
    /// The language of the button's text.
    language: &'static Language,
) -> impl IntoView {
    let ask = fill(language.consent, &servers);
    let shown = live.clone();
    let text = move || {
        if shown.get() {
            language.consent_revoke.to_owned()
        } else {
            ask.clone()
        }
    };
    let toggle = move |_| {
        let on = !live.get_untracked();
        set_consent(&servers, on);
        live.set(on);
    };
    view! {
        <p class="mc-consent">
            <button class="mc-consent__button" type="button" on:click=toggle>
                {text}
            </button>
        </p>
    }
}
