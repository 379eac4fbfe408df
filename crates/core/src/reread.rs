//! `live="snapshot"`: the site's own snapshot, re-read every refresh
//! interval instead of asking any homeserver. What a re-read's answer
//! means, what every tab shares of it, when it is due and when its counts
//! are no longer current are decided here; the widget's loop
//! (`src/refresh.rs`, `reread_loop`) only waits, locks, stores and asks.
//!
//! Every tab of the browser shares one [`SnapshotCopy`] per snapshot URL
//! (in `localStorage`, under a Web Lock of the same name): a tab whose
//! turn comes within an interval of another tab's read takes that copy and
//! asks nothing, so any number of tabs cause about one re-read per
//! interval. Each re-read is conditional (the copy's `ETag` and
//! `Last-Modified`): an unchanged file costs a 304 and no parse.

use crate::matrix::{Failure, RoomAlias};
use crate::refresh::STALE_AFTER_INTERVALS;
use crate::room::{ConfiguredRoom, RoomResult, RoomState};
use crate::snapshot::Snapshot;
use crate::wire::{Codec, MAX_SAFE_INTEGER};

/// The longest validator kept: a web host's `ETag` or `Last-Modified` is
/// a few dozen characters; a longer one is not sent back.
pub const MAX_VALIDATOR_CHARS: usize = 200;

/// What the site answered to a GET of its snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnFile {
    /// The file's text; `None` when the server said it is unchanged
    /// since the validators sent (a 304).
    pub text: Option<String>,
    /// The response's `ETag`.
    pub etag: Option<String>,
    /// The response's `Last-Modified`.
    pub last_modified: Option<String>,
}

/// The snapshot a widget shows, as every tab shares it: its text, its
/// validators for the next conditional request, its own time, and when a
/// tab last read it (or found it unchanged). Stored as five lines: the
/// two times, the two validators (printable ASCII, so without a line
/// break; empty when absent), then the file's text as it came — not a
/// JSON document around it, which would escape every quote of a file of
/// up to 2 MB and cost the widget a serde type of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotCopy {
    /// When a tab last read the file or found it unchanged, in ms since
    /// the epoch; 0 when it never did.
    pub read_at_ms: u64,
    /// The snapshot's `generated_at_ms`: an older file is refused.
    pub generated_at_ms: u64,
    /// The `ETag` the file came with, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` it came with, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The file's text; empty when none was ever read.
    pub text: String,
}

/// The `localStorage` key and Web Lock name of the copy of the snapshot at
/// `url`: outside the summary cache's prefix, so its pruning never drops
/// it.
pub fn copy_key(url: &str) -> String {
    format!("matrix-channels:snapshot:{url}")
}

/// A validator worth sending back: present, short, and printable ASCII (a
/// header value the browser accepts).
fn validator(value: Option<String>) -> Option<String> {
    value.filter(|v| {
        !v.is_empty()
            && v.len() <= MAX_VALIDATOR_CHARS
            && v.bytes().all(|b| (b' '..=b'~').contains(&b))
    })
}

impl SnapshotCopy {
    /// The copy of `snapshot`, read at `now_ms` as `text` with the
    /// response's validators: the page load's read, or a re-read's.
    pub fn of(
        snapshot: &Snapshot,
        text: String,
        etag: Option<String>,
        last_modified: Option<String>,
        now_ms: f64,
    ) -> SnapshotCopy {
        SnapshotCopy {
            read_at_ms: now_ms.max(0.0) as u64,
            generated_at_ms: snapshot.generated_at_ms,
            etag: validator(etag),
            last_modified: validator(last_modified),
            text,
        }
    }

    /// The copy after a re-read at `now_ms` got `answer`, and the snapshot
    /// to show when its text is new; `None` when the re-read failed (the
    /// network, an HTTP error, a body that is no usable snapshot, or one
    /// older than the copy's): the copy stays as it is.
    pub fn after<J: Codec>(
        &self,
        answer: Result<OwnFile, Failure>,
        now_ms: f64,
    ) -> Option<(SnapshotCopy, Option<Snapshot>)> {
        let file = answer.ok()?;
        let Some(text) = file.text else {
            // A 304 to validators of a copy without text cannot be.
            return (!self.text.is_empty()).then(|| {
                let copy = SnapshotCopy {
                    read_at_ms: now_ms.max(0.0) as u64,
                    ..self.clone()
                };
                (copy, None)
            });
        };
        let snapshot = Snapshot::parse::<J>(&text).ok()?;
        if snapshot.generated_at_ms < self.generated_at_ms || !snapshot.is_dated(now_ms) {
            return None;
        }
        let copy = SnapshotCopy::of(&snapshot, text, file.etag, file.last_modified, now_ms);
        Some((copy, Some(snapshot)))
    }

    /// Whether a tab read the file less than `interval_ms` before
    /// `now_ms`: then nobody needs to read it again yet. A time after now
    /// (a forged copy, a clock set back) is not recent.
    pub fn is_recent(&self, now_ms: f64, interval_ms: u64) -> bool {
        let age = now_ms - self.read_at_ms as f64;
        (0.0..interval_ms as f64).contains(&age)
    }

