//! Mounting: the registry of the page's widgets and the two functions the
//! loader calls (`mount`, `unmount`; see `contract.rs`). An element is read
//! once (`browser::page::read_element`), the core decides, and this file
//! only carries the decision out: it moves the page's own markup into a
//! hidden holder and renders the widget (`app::widget`) beside it, under a
//! reactive owner of its own that `unmount` disposes.

use std::cell::RefCell;

use any_spawner::Executor;
use matrix_channels_core::page::{
    consent_servers, foreign_snapshot, rooms_of_page, rooms_with_snapshot, PageElement, Plan,
    RoomChoice,
};
use reactive_graph::owner::Owner;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use crate::app::{widget, Live};
use crate::browser::fetch::own_file;
use crate::browser::json::WidgetJson;
use crate::browser::page::{read_element, same_origin_url, warn};
use crate::browser::timer::next_task;
use crate::contract::{ORIGINAL_CLASS, STATE_ATTRIBUTE, WIDGET_CLASS};

/// A mounted widget: dropping it stops its refreshes and removes its view.
struct Mounted {
    element: HtmlElement,
    original: Element,
    /// Owns the widget's signals and effects.
    owner: Owner,
    /// Its refresh loop.
    live: Live,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    /// Widget elements whose snapshot is loading, or whose rooms are found
    /// and rendered in the next tasks.
    static PENDING: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

/// Mounts a widget on `element`: reads it now (one of more than 25 links
/// in the next task), finds its rooms and renders them in the next tasks
/// (or, with a `snapshot` attribute, once the snapshot is loaded). Returns
/// whether it will: an element that is already mounted, or holds no link
/// and no `rooms` attribute, is left as it is.
#[wasm_bindgen]
pub fn mount(element: HtmlElement) -> bool {
    let known = |list: &RefCell<Vec<HtmlElement>>| list.borrow().contains(&element);
    if MOUNTED.with(|m| m.borrow().iter().any(|w| w.element == element)) || PENDING.with(known) {
        return false;
    }
    let links = element
        .query_selector_all("a[href]")
        .map_or(0, |links| links.length());
    if links <= LINKS_READ_AT_ONCE {
        return read_and_mount(element);
    }
    PENDING.with(|p| p.borrow_mut().push(element.clone()));
    next_task(move || {
        if take_pending(&element) && element.is_connected() {
            read_and_mount(element);
        }
    });
    true
}

/// An element with more links than this (some twenty rooms, as
/// [`NODES_FOUND_AT_ONCE`]) is read in a task of its own: `mount` is
/// called in the task that started the wasm, after the glue's evaluation
/// (with early.js) and the wasm's instantiation, and with reading 500
/// rooms' markup that task passed 50 ms (`bench/run.mjs --sizes 500`).
/// An element with that many links may name rooms: it will be mounted.
const LINKS_READ_AT_ONCE: u32 = 25;

/// Reads `element`, the core decides, and the rooms are found and
/// rendered in the next tasks (or once the snapshot is loaded).
fn read_and_mount(element: HtmlElement) -> bool {
    let page = read_element(&element);
    let plan = Plan::of(&page);
    for warning in &plan.warnings {
        warn(warning);
    }
    let Some(raw) = plan.settings.snapshot.clone() else {
        return mount_in_tasks(element, page, plan);
    };
    let Some(url) = same_origin_url(&raw, None) else {
        warn(&foreign_snapshot(&raw));
        return mount_in_tasks(element, page, plan);
    };
    // The page's own list stays on screen while the snapshot loads.
    PENDING.with(|p| p.borrow_mut().push(element.clone()));
    // wasm-bindgen's executor, not Leptos's: Leptos sets its own up in
    // `mount_to`, which has not run yet for the page's first widget.
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = own_file(&url, plan.settings.timeout_ms).await;
        if !take_pending(&element) || !element.is_connected() {
            return;
        }
        // Avatars are files beside the snapshot; nothing else is loaded.
        let now = js_sys::Date::now();
        let choice =
            rooms_with_snapshot::<WidgetJson>(&page, &plan.settings, &url, loaded, now, |path| {
                same_origin_url(path, Some(&url))
            });
        mount_rows(element, plan, choice);
    });
    true
}

/// An element of at most this many nodes (some twenty rooms in either
/// markup) has its rooms found in the task that reads it, and rendered in
/// the next: the task between the read and the finding is there for long
/// lists, and cost a short one a turn of the event loop (with the other
/// two tasks, some 20 ms of a warm visit to de-RSE's page). The render
/// stays a task of its own: after the loader, the glue and the wasm's
/// start, which run in one task when the files are already there, it
/// made a task of 54–68 ms (`bench/run.mjs --sizes 5`, cold).
const NODES_FOUND_AT_ONCE: usize = 150;

