//! The list of rooms, the time of the last update, and a message when no
//! count could be had at all.

use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use matrix_channels_core::i18n::{updated_label, Language};
use matrix_channels_core::room::WidgetState;
use web_sys::Element;

use super::dom::{append, element, put, text};
use super::room_row::{room_row, RowEffect};
use super::{consent_button, Consent, RoomEntry};
use crate::browser::intl::IntlFormatter;

/// How often the "updated … ago" line is rewritten, in milliseconds.
const CLOCK_TICK_MS: u64 = 30_000;

/// The list of rooms, the time of the last update, and a message when no
/// count could be had at all, put at the end of `parent`; with
/// `live="consent"`, the consent button after them. Runs under the
/// widget's owner: its effects and its clock stop when that is disposed.
pub fn room_list(
    parent: &Element,
    rooms: Vec<RoomEntry>,
    state: Memo<WidgetState>,
    language: &'static Language,
    consent: Option<Consent>,
) -> Option<()> {
    let document = parent.owner_document()?;
    let states: Vec<_> = rooms.iter().map(|e| e.state).collect();
    let list = element(&document, "ul", "mc-rooms")?;
    list.set_attribute("aria-label", language.rooms_label)
        .ok()?;
    let mut rows: Vec<RowEffect> = Vec::with_capacity(rooms.len());
    for entry in rooms {
        let (row, effect) = room_row(&document, entry, language)?;
        append(&list, &row)?;
        rows.push(effect);
    }
    append(parent, &list)?;
    let status = element(&document, "p", "mc-status")?;
    text(&document, &status)?.set_node_value(Some(language.error));
    let updated = element(&document, "p", "mc-updated")?;
    let time = document.create_element("time").ok()?;
    let time_text = text(&document, &time)?;
    append(&updated, &time)?;
    if let Some(consent) = consent {
        let button = consent_button(&document, consent, language)?;
        append(parent, &button)?;
    }

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
    let shown = RenderEffect::new(move |_: Option<()>| {
        // In this order: the list, the status, the update line (and the
        // consent button after them).
        put(
            &status,
            state.try_get() == Some(WidgetState::Error),
            &[&list],
        );
        let at = updated_at.try_get().flatten();
        put(&updated, at.is_some(), &[&status, &list]);
        let (Some(at), Some(now)) = (at, now.try_get()) else {
            return;
        };
        let elapsed = (now - at as f64).max(0.0) as u64;
        let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
        let _ = time.set_attribute("datetime", &iso);
        let label = updated_label(
            language,
            &IntlFormatter::for_language(language.code),
            elapsed,
        );
        time_text.set_node_value(Some(&label));
    });
    on_cleanup(move || drop((rows, shown)));
    Some(())
}
