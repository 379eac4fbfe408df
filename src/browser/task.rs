//! Work that runs as a task of its own until it is done or stopped: a
//! widget's refresh loop, and the page-wide requests of `super::share`.
//! Stopping a task drops its work, and with it any request the work was
//! awaiting (`super::fetch` aborts a request whose future is dropped).
//!
//! Written here rather than taken from `futures` (`abortable`): theirs is
//! thread-safe, with an atomic waker behind an `Arc`, and was the only
//! part of `futures` the widget used (the measured cost is in the commit
//! that made this change).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// Whether a task was stopped, and how to wake it to drop its work.
#[derive(Default)]
struct Stop {
    stopped: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

/// A handle on a running task: dropping it stops the task. Its work is
/// dropped the next time the executor turns to it, which is soon, and is
/// never polled again.
pub struct Task(Rc<Stop>);

impl Task {
    /// Runs `work` as a task of its own.
    pub fn spawn(work: impl Future<Output = ()> + 'static) -> Task {
        spawn_boxed(Box::pin(work))
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        self.0.stopped.set(true);
        if let Some(waker) = self.0.waker.take() {
            waker.wake();
        }
    }
}

/// [`Task::spawn`] for every kind of work at once: the executor's code is
/// in the wasm once, not once per kind.
#[inline(never)]
fn spawn_boxed(work: Pin<Box<dyn Future<Output = ()>>>) -> Task {
    let stop = Rc::new(Stop::default());
    let flag = Rc::clone(&stop);
    let mut work = Some(work);
    wasm_bindgen_futures::spawn_local(std::future::poll_fn(move |cx| {
        let running = work.as_mut().filter(|_| !flag.stopped.get());
        let Some(running) = running else {
            work = None;
            return Poll::Ready(());
        };
        flag.waker.set(Some(cx.waker().clone()));
        running.as_mut().poll(cx)
    }));
    Task(stop)
}
