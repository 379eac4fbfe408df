//! The browser-wide memory of summary requests: a versioned, size-capped
//! localStorage cache shared by every tab, and a Web Lock per room so that
//! only one tab asks the homeserver while the others wait and read its
//! answer. Together they hold the promise of one request per room per
//! refresh interval per browser, however many widgets and tabs show it, and
//! let a reload show the last counts before any request.
//!
//! This is the entry format, its checks and the rules that read it; the
//! storage and the lock themselves are the widget's
//! (`src/browser/storage.rs`, `src/browser/lock.rs`).

use crate::json::{Json, ObjectWriter};
use crate::matrix::{Failure, RoomAlias, RoomSummary, SummaryReply};
use crate::room::{Freshness, RoomState};
use crate::text::MAX_KEPT_CHARS;

/// The prefix of every key: bump the version when the entry format changes,
/// and old entries are simply never read again.
pub const KEY_PREFIX: &str = "matrix-channels:v1:";
/// Entries older than this are dropped when read (7 days).
pub const MAX_AGE_MS: f64 = 7.0 * 24.0 * 3600.0 * 1000.0;
/// The most entries kept; the oldest go first.
pub const MAX_ENTRIES: usize = 600;
/// The longest entry written, in bytes of JSON.
pub const MAX_ENTRY_BYTES: usize = 16 * 1024;

/// What one room's entry remembers: the latest attempt, and the latest
/// summary (which outlives failed attempts, so a reload during an outage
/// still shows the last counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When the latest request started, in ms since the epoch.
    pub attempt_ms: u64,
    /// How it went.
    pub outcome: Outcome,
    /// The latest summary received, with when its request started.
    pub summary: Option<(u64, RoomSummary)>,
}

/// How the latest request went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A summary.
    Summary,
    /// Not public, or no summary endpoint.
    NotPublic,
    /// Rate-limited, with the server's wait if it gave one.
    RateLimited(Option<u64>),
    /// Failed.
    Failed,
}

/// The storage key of a room. By alias alone, so that a reload can show
/// the last counts before it knows the homeserver's URL.
pub fn key(alias: &RoomAlias) -> String {
    format!("{KEY_PREFIX}{alias}")
}

/// What a widget shows for a room from its entry, before any request:
/// the last summary, live if it is younger than the refresh interval,
/// otherwise marked not current.
pub fn initial_state(entry: &Entry, now_ms: f64, interval_ms: u64) -> RoomState {
    match (&entry.outcome, &entry.summary) {
        (Outcome::NotPublic, _) => RoomState {
            summary: None,
            freshness: Freshness::NotPublic,
            updated_at_ms: Some(entry.attempt_ms),
        },
        (_, Some((at, summary))) => RoomState {
            summary: Some(summary.clone()),
            freshness: if now_ms - (*at as f64) < interval_ms as f64 {
                Freshness::Live
            } else {
                Freshness::Stale
            },
            updated_at_ms: Some(*at),
        },
        _ => RoomState::default(),
    }
}

impl Entry {
    /// The entry after a request that started at `attempt_ms` got `reply`.
    pub fn after(previous: Option<Entry>, attempt_ms: u64, reply: &SummaryReply) -> Entry {
        let kept = previous.and_then(|p| p.summary);
        let (outcome, summary) = match reply {
            SummaryReply::Summary(s) => (Outcome::Summary, Some((attempt_ms, trimmed(s)))),
            SummaryReply::NotPublic => (Outcome::NotPublic, None),
            SummaryReply::RateLimited { retry_after_ms } => {
                (Outcome::RateLimited(*retry_after_ms), kept)
            }
            SummaryReply::Failed(_) => (Outcome::Failed, kept),
        };
        Entry {
            attempt_ms,
            outcome,
            summary,
        }
    }

    /// The reply the latest attempt got, to hand to a widget that would
    /// otherwise ask again within the same interval.
    pub fn reply(&self) -> SummaryReply {
        match (self.outcome, &self.summary) {
            (Outcome::Summary, Some((_, summary))) => SummaryReply::Summary(summary.clone()),
            (Outcome::NotPublic, _) => SummaryReply::NotPublic,
            (Outcome::RateLimited(retry_after_ms), _) => {
                SummaryReply::RateLimited { retry_after_ms }
            }
            _ => SummaryReply::Failed(Failure::Network),
        }
    }

