//! The views, each a `#[component]`: the widget's rows in batches
//! ([`RoomList`]), one room's row ([`RoomRow`]), the status and "updated …
//! ago" lines ([`Status`], [`Updated`]) and the consent button
//! ([`ConsentButton`]). They only read signals; the refresh loop
//! (`src/refresh.rs`) and the mount's pipeline (`src/mount.rs`) write them.
//! Every piece of text from a page or a server is a text node or an
//! attribute value, never markup.

mod consent_button;
mod room_list;
mod room_row;
mod status;

use std::sync::Arc;

use leptos::prelude::*;
use matrix_channels_core::room::{last_update, ConfiguredRoom, RoomState, WidgetState};

pub use consent_button::{Consent, ConsentButton};
pub use room_list::{Batch, RoomList};
pub use room_row::RoomRow;
pub use status::{Status, Updated};

/// One room of the list: what the page says about it and what the server
/// said last.
#[derive(Clone, Debug)]
pub struct RoomEntry {
    /// The room as the page names it.
    pub room: Arc<ConfiguredRoom>,
    /// What is known about it now; its row follows it. Reference-counted,
    /// not in the owner's arena: it lives as long as its row, the refresh
    /// loop or the pipeline holds it, so reading it never finds it
    /// disposed. Written through [`RoomEntry::update`].
    state: ArcRwSignal<RoomState>,
    /// The widget's [`AllRooms::changed`].
    changed: ArcTrigger,
}

impl RoomEntry {
    /// The rooms of one widget, each with what is known about it at first.
    pub fn for_widget(rows: Vec<(ConfiguredRoom, RoomState)>) -> Vec<RoomEntry> {
        let changed = ArcTrigger::new();
        rows.into_iter()
            .map(|(room, state)| RoomEntry {
                room: Arc::new(room),
                state: ArcRwSignal::new(state),
                changed: changed.clone(),
            })
            .collect()
    }

    /// Changes what is known about the room: its row and whatever shows
    /// all the widget's rooms follow.
    pub fn update(&self, change: impl FnOnce(&mut RoomState)) {
        self.state.update(change);
        self.changed.notify();
    }

    /// Marks the count not current if it has grown old by `now_ms` (see
    /// `RoomState::aged`); rewrites nothing otherwise.
    pub fn age(&self, now_ms: u64, interval_ms: u64) {
        if let Some(aged) = self.state.with_untracked(|s| s.aged(now_ms, interval_ms)) {
            self.update(|state| *state = aged);
        }
    }
}

/// A widget's rooms as the views that show all of them at once read them
/// (its `data-state`, its status line, the last update): after one trigger
/// that every room's update notifies, not each room's signal, so an
/// answer costs them one re-run rather than 500 subscriptions made again.
#[derive(Clone)]
pub struct AllRooms {
    states: Vec<ArcRwSignal<RoomState>>,
    changed: ArcTrigger,
}

impl AllRooms {
    /// The rooms of `entries`, one widget's (`RoomEntry::for_widget`).
    pub fn of(entries: &[RoomEntry]) -> AllRooms {
        AllRooms {
            states: entries.iter().map(|e| e.state.clone()).collect(),
            changed: entries
                .first()
                .map_or_else(ArcTrigger::new, |e| e.changed.clone()),
        }
    }

    /// What the rooms' states sum up to; the running effect runs again
    /// when any of them changes.
    pub fn state(&self) -> WidgetState {
        self.changed.track();
        WidgetState::of(
            self.states
                .iter()
                .map(|s| s.with_untracked(|s| s.freshness)),
        )
    }

    /// When the counts were last updated (`room::last_update`: the oldest
    /// count's time), if ever; the running effect runs again when any room
    /// changes.
    pub fn updated_at_ms(&self) -> Option<u64> {
        self.changed.track();
        last_update(
            self.states
                .iter()
                .map(|s| s.with_untracked(|s| (s.freshness, s.updated_at_ms))),
        )
    }
}
