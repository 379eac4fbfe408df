//! JSON in and out: the core's one seam.
//!
//! Every wire format (the room summary, the `.well-known` document, a
//! hierarchy page, the cache entry, the snapshot) is a serde type of the
//! core, read and checked here once. Which parser turns text into those
//! types is the platform's: the snapshot tool, the tests and the fuzz
//! targets use [`SerdeJson`] (serde_json, the default `serde_json`
//! feature); the widget brings its own [`Codec`] (`src/browser/json.rs`).
//! So the core decides what a document must hold, and the host tests run
//! the very checks the browser runs.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest integer both JSON parsers read exactly (2^53): a count or a
/// time above it was not written by a server of this world.
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// A platform's JSON parser and writer, for the core's wire types.
pub trait Codec {
    /// Reads `text` as a `T`: [`ReadError::NotJson`] when it is no JSON,
    /// [`ReadError::Shape`] when its values are not of `T`'s types.
    fn read<T: DeserializeOwned>(text: &str) -> Result<T, ReadError>;

    /// Writes `value` as JSON text; `None` only when the writer fails.
    fn write<T: Serialize>(value: &T) -> Option<String>;
}

/// Why a document from outside was refused: the rule it broke, and which
/// field broke it where the core's own checks found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Longer than the format allows, in bytes; not parsed at all.
    #[error("longer than {0} bytes")]
    TooLarge(usize),
    /// Not JSON.
    #[error("not JSON")]
    NotJson,
    /// JSON, but a value is not of the type the format gives it (the
    /// parser's message is not kept: it would cost every visitor the code
    /// that formats it).
    #[error("its fields are not in the expected shape")]
    Shape,
    /// A field the core's checks refuse.
    #[error("`{field}` {rule}")]
    Field {
        /// The field's name in the format.
        field: &'static str,
        /// The rule it breaks.
        rule: Rule,
    },
}

/// A rule a field of a wire format must keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rule {
    /// It must be there (and not null).
    #[error("is missing")]
    Missing,
    /// A whole number no larger than 2^53.
    #[error("is above 2^53")]
    AboveSafeInteger,
    /// A time that cannot be believed (see [`crate::time`]).
    #[error("is not a plausible time")]
    Implausible,
    /// At odds with another field of the same value (more messages in 7
    /// days than in 30). Only the snapshot's activity has such a rule.
    #[error("contradicts the fields beside it")]
    Inconsistent,
}

impl ReadError {
    /// `field` breaks `rule`.
    pub fn field(field: &'static str, rule: Rule) -> ReadError {
        ReadError::Field { field, rule }
    }
}

/// Refuses text longer than `limit` bytes before any parser sees it.
pub fn within(text: &str, limit: usize) -> Result<&str, ReadError> {
    if text.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(text)
}

/// A field that must be there.
pub(crate) fn required<T>(value: Option<T>, field: &'static str) -> Result<T, ReadError> {
    value.ok_or(ReadError::field(field, Rule::Missing))
}

/// A whole number a parser of either platform reads exactly.
pub(crate) fn safe_integer(n: u64, field: &'static str) -> Result<u64, ReadError> {
    if n > MAX_SAFE_INTEGER {
        return Err(ReadError::field(field, Rule::AboveSafeInteger));
    }
    Ok(n)
}

/// A value from strangers that counts as absent when it is not of its
/// type (a hierarchy's `m.space.child` content): never an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lenient<T>(pub Option<T>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient(None)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Either<T> {
            Value(T),
            Other(serde::de::IgnoredAny),
        }
        Ok(Lenient(match Either::deserialize(deserializer)? {
            Either::Value(value) => Some(value),
            Either::Other(_) => None,
        }))
    }
}

/// The host's JSON: serde_json, for the snapshot tool, the tests and the
/// fuzz targets.
#[cfg(feature = "serde_json")]
#[derive(Clone, Copy, Debug)]
pub struct SerdeJson;

#[cfg(feature = "serde_json")]
impl Codec for SerdeJson {
    fn read<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
        serde_json::from_str(text).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => ReadError::Shape,
            _ => ReadError::NotJson,
        })
    }

    fn write<T: Serialize>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Sample {
        s: Option<String>,
        n: Option<u64>,
        odd: Lenient<Vec<String>>,
    }

    #[test]
    fn reads_fields_of_the_right_type_only() {
        let read = SerdeJson::read::<Sample>;
        assert_eq!(
            read(r#"{"s":"x","n":3,"odd":["a"],"extra":[1,{"a":null}]}"#),
            Ok(Sample {
                s: Some("x".into()),
                n: Some(3),
                odd: Lenient(Some(vec!["a".into()]))
            })
        );
        assert_eq!(
            read(r#"{"s":null,"odd":[1]}"#),
            Ok(Sample {
                s: None,
                n: None,
                odd: Lenient(None)
            })
        );
        assert_eq!(read(r#"{"s":1}"#), Err(ReadError::Shape));
        assert_eq!(read(r#"{"n":1.5}"#), Err(ReadError::Shape));
        assert_eq!(read(r#"{"n":-1}"#), Err(ReadError::Shape));
        assert_eq!(read("[1]"), Err(ReadError::Shape));
        assert_eq!(read("{"), Err(ReadError::NotJson));
        assert_eq!(read("<html>"), Err(ReadError::NotJson));
    }

    #[test]
    fn errors_name_the_field_and_the_rule() {
        assert_eq!(
            safe_integer(MAX_SAFE_INTEGER + 1, "num_joined_members")
                .unwrap_err()
                .to_string(),
            "`num_joined_members` is above 2^53"
        );
        assert_eq!(
            required::<u64>(None, "link").unwrap_err().to_string(),
            "`link` is missing"
        );
        assert_eq!(within("abc", 2), Err(ReadError::TooLarge(2)));
    }
}
