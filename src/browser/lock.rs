//! The Web Locks API: one lock per room, browser-wide, so that only one tab
//! asks the homeserver while the others wait and read its answer.

use std::future::Future;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Resolves the promise the lock is held by when dropped: when the work is
/// done, and when the future running it is dropped first (its widget went
/// away), so the lock is never held by work that no longer runs.
pub struct Release(Function);

impl Drop for Release {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

/// Runs `work` while holding the browser-wide Web Lock `name`: other tabs
/// asking for the same lock wait until it is done. Without Web Locks (old
/// browsers, sandboxed frames) the work runs unlocked.
pub async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    let _release = acquire(name).await;
    work.await
}

/// Waits until the lock `name` is granted, and holds it until what it
/// returns is dropped; `None` (no lock held) without Web Locks or when
/// the request failed. Not generic, so that each kind of work locked
/// (a room's summary, a snapshot's re-read) does not copy it. Two promises
/// and the browser's `Promise.race`, rather than `futures`' channels and
/// `select`, which only this function linked.
pub async fn acquire(name: &str) -> Option<Release> {
    let locks = lock_manager()?;
    let (mut release, mut grant) = (None, None);
    let released = Promise::new(&mut |resolve, _| release = Some(resolve));
    let granted = Promise::new(&mut |resolve, _| grant = Some(resolve));
    let (Some(release), Some(grant)) = (release, grant) else {
        return None;
    };
    let release = Release(release);
    // The browser calls this once it grants the lock, and holds the lock
    // until the promise it returns settles.
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        let _ = grant.call0(&JsValue::UNDEFINED);
        released
    });
    let request = locks.request(name, callback.unchecked_ref());
    // Either the lock is granted, or the request settles first, which it
    // does only when it failed: then the work runs unlocked.
    let _ = JsFuture::from(Promise::race(&Array::of2(&granted, &request))).await;
    Some(release)
}

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`, the Web Locks API (web-sys has it only behind its
    /// unstable-API flag).
    type LockManager;

    #[wasm_bindgen(method, catch, js_name = request)]
    fn request_checked(
        this: &LockManager,
        name: &str,
        callback: &js_sys::Function,
    ) -> Result<js_sys::Promise, JsValue>;
}

impl LockManager {
    /// `locks.request(name, callback)`; a rejected promise when the call
    /// itself throws.
    fn request(&self, name: &str, callback: &js_sys::Function) -> js_sys::Promise {
        self.request_checked(name, callback)
            .unwrap_or_else(|error| js_sys::Promise::reject(&error))
    }
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    locks.is_object().then(|| locks.unchecked_into())
}
