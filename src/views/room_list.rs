//! The list of rooms, rendered a batch of rows at a time.

use leptos::prelude::*;
use matrix_channels_core::i18n::Language;

use super::{RoomEntry, RoomRow};

/// Some rows of the list, rendered once `shown` is set: the mount's
/// pipeline sets one batch a task (`crate::mount`), so 500 rooms never
/// make one long task.
#[derive(Clone, Debug)]
pub struct Batch {
    /// The batch's rooms, in the list's order.
    pub rooms: Vec<RoomEntry>,
    /// Whether its rows are rendered.
    pub shown: ArcRwSignal<bool>,
}

/// The list of rooms: the rooms never change after mounting, so it is a
/// plain list of batches, each a plain list of rows, not a keyed `<For>`.
#[component]
pub fn RoomList(
    /// The rooms, a batch of rows at a time.
    batches: Vec<Batch>,
    /// The language of the list's texts.
    language: &'static Language,
) -> impl IntoView {
    let batches = batches
        .into_iter()
        .map(|Batch { rooms, shown }| {
            move || {
                shown.get().then(|| {
                    rooms
                        .iter()
                        .map(|entry| view! { <RoomRow entry=entry.clone() language/> })
                        .collect_view()
                })
            }
        })
        .collect_view();
    view! { <ul class="mc-rooms" aria-label=language.rooms_label>{batches}</ul> }
}
