//! The root of one widget: its rows, their summed-up state on
//! the widget element, and the refresh loop, started and stopped as the
//! `live` setting and the visitor's consent allow.

use matrix_channels_core::cache;
use matrix_channels_core::i18n::Language;
use matrix_channels_core::page::Row;
use matrix_channels_core::settings::Settings;
use reactive_graph::effect::RenderEffect;
use reactive_graph::owner::on_cleanup;
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use web_sys::{Element, HtmlElement};

use crate::browser::storage::{consent_given, read};
use crate::browser::task::Task;
use crate::browser::timer::next_task;
use crate::contract::STATE_ATTRIBUTE;
use crate::refresh::refresh_loop;
use crate::views::{room_list, widget_state, Consent, RoomEntry};

/// One widget, rendered at the end of `container`: the rows the core
/// chose, live as `settings` allow. `element` is the widget element, whose
/// `data-state` tells the page how the rows stand; with `live="consent"`,
/// `consent_servers` are the servers the consent button names. Runs under
/// the widget's owner: disposing it stops the refreshes and the effects.
pub fn widget(
    container: &Element,
    element: HtmlElement,
    rows: Vec<Row>,
    settings: Settings,
    language: &'static Language,
    consent_servers: Option<String>,
) -> Option<()> {
    let entries: Vec<RoomEntry> = rows
        .into_iter()
        .map(|(room, state)| RoomEntry::new(room, state))
        .collect();
    if settings.live.shows_cached_counts() {
        show_cached_counts(entries.clone(), settings.refresh_ms);
    }
    let states: Vec<_> = entries.iter().map(|e| e.state).collect();
    // Render effects, like the views': they first run as the widget is
    // built, and stop when its owner is disposed (below).
    // The attribute is written when the state changes, not at every
    // room's update: the page may watch it.
    let mut shown = None;
    let state_shown = RenderEffect::new(move |_: Option<()>| {
        let Some(state) = widget_state(&states) else {
            return;
        };
        if shown.replace(state) != Some(state) {
            let _ = element.set_attribute(STATE_ATTRIBUTE, state.as_str());
        }
    });
    let consented = consent_servers.as_deref().is_some_and(consent_given);
    let live = RwSignal::new(settings.live.asks_at_start(consented));
    let refreshed = entries.clone();
    // The effect's closure holds the refresh loop's task: dropping the
    // task (live turned off, or the effect disposed with the widget's
    // owner, which drops its closure) stops the loop.
    let mut refreshing: Option<Task> = None;
    let switch = RenderEffect::new(move |_: Option<()>| match live.try_get() {
        Some(true) => {
            if refreshing.is_none() {
                refreshing = Some(start_refreshing(refreshed.clone(), settings.clone()));
            }
        }
        _ => refreshing = None,
    });
    on_cleanup(move || drop((state_shown, switch)));
    let consent = consent_servers.map(|servers| Consent { live, servers });
    room_list(container, entries, language, consent)
}

/// How many rows' cached counts are read in one task: as many as rows are
/// built in one (`views::room_list`).
const CACHED_COUNTS_PER_TASK: usize = 25;

/// The last counts any tab saw, on screen before any request, unless the
/// snapshot knows better (the core's `RoomState::with_cached`). A batch of
/// rows per task: 500 rooms are 500 reads of `localStorage`, too many for
/// the task that mounts the widget.
fn show_cached_counts(mut entries: Vec<RoomEntry>, refresh_ms: u64) {
    let rest = entries.split_off(CACHED_COUNTS_PER_TASK.min(entries.len()));
    if !rest.is_empty() {
        next_task(move || show_cached_counts(rest, refresh_ms));
    }
    let now = js_sys::Date::now();
    for entry in entries {
        let Some(cached) = read(&cache::key(&entry.room.alias), now) else {
            continue;
        };
        let cached = cache::initial_state(&cached, now, refresh_ms);
        // A widget unmounted meanwhile has disposed its signals.
        entry
            .state
            .try_update(|state| *state = std::mem::take(state).with_cached(cached));
    }
}

/// Starts the refresh loop of one widget; the handle stops it.
fn start_refreshing(rooms: Vec<RoomEntry>, settings: Settings) -> Task {
    Task::spawn(refresh_loop(rooms, settings))
}
