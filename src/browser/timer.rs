//! Waiting in the browser: for a time, for the page to be visible, and for
//! the browser's next turn — the one way long work is cut into tasks, by
//! the one budget of [`ROOMS_PER_TASK`].

use std::time::Duration;

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;
use web_sys::AddEventListenerOptions;

/// How many rooms' work — links read, cached counts shown, rows built —
/// one task does before the browser has its turn (rendering, input): a
/// phone's screenful, and for 500 rooms no task over 50 ms.
pub const ROOMS_PER_TASK: usize = 25;

/// Returns after `ms` milliseconds (at most `u32::MAX`; the core's longest
/// wait is a day).
pub async fn sleep(ms: u64) {
    let ms = u32::try_from(ms).unwrap_or(u32::MAX);
    gloo_timers::future::sleep(Duration::from_millis(ms.into())).await;
}

/// Returns in a task of its own, after the browser has had its turn.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(0).await;
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
