//! The visitor's say over live counts (`live="consent"`).

use leptos::prelude::*;
use matrix_channels_core::i18n::{fill, Language};

use crate::browser::storage::set_consent;

/// What a consent button shows and changes: the hosts it named first, the
/// hosts it names now (the ones the summaries go to, once discovery has
/// told them apart), and whether live counts are on.
#[derive(Clone)]
pub struct Consent {
    /// The hosts named before any request: the homeserver's, or the rooms'
    /// server names.
    pub first: String,
    /// The hosts named now. Not a signal of its own: it changes only
    /// together with `live` (the button asks again when `live` is turned
    /// off), which the text follows.
    pub named: ArcStoredValue<String>,
    /// Whether live counts are on; the refresh loop follows it.
    pub live: ArcRwSignal<bool>,
}

/// A button that turns live counts on — saying which hosts the browser
/// will then contact — or off again. The choice is kept per set of hosts.
#[component]
pub fn ConsentButton(
    /// The hosts named, and whether live counts are on.
    consent: Consent,
    /// The language of the button's text.
    language: &'static Language,
) -> impl IntoView {
    let Consent { first, named, live } = consent;
    let (shown, hosts) = (live.clone(), named.clone());
    let text = move || {
        if shown.get() {
            language.consent_revoke.to_owned()
        } else {
            hosts.with_value(|hosts| fill(language.consent, hosts))
        }
    };
    let toggle = move |_| {
        let on = !live.get_untracked();
        named.update_value(|named| {
            set_consent(named, on);
            if !on {
                // Both: stopping stops the discovery requests too.
                set_consent(&first, false);
                named.clone_from(&first);
            }
        });
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
