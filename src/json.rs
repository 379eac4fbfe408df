//! JSON in and out, read field by field.
//!
//! In the widget, [`Json`] wraps what the browser's own `JSON.parse`
//! returns; on the host (tests, fuzzing, the snapshot tool) a
//! `serde_json::Value`. The readers of Matrix answers, cache entries and
//! snapshots are written once against it, so the host tests run the very
//! code the browser runs. Why not serde in the widget: serde_json's parser,
//! or serde-wasm-bindgen's error messages (which drag in float formatting),
//! cost every visitor kilobytes (measured: see docs/benchmarks.md).

/// A JSON document or a part of it.
#[derive(Clone, Debug)]
pub struct Json(Inner);

#[cfg(all(target_arch = "wasm32", feature = "web"))]
type Inner = wasm_bindgen::JsValue;
#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
type Inner = serde_json::Value;

/// The largest integer both JSON parsers read exactly (2^53).
const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// A value of the wrong type where the reader needs another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
impl Json {
    /// Parses `text`; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        js_sys::JSON::parse(text).ok().map(Json)
    }

    /// Whether it is an object (not an array, not null).
    pub fn is_object(&self) -> bool {
        self.0.is_object() && !js_sys::Array::is_array(&self.0)
    }

    /// An object's field; `None` when it is not an object, or the field is
    /// absent or null.
    pub fn field(&self, key: &str) -> Option<Json> {
        if !self.is_object() {
            return None;
        }
        // Own fields only: `JSON.parse` objects inherit `toString` and the
        // like, which are no fields of the document.
        let key = wasm_bindgen::JsValue::from_str(key);
        let object: &js_sys::Object = wasm_bindgen::JsCast::unchecked_ref(&self.0);
        if !js_sys::Object::has_own(object, &key) {
            return None;
        }
        let value = js_sys::Reflect::get(&self.0, &key).ok()?;
        (!value.is_null() && !value.is_undefined()).then_some(Json(value))
    }

    /// The string it is.
    pub fn as_str(&self) -> Option<String> {
        self.0.as_string()
    }

    /// The whole number from 0 to 2^53 it is.
    pub fn as_u64(&self) -> Option<u64> {
        let n = self.0.as_f64()?;
        (n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER as f64).then_some(n as u64)
    }

    /// The boolean it is.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// The items of the array it is.
    pub fn items(&self) -> Option<Vec<Json>> {
        js_sys::Array::is_array(&self.0)
            .then(|| js_sys::Array::from(&self.0).iter().map(Json).collect())
    }
}

#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
impl Json {
    /// Parses `text`; `None` when it is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        serde_json::from_str(text).ok().map(Json)
    }

    /// Whether it is an object (not an array, not null).
    pub fn is_object(&self) -> bool {
        self.0.is_object()
    }

    /// An object's field; `None` when it is not an object, or the field is
    /// absent or null.
    pub fn field(&self, key: &str) -> Option<Json> {
        self.0
            .as_object()?
            .get(key)
            .filter(|v| !v.is_null())
            .cloned()
            .map(Json)
    }

    /// The string it is.
    pub fn as_str(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }

    /// The whole number from 0 to 2^53 it is.
    pub fn as_u64(&self) -> Option<u64> {
        let n = self.0.as_u64().or_else(|| {
            let f = self.0.as_f64()?;
            (f >= 0.0 && f.fract() == 0.0).then_some(f as u64)
        })?;
        (n <= MAX_SAFE_INTEGER).then_some(n)
    }

    /// The boolean it is.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// The items of the array it is.
    pub fn items(&self) -> Option<Vec<Json>> {
        Some(self.0.as_array()?.iter().cloned().map(Json).collect())
    }
}

impl Json {
    /// A field that may be absent or null, read by `read`; `Err` when it is
    /// there with a value of another type.
    pub fn optional<T>(
        &self,
        key: &str,
        read: impl Fn(&Json) -> Option<T>,
    ) -> Result<Option<T>, Malformed> {
        match self.field(key) {
            None => Ok(None),
            Some(value) => read(&value).map(Some).ok_or(Malformed),
        }
    }

    /// A field that must be there, read by `read`.
    pub fn required<T>(
        &self,
        key: &str,
        read: impl Fn(&Json) -> Option<T>,
    ) -> Result<T, Malformed> {
        self.field(key).as_ref().and_then(read).ok_or(Malformed)
    }

    /// An optional string field.
    pub fn string(&self, key: &str) -> Result<Option<String>, Malformed> {
        self.optional(key, Json::as_str)
    }
}

/// Writes a JSON object, field by field.
#[derive(Debug)]
pub struct ObjectWriter(String);

impl Default for ObjectWriter {
    fn default() -> Self {
        ObjectWriter::new()
    }
}

impl ObjectWriter {
    /// An empty object.
    pub fn new() -> ObjectWriter {
        ObjectWriter(String::from("{"))
    }

    /// A field whose value is already JSON text.
    pub fn raw(mut self, key: &str, json: &str) -> ObjectWriter {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        quote_into(key, &mut self.0);
        self.0.push(':');
        self.0.push_str(json);
        self
    }

    /// A string field; `None` is written as null.
    pub fn string(self, key: &str, value: Option<&str>) -> ObjectWriter {
        match value {
            Some(value) => {
                let mut text = String::new();
                quote_into(value, &mut text);
                self.raw(key, &text)
            }
            None => self.raw(key, "null"),
        }
    }

    /// A number field; `None` is written as null.
    pub fn number(self, key: &str, value: Option<u64>) -> ObjectWriter {
        match value {
            Some(n) => self.raw(key, &n.to_string()),
            None => self.raw(key, "null"),
        }
    }

    /// The object's text.
    pub fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// Appends `text` as a JSON string, quoted and escaped.
pub fn quote_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let n = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(n >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(n & 15).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Parses `text` as a `T` with serde; `None` for anything that is not JSON
/// of that shape. Host only: the snapshot tool's own Matrix answers.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_of_the_right_type_only() {
        let json =
            Json::parse(r#"{"s":"x","n":3,"f":1.5,"neg":-1,"b":true,"nul":null,"a":[1,"y"]}"#)
                .unwrap();
        assert_eq!(json.string("s"), Ok(Some("x".into())));
        assert_eq!(json.string("missing"), Ok(None));
        assert_eq!(json.string("nul"), Ok(None));
        assert_eq!(json.string("n"), Err(Malformed));
        assert_eq!(json.required("n", Json::as_u64), Ok(3));
        assert_eq!(json.required("f", Json::as_u64), Err(Malformed));
        assert_eq!(json.required("neg", Json::as_u64), Err(Malformed));
        assert_eq!(json.optional("b", Json::as_bool), Ok(Some(true)));
        assert_eq!(
            json.field("a").and_then(|a| a.items()).map(|i| i.len()),
            Some(2)
        );
        assert!(Json::parse("[1]").unwrap().field("0").is_none());
        assert!(Json::parse("{").is_none());
    }

    #[test]
    fn writes_what_it_reads() {
        let text = ObjectWriter::new()
            .string("name", Some("a \"quoted\"\\ line\n\u{1}ä"))
            .number("n", Some(42))
            .string("none", None)
            .raw("list", "[1,2]")
            .finish();
        let json = Json::parse(&text).unwrap();
        assert_eq!(
            json.string("name"),
            Ok(Some("a \"quoted\"\\ line\n\u{1}ä".into()))
        );
        assert_eq!(json.required("n", Json::as_u64), Ok(42));
        assert_eq!(json.string("none"), Ok(None));
        assert_eq!(ObjectWriter::new().finish(), "{}");
    }
}
