//! The list of rooms, the time of the last update, and a message when no
//! count could be had at all.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::{Arc, Mutex, Weak};

use matrix_channels_core::i18n::{updated_label, Language};
use matrix_channels_core::room::WidgetState;
use reactive_graph::effect::RenderEffect;
use reactive_graph::owner::on_cleanup;
use web_sys::{Document, Element};

use super::dom::{append, element, put, text};
use super::room_row::{room_row, RowEffect};
use super::{AllRooms, RoomEntry};
use crate::browser::timer::{next_task, Clock};

/// How often the "updated … ago" line is rewritten, in milliseconds.
const CLOCK_TICK_MS: i32 = 30_000;

/// How many rows are built in one task. 500 rows built at once held the
/// page's main thread for well over 50 ms (issue 13); twenty-five take a
/// few milliseconds, leave room in the task for the widget's own setup,
/// and fill a phone's screen. (Fifty, and the first task of a warm visit
/// still passed 50 ms now and then: `bench/run.mjs --sizes 500`.)
pub const ROWS_PER_TASK: usize = 25;

/// The effects of the rows built so far; the list's cleanup drops them,
/// and a batch still to come then finds nothing to add to.
type Rows = Arc<Mutex<Vec<RowEffect>>>;

/// The list of rooms, the time of the last update, and a message when no
/// count could be had at all, put at the end of `parent` (anything put
/// after the list later stays after them). Runs under the widget's owner:
/// its effects and its clock stop when that is disposed.
pub fn room_list(
    parent: &Element,
    rooms: Vec<RoomEntry>,
    language: &'static Language,
) -> Option<()> {
    let document = parent.owner_document()?;
    let all = AllRooms::of(&rooms);
    let list = element(&document, "ul", "mc-rooms")?;
    list.set_attribute("aria-label", language.rooms_label)
        .ok()?;
    let rows: Rows = Arc::new(Mutex::new(Vec::with_capacity(rooms.len())));
    let mut rooms = rooms;
    let later = rooms.split_off(ROWS_PER_TASK.min(rooms.len()));
    build_rows(&document, &list, rooms, language, &rows)?;
    append(parent, &list)?;
    if !later.is_empty() {
        build_later(
            document.clone(),
            list.clone(),
            later,
            language,
            Arc::downgrade(&rows),
        );
    }
    let status = element(&document, "p", "mc-status")?;
    text(&document, &status)?.set_node_value(Some(language.error));
    let updated = element(&document, "p", "mc-updated")?;
    let time = document.create_element("time").ok()?;
    let time_text = text(&document, &time)?;
    append(&updated, &time)?;

    // The update line, rewritten when the last update changes and by a
    // clock for the relative time (a plain callback, not a signal: only
    // this line reads it). Not a live region, so screen readers are not
    // told about every tick — the line is there when they look.
    let (after_status, after_list) = (status.clone(), list.clone());
    let updated_at = Rc::new(Cell::new(None));
    let shown_at = Rc::clone(&updated_at);
    let write_updated = Rc::new(move || {
        let at = shown_at.get();
        // After the status (or the list, when there is none).
        put(&updated, at.is_some(), &[&after_status, &after_list]);
        let Some(at) = at else {
            return;
        };
        let elapsed = (js_sys::Date::now() - at as f64).max(0.0) as u64;
        let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
        let _ = time.set_attribute("datetime", &iso);
        let label = updated_label(language, elapsed);
        time_text.set_node_value(Some(&label));
    });
    let tick = Rc::clone(&write_updated);
    let clock = Clock::start(move || tick(), CLOCK_TICK_MS);
    let shown = RenderEffect::new(move |_: Option<()>| {
        // The effect holds the clock: it ticks as long as the effect lives.
        let _clock = &clock;
        // Runs again when any room's state changes; writes only what did.
        let (state, at) = (all.state(), all.updated_at_ms());
        // In this order: the list, the status, the update line (and a
        // consent button after them).
        put(&status, state == WidgetState::Error, &[&list]);
        if updated_at.replace(at) != at {
            write_updated();
        }
    });
    on_cleanup(move || drop((rows, shown)));
    Some(())
}

/// Builds a row for each of `rooms` at the end of `list`, keeping their
/// effects in `rows`.
fn build_rows(
    document: &Document,
    list: &Element,
    rooms: Vec<RoomEntry>,
    language: &'static Language,
    rows: &Rows,
) -> Option<()> {
    let mut rows = rows.lock().ok()?;
    for entry in rooms {
        let (row, effect) = room_row(document, entry, language)?;
        append(list, &row)?;
        rows.push(effect);
    }
    Some(())
}

/// Builds the rows after the first batch, a batch per task, until all are
/// built or the widget is gone. The rooms' signals exist from the start,
/// so the refresh loop and the widget's state never wait for a row: a row
/// built later shows what its room's state is by then.
fn build_later(
    document: Document,
    list: Element,
    mut rooms: Vec<RoomEntry>,
    language: &'static Language,
    rows: Weak<Mutex<Vec<RowEffect>>>,
) {
    next_task(move || {
        let Some(built) = rows.upgrade() else {
            return;
        };
        let later = rooms.split_off(ROWS_PER_TASK.min(rooms.len()));
        if build_rows(&document, &list, rooms, language, &built).is_some() && !later.is_empty() {
            build_later(document, list, later, language, rows);
        }
    });
}
