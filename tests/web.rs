//! Browser tests of the views and of mounting on real markup, in headless
//! Chromium through wasm-bindgen-test. No homeserver here: the states are
//! set by hand, and the one refresh that runs goes to a closed loopback
//! port. The real homeserver is in tests/e2e/.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::prelude::*;
use matrix_channels_core::i18n::{relative_time, Language, ENGLISH, GERMAN, LANGUAGES};
use matrix_channels_core::matrix::{RoomAlias, RoomSummary};
use matrix_channels_core::room::{ConfiguredRoom, RoomResult, RoomState};
use matrix_channels_widget::views::{AllRooms, Batch, RoomEntry, RoomList, Status, Updated};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page for one test.
fn fresh(tag: &str) -> HtmlElement {
    let element: HtmlElement = document().create_element(tag).unwrap().dyn_into().unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

fn room(alias: &str, name: Option<&str>, description: Option<&str>) -> ConfiguredRoom {
    let alias = RoomAlias::parse(alias).unwrap();
    ConfiguredRoom {
        join_url: alias.matrix_to_url(),
        alias,
        name: name.map(Into::into),
        description: description.map(Into::into),
        avatar: None,
        activity: None,
    }
}

fn summary(count: u64) -> RoomSummary {
    RoomSummary {
        room_id: Some("!r:example.org".into()),
        num_joined_members: count,
        name: None,
        topic: None,
        canonical_alias: None,
        room_type: None,
        join_rule: None,
    }
}

fn set(entry: &RoomEntry, result: RoomResult) {
    entry.update(|s| *s = s.with_result(result, 1));
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Waits for `condition`, polling each animation-frame-ish tick, up to
/// `limit`. Used only where the browser, not our code, decides when.
async fn until(limit: Duration, condition: impl Fn() -> bool) -> bool {
    let start = js_sys::Date::now();
    while js_sys::Date::now() - start < limit.as_millis() as f64 {
        if condition() {
            return true;
        }
        matrix_channels_widget::browser::timer::sleep(20).await;
    }
    condition()
}

/// Waits until the widget on `host` has rendered: `mount` reads the
/// element at once and renders it in the next task.
async fn rendered(host: &HtmlElement) {
    assert!(
        until(Duration::from_secs(5), || host
            .query_selector(".mc-widget")
            .ok()
            .flatten()
            .is_some())
        .await,
        "the widget rendered"
    );
}

/// The list and the lines under it as the widget mounts them, all rows in
/// one batch: dropping the handle takes them and their effects down.
fn mount_list(
    container: &HtmlElement,
    rows: Vec<RoomEntry>,
    language: &'static Language,
) -> impl Drop {
    let all = AllRooms::of(&rows);
    let batches = vec![Batch {
        rooms: rows,
        shown: ArcRwSignal::new(true),
    }];
    leptos::mount::mount_to(container.clone(), move || {
        view! {
            <RoomList batches language/>
            <Status all=all.clone() language/>
            <Updated all language/>
        }
    })
}

#[wasm_bindgen_test]
async fn a_row_shows_name_description_count_and_join_link() {
    let container = fresh("div");
    let rows = RoomEntry::for_widget(vec![(
        room(
            "#general:example.org",
            Some("General"),
            Some("For everything."),
        ),
        RoomState::default(),
    )]);
    let entry = rows[0].clone();
    let _owner = mount_list(&container, rows, &ENGLISH);
    let row = find(&container, "[data-room=\"#general:example.org\"]");
    assert_eq!(text(&row, ".mc-room__name"), "General");
    assert_eq!(
        find(&row, ".mc-room__name")
            .get_attribute("href")
            .as_deref(),
        Some("https://matrix.to/#/#general:example.org")
    );
    assert_eq!(text(&row, ".mc-room__description"), "For everything.");
    assert_eq!(text(&row, ".mc-room__count"), "…");
    assert_eq!(
        find(&row, ".mc-room__count").get_attribute("data-count"),
        None
    );

    set(&entry, RoomResult::Summary(summary(42)));
    leptos::task::tick().await;
    assert_eq!(text(&row, ".mc-room__count"), "42 members");
    assert_eq!(
        find(&row, ".mc-room__count")
            .get_attribute("data-count")
            .as_deref(),
        Some("42")
    );
}

#[wasm_bindgen_test]
async fn a_new_count_changes_only_the_count_text() {
    let container = fresh("div");
    let rows = RoomEntry::for_widget(vec![
        (
            room("#a:example.org", Some("A"), Some("Room A")),
            RoomState::default(),
        ),
        (
            room("#b:example.org", Some("B"), None),
            RoomState::default(),
        ),
    ]);
    let (entry, other) = (rows[0].clone(), rows[1].clone());
    let _owner = mount_list(&container, rows, &ENGLISH);
    set(&entry, RoomResult::Summary(summary(3)));
    set(&other, RoomResult::Summary(summary(9)));
    leptos::task::tick().await;
    let row = find(&container, "[data-room=\"#a:example.org\"]");
    let count = find(&row, ".mc-room__count");
    let count_text = count.first_child().unwrap();
    let other_row = find(&container, "[data-room=\"#b:example.org\"]");

    set(&entry, RoomResult::Summary(summary(4)));
    leptos::task::tick().await;
    assert_eq!(count.text_content().as_deref(), Some("4 members"));
    let same_row = find(&container, "[data-room=\"#a:example.org\"]");
    assert!(same_row.is_same_node(Some(&row)), "the row was re-rendered");
    assert!(find(&row, ".mc-room__count").is_same_node(Some(&count)));
    assert!(
        count.first_child().unwrap().is_same_node(Some(&count_text)),
        "the text node was replaced"
    );
    assert!(find(&container, "[data-room=\"#b:example.org\"]").is_same_node(Some(&other_row)));
}

#[wasm_bindgen_test]
async fn stale_not_public_and_space_are_marked() {
    let container = fresh("div");
    let rows = RoomEntry::for_widget(vec![(
        room("#a:example.org", None, None),
        RoomState::default(),
    )]);
    let entry = rows[0].clone();
    let _owner = mount_list(&container, rows, &ENGLISH);
    let mut space = summary(12);
    space.room_type = Some("m.space".into());
    space.name = Some("The Space".into());
    set(&entry, RoomResult::Summary(space));
    leptos::task::tick().await;
    assert_eq!(text(&container, ".mc-room__name"), "The Space");
    assert_eq!(text(&container, ".mc-badge--space"), "Space");
    assert!(container
        .query_selector(".mc-badge--stale")
        .unwrap()
        .is_none());

    set(&entry, RoomResult::Failed);
    leptos::task::tick().await;
    assert_eq!(text(&container, ".mc-room__count"), "12 members");
    assert_eq!(text(&container, ".mc-badge--stale"), "not current");

    set(&entry, RoomResult::NotPublic);
    leptos::task::tick().await;
    assert_eq!(text(&container, ".mc-room__count"), "not public");
    assert_eq!(
        find(&container, ".mc-room__count").get_attribute("data-count"),
        None
    );
    assert!(container
        .query_selector(".mc-badge--stale")
        .unwrap()
        .is_none());
    // Without a summary the page's alias is the name of last resort.
    assert_eq!(text(&container, ".mc-room__name"), "#a:example.org");
}

#[wasm_bindgen_test]
async fn hostile_names_and_topics_stay_text() {
    let container = fresh("div");
    let rows = RoomEntry::for_widget(vec![(
        room("#a:example.org", None, None),
        RoomState::default(),
    )]);
    let entry = rows[0].clone();
    let _owner = mount_list(&container, rows, &ENGLISH);
    let mut evil = summary(1);
    evil.name = Some("<img src=x onerror=\"window.pwned=1\">".into());
    evil.topic = Some(format!(
        "<script>window.pwned=1</script>{}",
        "long ".repeat(3000)
    ));
    set(&entry, RoomResult::Summary(evil));
    leptos::task::tick().await;
    assert_eq!(
        text(&container, ".mc-room__name"),
        "<img src=x onerror=\"window.pwned=1\">"
    );
    assert!(container.query_selector("img, script").unwrap().is_none());
    let description = find(&container, ".mc-room__description");
    let shown = description.text_content().unwrap();
    assert!(shown.starts_with("<script>") && shown.ends_with('…'));
    assert!(shown.chars().count() <= 300);
    assert!(description.get_attribute("title").unwrap().chars().count() > 300);
}

const SEED_LIST: &str = r#"<dl>
  <dt><a href="https://matrix.to/#/#de-rse.org-general:matrix.org">deRSE-general</a></dt>
  <dd>For general discussions that are de-RSE related, but fit in no other room.</dd>
  <dt><a href="https://matrix.to/#/#de-rse.org-jobs:matrix.org">deRSE-jobs</a></dt>
  <dd>For RSE related job announcements from the community.</dd>
</dl>"#;

#[wasm_bindgen_test]
async fn mounting_on_page_markup_and_unmounting_restores_it() {
    let host = fresh("matrix-channels");
    // Port 9 (discard) on loopback: nothing listens, so the refresh fails
    // at once, the way a homeserver that is down does.
    host.set_attribute("homeserver", "http://127.0.0.1:9")
        .unwrap();
    host.set_inner_html(SEED_LIST);
    let before = host.inner_html();

    assert!(matrix_channels_widget::mount(host.clone()));
    assert!(
        !matrix_channels_widget::mount(host.clone()),
        "a second mount does nothing"
    );
    rendered(&host).await;
    let names: Vec<String> = {
        let list = host.query_selector_all(".mc-room__name").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(names, ["deRSE-general", "deRSE-jobs"]);
    assert_eq!(
        text(
            &host,
            "[data-room=\"#de-rse.org-jobs:matrix.org\"] .mc-room__description"
        ),
        "For RSE related job announcements from the community."
    );
    assert!(find(&host, ".mc-original").has_attribute("hidden"));
    assert!(
        until(Duration::from_secs(10), || host
            .get_attribute("data-state")
            .as_deref()
            == Some("error"))
        .await,
        "data-state is {:?}",
        host.get_attribute("data-state")
    );
    assert_eq!(text(&host, ".mc-room__count"), "unavailable");

    assert!(matrix_channels_widget::unmount(host.clone()));
    assert_eq!(host.inner_html(), before);
    assert_eq!(host.get_attribute("data-state"), None);
}

/// An element of many links is read in a task after `mount`'s
/// (`mount::LINKS_READ_AT_ONCE`): what the page adds meanwhile is read
/// too, and one unmounted meanwhile is never read nor rendered.
#[wasm_bindgen_test]
async fn a_long_list_is_read_a_task_later_and_not_at_all_when_unmounted_first() {
    let list: String = (0..30)
        .map(|i| {
            format!("<p><a href=\"https://matrix.to/#/%23room-{i}:example.org\">Room {i}</a></p>")
        })
        .collect();
    let [kept, dropped]: [HtmlElement; 2] = std::array::from_fn(|_| {
        let host = fresh("matrix-channels");
        host.set_attribute("homeserver", "http://127.0.0.1:9")
            .unwrap();
        host.set_inner_html(&list);
        host
    });
    let before = dropped.inner_html();
    assert!(matrix_channels_widget::mount(kept.clone()));
    assert!(matrix_channels_widget::mount(dropped.clone()));
    // Read later, so a room added now is among its rows (read at once,
    // the widget would show 30).
    kept.insert_adjacent_html(
        "beforeend",
        "<p><a href=\"https://matrix.to/#/%23added:example.org\">Added</a></p>",
    )
    .unwrap();
    assert!(matrix_channels_widget::unmount(dropped.clone()));
    // The dropped element's read was due a task after the kept one's,
    // and so before the kept one's render.
    assert!(
        until(Duration::from_secs(5), || kept
            .query_selector_all(".mc-room")
            .map_or(0, |rows| rows.length())
            == 31)
        .await,
        "the long list rendered all its rooms, the added one too"
    );
    assert_eq!(dropped.inner_html(), before);
    assert_eq!(dropped.get_attribute("data-state"), None);
    assert!(matrix_channels_widget::unmount(kept.clone()));
}

#[wasm_bindgen_test]
async fn the_data_attribute_form_and_the_rooms_attribute_work() {
    let host = fresh("div");
    host.set_attribute("data-matrix-channels", "").unwrap();
    host.set_attribute("data-homeserver", "http://127.0.0.1:9")
        .unwrap();
    host.set_attribute("data-rooms", "#one:example.org, #two:example.org")
        .unwrap();
    assert!(matrix_channels_widget::mount(host.clone()));
    rendered(&host).await;
    assert_eq!(host.query_selector_all(".mc-room").unwrap().length(), 2);
    assert_eq!(
        text(&host, "[data-room=\"#two:example.org\"] .mc-room__name"),
        "#two:example.org"
    );
    assert!(matrix_channels_widget::unmount(host));
}

#[wasm_bindgen_test]
fn an_element_without_rooms_is_left_alone() {
    let host = fresh("matrix-channels");
    host.set_inner_html("<p>No rooms here, <a href=\"https://element.io\">only Element</a>.</p>");
    let before = host.inner_html();
    assert!(!matrix_channels_widget::mount(host.clone()));
    assert_eq!(host.inner_html(), before);
}

/// The core writes numbers, plural forms and relative times from its own
/// tables (crates/core/src/i18n.rs): they must say what this browser's
/// `Intl` says for every language the widget speaks.
#[wasm_bindgen_test]
fn numbers_and_times_are_written_as_the_browsers_intl_writes_them() {
    use js_sys::{Array, Intl, Object, Reflect};
    for language in LANGUAGES {
        let locales = Array::of1(&language.code.into());
        let number = Intl::NumberFormat::new(&locales, &Object::new()).format();
        for n in [
            0u64,
            1,
            2,
            12,
            999,
            1000,
            1234,
            12_345,
            1_234_567,
            987_654_321,
        ] {
            let intl = number.call1(&JsValue::NULL, &(n as f64).into()).unwrap();
            assert_eq!(
                Some(language.number(n)),
                intl.as_string(),
                "{}",
                language.code
            );
        }
        let auto = Object::new();
        Reflect::set(&auto, &"numeric".into(), &"auto".into()).unwrap();
        let relative = Intl::RelativeTimeFormat::new(&locales, &auto);
        let minute = 60_000;
        for (elapsed, amount, unit) in [
            (30_000, 0, "minute"),
            (minute, 1, "minute"),
            (2 * minute, 2, "minute"),
            (59 * minute, 59, "minute"),
            (60 * minute, 1, "hour"),
            (150 * minute, 2, "hour"),
            (1439 * minute, 23, "hour"),
            (1440 * minute, 1, "day"),
            (2 * 1440 * minute, 2, "day"),
            (3 * 1440 * minute, 3, "day"),
            (400 * 1440 * minute, 400, "day"),
            (1234 * 1440 * minute, 1234, "day"),
        ] {
            let intl: String = relative.format(-(amount as f64), unit).into();
            assert_eq!(
                relative_time(language, elapsed),
                intl,
                "{} {amount} {unit}",
                language.code
            );
        }
    }
}

#[wasm_bindgen_test]
async fn counts_are_worded_and_grouped() {
    for (language, expected) in [
        (
            &ENGLISH,
            ["0 members", "1 member", "2 members", "1,234 members"],
        ),
        (
            &GERMAN,
            [
                "0 Mitglieder",
                "1 Mitglied",
                "2 Mitglieder",
                "1.234 Mitglieder",
            ],
        ),
    ] {
        let container = fresh("div");
        let entries = RoomEntry::for_widget(
            (0..4)
                .map(|i| {
                    (
                        room(&format!("#r{i}:example.org"), Some("R"), None),
                        RoomState::default(),
                    )
                })
                .collect(),
        );
        let rows = entries.clone();
        let _owner = mount_list(&container, rows, language);
        for (entry, count) in entries.iter().zip([0, 1, 2, 1234]) {
            set(entry, RoomResult::Summary(summary(count)));
        }
        leptos::task::tick().await;
        let shown: Vec<String> = {
            let list = container.query_selector_all(".mc-room__count").unwrap();
            (0..list.length())
                .map(|i| list.item(i).unwrap().text_content().unwrap())
                .collect()
        };
        assert_eq!(shown, expected);
        let row = find(&container, ".mc-room");
        assert_eq!(
            row.get_attribute("aria-label").unwrap(),
            format!("R, {}", expected[0])
        );
        let updated = text(&container, ".mc-updated");
        match language.code {
            "de" => assert!(
                updated.starts_with("Mitgliederzahlen") && updated.ends_with("aktualisiert"),
                "{updated}"
            ),
            _ => assert!(updated.starts_with("Member counts updated"), "{updated}"),
        }
    }
}

#[wasm_bindgen_test]
async fn the_language_comes_from_the_element_then_its_ancestors() {
    let outer = fresh("section");
    outer.set_attribute("lang", "de-DE").unwrap();
    let host = document().create_element("matrix-channels").unwrap();
    outer.append_child(&host).unwrap();
    host.set_attribute("homeserver", "http://127.0.0.1:9")
        .unwrap();
    host.set_inner_html(r#"<p><a href="https://matrix.to/#/#a:example.org">A</a></p>"#);
    let host: HtmlElement = host.dyn_into().unwrap();
    assert!(matrix_channels_widget::mount(host.clone()));
    rendered(&host).await;
    assert_eq!(
        find(&host, ".mc-widget").get_attribute("lang").as_deref(),
        Some("de")
    );
    assert_eq!(
        find(&host, ".mc-rooms")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Matrix-Räume")
    );
    assert!(matrix_channels_widget::unmount(host.clone()));

    host.set_attribute("lang", "en").unwrap();
    assert!(matrix_channels_widget::mount(host.clone()));
    rendered(&host).await;
    assert_eq!(
        find(&host, ".mc-widget").get_attribute("lang").as_deref(),
        Some("en")
    );
    assert!(matrix_channels_widget::unmount(host));
}

/// Sets its flag when dropped: shows whether shared work was dropped.
struct DropFlag(std::rc::Rc<std::cell::Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// `browser::fetch` shares each request among the widgets awaiting it with
/// futures' `Shared` and relies on two of its properties: the work runs
/// once for every waiter, and it is dropped (its request aborted) when the
/// last handle goes.
#[wasm_bindgen_test]
async fn shared_work_runs_once_for_all_and_stops_when_nobody_waits() {
    use futures::future::FutureExt;
    use std::cell::Cell;
    use std::rc::Rc;

    let runs = Rc::new(Cell::new(0));
    let counted = Rc::clone(&runs);
    let work = async move {
        counted.set(counted.get() + 1);
        matrix_channels_widget::browser::timer::sleep(1).await;
        42
    }
    .boxed_local()
    .shared();
    let (a, b) = futures::join!(work.clone(), work.clone());
    assert_eq!((a, b, runs.get()), (42, 42, 1));
    assert_eq!(work.peek(), Some(&42));

    let dropped = Rc::new(Cell::new(false));
    let flag = DropFlag(Rc::clone(&dropped));
    let endless = async move {
        let _flag = flag;
        std::future::pending::<()>().await;
    }
    .boxed_local()
    .shared();
    let weak = endless.downgrade().unwrap();
    let waiting = futures::future::select(endless.clone(), Box::pin(leptos::task::tick())).await;
    drop(waiting);
    assert!(!dropped.get());
    drop(endless);
    assert!(weak.upgrade().is_none());
    assert!(dropped.get(), "the work outlived every handle");
}

/// The workspace's stand-in for wasm-streams (patches/wasm-streams, the
/// root Cargo.toml's `[patch]`) gives Leptos's server functions what they
/// read with it: a browser's stream, chunk by chunk, to its end. A Rust
/// stream made into a browser's is refused: the stream is locked, which
/// `fetch` refuses as a body.
#[wasm_bindgen_test]
async fn the_wasm_streams_stand_in_reads_a_browser_stream_and_refuses_a_rust_one() {
    use futures::StreamExt;
    let body = "a body read through the stand-in";
    let response = web_sys::Response::new_with_opt_str(Some(body)).unwrap();
    let chunks: Vec<Result<JsValue, JsValue>> =
        wasm_streams::ReadableStream::from_raw(response.body().unwrap())
            .into_stream()
            .collect()
            .await;
    let read: Vec<u8> = chunks
        .into_iter()
        .flat_map(|chunk| js_sys::Uint8Array::new(&chunk.unwrap()).to_vec())
        .collect();
    assert_eq!(read, body.as_bytes());

    let refused = wasm_streams::ReadableStream::from_stream(futures::stream::empty::<
        Result<JsValue, JsValue>,
    >())
    .into_raw();
    assert!(refused.locked());
}

/// The serde-wasm-bindgen stand-in (patches/serde-wasm-bindgen) reads
/// what the host's serde_json reads and refuses what it refuses, for the
/// same reason; only the refusal's message is a fixed one.
#[wasm_bindgen_test]
fn the_serde_wasm_bindgen_stand_in_reads_and_refuses_as_serde_json_does() {
    use matrix_channels_core::matrix::summary::RoomSummary;
    use matrix_channels_core::wire::{Codec, ReadError, SerdeJson};
    use matrix_channels_widget::browser::json::WidgetJson;

    let documents = [
        r#"{"room_id": "!a:example.org", "num_joined_members": 42, "name": "A room"}"#,
        r#"{"room_id": "!a:example.org", "num_joined_members": "42"}"#,
        r#"{"room_id": "!a:example.org", "num_joined_members": 4.5}"#,
        r#"{"room_id": "!a:example.org", "num_joined_members": -1}"#,
        r#"{"room_id": 7, "num_joined_members": 42}"#,
        r#"{"num_joined_members": 42, "name": ["a"]}"#,
        r#""a room""#,
    ];
    let mut refused = 0;
    for document in documents {
        let widget = RoomSummary::parse::<WidgetJson>(document);
        assert_eq!(
            widget,
            RoomSummary::parse::<SerdeJson>(document),
            "{document}"
        );
        refused += usize::from(widget == Err(ReadError::Shape));
    }
    assert!(refused >= 4, "{refused} documents refused for their shape");
    // serde-wasm-bindgen reads an array as a struct's fields in order,
    // serde_json does not: both refuse this one, for different rules.
    assert!(RoomSummary::parse::<WidgetJson>("[1, 2]").is_err());
    assert_eq!(
        RoomSummary::parse::<WidgetJson>(
            r#"{"room_id": "!a:example.org", "num_joined_members": 42}"#
        )
        .map(|summary| summary.num_joined_members),
        Ok(42)
    );
    let error = serde_wasm_bindgen::from_value::<u32>(JsValue::from_str("x")).unwrap_err();
    assert_eq!(error.to_string(), "Error: not of the expected shape");
    assert_eq!(WidgetJson::read::<u32>("not json"), Err(ReadError::NotJson));
}

/// The send_wrapper stand-in (patches/send_wrapper) knows the one thread
/// without std's thread handle: Leptos wraps every `on:` handler in a
/// `SendWrapper`, and the handler still runs at each event, as the
/// consent button's does (a wrapper found invalid would panic instead).
#[wasm_bindgen_test]
fn the_send_wrapper_stand_in_runs_leptos_event_handlers() {
    use std::cell::Cell;
    use std::rc::Rc;

    let container = fresh("div");
    let clicks = Rc::new(Cell::new(0));
    let counted = Rc::clone(&clicks);
    let view = leptos::mount::mount_to(container.clone(), move || {
        view! { <button on:click=move |_| counted.set(counted.get() + 1)>"count"</button> }
    });
    let button: HtmlElement = find(&container, "button").dyn_into().unwrap();
    button.click();
    button.click();
    assert_eq!(clicks.get(), 2);
    drop(view);
    container.remove();
}
