//! A widget's life: reading its element, rendering, refreshing, unmounting.

use std::any::Any;
use std::cell::RefCell;

use futures::channel::mpsc;
use futures::future::{abortable, AbortHandle};
use futures::StreamExt;
use gloo_events::EventListener;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlElement};

use crate::cache;
use crate::config::WidgetConfig;
use crate::discovery::{discover_rooms, rooms_from_attribute};
use crate::dom::{host_attribute, language_tags, markup_of, warn, widget_hosts};
use crate::i18n::choose_language;
use crate::matrix::client;
use crate::refresh::{round_outcome, RoundOutcome, Schedule};
use crate::room::{RoomResult, WidgetState};
use crate::view::{RoomEntry, RoomList};

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
}

/// Mounts a widget on every widget host of the page not yet mounted.
#[wasm_bindgen(js_name = mountAll)]
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for host in widget_hosts(&document) {
        mount(host);
    }
}

/// Mounts a widget on `host`. Returns whether it did: an element that is
/// already mounted, or holds no rooms, is left as it is.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> bool {
    if MOUNTED.with(|m| m.borrow().iter().any(|w| w.host == host)) {
        return false;
    }
    let Some(document) = host.owner_document() else {
        return false;
    };
    let (config, warnings) = WidgetConfig::from_attributes(|name| host_attribute(&host, name));
    for warning in &warnings {
        warn(warning);
    }
    let mut discovery = discover_rooms(&markup_of(&host));
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
    if discovery.rooms.is_empty() {
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
    let rooms: Vec<_> = discovery.rooms;
    let state_host = host.clone();
    let view = leptos::mount::mount_to(container, move || {
        let entries: Vec<RoomEntry> = rooms.into_iter().map(RoomEntry::new).collect();
        // The last counts any tab saw, on screen before any request.
        let now = js_sys::Date::now();
        for entry in &entries {
            if let Some(cached) = cache::read(&cache::key(&entry.room.alias), now) {
                entry
                    .state
                    .set(cache::initial_state(&cached, now, config.refresh_ms));
            }
        }
        let states: Vec<_> = entries.iter().map(|e| e.state).collect();
        let widget_state =
            Memo::new(move |_| WidgetState::of(states.iter().map(|s| s.with(|s| s.freshness))));
        Effect::new(move || {
            let _ = state_host.set_attribute("data-state", widget_state.get().as_str());
        });
        let refresher = start_refreshing(entries.clone(), config);
        on_cleanup(move || refresher.abort());
        view! { <RoomList rooms=entries language=language /> }
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

/// Stops the widget on `host` and puts its original markup back.
#[wasm_bindgen]
pub fn unmount(host: HtmlElement) -> bool {
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