    /// Reads an entry, refusing anything malformed, too old or from the
    /// future (a clock set back, or a forged entry): its summary's time too
    /// must be plausible, and no later than the attempt that brought it.
    pub fn decode<J: Json>(text: &str, now_ms: f64) -> Option<Entry> {
        if text.len() > MAX_ENTRY_BYTES {
            return None;
        }
        let entry = Entry::from_json(&J::parse(text)?)?;
        let age = now_ms - entry.attempt_ms as f64;
        let summary_in_time = entry.summary.as_ref().is_none_or(|(at, _)| {
            *at <= entry.attempt_ms && crate::time::is_plausible(*at, now_ms)
        });
        let attempt_in_time =
            age < MAX_AGE_MS && crate::time::is_plausible(entry.attempt_ms, now_ms);
        (attempt_in_time && summary_in_time).then_some(entry)
    }

    /// The entry as stored, if it fits.
    pub fn encode(&self) -> Option<String> {
        let outcome = match self.outcome {
            Outcome::Summary => "\"summary\"".to_owned(),
            Outcome::NotPublic => "\"not_public\"".to_owned(),
            Outcome::Failed => "\"failed\"".to_owned(),
            Outcome::RateLimited(wait) => ObjectWriter::new().number("rate_limited", wait).finish(),
        };
        let summary = match &self.summary {
            Some((at, summary)) => format!("[{at},{}]", summary.to_json()),
            None => "null".to_owned(),
        };
        let text = ObjectWriter::new()
            .number("attempt_ms", Some(self.attempt_ms))
            .raw("outcome", &outcome)
            .raw("summary", &summary)
            .finish();
        (text.len() <= MAX_ENTRY_BYTES).then_some(text)
    }

    /// When the latest attempt of an entry stored as `text` started, for
    /// pruning the oldest first: 0 for anything unreadable.
    pub fn attempt_of<J: Json>(text: &str) -> u64 {
        J::parse(text)
            .and_then(|json| Entry::from_json(&json))
            .map_or(0, |e| e.attempt_ms)
    }

    /// The reply to hand on instead of asking again: the latest attempt's,
    /// when any tab made it less than `max_age_ms` before `now_ms`.
    pub fn recent_reply(&self, now_ms: f64, max_age_ms: u64) -> Option<SummaryReply> {
        (now_ms - (self.attempt_ms as f64) < max_age_ms as f64).then(|| self.reply())
    }

    /// Reads the shape [`Entry::encode`] writes.
    fn from_json<J: Json>(json: &J) -> Option<Entry> {
        let outcome = json.field("outcome")?;
        let outcome = match outcome.to_text().as_deref() {
            Some("summary") => Outcome::Summary,
            Some("not_public") => Outcome::NotPublic,
            Some("failed") => Outcome::Failed,
            Some(_) => return None,
            None if outcome.is_object() => {
                Outcome::RateLimited(outcome.optional("rate_limited", J::to_u64).ok()?)
            }
            None => return None,
        };
        let summary = match json.field("summary") {
            None => None,
            Some(pair) => match pair.items()?.as_slice() {
                [at, summary] => Some((at.to_u64()?, RoomSummary::from_json(summary).ok()?)),
                _ => return None,
            },
        };
        Some(Entry {
            attempt_ms: json.required("attempt_ms", J::to_u64).ok()?,
            outcome,
            summary,
        })
    }
}

