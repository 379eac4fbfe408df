//! One room's row: its name as a join link, a space mark, its member
//! count, its activity (from a snapshot) and its description.

use leptos::prelude::*;
use matrix_channels_core::i18n::{activity_label, count_label, row_label, Language};
use matrix_channels_core::room::{
    room_description, room_name, ConfiguredRoom, Freshness, RoomState,
};

use super::RoomEntry;

/// One room. Every part that changes is a closure over the room's state,
/// so an answer rewrites only the texts and attributes it changed. Texts
/// are `String`s and optional attributes `Option<String>`s throughout:
/// each distinct closure return type is one more copy of Leptos's render
/// effect in the wasm.
#[component]
pub fn RoomRow(
    /// The room.
    entry: RoomEntry,
    /// The language of the row's texts.
    language: &'static Language,
) -> impl IntoView {
    let RoomEntry { room, state, .. } = entry;
    // A closure that shows `part` of the room as it stands now.
    let shown = |part: fn(&ConfiguredRoom, &RoomState, &'static Language) -> Option<String>| {
        let (room, state) = (room.clone(), state.clone());
        move || state.with(|s| part(&room, s, language))
    };
    // Worded again at each of the row's updates rather than captured once:
    // a closure of its own would be one more copy of the render effect.
    let label = shown(|room, s, language| {
        let activity = room.activity.as_ref().map(|a| activity_label(language, a));
        Some(row_label(
            language,
            &room_name(room, s).shown,
            s.is_space(),
            s.member_count(),
            s.freshness,
            activity.as_deref(),
        ))
    });
    // The snapshot's activity does not change while the page is open: a
    // static part of the view, no closure.
    let activity = room.activity.as_ref().map(|a| {
        let numbers = &a.activity;
        view! {
            <span
                class="mc-room__activity"
                data-messages-7d=numbers.messages_7d.to_string()
                data-messages-30d=numbers.messages_30d.to_string()
                data-last-message-at=numbers.last_message_at.clone()
            >
                {activity_label(language, a)}
            </span>
        }
    });
    let name = shown(|room, s, _| Some(room_name(room, s).shown));
    let name_title = shown(|room, s, _| room_name(room, s).full);
    let count = shown(|_, s, language| Some(count_label(language, s.member_count(), s.freshness)));
    let data_count = shown(|_, s, _| s.member_count().map(|n| n.to_string()));
    let freshness = shown(|_, s, _| Some(s.freshness.as_str().to_owned()));
    let badges = state.clone();
    let space = move || {
        badges.with(RoomState::is_space).then(|| {
            view! { <span class="mc-badge mc-badge--space">{language.space}</span> }
        })
    };
    let badges = state.clone();
    let stale = move || {
        (badges.with(|s| s.freshness) == Freshness::Stale).then(|| {
            view! { <span class="mc-badge mc-badge--stale">{language.not_current}</span> }
        })
    };
    let avatar = room.avatar.clone().map(|src| {
        view! {
            <img
                class="mc-room__avatar"
                src=src
                alt=""
                width="24"
                height="24"
                loading="lazy"
                decoding="async"
            />
        }
    });
    let alias = room.alias.as_str().to_owned();
    let join_url = room.join_url.clone();
    let description = move || {
        state.with(|s| room_description(&room, s)).map(|d| {
            view! { <p class="mc-room__description" title=d.full>{d.shown}</p> }
        })
    };
    view! {
        <li class="mc-room" data-room=alias aria-label=label>
            <div class="mc-room__head">
                {avatar}
                <a class="mc-room__name" href=join_url title=name_title>{name}</a>
                {space}
                <span class="mc-room__count" data-count=data_count data-freshness=freshness>
                    {count}
                </span>
                {stale}
                {activity}
            </div>
            {description}
        </li>
    }
}
