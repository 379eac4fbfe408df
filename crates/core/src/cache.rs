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

use serde::{Deserialize, Serialize};

use crate::matrix::summary::SummaryWire;
use crate::matrix::{Failure, RoomAlias, RoomSummary, SummaryReply};
use crate::room::{Freshness, RoomState};
use crate::text::MAX_KEPT_CHARS;
use crate::wire::{safe_integer, within, Codec, ReadError, Rule};

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
/// still shows the last counts). Stored as
/// `{"attempt_ms":…,"outcome":…,"summary":[at,{…}]|null}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// When the latest request started, in ms since the epoch.
    pub attempt_ms: u64,
    /// How it went.
    pub outcome: Outcome,
    /// The latest summary received, with when its request started.
    pub summary: Option<(u64, RoomSummary)>,
}

/// How the latest request went: `"summary"`, `"not_public"`, `"failed"`
/// or `{"rate_limited":ms|null}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    pub fn decode<J: Codec>(text: &str, now_ms: f64) -> Option<Entry> {
        Entry::read::<J>(text, now_ms).ok()
    }

    /// [`Entry::decode`], saying why an entry is refused.
    pub fn read<J: Codec>(text: &str, now_ms: f64) -> Result<Entry, ReadError> {
        let entry = Entry::parse::<J>(text)?;
        let age = now_ms - entry.attempt_ms as f64;
        if !(age < MAX_AGE_MS && crate::time::is_plausible(entry.attempt_ms, now_ms)) {
            return Err(ReadError::field("attempt_ms", Rule::Implausible));
        }
        let summary_in_time = entry.summary.as_ref().is_none_or(|(at, _)| {
            *at <= entry.attempt_ms && crate::time::is_plausible(*at, now_ms)
        });
        if !summary_in_time {
            return Err(ReadError::field("summary", Rule::Implausible));
        }
        Ok(entry)
    }

    /// The entry as stored, if it fits.
    pub fn encode<J: Codec>(&self) -> Option<String> {
        J::write(self).filter(|text| text.len() <= MAX_ENTRY_BYTES)
    }

    /// When the latest attempt of an entry stored as `text` started, for
    /// pruning the oldest first: 0 for anything unreadable.
    pub fn attempt_of<J: Codec>(text: &str) -> u64 {
        Entry::parse::<J>(text).map_or(0, |e| e.attempt_ms)
    }

    /// The reply to hand on instead of asking again: the latest attempt's,
    /// when any tab made it less than `max_age_ms` before `now_ms`.
    pub fn recent_reply(&self, now_ms: f64, max_age_ms: u64) -> Option<SummaryReply> {
        (now_ms - (self.attempt_ms as f64) < max_age_ms as f64).then(|| self.reply())
    }

    /// Reads the shape [`Entry::encode`] writes, whatever its times.
    fn parse<J: Codec>(text: &str) -> Result<Entry, ReadError> {
        Entry::try_from(J::read::<EntryWire>(within(text, MAX_ENTRY_BYTES)?)?)
    }
}

/// An entry as stored: every field must be there.
#[derive(Deserialize)]
struct EntryWire {
    attempt_ms: u64,
    outcome: Outcome,
    summary: Option<(u64, SummaryWire)>,
}

impl TryFrom<EntryWire> for Entry {
    type Error = ReadError;

    fn try_from(wire: EntryWire) -> Result<Entry, ReadError> {
        let summary = match wire.summary {
            Some((at, summary)) => Some((safe_integer(at, "summary")?, summary.try_into()?)),
            None => None,
        };
        Ok(Entry {
            attempt_ms: safe_integer(wire.attempt_ms, "attempt_ms")?,
            outcome: wire.outcome,
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
    use crate::wire::SerdeJson;

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
        let text = entry.encode::<SerdeJson>().unwrap();
        let back = Entry::decode::<SerdeJson>(&text, 2_000.0).unwrap();
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
            .encode::<SerdeJson>()
            .unwrap();
        assert!(Entry::decode::<SerdeJson>(&entry, 1_000_001.0).is_some());
        assert!(
            Entry::decode::<SerdeJson>(&entry, 1_000_000.0 + MAX_AGE_MS).is_none(),
            "too old"
        );
        assert!(
            Entry::decode::<SerdeJson>(&entry, 1_000_000.0 - 3_600_000.0).is_none(),
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
                Entry::decode::<SerdeJson>(corrupt, 1_000_001.0).is_none(),
                "{corrupt}"
            );
        }
        // A summary from after its attempt, or beyond the Date range.
        for at in ["1000001", "9000000000000000"] {
            let forged = format!(
                "{{\"attempt_ms\":1000000,\"outcome\":\"summary\",\"summary\":[{at},{{\"num_joined_members\":3}}]}}"
            );
            assert!(
                Entry::decode::<SerdeJson>(&forged, 1_000_001.0).is_none(),
                "{at}"
            );
        }
        let fine = "{\"attempt_ms\":1000000,\"outcome\":\"summary\",\"summary\":[999999,{\"num_joined_members\":3}]}";
        assert!(Entry::decode::<SerdeJson>(fine, 1_000_001.0).is_some());
        let huge = format!(
            "{{\"attempt_ms\":1,\"outcome\":\"failed\",\"summary\":null,\"x\":\"{}\"}}",
            "x".repeat(MAX_ENTRY_BYTES)
        );
        assert!(Entry::decode::<SerdeJson>(&huge, 2.0).is_none());
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