/// Finds the rooms of the `page` just read in the next task, and renders
/// them in the one after: for 500 rooms, reading the element, finding its
/// rooms and rendering the first rows are each some 20 ms of main thread,
/// any two of them together too long a task on a busy phone (issue 13).
/// A short list's rooms are found at once ([`NODES_FOUND_AT_ONCE`]). The
/// page's own list stays on screen until then. Whether it will be
/// mounted: not for an element without a single link or `rooms` attribute
/// (the core's warning for it still comes, from the same path; one whose
/// links are none of them rooms is left alone once the core has found so).
fn mount_in_tasks(element: HtmlElement, page: PageElement, plan: Plan) -> bool {
    PENDING.with(|p| p.borrow_mut().push(element.clone()));
    if page.markup.node_count() <= NODES_FOUND_AT_ONCE {
        let choice = rooms_of_page(&page, &plan.settings);
        let will = !choice.rows.is_empty();
        render_next(element, plan, choice);
        return will;
    }
    let will = page.may_name_rooms();
    next_task(move || {
        if is_pending(&element) {
            let choice = rooms_of_page(&page, &plan.settings);
            render_next(element, plan, choice);
        }
    });
    will
}

/// Renders the chosen rows in the next task, unless the element was
/// unmounted or taken out of the page meanwhile.
fn render_next(element: HtmlElement, plan: Plan, choice: RoomChoice) {
    next_task(move || {
        if take_pending(&element) && element.is_connected() {
            mount_rows(element, plan, choice);
        }
    });
}

/// Renders the chosen rows into `element` and starts refreshing them as
/// the `live` setting allows. Never inlined: it is called from three
/// places, one of them a future, and each inlined copy cost kilobytes of
/// wasm.
#[inline(never)]
fn mount_rows(element: HtmlElement, plan: Plan, choice: RoomChoice) -> bool {
    for warning in &choice.warnings {
        warn(warning);
    }
    if choice.rows.is_empty() {
        return false;
    }
    let Some(document) = element.owner_document() else {
        return false;
    };
    let Some((original, container)) = hold_original(&document, &element) else {
        return false;
    };
    let Plan {
        settings, language, ..
    } = plan;
    let settings = settings.or_homeserver(choice.homeserver);
    // Screen readers pronounce the texts in their language even when it
    // came from the browser rather than the page.
    let _ = container.set_attribute("lang", language.code);
    let consent_servers = settings
        .live
        .asks_consent()
        .then(|| consent_servers(&settings, &choice.rows));
    // Leptos's executor drives the effects and the refresh loop (what
    // `leptos::mount::mount_to` would set up; the views are built by hand).
    let _ = Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let rows = choice.rows;
    let state_element = element.clone();
    let live = owner.with(|| {
        widget(
            &container,
            state_element,
            rows,
            settings,
            language,
            consent_servers,
        )
    });
    let Some(live) = live else {
        // Half built: the page's own list back.
        unmount_parts(&element, &original);
        return false;
    };
    MOUNTED.with(|m| {
        m.borrow_mut().push(Mounted {
            element,
            original,
            owner,
            live,
        })
    });
    true
}

/// Whether `element` is still waiting to be rendered (not unmounted
/// meanwhile).
fn is_pending(element: &HtmlElement) -> bool {
    PENDING.with(|p| p.borrow().contains(element))
}

/// Removes `element` from the widgets whose snapshot is loading; whether
/// it was one (when not, it was unmounted meanwhile).
fn take_pending(element: &HtmlElement) -> bool {
    PENDING.with(|p| {
        let mut pending = p.borrow_mut();
        let before = pending.len();
        pending.retain(|e| e != element);
        pending.len() < before
    })
}

/// Stops the widget on `element` and puts its original markup back.
#[wasm_bindgen]
pub fn unmount(element: HtmlElement) -> bool {
    if take_pending(&element) {
        return true;
    }
    let found = MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let index = mounted.iter().position(|w| w.element == element)?;
        Some(mounted.swap_remove(index))
    });
    let Some(Mounted {
        element,
        original,
        owner,
        live,
    }) = found
    else {
        return false;
    };
    drop((live, owner));
    unmount_parts(&element, &original);
    true
}

/// Puts the page's own markup held in `original` back into `element`, in
/// place of the widget.
fn unmount_parts(element: &HtmlElement, original: &Element) {
    element.set_text_content(None);
    while let Some(child) = original.first_child() {
        let _ = element.append_child(&child);
    }
    let _ = element.remove_attribute(STATE_ATTRIBUTE);
}

/// Moves the page's own markup into a hidden holder (kept for `unmount`
/// and for the loader's crash recovery, and out of sight and out of the
/// accessibility tree) and adds the element the view renders into.
fn hold_original(document: &Document, element: &HtmlElement) -> Option<(Element, HtmlElement)> {
    let original = document.create_element("div").ok()?;
    original.set_attribute("hidden", "").ok()?;
    original.set_attribute("class", ORIGINAL_CLASS).ok()?;
    while let Some(child) = element.first_child() {
        original.append_child(&child).ok()?;
    }
    let container: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    container.set_class_name(WIDGET_CLASS);
    element.append_child(&original).ok()?;
    element.append_child(&container).ok()?;
    Some((original, container))
}
