//! One widget, whichever way it came: the pipeline from what a page or a
//! Leptos app says to the rows ([`rooms_of`], [`prepare`]), and the root
//! component that shows them ([`Widget`]). The two ways in are the script
//! tag's element (`crate::mount`) and the [`crate::MatrixChannels`]
//! component.

use std::future::Future;

use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use leptos::task::spawn_local_scoped_with_cancellation;
use matrix_channels_core::cache;
use matrix_channels_core::i18n::Language;
use matrix_channels_core::page::{
    consent_servers, foreign_snapshot, rooms_of_page, rooms_with_snapshot, Delegated, PageElement,
    Plan, RoomChoice,
};
use matrix_channels_core::reread::SnapshotCopy;
use matrix_channels_core::settings::Settings;
use web_sys::Element;

use crate::browser::fetch::{homeserver_base_url, own_file};
use crate::browser::json::WidgetJson;
use crate::browser::page::{same_origin_url, warn};
use crate::browser::storage::{consent_given, read};
use crate::browser::timer::{next_task, ROOMS_PER_TASK};
use crate::contract::STATE_ATTRIBUTE;
use crate::refresh::{refresh_loop, reread_loop};
use crate::views::{AllRooms, Batch, Consent, ConsentButton, RoomEntry, RoomList, Status, Updated};

/// What the core decided for one widget: its settings and language, and
/// the rooms it shows (never none).
pub struct Found {
    plan: Plan,
    choice: RoomChoice,
    /// The snapshot's URL, when the page names one of its own site.
    snapshot: Option<String>,
}

impl Found {
    /// The language of every text the widget writes.
    pub fn language(&self) -> &'static Language {
        self.plan.language
    }
}

/// How many nodes of a room list's markup make one room, in either markup
/// (a link, its text, a description and the white space between).
const NODES_PER_ROOM: usize = 6;

/// The core's choice of rooms for `page`: the page's own, or its
/// snapshot's once that is loaded. `None` when there are none to show;
/// the core's warnings go to the console, with `element` when there is
/// one, either way.
pub async fn rooms_of(page: PageElement, element: Option<&Element>) -> Option<Found> {
    let plan = Plan::of(&page);
    for warning in &plan.warnings {
        warn(warning, element);
    }
    let snapshot = plan.settings.snapshot.as_deref().and_then(|raw| {
        let url = same_origin_url(raw, None);
        if url.is_none() {
            warn(&foreign_snapshot(raw), element);
        }
        url
    });
    let choice = match &snapshot {
        Some(url) => {
            let loaded = own_file(url, plan.settings.timeout_ms, None).await;
            // Avatars are files beside the snapshot; nothing else is loaded.
            rooms_with_snapshot::<WidgetJson>(
                &page,
                &plan.settings,
                url,
                loaded,
                js_sys::Date::now(),
                |path| same_origin_url(path, Some(url)),
            )
        }
        None => {
            if page.markup.node_count() > ROOMS_PER_TASK * NODES_PER_ROOM {
                next_task().await;
            }
            rooms_of_page(&page, &plan.settings)
        }
    };
    for warning in &choice.warnings {
        warn(warning, element);
    }
    (!choice.rows.is_empty()).then_some(Found {
        plan,
        choice,
        snapshot,
    })
}

/// Everything [`Widget`] shows, made once the rooms are found.
#[derive(Clone)]
pub struct Ready {
    entries: Vec<RoomEntry>,
    batches: Vec<Batch>,
    settings: Settings,
    language: &'static Language,
    consent_servers: Option<String>,
    /// `live="snapshot"`: the snapshot's URL and the copy to read again.
    reread: Option<(String, SnapshotCopy)>,
}

impl Ready {
    /// The language of every text the widget writes.
    pub fn language(&self) -> &'static Language {
        self.language
    }
}

/// Makes the rows of `found` and hands them to `ready`'s view, then shows
/// them a batch per task, each with the counts any tab saw last.
pub async fn prepare(found: Found, ready: ArcRwSignal<Option<Ready>>) {
    let Found {
        plan,
        choice,
        snapshot,
    } = found;
    let reread = snapshot.zip(choice.reread);
    let settings = plan.settings.or_homeserver(choice.homeserver);
    let consent_servers = settings
        .live
        .asks_consent()
        .then(|| consent_servers(&settings, &choice.rows));
    let entries = RoomEntry::for_widget(choice.rows);
    let batches: Vec<Batch> = entries
        .chunks(ROOMS_PER_TASK)
        .enumerate()
        .map(|(i, rooms)| Batch {
            rooms: rooms.to_vec(),
            shown: ArcRwSignal::new(i == 0),
        })
        .collect();
    let cached = settings
        .live
        .shows_cached_counts()
        .then_some(settings.refresh_ms);
    let mut batches_left = batches.clone().into_iter();
    if let (Some(first), Some(refresh_ms)) = (batches_left.next(), cached) {
        show_cached_counts(&first.rooms, refresh_ms);
    }
    ready.set(Some(Ready {
        entries,
        batches,
        settings,
        language: plan.language,
        consent_servers,
        reread,
    }));
    for batch in batches_left {
        next_task().await;
        if let Some(refresh_ms) = cached {
            show_cached_counts(&batch.rooms, refresh_ms);
        }
        batch.shown.set(true);
    }
}

