//! The words the widget writes. English for now; kept in one place so that
//! a second language is one more table, not a hunt through the views.

use crate::room::Freshness;

/// The mark on a room that is a space.
pub const SPACE: &str = "Space";
/// The mark on a count that could not be refreshed.
pub const NOT_CURRENT: &str = "not current";

/// The text of a room's count element.
pub fn count_label(count: Option<u64>, freshness: Freshness) -> String {
    match (count, freshness) {
        (Some(1), _) => "1 member".to_owned(),
        (Some(n), _) => format!("{n} members"),
        (None, Freshness::NotPublic) => "not public".to_owned(),
        (None, Freshness::Loading) => "…".to_owned(),
        (None, _) => "unavailable".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(count_label(Some(0), Freshness::Live), "0 members");
        assert_eq!(count_label(Some(1), Freshness::Live), "1 member");
        assert_eq!(count_label(Some(2), Freshness::Stale), "2 members");
        assert_eq!(count_label(None, Freshness::NotPublic), "not public");
        assert_eq!(count_label(None, Freshness::Loading), "…");
        assert_eq!(count_label(None, Freshness::Unavailable), "unavailable");
    }
}