/// A summary with its texts cut to what the widget ever shows.
fn trimmed(summary: &RoomSummary) -> RoomSummary {
    let cut = |text: &Option<String>| {
        text.as_ref()
            .map(|t| t.chars().take(MAX_KEPT_CHARS).collect::<String>())
    };
    RoomSummary {
        name: cut(&summary.name),
        topic: cut(&summary.topic),
        ..summary.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(count: u64) -> RoomSummary {
        RoomSummary {
            room_id: Some("!r:example.org".into()),
            num_joined_members: count,
            name: Some("General".into()),
            topic: Some("t".repeat(10_000)),
            canonical_alias: None,
            room_type: None,
            join_rule: None,
        }
    }

    #[test]
    fn entries_round_trip_and_trim_long_topics() {
        let entry = Entry::after(None, 1_000, &SummaryReply::Summary(summary(7)));
        let text = entry.encode().unwrap();
        let back = Entry::decode::<serde_json::Value>(&text, 2_000.0).unwrap();
        assert_eq!(back, entry);
        let SummaryReply::Summary(s) = back.reply() else {
            panic!("not a summary");
        };
        assert_eq!(s.num_joined_members, 7);
        assert_eq!(s.topic.unwrap().chars().count(), MAX_KEPT_CHARS);
    }

    #[test]
    fn failures_keep_the_last_summary() {
        let good = Entry::after(None, 1_000, &SummaryReply::Summary(summary(7)));
        let failed = Entry::after(Some(good), 2_000, &SummaryReply::Failed(Failure::Timeout));
        assert_eq!(failed.outcome, Outcome::Failed);
        assert_eq!(
            failed
                .summary
                .as_ref()
                .map(|(at, s)| (*at, s.num_joined_members)),
            Some((1_000, 7))
        );
        assert!(matches!(failed.reply(), SummaryReply::Failed(_)));
        let limited = Entry::after(
            Some(failed),
            3_000,
            &SummaryReply::RateLimited {
                retry_after_ms: Some(9),
            },
        );
        assert_eq!(
            limited.reply(),
            SummaryReply::RateLimited {
                retry_after_ms: Some(9)
            }
        );
        let closed = Entry::after(Some(limited), 4_000, &SummaryReply::NotPublic);
        assert_eq!(
            (closed.reply(), closed.summary),
            (SummaryReply::NotPublic, None)
        );
    }

    #[test]
    fn corrupt_old_and_future_entries_are_refused() {
        let entry = Entry::after(None, 1_000_000, &SummaryReply::NotPublic)
            .encode()
            .unwrap();
        assert!(Entry::decode::<serde_json::Value>(&entry, 1_000_001.0).is_some());
        assert!(
            Entry::decode::<serde_json::Value>(&entry, 1_000_000.0 + MAX_AGE_MS).is_none(),
            "too old"
        );
        assert!(
            Entry::decode::<serde_json::Value>(&entry, 1_000_000.0 - 3_600_000.0).is_none(),
            "from the future"
        );
        for corrupt in [
            "",
            "null",
            "{}",
            "[1]",
            "{\"attempt_ms\":-1}",
            &entry[..entry.len() - 1],
        ] {
            assert!(
                Entry::decode::<serde_json::Value>(corrupt, 1_000_001.0).is_none(),
                "{corrupt}"
            );
        }
        // A summary from after its attempt, or beyond the Date range.
        for at in ["1000001", "9000000000000000"] {
            let forged = format!(
                "{{\"attempt_ms\":1000000,\"outcome\":\"summary\",\"summary\":[{at},{{\"num_joined_members\":3}}]}}"
            );
            assert!(
                Entry::decode::<serde_json::Value>(&forged, 1_000_001.0).is_none(),
                "{at}"
            );
        }
        let fine = "{\"attempt_ms\":1000000,\"outcome\":\"summary\",\"summary\":[999999,{\"num_joined_members\":3}]}";
        assert!(Entry::decode::<serde_json::Value>(fine, 1_000_001.0).is_some());
        let huge = format!(
            "{{\"attempt_ms\":1,\"outcome\":\"failed\",\"summary\":null,\"x\":\"{}\"}}",
            "x".repeat(MAX_ENTRY_BYTES)
        );
        assert!(Entry::decode::<serde_json::Value>(&huge, 2.0).is_none());
    }

    #[test]
    fn keys_are_versioned_per_room() {
        let alias = RoomAlias::parse("#a:example.org").unwrap();
        assert_eq!(key(&alias), "matrix-channels:v1:#a:example.org");
    }

    #[test]
    fn a_reload_shows_the_last_counts_marked_by_age() {
        let entry = Entry::after(None, 10_000, &SummaryReply::Summary(summary(7)));
        let fresh = initial_state(&entry, 20_000.0, 30_000);
        assert_eq!(
            (fresh.freshness, fresh.member_count()),
            (Freshness::Live, Some(7))
        );
        let old = initial_state(&entry, 50_000.0, 30_000);
        assert_eq!(
            (old.freshness, old.member_count()),
            (Freshness::Stale, Some(7))
        );
        let failed = Entry::after(Some(entry), 60_000, &SummaryReply::Failed(Failure::Network));
        assert_eq!(
            initial_state(&failed, 61_000.0, 30_000).freshness,
            Freshness::Stale
        );
        let closed = Entry::after(None, 1, &SummaryReply::NotPublic);
        assert_eq!(
            initial_state(&closed, 2.0, 30_000).freshness,
            Freshness::NotPublic
        );
        let nothing = Entry::after(None, 1, &SummaryReply::Failed(Failure::Timeout));
        assert_eq!(initial_state(&nothing, 2.0, 30_000), RoomState::default());
    }
}