/// The last counts any tab saw, on screen before any request, unless the
/// snapshot knows better (the core's `RoomState::with_cached`).
fn show_cached_counts(rooms: &[RoomEntry], refresh_ms: u64) {
    let now = js_sys::Date::now();
    for entry in rooms {
        let Some(cached) = read(&cache::key(&entry.room.alias), now) else {
            continue;
        };
        let cached = cache::initial_state(&cached, now, refresh_ms);
        entry.update(|state| *state = std::mem::take(state).with_cached(cached));
    }
}

/// One widget: its rows, the lines under them, the consent button when
/// the page asks for consent, and the refresh loop, run while live counts
/// are on. `host` gets the widget's `data-state`.
#[component]
pub fn Widget(
    /// The widget's rooms and settings.
    ready: Ready,
    /// The element that gets the widget's `data-state`.
    host: Option<Element>,
) -> impl IntoView {
    let Ready {
        entries,
        batches,
        settings,
        language,
        consent_servers,
        reread,
    } = ready;
    let all = AllRooms::of(&entries);
    // Render effects, like the views': not kept in the owner's arena, so
    // each is held by a cleanup of the owner, which drops it.
    if let Some(host) = host {
        let all = all.clone();
        // Written when the state changes, not at every answer: the page
        // may watch it.
        let mut shown = None;
        let state = RenderEffect::new(move |_: Option<()>| {
            let state = all.state();
            if shown.replace(state) != Some(state) {
                let _ = host.set_attribute(STATE_ATTRIBUTE, state.as_str());
            }
        });
        on_cleanup(move || drop(state));
    }
    let consented = consent_servers.as_deref().is_some_and(consent_given);
    // `live="snapshot"` re-reads the snapshot in the same effect's task:
    // a second kind of spawned task would cost the wasm more.
    let live = ArcRwSignal::new(settings.live.asks_at_start(consented) || reread.is_some());
    let consent = consent_servers.map(|first| Consent {
        named: ArcStoredValue::new(first.clone()),
        first,
        live: live.clone(),
    });
    let asked = consent.clone();
    // The loop belongs to the effect's owner: turning live counts off, or
    // unmounting, cancels it.
    let refresh = RenderEffect::new(move |_: Option<()>| {
        if live.get() {
            spawn_local_scoped_with_cancellation(live_counts(
                entries.clone(),
                settings.clone(),
                asked.clone(),
                reread.clone(),
            ));
        }
    });
    on_cleanup(move || drop(refresh));
    view! {
        <RoomList batches language/>
        <Status all=all.clone() language/>
        <Updated all language/>
        {consent.map(|consent| view! { <ConsentButton consent language/> })}
    }
}

/// Live counts, refreshed. A widget that asks for consent and names no
/// homeserver was agreed to by its rooms' server names: their discovery
/// documents say where the summaries go, and when that is another host,
/// the button names it and live counts wait for the visitor's yes to it.
/// Each base URL is then kept for the page's life (see [`Delegated`]).
/// With `reread` (`live="snapshot"`) no homeserver at all: the site's
/// snapshot, read again.
async fn live_counts(
    entries: Vec<RoomEntry>,
    settings: Settings,
    consent: Option<Consent>,
    reread: Option<(String, SnapshotCopy)>,
) {
    if let Some((url, copy)) = reread {
        return reread_loop(entries, settings, url, copy).await;
    }
    let (Some(consent), None) = (consent, &settings.homeserver) else {
        return refresh_loop(entries, settings).await;
    };
    let mut rooms = Vec::with_capacity(entries.len());
    for entry in entries {
        let server = entry.room.alias.server_name();
        rooms.push((
            homeserver_base_url(server, settings.refresh_ms).await,
            entry,
        ));
    }
    let found = Delegated::of(rooms);
    let agreed = found.agreed(&consent.first, consent_given(&found.hosts));
    consent.named.set_value(found.hosts);
    if !agreed {
        consent.live.set(false);
        return;
    }
    // One loop per base URL, polled here rather than spawned: a second
    // kind of spawned task cost the wasm more. The loops never end.
    let mut loops: Vec<_> = found
        .groups
        .into_iter()
        .map(|(base_url, rooms)| {
            let settings = Settings {
                homeserver: Some(base_url),
                ..settings.clone()
            };
            Box::pin(refresh_loop(rooms, settings))
        })
        .collect();
    std::future::poll_fn(|cx| {
        for refresh in &mut loops {
            let _ = refresh.as_mut().poll(cx);
        }
        std::task::Poll::<()>::Pending
    })
    .await;
}