    /// Whether the counts of this copy are still current at `now_ms`: read
    /// or found unchanged less than [`STALE_AFTER_INTERVALS`] intervals
    /// ago, the rule live counts follow (`RoomState::aged`).
    pub fn is_current(&self, now_ms: f64, interval_ms: u64) -> bool {
        let old = interval_ms.saturating_mul(STALE_AFTER_INTERVALS) as f64;
        now_ms - (self.read_at_ms as f64) < old
    }

    /// The copy as stored.
    pub fn encode(&self) -> String {
        let validator = |v: &Option<String>| v.clone().unwrap_or_default();
        format!(
            "{}\n{}\n{}\n{}\n{}",
            self.read_at_ms,
            self.generated_at_ms,
            validator(&self.etag),
            validator(&self.last_modified),
            self.text
        )
    }

    /// A stored copy, when it is one; its times are checked where they are
    /// used ([`SnapshotCopy::is_recent`]) and its text when it is shown.
    pub fn decode(stored: &str) -> Option<SnapshotCopy> {
        let mut lines = stored.splitn(5, '\n');
        let mut time = || {
            lines
                .next()?
                .parse::<u64>()
                .ok()
                .filter(|&ms| ms <= MAX_SAFE_INTEGER)
        };
        let (read_at_ms, generated_at_ms) = (time()?, time()?);
        let mut validator_line = || Some(validator(Some(lines.next()?.to_owned())));
        let (etag, last_modified) = (validator_line()?, validator_line()?);
        Some(SnapshotCopy {
            read_at_ms,
            generated_at_ms,
            etag,
            last_modified,
            text: lines.next()?.to_owned(),
        })
    }

    /// Of this copy and `stored` (another tab's), the one read last.
    pub fn or_newer(self, stored: Option<SnapshotCopy>) -> SnapshotCopy {
        match stored {
            Some(stored)
                if stored.read_at_ms > self.read_at_ms
                    && stored.generated_at_ms >= self.generated_at_ms =>
            {
                stored
            }
            _ => self,
        }
    }
}

