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
use reactive_graph::signal::ArcRwSignal;

pub use consent_button::{consent_button, Consent, ConsentHandler};
pub use room_list::room_list;

/// One room of the list: what the page says about it and what the server
/// said last.
#[derive(Clone, Debug)]
pub struct RoomEntry {
    /// The room as the page names it.
    pub room: Arc<ConfiguredRoom>,
    /// What is known about it now. A reference-counted signal, not one in
    /// the widget owner's arena: it lives as long as its row, the refresh
    /// loop or the widget's state holds it, so reading it never finds it
    /// disposed (the arena-held signal cost the wasm 775 B gzip more).
    pub state: ArcRwSignal<RoomState>,
}

/// What the rooms' states sum up to, read in the running effect, which
/// then runs again whenever one of them changes. Each effect that needs it
/// reads it itself: a memo, or a signal kept by an effect, cost the wasm
/// their own code for each type (the measured cost is in the commit that
/// made this change), and reading 500 rooms' states is a few microseconds.
pub fn widget_state(states: &[ArcRwSignal<RoomState>]) -> WidgetState {
    WidgetState::of(states.iter().map(|state| state.with(|s| s.freshness)))
}

impl RoomEntry {
    /// A room and what is known about it at first.
    pub fn new(room: ConfiguredRoom, state: RoomState) -> RoomEntry {
        RoomEntry {
            room: Arc::new(room),
            state: ArcRwSignal::new(state),
        }
    }
}
