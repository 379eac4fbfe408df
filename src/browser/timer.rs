//! Waiting in the browser, without a timer crate: a promise that
//! `setTimeout` resolves, and a promise that the page's next
//! `visibilitychange` resolves. Neither keeps anything of Rust alive: the
//! browser holds the promise's own `resolve`, and `JsFuture` frees its
//! callbacks when the promise settles, so a widget that goes away while
//! waiting leaves nothing behind but a timer that fires into nothing.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;
use web_sys::AddEventListenerOptions;

/// Returns after `ms` milliseconds (at most `i32::MAX`, which is what
/// `setTimeout` takes; the core's longest wait is a day).
pub async fn sleep(ms: u64) {
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let done = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(done).await;
}

/// Returns once the page is visible: at once when it is, else at the
/// `visibilitychange` that shows it. Counts are refreshed only while
/// someone can see them.
pub async fn until_visible() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    while document.hidden() {
        let changed = Promise::new(&mut |resolve, _| {
            let once = AddEventListenerOptions::new();
            once.set_once(true);
            let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
                "visibilitychange",
                &resolve,
                &once,
            );
        });
        let _ = JsFuture::from(changed).await;
    }
}
