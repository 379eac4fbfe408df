//! The views: a list of rooms, one row per room, and the consent button.
//! They only read signals; the refresh loop (`src/refresh.rs`) writes them.
//! Every piece of text from a page or a server goes into a text node or an
//! attribute value, never into markup.

mod consent_button;
mod dom;
mod room_list;
mod room_row;

use std::sync::Arc;

use matrix_channels_core::room::{ConfiguredRoom, RoomState};
use reactive_graph::effect::RenderEffect;
use reactive_graph::owner::on_cleanup;
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;

pub use consent_button::{consent_button, Consent};
pub use room_list::room_list;

/// One room of the list: what the page says about it and what the server
/// said last.
#[derive(Clone, Debug)]
pub struct RoomEntry {
    /// The room as the page names it.
    pub room: Arc<ConfiguredRoom>,
    /// What is known about it now.
    pub state: RwSignal<RoomState>,
}

/// `compute`'s value, in a signal that is set only when the value changes
/// (what Leptos's `Memo` does, made of the two parts the views link
/// anyway, a render effect and a signal: the widget's two memos cost 3.9 KB
/// of wasm). Runs under the widget's owner and stops when it is disposed.
pub fn derived<T>(compute: impl Fn() -> T + 'static) -> RwSignal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let value = RwSignal::new(compute());
    let effect = RenderEffect::new(move |_: Option<()>| {
        let new = compute();
        if value.try_with_untracked(|old| *old != new) == Some(true) {
            value.set(new);
        }
    });
    on_cleanup(move || drop(effect));
    value
}

impl RoomEntry {
    /// A room and what is known about it at first.
    pub fn new(room: ConfiguredRoom, state: RoomState) -> RoomEntry {
        RoomEntry {
            room: Arc::new(room),
            state: RwSignal::new(state),
        }
    }
}
