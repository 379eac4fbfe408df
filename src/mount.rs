//! Mounting: the two functions the loader calls (`mount`, `unmount`; see
//! `contract.rs`) and the one pipeline from a widget element to its rows.
//!
//! `mount` mounts [`ElementWidget`] with Leptos's `mount_to` into a
//! container not yet in the page, under an owner of the widget's own:
//! every lifetime of the widget — the pipeline, its rows' reactivity, the
//! refresh loop, the clock, the listeners — belongs to that owner, and
//! `unmount` drops the one [`Mounted`] that cleans it up and holds Leptos's
//! unmount handle. The pipeline ([`ElementWidget`]) reads
//! the element once (`browser::page::read_element`), lets the core decide,
//! and only then moves the page's own markup into a hidden holder and puts
//! the container in its place: until the rows are there, the page's list
//! stays on screen.

use std::any::Any;
use std::cell::RefCell;

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use matrix_channels_core::page::PageElement;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

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
    /// is done with it.
    _view: Box<dyn Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
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
    let Some(container) = new_container(&element) else {
        return false;
    };
    let host = element.clone();
    let owner = Owner::new();
    let view = owner.with(|| {
        mount_to(container.clone(), move || {
            view! { <ElementWidget host container page/> }
        })
    });
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            element,
            owner,
            _view: Box::new(view),
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
    drop(mounted);
    restore_original(&element);
    true
}

/// The widget on a page's element: the pipeline from the element to its
/// rows, as one flow that the owner cancels when the widget is unmounted.
/// `page` is the element already read, or `None` to read it in a task of
/// its own.
#[component]
fn ElementWidget(
    /// The page's widget element.
    host: HtmlElement,
    /// Where the widget renders, put into `host` once the rows are found.
    container: HtmlElement,
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
        if !host.is_connected() || !hold_original(&host, &container) {
            return;
        }
        let _ = container.set_attribute("lang", found.language().code);
        prepare(found, ready).await;
    });
    move || {
        shown
            .get()
            .map(|ready| view! { <Widget ready host=Some(state_host.clone().into())/> })
    }
}

/// The element the view renders into, not yet in the page.
fn new_container(element: &HtmlElement) -> Option<HtmlElement> {
    let container: HtmlElement = element
        .owner_document()?
        .create_element("div")
        .ok()?
        .dyn_into()
        .ok()?;
    container.set_class_name(WIDGET_CLASS);
    Some(container)
}

/// Moves the page's own markup into a hidden holder (kept for `unmount`
/// and for the loader's crash recovery, and out of sight and out of the
/// accessibility tree) and puts `container` after it.
fn hold_original(element: &HtmlElement, container: &HtmlElement) -> bool {
    let held = || -> Result<(), JsValue> {
        let original = element
            .owner_document()
            .ok_or(JsValue::NULL)?
            .create_element("div")?;
        original.set_attribute("hidden", "")?;
        original.set_attribute("class", ORIGINAL_CLASS)?;
        while let Some(child) = element.first_child() {
            original.append_child(&child)?;
        }
        element.append_child(&original)?;
        element.append_child(container)?;
        Ok(())
    };
    if held().is_ok() {
        return true;
    }
    restore_original(element);
    false
}

/// Puts the page's own markup held by [`hold_original`] back into
/// `element`, in place of the widget; an element never held is left as
/// it is.
fn restore_original(element: &HtmlElement) {
    let holder = element.query_selector(&format!(":scope > .{ORIGINAL_CLASS}"));
    let Some(original): Option<Element> = holder.ok().flatten() else {
        return;
    };
    element.set_text_content(None);
    while let Some(child) = original.first_child() {
        let _ = element.append_child(&child);
    }
    let _ = element.remove_attribute(STATE_ATTRIBUTE);
}
