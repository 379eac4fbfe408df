//! The views: a list of rooms, one row per room. They only read signals;
//! the refresh loop in `widget.rs` writes them. Every piece of text from a
//! page or a server goes into a text node or an attribute value, never into
//! markup.

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::{count_label, fill, row_label, updated_label, Language};
use crate::intl::IntlFormatter;
use crate::room::{room_description, room_name, ConfiguredRoom, Freshness, RoomState, WidgetState};

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
    /// A room and what is known about it at first.
    pub fn new(room: ConfiguredRoom, state: RoomState) -> RoomEntry {
        RoomEntry {
            room: Arc::new(room),
            state: RwSignal::new(state),
        }
    }
}

/// The visitor's say over live counts (`live="consent"`).
#[derive(Clone, Debug)]
pub struct Consent {
    /// Whether live counts are on; the buttons write it.
    pub live: RwSignal<bool>,
    /// The homeserver the browser connects to when they are, for the
    /// button's text.
    pub host: String,
}

/// How often the "updated … ago" line is rewritten, in milliseconds.
const CLOCK_TICK_MS: u64 = 30_000;

/// The list of rooms, the time of the last update, and a message when no
/// count could be had at all.
#[component]
pub fn RoomList(
    /// The rooms, in the order to show them.
    rooms: Vec<RoomEntry>,
    /// The rooms' state summed up.
    state: Memo<WidgetState>,
    /// The language of every text the widget writes.
    language: &'static Language,
    /// The consent buttons, with `live="consent"`.
    #[prop(default = None)]
    consent: Option<Consent>,
) -> impl IntoView {
    let states: Vec<RwSignal<RoomState>> = rooms.iter().map(|e| e.state).collect();
    let widget_state = state;
    let updated_at = Memo::new(move |_| {
        states
            .iter()
            .filter_map(|s| s.with(|s| s.updated_at_ms))
            .max()
    });
    // A clock for the relative time; not a live region, so screen readers
    // are not told about every tick — the line is there when they look.
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(clock) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_millis(CLOCK_TICK_MS),
    ) {
        on_cleanup(move || clock.clear());
    }
    let updated = move || {
        updated_at.get().map(|at| {
            let elapsed = (now.get() - at as f64).max(0.0) as u64;
            let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
            let text = updated_label(
                language,
                &IntlFormatter::for_language(language.code),
                elapsed,
            );
            view! { <p class="mc-updated"><time datetime=iso>{text}</time></p> }
        })
    };
    view! {
        <ul class="mc-rooms" aria-label=language.rooms_label>
            {rooms
                .into_iter()
                .map(|entry| view! { <RoomRow entry=entry language=language /> })
                .collect_view()}
        </ul>
        <Show when=move || widget_state.get() == WidgetState::Error>
            <p class="mc-status">{language.error}</p>
        </Show>
        {updated}
        {consent.map(|consent| view! { <ConsentButton consent=consent language=language /> })}
    }
}

/// Turns live counts on — saying which server the browser will then
/// contact — or off again; the choice is kept for the site.
#[component]
pub fn ConsentButton(
    /// The choice and the server's name.
    consent: Consent,
    /// The language of the button.
    language: &'static Language,
) -> impl IntoView {
    let Consent { live, host } = consent;
    let ask = fill(language.consent, &host);
    let toggle = move |_| {
        let on = !live.get_untracked();
        crate::cache::set_consent(on);
        live.set(on);
    };
    view! {
        <p class="mc-consent">
            <button type="button" class="mc-consent__button" on:click=toggle>
                {move || if live.get() { language.consent_revoke.to_owned() } else { ask.clone() }}
            </button>
        </p>
    }
}

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
    let href = room.alias.matrix_to_url();
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
                    data-freshness=move || freshness_name(freshness())
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

fn freshness_name(freshness: Freshness) -> &'static str {
    match freshness {
        Freshness::Loading => "loading",
        Freshness::Live => "live",
        Freshness::Stale => "stale",
        Freshness::NotPublic => "not-public",
        Freshness::Unavailable => "unavailable",
        Freshness::Snapshot => "snapshot",
    }
}
