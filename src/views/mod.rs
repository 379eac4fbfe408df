//! The views: a list of rooms, one row per room, and the consent button.
//! They only read signals; the refresh loop (`src/refresh.rs`) writes them.
//! Every piece of text from a page or a server goes into a text node or an
//! attribute value, never into markup.

mod consent_button;
mod dom;
mod room_list;
mod room_row;

use std::sync::Arc;

use matrix_channels_core::room::{ConfiguredRoom, RoomState, WidgetState};
use reactive_graph::prelude::*;
use reactive_graph::signal::{ArcRwSignal, ArcTrigger};

pub use consent_button::{consent_button, Consent, ConsentHandler};
pub use room_list::{room_list, ROWS_PER_TASK};

/// One room of the list: what the page says about it and what the server
/// said last.
#[derive(Clone, Debug)]
pub struct RoomEntry {
    /// The room as the page names it.
    pub room: Arc<ConfiguredRoom>,
    /// What is known about it now; its row follows it. A reference-counted
    /// signal, not one in the widget owner's arena: it lives as long as its
    /// row, the refresh loop or the widget's state holds it, so reading it
    /// never finds it disposed (the arena-held signal cost the wasm 775 B
    /// gzip more). Written through [`RoomEntry::update`].
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
}

/// A widget's rooms as the effects that show all of them at once read
/// them (its `data-state`, its status line, the last update): after one
/// trigger that every room's update notifies, not each room's signal. An
/// effect that read 500 signals dropped and made 500 subscriptions again
/// at every answer: 500 rooms, cold, 2.9 → 4.1 s to all counts
/// (`bench/run.mjs`).
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
    /// when any of them changes. Each effect that needs it reads it
    /// itself: a memo, or a signal kept by an effect, cost the wasm their
    /// own code for each type (the measured cost is in the commit that
    /// made this change), and reading 500 rooms' states is a few
    /// microseconds.
    pub fn state(&self) -> WidgetState {
        self.changed.track();
        WidgetState::of(
            self.states
                .iter()
                .map(|s| s.with_untracked(|s| s.freshness)),
        )
    }

    /// When the newest count was had, if any was; the running effect runs
    /// again when any room changes.
    pub fn updated_at_ms(&self) -> Option<u64> {
        self.changed.track();
        let updated = self
            .states
            .iter()
            .map(|s| s.with_untracked(|s| s.updated_at_ms));
        updated.flatten().max()
    }
}
