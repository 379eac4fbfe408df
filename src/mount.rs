//! Mounting: the two functions the loader calls (`mount`, `unmount`; see
//! `contract.rs`) and the one pipeline from a widget element to its rows.
//!
//! `mount` mounts [`ElementWidget`] with Leptos's `mount_to` into the
//! page's element, after its own markup, under an owner of the widget's own:
//! every lifetime of the widget — the pipeline, its rows' reactivity, the
//! refresh loop, the clock, the listeners — belongs to that owner, and
//! `unmount` drops the one [`Mounted`] that cleans it up and holds Leptos's
//! unmount handle. The pipeline ([`ElementWidget`]) reads
//! the element once (`browser::page::read_element`), lets the core decide,
//! and only then moves the page's own markup into the view's hidden holder
//! and shows the rows after it: until the rows are there, the page's list
//! stays on screen.

use std::any::Any;
use std::cell::RefCell;

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use matrix_channels_core::page::PageElement;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, Node};

use crate::app::{prepare, rooms_of, Ready, Widget};
use crate::browser::page::read_element;
use crate::browser::timer::{next_task, ROOMS_PER_TASK};
use crate::contract::{ORIGINAL_CLASS, STATE_ATTRIBUTE, WIDGET_CLASS};

/// A mounted widget: dropping it cancels everything the widget runs and
/// takes its view out.
struct Mounted {
    element: HtmlElement,
    /// The widget's owner. Its pipeline and refresh loop are futures that
    /// hold it, so it is cleaned up here rather than when the last
    /// reference goes: cleaning it up cancels them.
    owner: Owner,
    /// Leptos's unmount handle. Its type names the view's, which the
    /// component's `impl IntoView` leaves unnamed: dropping it is all that
    /// is done with it, before the owner's cleanup, while the view's
    /// reactive parts still hold what they put in the page.
    view: Option<Box<dyn Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.view = None;
        self.owner.cleanup();
    }
}

thread_local! {
    /// The page's mounted widgets.
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
}

/// Mounts a widget on `element`. Returns whether it will: an element that
/// is already mounted, or names no room at all (no Matrix link, no `rooms`
/// attribute), is left as it is.
#[wasm_bindgen]
pub fn mount(element: HtmlElement) -> bool {
    if MOUNTED.with(|m| m.borrow().iter().any(|w| w.element == element)) {
        return false;
    }
    // A short list is read now, and left alone at once if it names no
    // room; a long one is read in the pipeline's next task, as reading
    // it would make this task (which started the wasm) too long.
    let links = element
        .query_selector_all("a[href]")
        .map_or(0, |links| links.length());
    let page = if links as usize <= ROOMS_PER_TASK {
        let page = read_element(&element);
        if !page.may_name_rooms() {
            return false;
        }
        Some(page)
    } else {
        None
    };
    let host = element.clone();
    let owner = Owner::new();
    let view = owner.with(|| {
        mount_to(
            element.clone(),
            move || view! { <ElementWidget host page/> },
        )
    });
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            element,
            owner,
            view: Some(Box::new(view)),
        })
    });
    true
}

/// Stops the widget on `element` and puts its original markup back.
#[wasm_bindgen]
pub fn unmount(element: HtmlElement) -> bool {
    let found = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let index = mounted.iter().position(|w| w.element == element)?;
        Some(mounted.swap_remove(index))
    });
    let Some(mounted) = found else {
        return false;
    };
    // Before the view goes: the holder is part of it.
    restore_original(&element);
    drop(mounted);
    let _ = element.remove_attribute(STATE_ATTRIBUTE);
    true
}

/// The widget on a page's element: the pipeline from the element to its
/// rows, as one flow that the owner cancels when the widget is unmounted.
/// Its view goes after the page's own markup: a hidden holder, empty until
/// the rows are found, and the widget's rows once they are.
#[component]
fn ElementWidget(
    /// The page's widget element.
    host: HtmlElement,
    /// `host` as already read, or `None` to read it in a task of its own.
    page: Option<PageElement>,
) -> impl IntoView {
    let ready = ArcRwSignal::new(None::<Ready>);
    let (state_host, shown) = (host.clone(), ready.clone());
    spawn_local_scoped_with_cancellation(async move {
        let page = match page {
            Some(page) => page,
            None => {
                next_task().await;
                read_element(&host)
            }
        };
        let Some(found) = rooms_of(page, Some(&host)).await else {
            return;
        };
        // The rows render a task after the rooms are found: after the
        // loader, the glue and the wasm's start, all in one task when the
        // files are cached, rendering too would make a long task.
        next_task().await;
        if host.is_connected() && hold_original(&host) {
            prepare(found, ready).await;
        }
    });
    let widget = move || {
        shown.get().map(|ready| {
            let host = Some(state_host.clone().into());
            let lang = ready.language().code;
            view! {
                <div class=WIDGET_CLASS lang=lang>
                    <Widget ready host/>
                </div>
            }
        })
    };
    view! {
        <div class=ORIGINAL_CLASS hidden=true></div>
        {widget}
    }
}

/// Moves the page's own markup, everything in `element` but the widget's
/// view (the holder and the place of the rows after it), into the hidden
/// holder: kept for `unmount` and for the loader's crash recovery, and out
/// of sight and out of the accessibility tree.
fn hold_original(element: &HtmlElement) -> bool {
    let Some(holder) = holder(element) else {
        return false;
    };
    let rows = holder.next_sibling();
    let children = element.child_nodes();
    let page: Vec<Node> = (0..children.length())
        .filter_map(|i| children.item(i))
        .filter(|child| *child != *holder && Some(child) != rows.as_ref())
        .collect();
    let held = page.iter().all(|child| holder.append_child(child).is_ok());
    if !held {
        restore_original(element);
    }
    held
}

/// The hidden holder of the page's own markup in `element`'s view.
fn holder(element: &HtmlElement) -> Option<Element> {
    let selector = format!(":scope > .{ORIGINAL_CLASS}");
    element.query_selector(&selector).ok().flatten()
}

/// Puts the page's own markup held by [`hold_original`] back where it
/// was, before the widget's view; an element never held is left as it is.
fn restore_original(element: &HtmlElement) {
    let Some(holder) = holder(element) else {
        return;
    };
    // The holder's first child is Leptos's, the mark of its empty
    // children (the page's markup goes after it): it stays with the view.
    let mut next = holder.first_child();
    if next
        .as_ref()
        .is_some_and(|first| first.node_type() == Node::COMMENT_NODE)
    {
        next = next.and_then(|first| first.next_sibling());
    }
    while let Some(child) = next {
        next = child.next_sibling();
        if element.insert_before(&child, Some(&holder)).is_err() {
            break;
        }
    }
}
