//! The core's [`Json`] over the browser's own `JSON.parse`: no JSON parser
//! in the wasm (serde_json's costs every visitor kilobytes; see
//! docs/benchmarks.md).

use matrix_channels_core::json::{Json, MAX_SAFE_INTEGER};
use wasm_bindgen::{JsCast, JsValue};

/// A value `JSON.parse` returned, or a part of it.
#[derive(Clone, Debug)]
pub struct JsJson(JsValue);

impl Json for JsJson {
    fn parse(text: &str) -> Option<Self> {
        js_sys::JSON::parse(text).ok().map(JsJson)
    }

    fn is_object(&self) -> bool {
        self.0.is_object() && !js_sys::Array::is_array(&self.0)
    }

    fn field(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        // Own fields only: `JSON.parse` objects inherit `toString` and the
        // like, which are no fields of the document.
        let key = JsValue::from_str(key);
        let object: &js_sys::Object = self.0.unchecked_ref();
        if !js_sys::Object::has_own(object, &key) {
            return None;
        }
        let value = js_sys::Reflect::get(&self.0, &key).ok()?;
        (!value.is_null() && !value.is_undefined()).then_some(JsJson(value))
    }

    fn to_text(&self) -> Option<String> {
        self.0.as_string()
    }

    fn to_u64(&self) -> Option<u64> {
        let n = self.0.as_f64()?;
        (n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER as f64).then_some(n as u64)
    }

    fn to_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(&self.0)
            .then(|| js_sys::Array::from(&self.0).iter().map(JsJson).collect())
    }
}
