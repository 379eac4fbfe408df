//! `localStorage`: the browser-wide cache of summary answers (its entry
//! format is the core's `cache` module), the copy of a snapshot
//! `live="snapshot"` re-reads (the core's `reread` module) and the
//! visitor's consent to live counts. Every storage failure — storage disabled, quota full, an entry
//! someone else wrote — only means the cache is not used.

use matrix_channels_core::cache::{key, Entry, KEY_PREFIX, MAX_ENTRIES};
use matrix_channels_core::matrix::{RoomAlias, SummaryReply};
use matrix_channels_core::page::consent_key;
use matrix_channels_core::reread::SnapshotCopy;
use std::cell::Cell;
use std::future::Future;

use super::json::WidgetJson;
use super::lock::acquire;

/// The page's localStorage, if it may use one.
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether the visitor asked for live counts from `servers`
/// (`live="consent"`). The key (the core's `consent_key`) lies outside the
/// cache's prefix, so pruning the cache never forgets it.
pub fn consent_given(servers: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(&consent_key(servers)).ok().flatten())
        .is_some_and(|v| v == "yes")
}

/// Remembers the visitor's choice for `servers`; withdrawing it forgets it.
pub fn set_consent(servers: &str, given: bool) {
    if let Some(storage) = storage() {
        let key = consent_key(servers);
        let _ = if given {
            storage.set_item(&key, "yes")
        } else {
            storage.remove_item(&key)
        };
    }
}

/// The copy of a snapshot any tab stored under `key` (`live="snapshot"`),
/// if it is one.
pub fn read_copy(key: &str) -> Option<SnapshotCopy> {
    SnapshotCopy::decode(&storage()?.get_item(key).ok()??)
}

/// Stores the copy of a snapshot for every tab; one that does not fit is
/// not kept (each tab then reads the file itself, conditionally).
pub fn write_copy(key: &str, copy: &SnapshotCopy) {
    if let Some(storage) = storage() {
        if storage.set_item(key, &copy.encode()).is_err() {
            let _ = storage.remove_item(key);
        }
    }
}

/// Reads a room's entry; a corrupt or expired one is removed.
pub fn read(key: &str, now_ms: f64) -> Option<Entry> {
    let storage = storage()?;
    let text = storage.get_item(key).ok()??;
    let entry = Entry::decode::<WidgetJson>(&text, now_ms);
    if entry.is_none() {
        let _ = storage.remove_item(key);
    }
    entry
}

thread_local! {
    /// How many entries of this cache the origin's storage holds, as far as
    /// this page knows: counted once, then kept up as it writes. The origin
    /// may hold any number of other scripts' keys; only ours count toward
    /// [`MAX_ENTRIES`], and counting them on every write cost a pass over
    /// all keys and a parse of each of ours (with 500 rooms, 300,000 parses
    /// a round).
    static OUR_ENTRIES: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Writes a room's entry; `new` when the room had none. When storage is
/// full, the oldest entries of this cache make room; when it is still
/// full, the entry is not kept.
fn write(key: &str, entry: &Entry, new: bool) {
    let (Some(storage), Some(text)) = (storage(), entry.encode::<WidgetJson>()) else {
        return;
    };
    if storage.set_item(key, &text).is_err() {
        prune(&storage, MAX_ENTRIES / 2);
        let _ = storage.set_item(key, &text);
        return;
    }
    let ours = match OUR_ENTRIES.get() {
        Some(known) => known + usize::from(new),
        None => our_keys(&storage).len(),
    };
    OUR_ENTRIES.set(Some(ours));
    if ours > MAX_ENTRIES {
        prune(&storage, MAX_ENTRIES);
    }
}

/// The keys of this cache, by a pass over the origin's storage.
fn our_keys(storage: &web_sys::Storage) -> Vec<String> {
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX))
        .collect()
}

/// Keeps the `keep` newest entries of this cache, and removes the rest.
fn prune(storage: &web_sys::Storage, keep: usize) {
    let mut ours: Vec<(u64, String)> = our_keys(storage)
        .into_iter()
        .map(|k| {
            let at = storage
                .get_item(&k)
                .ok()
                .flatten()
                .map_or(0, |text| Entry::attempt_of::<WidgetJson>(&text));
            (at, k)
        })
        .collect();
    ours.sort_unstable_by_key(|(at, _)| std::cmp::Reverse(*at));
    OUR_ENTRIES.set(Some(ours.len().min(keep)));
    for (_, stale) in ours.into_iter().skip(keep) {
        let _ = storage.remove_item(&stale);
    }
}

/// The answer any tab got for `alias` less than `max_age_ms` ago, read
/// without the lock: enough to know that nothing needs asking, not even
/// where the room's homeserver is.
pub fn recent_reply(alias: &RoomAlias, max_age_ms: u64) -> Option<SummaryReply> {
    let now = js_sys::Date::now();
    read(&key(alias), now)?.recent_reply(now, max_age_ms)
}

/// One request per room per interval per browser: reuses an answer any
/// tab got less than `max_age_ms` ago, or runs `fetch` and records what it
/// got for every tab. A room this browser has an older answer for is asked
/// under the room's lock (with `locked`; without it for a request that is
/// sent already), so that of two tabs one asks and the other reads its
/// answer. A room it has none for is asked without the lock, as early.js
/// asks it: the lock's grant is a round trip to the browser process before
/// each request, and only two tabs opened at the same moment on a browser
/// that never saw the room can both ask it, once.
pub async fn shared_across_tabs(
    alias: &RoomAlias,
    max_age_ms: u64,
    locked: bool,
    fetch: impl Future<Output = SummaryReply>,
) -> SummaryReply {
    let key = key(alias);
    let now = js_sys::Date::now();
    let previous = read(&key, now);
    if let Some(reply) = recent(previous.as_ref(), now, max_age_ms) {
        return reply;
    }
    let (_held, previous, now) = if locked && previous.is_some() {
        let held = acquire(&key).await;
        // What another tab recorded while this one waited for the lock.
        let now = js_sys::Date::now();
        let previous = read(&key, now);
        if let Some(reply) = recent(previous.as_ref(), now, max_age_ms) {
            return reply;
        }
        (held, previous, now)
    } else {
        (None, previous, now)
    };
    let reply = fetch.await;
    let new = previous.is_none();
    write(&key, &Entry::after(previous, now as u64, &reply), new);
    reply
}

/// The answer `entry` holds if it is less than `max_age_ms` old.
fn recent(entry: Option<&Entry>, now: f64, max_age_ms: u64) -> Option<SummaryReply> {
    entry?.recent_reply(now, max_age_ms)
}
