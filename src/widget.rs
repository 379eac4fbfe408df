//! A widget's life: reading its element, rendering, refreshing, unmounting.

use std::any::Any;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use futures::channel::mpsc;
use futures::future::{abortable, AbortHandle};
use futures::StreamExt;
use gloo_events::EventListener;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlElement};

use crate::cache;
use crate::config::{homeserver_host, LiveMode, WidgetConfig};
use crate::discovery::{discover_rooms, rooms_from_attribute};
use crate::dom::{host_attribute, language_tags, markup_of, same_origin_url, warn};
use crate::i18n::choose_language;
use crate::matrix::{client, Failure};
use crate::refresh::{round_outcome, RoundOutcome, Schedule};
use crate::room::{ConfiguredRoom, Freshness, RoomResult, RoomState, WidgetState};
use crate::snapshot::Snapshot;
use crate::view::{Consent, RoomEntry, RoomList};

/// How many summary requests one widget has in flight at once.
pub const MAX_CONCURRENT_REQUESTS: usize = 4;

/// A mounted widget: dropping it stops its refreshes and removes its view.
struct Mounted {
    host: HtmlElement,
    original: web_sys::Element,
    _view: Box<dyn Any>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    /// Hosts whose snapshot is loading.
    static PENDING: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

/// Mounts a widget on `host`. Returns whether it did (or, with a
/// `snapshot` attribute, will once the snapshot is loaded): an element that
/// is already mounted, or holds no rooms, is left as it is.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> bool {
    let known = |list: &RefCell<Vec<HtmlElement>>| list.borrow().contains(&host);
    if MOUNTED.with(|m| m.borrow().iter().any(|w| w.host == host)) || PENDING.with(known) {
        return false;
    }
    let (config, warnings) = WidgetConfig::from_attributes(|name| host_attribute(&host, name));
    for warning in &warnings {
        warn(warning);
    }
    let Some(raw) = config.snapshot.clone() else {
        return mount_rooms(host, config, None);
    };
    let Some(url) = same_origin_url(&raw, None) else {
        warn(&format!(
            "snapshot=\"{}\" is not a file of this site; reading the rooms from the page",
            crate::text::clamp(&raw, 100)
        ));
        return mount_rooms(host, config, None);
    };
    // The page's own list stays on screen while the snapshot loads.
    PENDING.with(|p| p.borrow_mut().push(host.clone()));
    // wasm-bindgen's executor, not Leptos's: Leptos sets its own up in
    // `mount_to`, which has not run yet for the page's first widget.
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match client::own_file(&url, config.timeout_ms).await {
            Ok(text) => Snapshot::parse(&text),
            Err(Failure::Status(code)) => Err(format!("HTTP {code}")),
            Err(_) => Err("could not be loaded".to_owned()),
        };
        let wanted = take_pending(&host);
        if !wanted || !host.is_connected() {
            return;
        }
        let snapshot = match loaded {
            Ok(snapshot) => Some((snapshot, url)),
            Err(why) => {
                warn(&format!(
                    "snapshot {url}: {why}; reading the rooms from the page instead"
                ));
                None
            }
        };
        mount_rooms(host, config, snapshot);
    });
    true
}

/// The rooms to show and their first state: the snapshot's, when there is
/// one with rooms in it, else the page's own list (or `rooms` attribute).
fn rooms_to_show(
    host: &HtmlElement,
    config: &WidgetConfig,
    snapshot: Option<(Snapshot, String)>,
) -> Vec<(ConfiguredRoom, RoomState)> {
    if let Some((snapshot, url)) = snapshot {
        let mut rooms = snapshot.widget_rooms();
        for (room, _) in &mut rooms {
            // Avatars are files beside the snapshot; nothing else is loaded.
            room.avatar = room
                .avatar
                .take()
                .and_then(|path| same_origin_url(&path, Some(&url)));
        }
        if !rooms.is_empty() {
            return rooms;
        }
        warn("the snapshot names no room with an alias; reading the rooms from the page");
    }
    let mut discovery = discover_rooms(&markup_of(host));
    if discovery.rooms.is_empty() {
        if let Some(rooms) = &config.rooms {
            discovery = rooms_from_attribute(rooms);
        }
    }
    for skipped in &discovery.skipped {
        warn(&format!(
            "skipped \"{}\": {}",
            skipped.entry, skipped.reason
        ));
    }
    // Without live counts and without a snapshot there is no count to
    // wait for: the rows show names and descriptions only.
    let first = match config.live {
        LiveMode::Off => RoomState {
            freshness: Freshness::Snapshot,
            ..RoomState::default()
        },
        _ => RoomState::default(),
    };
    discovery
        .rooms
        .into_iter()
        .map(|room| (room, first.clone()))
        .collect()
}

