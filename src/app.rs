//! The root of one widget: its rows, their summed-up state on
//! the widget element, and the refresh loop, started and stopped as the
//! `live` setting and the visitor's consent allow.

use std::cell::RefCell;
use std::rc::Rc;

use matrix_channels_core::cache;
use matrix_channels_core::i18n::Language;
use matrix_channels_core::page::Row;
use matrix_channels_core::settings::Settings;
use reactive_graph::effect::RenderEffect;
use reactive_graph::owner::on_cleanup;
use web_sys::{Element, HtmlElement};

use crate::browser::storage::{consent_given, read};
use crate::browser::task::Task;
use crate::browser::timer::next_task;
use crate::contract::STATE_ATTRIBUTE;
use crate::refresh::refresh_loop;
use crate::views::{consent_button, room_list, AllRooms, Consent, ConsentHandler, RoomEntry};

/// What keeps one widget's counts live: its refresh loop, and the
/// consent button's handler that switches it. Dropping it (the widget
/// unmounted) stops both.
pub struct Live {
    _refresh: Rc<Refresh>,
    _consent: Option<ConsentHandler>,
}

/// A widget's refresh loop, on or off.
struct Refresh {
    rooms: Vec<RoomEntry>,
    settings: Settings,
    running: RefCell<Option<Task>>,
}

impl Refresh {
    /// Starts the loop, or stops it (by dropping its task).
    fn switch(&self, on: bool) {
        let mut running = self.running.borrow_mut();
        if !on {
            *running = None;
        } else if running.is_none() {
            let loop_ = refresh_loop(self.rooms.clone(), self.settings.clone());
            *running = Some(Task::spawn(loop_));
        }
    }
}

/// One widget, rendered at the end of `container`: the rows the core
/// chose, live as `settings` allow. `element` is the widget element, whose
/// `data-state` tells the page how the rows stand; with `live="consent"`,
/// `consent_servers` are the servers the consent button names. Runs under
/// the widget's owner: disposing it stops the effects, dropping what it
/// returns the refreshes.
pub fn widget(
    container: &Element,
    element: HtmlElement,
    rows: Vec<Row>,
    settings: Settings,
    language: &'static Language,
    consent_servers: Option<String>,
) -> Option<Live> {
    let entries = RoomEntry::for_widget(rows);
    if settings.live.shows_cached_counts() {
        show_cached_counts(entries.clone(), settings.refresh_ms);
    }
    let all = AllRooms::of(&entries);
    // A render effect, like the views': it first runs as the widget is
    // built, and stops when its owner is disposed. The attribute is
    // written when the state changes, not at every room's update: the page
    // may watch it.
    let mut shown = None;
    let state_shown = RenderEffect::new(move |_: Option<()>| {
        let state = all.state();
        if shown.replace(state) != Some(state) {
            let _ = element.set_attribute(STATE_ATTRIBUTE, state.as_str());
        }
    });
    on_cleanup(move || drop(state_shown));
    let consented = consent_servers.as_deref().is_some_and(consent_given);
    let live = settings.live.asks_at_start(consented);
    room_list(container, entries.clone(), language)?;
    let refresh = Rc::new(Refresh {
        rooms: entries,
        settings,
        running: RefCell::new(None),
    });
    refresh.switch(live);
    let consent = match consent_servers {
        Some(servers) => {
            let document = container.owner_document()?;
            let switch = Rc::clone(&refresh);
            let (button, handler) =
                consent_button(&document, Consent { live, servers }, language, move |on| {
                    switch.switch(on)
                })?;
            container.append_child(&button).ok()?;
            Some(handler)
        }
        None => None,
    };
    Some(Live {
        _refresh: refresh,
        _consent: consent,
    })
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
        // (A widget unmounted meanwhile shows it nowhere.)
        entry.update(|state| *state = std::mem::take(state).with_cached(cached));
    }
}
