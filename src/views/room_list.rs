//! The list of rooms, the time of the last update, and a message when no
//! count could be had at all.

use leptos::prelude::*;
use matrix_channels_core::i18n::{updated_label, Language};
use matrix_channels_core::room::{RoomState, WidgetState};

use super::room_row::{room_row, RowEffect};
use super::{Consent, ConsentButton, RoomEntry};
use crate::browser::intl::IntlFormatter;

/// How often the "updated … ago" line is rewritten, in milliseconds.
const CLOCK_TICK_MS: u64 = 30_000;

/// The list of rooms, the time of the last update, and a message when no
/// count could be had at all.
#[component]
pub fn RoomList(
    /// The rooms, in the order to show them.
    rooms: Vec<RoomEntry>,
    /// The rooms' state summed up.
    state: Memo<WidgetState>,
    /// The language of every text the widget writes.
    language: &'static Language,
    /// The consent buttons, with `live="consent"`.
    #[prop(default = None)]
    consent: Option<Consent>,
) -> impl IntoView {
    let states: Vec<RwSignal<RoomState>> = rooms.iter().map(|e| e.state).collect();
    let widget_state = state;
    let updated_at = Memo::new(move |_| {
        states
            .iter()
            .filter_map(|s| s.with(|s| s.updated_at_ms))
            .max()
    });
    // A clock for the relative time; not a live region, so screen readers
    // are not told about every tick — the line is there when they look.
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(clock) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_millis(CLOCK_TICK_MS),
    ) {
        on_cleanup(move || clock.clear());
    }
    let updated = move || {
        updated_at.get().map(|at| {
            let elapsed = (now.get() - at as f64).max(0.0) as u64;
            let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
            let text = updated_label(
                language,
                &IntlFormatter::for_language(language.code),
                elapsed,
            );
            view! { <p class="mc-updated"><time datetime=iso>{text}</time></p> }
        })
    };
    view! {
        <ul class="mc-rooms" aria-label=language.rooms_label use:rows=(rooms, language)></ul>
        <Show when=move || widget_state.get() == WidgetState::Error>
            <p class="mc-status">{language.error}</p>
        </Show>
        {updated}
        {consent.map(|consent| view! { <ConsentButton consent=consent language=language /> })}
    }
}

/// Fills the list with its rows (`room_row`, written by hand), as it is
/// made; their effects live as long as the list's owner.
fn rows(list: web_sys::Element, (rooms, language): (Vec<RoomEntry>, &'static Language)) {
    let Some(document) = list.owner_document() else {
        return;
    };
    let mut effects: Vec<RowEffect> = Vec::with_capacity(rooms.len());
    for entry in rooms {
        if let Some((row, effect)) = room_row(&document, entry, language) {
            let _ = list.insert_before(&row, None);
            effects.push(effect);
        }
    }
    on_cleanup(move || drop(effects));
}
