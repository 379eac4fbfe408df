//! A widget's refresh loop: asks for the summaries of the rooms whose
//! homeserver the core's timetable says is due, while the page is visible,
//! writes each answer into its row's state as it arrives and marks counts
//! grown old — and shows what other tabs learn, as soon as they write it.
//! With `live="snapshot"`, its twin [`reread_loop`] reads the site's
//! snapshot again instead, on the same timing and visibility.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::task::Poll;

use gloo_events::EventListener;
use matrix_channels_core::cache::{self, Entry};
use matrix_channels_core::matrix::SummaryReply;
use matrix_channels_core::refresh::{RoundOutcome, Schedule, Timetable};
use matrix_channels_core::reread::{copy_key, reread_state, SnapshotCopy};
use matrix_channels_core::room::RoomResult;
use matrix_channels_core::settings::Settings;
use matrix_channels_core::snapshot::Snapshot;
use wasm_bindgen::JsCast;

use crate::browser::fetch::{homeserver_base_url, own_file, shared_room_summary};
use crate::browser::json::WidgetJson;
use crate::browser::lock::with_lock;
use crate::browser::storage::{read_copy, recent_reply, write_copy};
use crate::browser::timer::{next_task, sleep, until_visible, ROOMS_PER_TASK};
use crate::views::RoomEntry;

/// How many summary requests one widget has in flight at once: a
/// browser's limit of connections per host, so that a page of up to six
/// rooms (de-RSE has five) gets every count in one round trip.
pub const MAX_CONCURRENT_REQUESTS: usize = 6;

/// Refreshes while the page is visible: every interval, a homeserver's
/// rooms later after its failures, and at once when a hidden page with old
/// counts becomes visible.
pub async fn refresh_loop(rooms: Vec<RoomEntry>, settings: Settings) {
    // A list whose rows are shown over several tasks starts asking in a
    // task after its first rows: taking the answers early.js has in hand,
    // and watching every room's cache key, would lengthen the task that
    // renders them.
    if rooms.len() > ROOMS_PER_TASK {
        next_task().await;
    }
    let mut timetable = Timetable::new(settings.refresh_ms);
    let _other_tabs = watch_other_tabs(rooms.clone());
    loop {
        let wait = timetable.wait_ms(js_sys::Date::now());
        if wait > 0 {
            sleep(wait).await;
        }
        until_visible().await;
        refresh_round(&rooms, &settings, &mut timetable).await;
    }
}

/// Marks the counts grown old, asks for the summary of every room whose
/// homeserver is due, a few at a time, writes each answer as it arrives,
/// and records the round in the timetable. A pool of
/// [`MAX_CONCURRENT_REQUESTS`] workers, each taking the next room when its
/// last one is answered, rather than `buffer_unordered`, whose
/// `FuturesUnordered` cost kilobytes of wasm for this one loop.
async fn refresh_round(rooms: &[RoomEntry], settings: &Settings, timetable: &mut Timetable) {
    let now = js_sys::Date::now();
    for entry in rooms {
        entry.age(now as u64, settings.refresh_ms);
    }
    let next = Cell::new(0);
    let asked = RefCell::new(Vec::with_capacity(rooms.len()));
    let due = &*timetable;
    let worker = || async {
        while let Some(entry) = rooms.get(next.replace(next.get() + 1)) {
            if let Some(reply) = refresh_room(entry, settings, due, now).await {
                asked.borrow_mut().push(reply);
            }
        }
    };
    let mut workers: Vec<_> = (0..MAX_CONCURRENT_REQUESTS)
        .map(|_| Box::pin(worker()))
        .collect();
    std::future::poll_fn(|cx| {
        workers.retain_mut(|worker| worker.as_mut().poll(cx).is_pending());
        if workers.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    drop(workers);
    timetable.record(
        &asked.into_inner(),
        js_sys::Date::now(),
        js_sys::Math::random(),
    );
}

/// Asks for one room's summary, unless its homeserver is held back in the
/// round that started at `now`, and writes the answer into its row.
/// Returns the homeserver asked and its reply; `None` when none was asked.
async fn refresh_room(
    entry: &RoomEntry,
    settings: &Settings,
    timetable: &Timetable,
    now: f64,
) -> Option<(String, SummaryReply)> {
    let alias = &entry.room.alias;
    // A fresh answer in this browser needs no homeserver: looked at first,
    // a warm visit to a page that names none asks nothing, not even the
    // server's .well-known.
    let recent = match settings.homeserver {
        Some(_) => None,
        None => recent_reply(alias, settings.refresh_ms),
    };
    let (server, reply) = match recent {
        Some(reply) => (None, reply),
        None => {
            let base_url = match &settings.homeserver {
                Some(url) => url.clone(),
                None => homeserver_base_url(alias.server_name(), settings.refresh_ms).await,
            };
            if !timetable.is_due(&base_url, now) {
                return None;
            }
            let reply =
                shared_room_summary(&base_url, alias, settings.timeout_ms, settings.refresh_ms)
                    .await;
            (Some(base_url), reply)
        }
    };
    let result = RoomResult::from(reply.clone());
    let now = js_sys::Date::now() as u64;
    entry.update(|state| *state = state.with_result(result, now));
    server.map(|server| (server, reply))
}

/// Shows what other tabs learn as soon as they write it: a `storage` event
/// carries each entry another tab of this site writes. The listener is
/// removed when dropped, with the refresh loop that holds it.
fn watch_other_tabs(rooms: Vec<RoomEntry>) -> Option<EventListener> {
    let keys: Vec<String> = rooms.iter().map(|r| cache::key(&r.room.alias)).collect();
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "storage", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        let (Some(key), Some(value)) = (event.key(), event.new_value()) else {
            return;
        };
        let Some(entry) = Entry::decode::<WidgetJson>(&value, js_sys::Date::now()) else {
            return;
        };
        for (room, _) in rooms.iter().zip(&keys).filter(|(_, k)| **k == key) {
            let result = RoomResult::from(entry.reply());
            room.update(|state| *state = state.with_result(result.clone(), entry.attempt_ms));
        }
    }))
}

