//! The loader (`loader/matrix-channels.js`) and the Rust side
//! (`src/contract.rs`) must spell the same names: the element, the marker
//! attribute, the `data-` spelling of settings, the holder of the page's
//! markup, the state attribute and its error value, the exported
//! functions. Renaming one side alone breaks crash recovery or mounting
//! silently in the browser; here it fails on the host.

use std::fs;
use std::path::Path;

use matrix_channels_core::room::WidgetState;
use matrix_channels_widget::contract::*;
use serde_json::Value;

const LOADER: &str = "loader/matrix-channels.js";

fn read(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The loader's `CONTRACT` object, which is written as JSON.
fn loader_contract() -> Value {
    let loader = read(LOADER);
    let start = loader.find("const CONTRACT = ").unwrap() + "const CONTRACT = ".len();
    let end = start + loader[start..].find("};").unwrap() + 1;
    serde_json::from_str(&loader[start..end]).expect("the loader's CONTRACT is JSON")
}

#[test]
fn both_sides_spell_every_name_alike() {
    let contract = loader_contract();
    let field = |name: &str| {
        contract
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let rust = [
        ("element", ELEMENT_NAME),
        ("marker", MARKER_ATTRIBUTE),
        ("dataPrefix", DATA_PREFIX),
        ("original", ORIGINAL_CLASS),
        ("state", STATE_ATTRIBUTE),
        ("errorState", WidgetState::Error.as_str()),
        ("mount", MOUNT),
        ("unmount", UNMOUNT),
    ];
    for (name, value) in rust {
        assert_eq!(field(name).as_deref(), Some(value), "CONTRACT.{name}");
    }
    let keys = contract.as_object().unwrap().len();
    assert_eq!(
        keys,
        rust.len(),
        "every name of the loader's CONTRACT is checked here"
    );
}

#[test]
fn the_loader_spells_the_names_only_in_its_contract() {
    // The loader's code without its CONTRACT object and without comments:
    // a name spelled anywhere there — in a string, a selector, a template —
    // is a copy that can drift.
    let loader = read(LOADER);
    let start = loader.find("const CONTRACT = ").unwrap();
    let end = start + loader[start..].find("};").unwrap() + 2;
    let code: String = [&loader[..start], &loader[end..]]
        .concat()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect();
    for value in [
        MARKER_ATTRIBUTE,
        ORIGINAL_CLASS,
        STATE_ATTRIBUTE,
        DATA_PREFIX,
    ] {
        assert!(
            !code.contains(value),
            "the loader spells {value} outside CONTRACT"
        );
    }
    assert!(
        !loader.contains(".mount("),
        "the loader calls CONTRACT.mount"
    );
    assert!(
        !loader.contains(".unmount("),
        "the loader calls CONTRACT.unmount"
    );
}

#[test]
fn the_rust_side_spells_the_names_only_in_contract_rs() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.ends_with("contract.rs") {
                continue;
            }
            let source = fs::read_to_string(&path).unwrap();
            for value in [
                ORIGINAL_CLASS,
                WIDGET_CLASS,
                STATE_ATTRIBUTE,
                MARKER_ATTRIBUTE,
            ] {
                assert!(
                    !source.contains(&format!("\"{value}\"")),
                    "{} spells \"{value}\": use the constant of src/contract.rs",
                    path.display()
                );
            }
        }
    }
    // The exported functions are the ones the contract names.
    let mount = read("src/mount.rs");
    for export in [MOUNT, UNMOUNT] {
        assert!(
            mount.contains(&format!("#[wasm_bindgen]\npub fn {export}(")),
            "src/mount.rs exports {export}"
        );
    }
}

/// `loader/early.js`'s constant `name`, as written there.
fn early_constant(early: &str, name: &str) -> String {
    let start = early
        .find(&format!("const {name} = "))
        .unwrap_or_else(|| panic!("early.js defines {name}"))
        + format!("const {name} = ").len();
    let end = start + early[start..].find(';').unwrap();
    let value = &early[start..end];
    match value.strip_prefix('"') {
        Some(text) => text.trim_end_matches('"').to_owned(),
        // A number, with JavaScript's digit separators.
        None => value.replace('_', ""),
    }
}

#[test]
fn early_js_asks_what_the_widget_asks_first() {
    // early.js starts the first round's requests before the wasm is there
    // and the wasm takes their answers by URL: what it asks, how many at
    // once and what it counts as cached must be the core's and the
    // widget's own.
    use matrix_channels_core::cache::KEY_PREFIX;
    use matrix_channels_core::matrix::endpoint::SummaryEndpoint;
    use matrix_channels_core::matrix::RoomAlias;
    use matrix_channels_widget::refresh::MAX_CONCURRENT_REQUESTS;

    let early = read("loader/early.js");
    assert_eq!(
        early_constant(&early, "EARLY_ROOMS"),
        MAX_CONCURRENT_REQUESTS.to_string()
    );
    assert_eq!(early_constant(&early, "CACHE_PREFIX"), KEY_PREFIX);
    let alias = RoomAlias::parse("#a:b").unwrap();
    let first_path = SummaryEndpoint::Stable.path(&alias);
    assert_eq!(
        format!("{}%23a%3Ab", early_constant(&early, "SUMMARY_PATH")),
        first_path,
        "the path the core's summary walk asks first"
    );
    // The loader's margin for "near the viewport", and its rule for a
    // widget it starts at once, which early.js follows.
    let margin = early_constant(&early, "EARLY_MARGIN_PX");
    let loader = read(LOADER);
    assert!(loader.contains(&format!("rootMargin: \"{margin}px\"")));
    let rule = "height > 0 && bottom > -EARLY_MARGIN_PX && top < innerHeight + EARLY_MARGIN_PX";
    assert!(early.contains(rule), "early.js's near");
    assert!(
        loader.contains(&rule.replace("EARLY_MARGIN_PX", &margin)),
        "the loader's inView and early.js's near are one rule"
    );
    // The function the wasm imports, by the name it imports it.
    assert!(early.contains("function mcTakeEarly(url)"));
    assert!(read("src/browser/fetch/early.rs").contains("js_name = mcTakeEarly"));
    // Like the loader, early.js spells the shared names only as CONTRACT's.
    for value in [
        MARKER_ATTRIBUTE,
        DATA_PREFIX,
        ORIGINAL_CLASS,
        STATE_ATTRIBUTE,
    ] {
        assert!(
            !early.contains(value),
            "early.js spells {value} outside CONTRACT"
        );
    }
}