/// Renders the rooms into `host` and starts refreshing them as the `live`
/// attribute allows. Never inlined: it is called from three places, one of
/// them a future, and each inlined copy cost kilobytes of wasm.
#[inline(never)]
fn mount_rooms(
    host: HtmlElement,
    config: WidgetConfig,
    snapshot: Option<(Snapshot, String)>,
) -> bool {
    let Some(document) = host.owner_document() else {
        return false;
    };
    let rooms = rooms_to_show(&host, &config, snapshot);
    if rooms.is_empty() {
        warn("no room links inside the element and no rooms attribute: nothing to show");
        return false;
    }
    let language = choose_language(language_tags(&host).iter().map(String::as_str));
    let Some((original, container)) = make_room(&document, &host) else {
        return false;
    };
    // Screen readers pronounce the texts in their language even when it
    // came from the browser rather than the page.
    let _ = container.set_attribute("lang", language.code);
    let consent_host = (config.live == LiveMode::Consent).then(|| consent_host(&config, &rooms));
    let state_host = host.clone();
    let view = leptos::mount::mount_to(container, move || {
        let entries: Vec<RoomEntry> = rooms
            .into_iter()
            .map(|(room, state)| RoomEntry::new(room, state))
            .collect();
        if config.live != LiveMode::Off {
            show_cached_counts(&entries, config.refresh_ms);
        }
        let states: Vec<_> = entries.iter().map(|e| e.state).collect();
        let widget_state =
            Memo::new(move |_| WidgetState::of(states.iter().map(|s| s.with(|s| s.freshness))));
        Effect::new(move || {
            let _ = state_host.set_attribute("data-state", widget_state.get().as_str());
        });
        let live = RwSignal::new(match config.live {
            LiveMode::Auto => true,
            LiveMode::Off => false,
            LiveMode::Consent => cache::consent_given(),
        });
        let refresher: Arc<Mutex<Option<AbortHandle>>> = Arc::default();
        let running = Arc::clone(&refresher);
        let refreshed = entries.clone();
        Effect::new(move || {
            let on = live.get();
            let Ok(mut running) = running.lock() else {
                return;
            };
            match (on, running.take()) {
                (true, None) => {
                    *running = Some(start_refreshing(refreshed.clone(), config.clone()))
                }
                (true, Some(handle)) => *running = Some(handle),
                (false, Some(handle)) => handle.abort(),
                (false, None) => {}
            }
        });
        on_cleanup(move || {
            if let Some(handle) = refresher.lock().ok().and_then(|mut r| r.take()) {
                handle.abort();
            }
        });
        let consent = consent_host.map(|host| Consent { live, host });
        view! { <RoomList rooms=entries state=widget_state language=language consent=consent /> }
    });
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            host,
            original,
            _view: Box::new(view),
        })
    });
    true
}

/// The last counts any tab saw, on screen before any request — unless the
/// snapshot knows better: it is newer, or it has a count for a room the
/// server refuses to describe to a visitor.
fn show_cached_counts(entries: &[RoomEntry], refresh_ms: u64) {
    let now = js_sys::Date::now();
    for entry in entries {
        let Some(cached) = cache::read(&cache::key(&entry.room.alias), now) else {
            continue;
        };
        let cached = cache::initial_state(&cached, now, refresh_ms);
        entry.state.update(|state| {
            let snapshot_wins = state.freshness == Freshness::Snapshot
                && (cached.freshness == Freshness::NotPublic
                    || cached.updated_at_ms <= state.updated_at_ms);
            if !snapshot_wins {
                *state = cached;
            }
        });
    }
}

/// What the consent button names: the homeserver the browser would ask.
fn consent_host(config: &WidgetConfig, rooms: &[(ConfiguredRoom, RoomState)]) -> String {
    if let Some(url) = &config.homeserver {
        return homeserver_host(url).to_owned();
    }
    let mut servers: Vec<&str> = Vec::new();
    for (room, _) in rooms {
        let server = room.alias.server_name();
        if !servers.contains(&server) {
            servers.push(server);
        }
    }
    servers.join(", ")
}

/// Removes `host` from the widgets whose snapshot is loading; whether it
/// was one (when not, it was unmounted meanwhile).
fn take_pending(host: &HtmlElement) -> bool {
    PENDING.with(|p| {
        let mut pending = p.borrow_mut();
        let before = pending.len();
        pending.retain(|h| h != host);
        pending.len() < before
    })
}