/// A room's state after a re-read found the snapshot whose rows are
/// `fresh` (`Snapshot::widget_rooms`): the room's state there, counts and
/// all, as of the snapshot's time; for a room no longer in it, the state
/// `shown` with its count kept, marked not current. Rooms new in the
/// snapshot get no row until the next page load: a widget's rows are made
/// once.
pub fn reread_state(
    fresh: &[(ConfiguredRoom, RoomState)],
    alias: &RoomAlias,
    shown: &RoomState,
) -> RoomState {
    match fresh.iter().find(|(room, _)| room.alias == *alias) {
        Some((_, state)) => state.clone(),
        None => shown.with_result(RoomResult::Failed, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::room::Freshness;
    use crate::wire::SerdeJson;

    const NOW: f64 = 1_795_512_345_678.0;

    fn text(generated_at_ms: u64, count: u64) -> String {
        format!(
            r##"{{"schema":1,"generated_at":"x","generated_at_ms":{generated_at_ms},"homeserver":"https://example.org","source":"hierarchy","space":null,"rooms":[{{"alias":"#a:example.org","link":"https://matrix.to/#/#a:example.org","member_count":{count}}}]}}"##
        )
    }

    fn file(text: Option<String>, etag: &str) -> Result<OwnFile, Failure> {
        Ok(OwnFile {
            text,
            etag: Some(etag.into()),
            last_modified: Some("Fri, 04 Dec 2026 17:00:00 GMT".into()),
        })
    }

    fn first() -> SnapshotCopy {
        SnapshotCopy::default()
            .after::<SerdeJson>(file(Some(text(1_000, 4)), "\"v1\""), NOW - 50_000.0)
            .unwrap()
            .0
    }

    #[test]
    fn a_first_read_makes_the_copy_and_nothing_else_does() {
        let copy = first();
        assert_eq!(copy.generated_at_ms, 1_000);
        assert_eq!(copy.etag.as_deref(), Some("\"v1\""));
        assert_eq!(copy.read_at_ms, (NOW - 50_000.0) as u64);
        for failed in [
            Err(Failure::Status(404)),
            file(Some("<html>".into()), "x"),
            file(None, "x"),
        ] {
            assert_eq!(
                SnapshotCopy::default().after::<SerdeJson>(failed, NOW),
                None
            );
        }
    }

    #[test]
    fn a_304_keeps_the_copy_and_counts_as_a_read() {
        let copy = first();
        let (again, shown) = copy.after::<SerdeJson>(file(None, "\"v1\""), NOW).unwrap();
        assert_eq!(shown, None);
        assert_eq!(again.read_at_ms, NOW as u64);
        assert_eq!(
            SnapshotCopy {
                read_at_ms: copy.read_at_ms,
                ..again
            },
            copy
        );
    }

    #[test]
    fn a_new_file_replaces_the_copy_an_older_or_broken_one_does_not() {
        let copy = first();
        let (new, shown) = copy
            .after::<SerdeJson>(file(Some(text(2_000, 5)), "\"v2\""), NOW)
            .unwrap();
        assert_eq!(shown.unwrap().rooms[0].member_count, Some(5));
        assert_eq!(
            (new.generated_at_ms, new.etag.as_deref()),
            (2_000, Some("\"v2\""))
        );
        let truncated = text(3_000, 6);
        for failed in [
            Err(Failure::Status(500)),
            Err(Failure::Network),
            Err(Failure::TooLarge),
            file(Some(truncated[..truncated.len() / 2].to_owned()), "x"),
            file(Some(text(500, 9)), "\"old\""),
            file(Some(text(NOW as u64 + 3_600_000, 9)), "\"future\""),
            file(Some("{\"schema\":2}".into()), "x"),
        ] {
            assert_eq!(
                new.after::<SerdeJson>(failed.clone(), NOW),
                None,
                "{failed:?}"
            );
        }
        // The same time again is no error: a file rewritten unchanged.
        assert!(new
            .after::<SerdeJson>(file(Some(text(2_000, 5)), "\"v3\""), NOW)
            .is_some());
    }

    #[test]
    fn hostile_validators_are_not_sent_back() {
        let (copy, _) = SnapshotCopy::default()
            .after::<SerdeJson>(
                Ok(OwnFile {
                    text: Some(text(1, 1)),
                    etag: Some("a\nb".into()),
                    last_modified: Some("x".repeat(MAX_VALIDATOR_CHARS + 1)),
                }),
                NOW,
            )
            .unwrap();
        assert_eq!((copy.etag, copy.last_modified), (None, None));
    }

    #[test]
    fn a_copy_read_within_the_interval_is_recent_and_two_intervals_is_not_current() {
        let copy = SnapshotCopy {
            read_at_ms: 100_000,
            ..SnapshotCopy::default()
        };
        assert!(copy.is_recent(100_000.0, 30_000));
        assert!(copy.is_recent(129_999.0, 30_000));
        assert!(!copy.is_recent(130_000.0, 30_000));
        assert!(!copy.is_recent(99_000.0, 30_000), "a time after now");
        assert!(copy.is_current(159_999.0, 30_000));
        assert!(!copy.is_current(160_000.0, 30_000));
        assert!(!SnapshotCopy::default().is_current(NOW, 30_000));
    }

    #[test]
    fn the_copy_read_last_wins_unless_it_is_older() {
        let mine = first();
        let theirs = SnapshotCopy {
            read_at_ms: mine.read_at_ms + 1,
            ..mine.clone()
        };
        assert_eq!(mine.clone().or_newer(Some(theirs.clone())), theirs);
        assert_eq!(theirs.clone().or_newer(Some(mine.clone())), theirs);
        assert_eq!(mine.clone().or_newer(None), mine);
        let older = SnapshotCopy {
            read_at_ms: mine.read_at_ms + 5,
            generated_at_ms: 1,
            ..mine.clone()
        };
        assert_eq!(mine.clone().or_newer(Some(older)), mine);
    }

    #[test]
    fn a_stored_copy_round_trips_and_junk_is_refused() {
        let copy = first();
        let stored = copy.encode();
        assert!(stored.ends_with(&copy.text));
        assert_eq!(SnapshotCopy::decode(&stored), Some(copy.clone()));
        let without = SnapshotCopy {
            etag: None,
            last_modified: None,
            ..copy
        };
        assert_eq!(SnapshotCopy::decode(&without.encode()), Some(without));
        for junk in [
            "",
            "nope",
            "1\n2\n\n",
            "-1\n2\n\n\n{}",
            "18014398509481984\n2\n\n\n{}",
        ] {
            assert_eq!(SnapshotCopy::decode(junk), None, "{junk:?}");
        }
        // A hostile validator in storage is not sent.
        let sent = SnapshotCopy::decode("1\n2\na\u{7f}b\nx\n{}").unwrap();
        assert_eq!(
            (sent.etag, sent.last_modified.as_deref()),
            (None, Some("x"))
        );
    }

    #[test]
    fn rooms_still_present_take_the_new_state_rooms_gone_keep_theirs_not_current() {
        let snapshot = Snapshot::parse::<SerdeJson>(&text(2_000, 5)).unwrap();
        let fresh = snapshot.widget_rooms(NOW);
        let shown = first_state(4);
        let a = RoomAlias::parse("#a:example.org").unwrap();
        let b = RoomAlias::parse("#b:example.org").unwrap();
        let kept = reread_state(&fresh, &a, &shown);
        assert_eq!(
            (kept.freshness, kept.member_count(), kept.updated_at_ms),
            (Freshness::Snapshot, Some(5), Some(2_000))
        );
        let gone = reread_state(&fresh, &b, &shown);
        assert_eq!(
            (gone.freshness, gone.member_count(), gone.updated_at_ms),
            (Freshness::Stale, Some(4), Some(1_000))
        );
    }

    fn first_state(count: u64) -> RoomState {
        let snapshot = Snapshot::parse::<SerdeJson>(&text(1_000, count)).unwrap();
        snapshot.widget_rooms(NOW).remove(0).1
    }
}
