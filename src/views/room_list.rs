//! The list of rooms, the time of the last update, and a message when no
//! count could be had at all.

use std::rc::Rc;

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
    let button = match consent {
        Some(consent) => {
            let (button, effect) = consent_button(&document, consent, language)?;
            append(parent, &button)?;
            Some(effect)
        }
        None => None,
    };

    let updated_at = Memo::new(move |_| {
        states
            .iter()
            .filter_map(|s| s.with(|s| s.updated_at_ms))
            .max()
    });
    // The update line, rewritten when the last update changes and by a
    // clock for the relative time (a plain callback, not a signal: only
    // this line reads it). Not a live region, so screen readers are not
    // told about every tick — the line is there when they look.
    let (after_status, after_list) = (status.clone(), list.clone());
    let write_updated = Rc::new(move |at: Option<u64>| {
        // After the status (or the list, when there is none).
        put(&updated, at.is_some(), &[&after_status, &after_list]);
        let Some(at) = at else {
            return;
        };
        let elapsed = (js_sys::Date::now() - at as f64).max(0.0) as u64;
        let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
        let _ = time.set_attribute("datetime", &iso);
        let label = updated_label(
            language,
            &IntlFormatter::for_language(language.code),
            elapsed,
        );
        time_text.set_node_value(Some(&label));
    });
    let tick = Rc::clone(&write_updated);
    if let Ok(clock) = set_interval_with_handle(
        move || tick(updated_at.try_get_untracked().flatten()),
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
        write_updated(updated_at.try_get().flatten());
    });
    on_cleanup(move || drop((rows, shown, button)));
    Some(())
}
