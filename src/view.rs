//! The views: a list of rooms, one row per room. They only read signals;
//! the refresh loop in `widget.rs` writes them. Every piece of text from a
//! page or a server goes into a text node or an attribute value, never into
//! markup.

use std::sync::Arc;

use leptos::prelude::*;

use crate::room::{room_description, room_name, ConfiguredRoom, Freshness, RoomState};
use crate::strings;

/// One room of the list: what the page says about it and what the server
/// said last.
#[derive(Clone, Debug)]
pub struct RoomEntry {
    /// The room as the page names it.
    pub room: Arc<ConfiguredRoom>,
    /// What is known about it now.
    pub state: RwSignal<RoomState>,
}

impl RoomEntry {
    /// A room with nothing known yet.
    pub fn new(room: ConfiguredRoom) -> RoomEntry {
        RoomEntry {
            room: Arc::new(room),
            state: RwSignal::new(RoomState::default()),
        }
    }
}

/// The list of rooms.
#[component]
pub fn RoomList(
    /// The rooms, in the order to show them.
    rooms: Vec<RoomEntry>,
) -> impl IntoView {
    view! {
        <ul class="mc-rooms">
            {rooms.into_iter().map(|entry| view! { <RoomRow entry=entry /> }).collect_view()}
        </ul>
    }
}

/// One room: its name as a join link, a space mark, its member count and
/// its description. Each part is its own memo, so a new count rewrites one
/// text node and nothing else.
#[component]
pub fn RoomRow(
    /// The room to show.
    entry: RoomEntry,
) -> impl IntoView {
    let RoomEntry { room, state } = entry;
    let alias = room.alias.to_string();
    let href = room.alias.matrix_to_url();
    let name = {
        let room = Arc::clone(&room);
        Memo::new(move |_| state.with(|s| room_name(&room, s)))
    };
    let description = Memo::new(move |_| state.with(|s| room_description(&room, s)));
    let freshness = Memo::new(move |_| state.with(|s| s.freshness));
    let count = Memo::new(move |_| state.with(RoomState::member_count));
    let is_space = Memo::new(move |_| state.with(RoomState::is_space));

    view! {
        <li class="mc-room" data-room=alias>
            <div class="mc-room__head">
                <a class="mc-room__name" href=href title=move || name.with(|n| n.full.clone())>
                    {move || name.with(|n| n.shown.clone())}
                </a>
                <Show when=move || is_space.get()>
                    <span class="mc-badge mc-badge--space">{strings::SPACE}</span>
                </Show>
                <span
                    class="mc-room__count"
                    data-count=move || count.get().map(|n| n.to_string())
                    data-freshness=move || freshness_name(freshness.get())
                >
                    {move || strings::count_label(count.get(), freshness.get())}
                </span>
                <Show when=move || freshness.get() == Freshness::Stale>
                    <span class="mc-badge mc-badge--stale">{strings::NOT_CURRENT}</span>
                </Show>
            </div>
            {move || {
                description
                    .get()
                    .map(|d| view! { <p class="mc-room__description" title=d.full>{d.shown}</p> })
            }}
        </li>
    }
}

fn freshness_name(freshness: Freshness) -> &'static str {
    match freshness {
        Freshness::Loading => "loading",
        Freshness::Live => "live",
        Freshness::Stale => "stale",
        Freshness::NotPublic => "not-public",
        Freshness::Unavailable => "unavailable",
    }
}
