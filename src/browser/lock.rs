//! The Web Locks API: one lock per room, browser-wide, so that only one tab
//! asks the homeserver while the others wait and read its answer.

use std::future::Future;

use futures::channel::oneshot;
use futures::future::{select, Either};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Runs `work` while holding the browser-wide Web Lock `name`: other tabs
/// asking for the same lock wait until it is done. Without Web Locks (old
/// browsers, sandboxed frames) the work runs unlocked.
pub async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    let Some(locks) = lock_manager() else {
        return work.await;
    };
    let (acquired, on_acquired) = oneshot::channel::<()>();
    let (release, on_release) = oneshot::channel::<()>();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        let _ = acquired.send(());
        wasm_bindgen_futures::future_to_promise(async move {
            let _ = on_release.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let request = JsFuture::from(locks.request(name, callback.unchecked_ref()));
    // The request settles before the lock is granted only when it failed.
    if let Either::Right(_) = select(on_acquired, request).await {
        return work.await;
    }
    let result = work.await;
    drop(release);
    result
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
