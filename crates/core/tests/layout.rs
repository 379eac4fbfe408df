//! What the workspace's layout promises (ARCHITECTURE.md): the core and
//! the snapshot tool depend on nothing of the browser, the core on no
//! HTTP client, and the core's only platform switch is its JSON seam.

// On the host only: it runs cargo, on the host.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

const BROWSER_CRATES: [&str; 6] = [
    "leptos",
    "reactive_graph",
    "web-sys",
    "wasm-bindgen",
    "js-sys",
    "gloo-net",
];

/// The crates `package` depends on (normal dependencies, default
/// features), as `cargo tree` lists them.
fn dependencies(package: &str, target: &str) -> Vec<String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new(env!("CARGO"))
        .current_dir(&workspace)
        .args([
            "tree",
            "--locked",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(["--target", target, "-p", package])
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_core_and_the_tool_depend_on_nothing_of_the_browser() {
    let host = "x86_64-unknown-linux-gnu";
    for (package, target, also_forbidden) in [
        ("matrix-channels-core", host, Some("ureq")),
        (
            "matrix-channels-core",
            "wasm32-unknown-unknown",
            Some("ureq"),
        ),
        ("matrix-channels", host, None),
    ] {
        let found = dependencies(package, target);
        assert!(found.iter().any(|c| c == package), "{package}: {found:?}");
        for forbidden in BROWSER_CRATES.iter().copied().chain(also_forbidden) {
            assert!(
                !found.iter().any(|c| c == forbidden),
                "{package} ({target}) depends on {forbidden}"
            );
        }
    }
    // And the widget does: the check can see a browser crate when there is one.
    let widget = dependencies("matrix-channels-widget", "wasm32-unknown-unknown");
    // (Leptos's reactive system; the `leptos` crate itself only with the
    // configurator's feature.)
    assert!(widget.iter().any(|c| c == "reactive_graph"), "{widget:?}");
}

#[test]
fn the_core_switches_on_target_or_feature_only_at_the_json_seam_and_the_configurator() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for line in source.lines().map(str::trim) {
                let switch =
                    (line.contains("cfg(") || line.contains("cfg!(")) && !line.starts_with("//");
                let only_tests = line.contains("cfg(test)") || line.contains("cfg_attr(");
                if switch && !only_tests {
                    let json_seam =
                        path.ends_with("wire.rs") && line.contains("feature = \"serde_json\"");
                    let configurator =
                        path.ends_with("lib.rs") && line == "#[cfg(feature = \"configure\")]";
                    assert!(json_seam || configurator, "{}: {line}", path.display());
                }
            }
        }
    }
}
