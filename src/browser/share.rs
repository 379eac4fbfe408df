//! One piece of work, many waiting for it: the page-wide requests that
//! every widget showing a room (or a server) shares. The work runs as a
//! task of its own; each caller holds a [`Shared`] and awaits a copy of
//! its output. When the last [`Shared`] is dropped — every widget awaiting
//! it went away — the work is dropped with it, and so its request aborted.
//!
//! Written here rather than taken from `futures` (`Shared`, `WeakShared`,
//! `boxed_local`): theirs is thread-safe and general, and cost the wasm
//! kilobytes for the two tables of `super::fetch`. The work is a
//! [`Task`], stopped when the last handle goes.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use super::task::Task;

/// What the work gave, once it is done, and who is waiting for it.
struct Slot<T> {
    output: RefCell<Option<T>>,
    waiting: RefCell<Vec<Waker>>,
    /// Stops the work when the last handle goes.
    _work: Task,
}

/// A handle on shared work: await it (a clone of it) for the output.
pub struct Shared<T>(Rc<Slot<T>>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

/// A handle that does not keep the work going.
pub struct WeakShared<T>(Weak<Slot<T>>);

impl<T: Clone + 'static> Shared<T> {
    /// Starts `work` as a task of its own.
    pub fn start(work: impl Future<Output = T> + 'static) -> Shared<T> {
        Shared(Rc::new_cyclic(|done: &Weak<Slot<T>>| {
            let done = done.clone();
            let work = Task::spawn(async move {
                let output = work.await;
                if let Some(slot) = done.upgrade() {
                    *slot.output.borrow_mut() = Some(output);
                    for waker in slot.waiting.take() {
                        waker.wake();
                    }
                }
            });
            Slot {
                output: RefCell::new(None),
                waiting: RefCell::new(Vec::new()),
                _work: work,
            }
        }))
    }

    /// The output, when the work is done.
    pub fn peek(&self) -> Option<T> {
        self.0.output.borrow().clone()
    }

    /// A handle that lets the work be dropped when nobody else waits.
    pub fn downgrade(&self) -> WeakShared<T> {
        WeakShared(Rc::downgrade(&self.0))
    }
}

impl<T> WeakShared<T> {
    /// The work, while somebody still waits for it.
    pub fn upgrade(&self) -> Option<Shared<T>> {
        self.0.upgrade().map(Shared)
    }
}

impl<T: Clone> Future for Shared<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if let Some(output) = self.0.output.borrow().as_ref() {
            return Poll::Ready(output.clone());
        }
        let mut waiting = self.0.waiting.borrow_mut();
        if !waiting.iter().any(|w| w.will_wake(cx.waker())) {
            waiting.push(cx.waker().clone());
        }
        Poll::Pending
    }
}
