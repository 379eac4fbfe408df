//! JSON in and out, read field by field — the core's one seam.
//!
//! Every reader of outside data (Matrix answers, cache entries, snapshots)
//! is written once against the [`Json`] trait. The snapshot tool, the host
//! tests and the fuzz targets use its implementation over
//! `serde_json::Value` (the default `serde_json` feature, below); the widget
//! implements it over what the browser's own `JSON.parse` returns
//! (`src/browser/json.rs`), so the host tests run the very readers the
//! browser runs. Why not serde in the widget: serde_json's parser, or
//! serde-wasm-bindgen's error messages (which drag in float formatting),
//! cost every visitor kilobytes (measured: see docs/benchmarks.md).

/// The largest integer both JSON parsers read exactly (2^53).
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// A value of the wrong type where the reader needs another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// A JSON document or a part of it, as a parser of the platform holds it.
pub trait Json: Sized {
    /// Parses `text`; `None` when it is not JSON.
    fn parse(text: &str) -> Option<Self>;

    /// Whether it is an object (not an array, not null).
    fn is_object(&self) -> bool;

    /// An object's own field; `None` when it is not an object, or the field
    /// is absent or null.
    fn field(&self, key: &str) -> Option<Self>;

    /// The string it is, copied out of the parser's value.
    fn to_text(&self) -> Option<String>;

    /// The whole number from 0 to 2^53 it is.
    fn to_u64(&self) -> Option<u64>;

    /// The boolean it is.
    fn to_bool(&self) -> Option<bool>;

    /// The items of the array it is.
    fn items(&self) -> Option<Vec<Self>>;

    /// A field that may be absent or null, read by `read`; `Err` when it is
    /// there with a value of another type.
    fn optional<T>(
        &self,
        key: &str,
        read: impl Fn(&Self) -> Option<T>,
    ) -> Result<Option<T>, Malformed> {
        match self.field(key) {
            None => Ok(None),
            Some(value) => read(&value).map(Some).ok_or(Malformed),
        }
    }

    /// A field that must be there, read by `read`.
    fn required<T>(&self, key: &str, read: impl Fn(&Self) -> Option<T>) -> Result<T, Malformed> {
        self.field(key).as_ref().and_then(read).ok_or(Malformed)
    }

    /// An optional string field.
    fn text_field(&self, key: &str) -> Result<Option<String>, Malformed> {
        self.optional(key, Self::to_text)
    }
}

/// The host's JSON: serde_json's parser, for the snapshot tool, the tests
/// and the fuzz targets. The widget builds the core without this feature.
#[cfg(feature = "serde_json")]
impl Json for serde_json::Value {
    fn parse(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    fn is_object(&self) -> bool {
        serde_json::Value::is_object(self)
    }

    fn field(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).filter(|v| !v.is_null()).cloned()
    }

    fn to_text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn to_u64(&self) -> Option<u64> {
        // 3.0 is a whole number to JSON.parse too.
        let n = serde_json::Value::as_u64(self).or_else(|| {
            let f = self.as_f64()?;
            (f >= 0.0 && f.fract() == 0.0).then_some(f as u64)
        })?;
        (n <= MAX_SAFE_INTEGER).then_some(n)
    }

    fn to_bool(&self) -> Option<bool> {
        serde_json::Value::as_bool(self)
    }

    fn items(&self) -> Option<Vec<Self>> {
        Some(self.as_array()?.clone())
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

#[cfg(test)]
mod tests {
    use super::*;

    type Value = serde_json::Value;

    #[test]
    fn reads_fields_of_the_right_type_only() {
        let json =
            Value::parse(r#"{"s":"x","n":3,"f":1.5,"neg":-1,"b":true,"nul":null,"a":[1,"y"]}"#)
                .unwrap();
        assert_eq!(json.text_field("s"), Ok(Some("x".into())));
        assert_eq!(json.text_field("missing"), Ok(None));
        assert_eq!(json.text_field("nul"), Ok(None));
        assert_eq!(json.text_field("n"), Err(Malformed));
        assert_eq!(json.required("n", Json::to_u64), Ok(3));
        assert_eq!(json.required("f", Json::to_u64), Err(Malformed));
        assert_eq!(json.required("neg", Json::to_u64), Err(Malformed));
        assert_eq!(json.optional("b", Json::to_bool), Ok(Some(true)));
        assert_eq!(
            json.field("a").and_then(|a| a.items()).map(|i| i.len()),
            Some(2)
        );
        assert!(Value::parse("[1]").unwrap().field("0").is_none());
        assert!(Value::parse("{").is_none());
    }

    #[test]
    fn writes_what_it_reads() {
        let text = ObjectWriter::new()
            .string("name", Some("a \"quoted\"\\ line\n\u{1}ä"))
            .number("n", Some(42))
            .string("none", None)
            .raw("list", "[1,2]")
            .finish();
        let json = Value::parse(&text).unwrap();
        assert_eq!(
            json.text_field("name"),
            Ok(Some("a \"quoted\"\\ line\n\u{1}ä".into()))
        );
        assert_eq!(json.required("n", Json::to_u64), Ok(42));
        assert_eq!(json.text_field("none"), Ok(None));
        assert_eq!(ObjectWriter::new().finish(), "{}");
    }
}
