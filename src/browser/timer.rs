//! Waiting in the browser, without a timer crate: a promise that
//! `setTimeout` resolves, and a promise that the page's next
//! `visibilitychange` resolves. Neither keeps anything of Rust alive: the
//! browser holds the promise's own `resolve`, and `JsFuture` frees its
//! callbacks when the promise settles, so a widget that goes away while
//! waiting leaves nothing behind but a timer that fires into nothing.
//! And the two timers the views run: the next task (its closure freed
//! after its one call) and a clock (its closure kept, and the interval
//! cleared, by whoever holds it).

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
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

/// Runs `work` in a task of its own, after the browser has had its turn
/// (rendering, input): how long work is cut into tasks.
pub fn next_task(work: impl FnOnce() + 'static) {
    next_task_boxed(Box::new(work));
}

/// [`next_task`] for every kind of work at once: the closure's bindings
/// into JavaScript are made once, not once per caller.
#[inline(never)]
fn next_task_boxed(work: Box<dyn FnOnce()>) {
    if let Some(window) = web_sys::window() {
        // The browser frees the closure after its one call.
        let callback = Closure::once_into_js(work);
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}

/// A repeating timer: `tick` every `ms` milliseconds until dropped.
pub struct Clock {
    id: i32,
    _tick: Closure<dyn Fn()>,
}

impl Clock {
    /// Starts the timer; `None` where there is no window to run it.
    pub fn start(tick: impl Fn() + 'static, ms: i32) -> Option<Clock> {
        let tick = Closure::<dyn Fn()>::new(tick);
        let id = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(Clock { id, _tick: tick })
    }
}

impl Drop for Clock {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.id);
        }
    }
}
