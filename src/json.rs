//! JSON in and out. In the widget, the browser's own `JSON.parse` and
//! `JSON.stringify` with serde-wasm-bindgen: serde_json's parser would add
//! its weight to every visitor's download (measured: see
//! docs/benchmarks.md). On the host — tests, fuzzing, a native tool —
//! serde_json, with the same serde types and the same outcomes.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Parses `text` as a `T`; `None` for anything that is not JSON of that
/// shape.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Parses `text` as a `T`; `None` for anything that is not JSON of that
/// shape.
#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// `value` as JSON text.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// `value` as JSON text.
#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}