/// `live="snapshot"`: reads the site's snapshot at `url` again every
/// interval while the page is visible, and shows each room's new state
/// (the core's `reread`): under the copy's Web Lock, taking another tab's
/// copy when it read the file within the interval, else asking the site
/// conditionally. A re-read that fails keeps the last counts, marked not
/// current once no tab has read the file for two intervals. Never asks a
/// homeserver.
pub async fn reread_loop(
    rooms: Vec<RoomEntry>,
    settings: Settings,
    url: String,
    mut copy: SnapshotCopy,
) {
    let key = copy_key(&url);
    let interval = settings.refresh_ms;
    // The page load has just read the file (or failed to): the first
    // re-read is an interval later.
    let mut schedule = Schedule::new(interval);
    schedule.record(RoundOutcome::Answered, js_sys::Date::now(), 0.0);
    let mut stale = false;
    loop {
        let wait = schedule.wait_ms(js_sys::Date::now());
        if wait > 0 {
            sleep(wait).await;
        }
        until_visible().await;
        let (read, fresh) = with_lock(&key, reread(&url, &key, &mut copy, &settings)).await;
        let now = js_sys::Date::now();
        let outcome = if read {
            RoundOutcome::Answered
        } else {
            RoundOutcome::Failed
        };
        schedule.record(outcome, now, js_sys::Math::random());
        if !copy.is_current(now, interval) {
            if !stale {
                for entry in &rooms {
                    entry.update(|state| *state = state.with_result(RoomResult::Failed, 0));
                }
            }
            stale = true;
            continue;
        }
        // Counts marked not current are current again once a tab reads
        // the file, changed or not.
        let shown = match fresh {
            Some(snapshot) => Some(snapshot),
            None if stale => Snapshot::parse::<WidgetJson>(&copy.text).ok(),
            None => None,
        };
        if let Some(snapshot) = shown {
            let fresh = snapshot.widget_rooms(now);
            for entry in &rooms {
                entry.update(|state| *state = reread_state(&fresh, &entry.room.alias, state));
            }
            stale = false;
        }
    }
}

/// One re-read: another tab's copy when it read the file within the
/// interval, else the site's answer to a conditional GET. Whether the
/// file was read (or found unchanged), and the snapshot to show when it
/// is newer than `copy` was.
async fn reread(
    url: &str,
    key: &str,
    copy: &mut SnapshotCopy,
    settings: &Settings,
) -> (bool, Option<Snapshot>) {
    let before = copy.generated_at_ms;
    *copy = std::mem::take(copy).or_newer(read_copy(key));
    if copy.is_recent(js_sys::Date::now(), settings.refresh_ms) {
        let newer = copy.generated_at_ms != before;
        let snapshot = newer.then(|| Snapshot::parse::<WidgetJson>(&copy.text).ok());
        return (true, snapshot.flatten());
    }
    let answer = own_file(url, settings.timeout_ms, Some(&*copy)).await;
    match copy.after::<WidgetJson>(answer, js_sys::Date::now()) {
        Some((next, snapshot)) => {
            write_copy(key, &next);
            *copy = next;
            (true, snapshot)
        }
        None => (false, None),
    }
}
