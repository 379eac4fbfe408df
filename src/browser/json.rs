//! The widget's JSON: the one place a response's or storage's text becomes
//! one of the core's wire types (the core's [`Codec`]), and an entry of
//! the cache becomes text again.

use matrix_channels_core::wire::{Codec, ReadError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The browser's `JSON.parse` and `JSON.stringify`, with serde between
/// them and the core's types (serde-wasm-bindgen).
#[derive(Clone, Copy, Debug)]
pub struct WidgetJson;

impl Codec for WidgetJson {
    fn read<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
        let value = js_sys::JSON::parse(text).map_err(|_| ReadError::NotJson)?;
        serde_wasm_bindgen::from_value(value).map_err(|_| ReadError::Shape)
    }

    fn write<T: Serialize>(value: &T) -> Option<String> {
        let value = value
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .ok()?;
        js_sys::JSON::stringify(&value).ok()?.as_string()
    }
}