/// Stops the widget on `host` and puts its original markup back.
#[wasm_bindgen]
pub fn unmount(host: HtmlElement) -> bool {
    let was_pending = take_pending(&host);
    if was_pending {
        return true;
    }
    let widget = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let index = mounted.iter().position(|w| w.host == host)?;
        Some(mounted.swap_remove(index))
    });
    let Some(widget) = widget else {
        return false;
    };
    let Mounted {
        host,
        original,
        _view,
    } = widget;
    drop(_view);
    host.set_text_content(None);
    while let Some(child) = original.first_child() {
        let _ = host.append_child(&child);
    }
    let _ = host.remove_attribute("data-state");
    true
}

/// Moves the page's own markup into a hidden holder (kept for `unmount`,
/// and out of sight and out of the accessibility tree) and adds the
/// element the view renders into.
fn make_room(document: &Document, host: &HtmlElement) -> Option<(web_sys::Element, HtmlElement)> {
    let original = document.create_element("div").ok()?;
    original.set_attribute("hidden", "").ok()?;
    original.set_attribute("class", "mc-original").ok()?;
    while let Some(child) = host.first_child() {
        original.append_child(&child).ok()?;
    }
    let container: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    container.set_class_name("mc-widget");
    host.append_child(&original).ok()?;
    host.append_child(&container).ok()?;
    Some((original, container))
}

/// Starts the refresh loop of one widget; the handle stops it.
fn start_refreshing(rooms: Vec<RoomEntry>, config: WidgetConfig) -> AbortHandle {
    let (task, handle) = abortable(refresh_loop(rooms, config));
    leptos::task::spawn_local(async move {
        let _ = task.await;
    });
    handle
}

/// Refreshes while the page is visible: every interval, later after
/// failures, and at once when a hidden page with old counts becomes visible.
async fn refresh_loop(rooms: Vec<RoomEntry>, config: WidgetConfig) {
    let mut schedule = Schedule::new(config.refresh_ms);
    let mut visibility = Visibility::watch();
    let _other_tabs = watch_other_tabs(rooms.clone());
    loop {
        let wait = schedule.wait_ms(js_sys::Date::now());
        if wait > 0 {
            gloo_timers::future::sleep(std::time::Duration::from_millis(wait)).await;
        }
        visibility.until_visible().await;
        let outcome = refresh_round(&rooms, &config).await;
        schedule.record(outcome, js_sys::Date::now(), js_sys::Math::random());
    }
}

/// Asks for every room's summary, a few at a time, and writes each answer
/// as it arrives.
async fn refresh_round(rooms: &[RoomEntry], config: &WidgetConfig) -> RoundOutcome {
    let replies: Vec<_> = futures::stream::iter(rooms.iter().cloned())
        .map(|entry| async move {
            let base_url = match &config.homeserver {
                Some(url) => url.clone(),
                None => client::homeserver_base_url(entry.room.alias.server_name()).await,
            };
            let reply = client::shared_room_summary(
                &base_url,
                &entry.room.alias,
                config.timeout_ms,
                config.refresh_ms,
            )
            .await;
            let result = RoomResult::from(reply.clone());
            let now = js_sys::Date::now() as u64;
            entry
                .state
                .update(|state| *state = state.with_result(result, now));
            reply
        })
        .buffer_unordered(MAX_CONCURRENT_REQUESTS)
        .collect()
        .await;
    round_outcome(&replies)
}

/// Shows what other tabs learn as soon as they write it: a `storage` event
/// carries each entry another tab of this site writes.
fn watch_other_tabs(rooms: Vec<RoomEntry>) -> Option<EventListener> {
    let window = web_sys::window()?;
    let keys: Vec<String> = rooms.iter().map(|r| cache::key(&r.room.alias)).collect();
    Some(EventListener::new(&window, "storage", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        let (Some(key), Some(value)) = (event.key(), event.new_value()) else {
            return;
        };
        let now = js_sys::Date::now();
        let Some(entry) = cache::Entry::decode(&value, now) else {
            return;
        };
        for (room, _) in rooms.iter().zip(&keys).filter(|(_, k)| **k == key) {
            let result = RoomResult::from(entry.reply());
            room.state
                .update(|state| *state = state.with_result(result.clone(), entry.attempt_ms));
        }
    }))
}

/// Tells when the page is visible, from `visibilitychange` events.
struct Visibility {
    document: Option<Document>,
    changes: mpsc::UnboundedReceiver<()>,
    _listener: Option<EventListener>,
}

impl Visibility {
    fn watch() -> Visibility {
        let document = web_sys::window().and_then(|w| w.document());
        let (sender, changes) = mpsc::unbounded();
        let listener = document.as_ref().map(|document| {
            EventListener::new(document, "visibilitychange", move |_| {
                let _ = sender.unbounded_send(());
            })
        });
        Visibility {
            document,
            changes,
            _listener: listener,
        }
    }

    async fn until_visible(&mut self) {
        while self.document.as_ref().is_some_and(Document::hidden) {
            if self.changes.next().await.is_none() {
                return;
            }
        }
    }
}
