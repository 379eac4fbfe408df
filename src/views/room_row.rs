//! One room's row.

use std::sync::Arc;

use leptos::prelude::*;
use matrix_channels_core::i18n::{count_label, row_label, Language};
use matrix_channels_core::room::{room_description, room_name, Freshness, RoomState};

use super::RoomEntry;
use crate::browser::intl::IntlFormatter;

/// One room: its name as a join link, a space mark, its member count and
/// its description. A new count rewrites the count's text node and
/// attributes and nothing else: name and description are memos, and the
/// other parts are compared before they are written.
#[component]
pub fn RoomRow(
    /// The room to show.
    entry: RoomEntry,
    /// The language of the row's texts.
    language: &'static Language,
) -> impl IntoView {
    let RoomEntry { room, state } = entry;
    let alias = room.alias.to_string();
    let href = room.join_url.clone();
    let avatar = room.avatar.clone();
    let name = {
        let room = Arc::clone(&room);
        Memo::new(move |_| state.with(|s| room_name(&room, s)))
    };
    let description = Memo::new(move |_| state.with(|s| room_description(&room, s)));
    // Plain derived values, not memos: a row's state changes once per
    // refresh, and re-deriving these few small values then costs less than
    // a reactive node each for every row (500 rows: 2,000 nodes fewer).
    let freshness = move || state.with(|s| s.freshness);
    let count = move || state.with(RoomState::member_count);
    let is_space = move || state.with(RoomState::is_space);
    let format = move || IntlFormatter::for_language(language.code);
    let label = move || {
        name.with(|n| {
            row_label(
                language,
                &format(),
                &n.shown,
                is_space(),
                count(),
                freshness(),
            )
        })
    };

    view! {
        <li class="mc-room" data-room=alias aria-label=label>
            <div class="mc-room__head">
                {avatar.map(|src| view! {
                    <img class="mc-room__avatar" src=src alt="" width="24" height="24" loading="lazy" decoding="async" />
                })}
                <a class="mc-room__name" href=href title=move || name.with(|n| n.full.clone())>
                    {move || name.with(|n| n.shown.clone())}
                </a>
                <Show when=is_space>
                    <span class="mc-badge mc-badge--space">{language.space}</span>
                </Show>
                <span
                    class="mc-room__count"
                    data-count=move || count().map(|n| n.to_string())
                    data-freshness=move || freshness().as_str()
                >
                    {move || count_label(language, &format(), count(), freshness())}
                </span>
                <Show when=move || freshness() == Freshness::Stale>
                    <span class="mc-badge mc-badge--stale">{language.not_current}</span>
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
