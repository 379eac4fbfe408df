//! How alive a room is: the snapshot's `activity`, counted from a room's
//! recent timeline by the snapshot tool and read back from the snapshot.
//!
//! The tool pages backwards through `GET /rooms/{id}/messages?dir=b` and
//! hands each page to an [`ActivityCount`], which decides what counts
//! (message events only), the 7- and 30-day windows and when to stop (30
//! days back or [`MAX_EVENTS`] events, whichever comes first). Only three
//! numbers leave it: no content, no sender, no event ID.
//!
//! The page shows it as of the snapshot's time, not the visitor's: a
//! [`RoomActivity`] carries both to a row, and `i18n::activity_label`
//! words it ("12 messages in the last 7 days"), the same words the Jekyll
//! include writes at the site's build, when there is no visitor's "now".

use serde::{Deserialize, Serialize};

use crate::snapshot::rfc3339_utc;
use crate::time::is_plausible;
use crate::wire::{required, safe_integer, Codec, Lenient, ReadError, Rule};

/// A day in milliseconds.
pub const DAY_MS: u64 = 86_400_000;
/// The short window: messages of the last 7 days.
pub const WEEK_MS: u64 = 7 * DAY_MS;
/// The long window, and how far back the tool reads: 30 days.
pub const MONTH_MS: u64 = 30 * DAY_MS;
/// The most timeline events read per room: a busy room's counts stop
/// there (they are then at least what they say), so a big space costs
/// its homeserver a bounded number of requests.
pub const MAX_EVENTS: usize = 1000;
/// Events asked for per `/messages` page: ten pages at most per room, and
/// a page of long messages stays within what the tool reads at once.
pub const PAGE_EVENTS: usize = 100;

/// The most `/messages` pages read per room: twice what [`MAX_EVENTS`]
/// takes, as a server may answer with fewer events than asked for (those
/// the bot may not see left out), and a stop for one that sends one event
/// a page.
pub const MAX_PAGES: usize = 2 * MAX_EVENTS / PAGE_EVENTS;

/// The event types that are messages: text and media, end-to-end
/// encrypted ones (counted unread), stickers. Not state, membership,
/// reactions or redactions.
pub const MESSAGE_TYPES: [&str; 3] = ["m.room.message", "m.room.encrypted", "m.sticker"];

/// A room's activity as a snapshot records it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// When the newest message read was sent, RFC 3339 in UTC; `None` when
    /// none was found within what was read.
    pub last_message_at: Option<String>,
    /// Messages sent in the 7 days before the snapshot.
    pub messages_7d: u64,
    /// Messages sent in the 30 days before the snapshot.
    pub messages_30d: u64,
}

/// A room's activity as a row shows it: the snapshot's numbers and the
/// time they are as of, the snapshot's `generated_at_ms`. The words are
/// relative to that time, never to the visitor's clock: the Jekyll include
/// writes them at the site's build, and the widget taking its rows over
/// must say the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomActivity {
    /// The numbers, checked by the snapshot's reader.
    pub activity: Activity,
    /// When the snapshot was made, in milliseconds since the epoch.
    pub as_of_ms: u64,
}

/// What a row says of a room's activity, decided once for every language
/// (`i18n::activity_label` words it) and for the Jekyll include, which
/// follows the same rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Liveliness {
    /// Messages in the 7 days before the snapshot: this many (above 0).
    Week(u64),
    /// None in 7 days; the last message was this long before the
    /// snapshot (0 for one dated after it, within the clocks' skew).
    LastMessage {
        /// Milliseconds from the last message to the snapshot.
        ago_ms: u64,
    },
    /// No message found in the 30 days read, and no date of one.
    Quiet,
}

impl RoomActivity {
    /// The rule: messages in the last 7 days when there were any; else
    /// how long ago the last message was, when its date is known; else
    /// quiet for the 30 days the tool reads.
    pub fn liveliness(&self) -> Liveliness {
        let activity = &self.activity;
        if activity.messages_7d > 0 {
            return Liveliness::Week(activity.messages_7d);
        }
        match activity
            .last_message_at
            .as_deref()
            .and_then(parse_rfc3339_utc)
        {
            Some(at_ms) => Liveliness::LastMessage {
                ago_ms: self.as_of_ms.saturating_sub(at_ms),
            },
            None => Liveliness::Quiet,
        }
    }
}

/// An activity as written: each field checked by [`Activity::read`].
#[derive(Deserialize)]
pub(crate) struct ActivityWire {
    last_message_at: Option<String>,
    messages_7d: Option<u64>,
    messages_30d: Option<u64>,
}

impl Activity {
    /// Checks an activity read from a snapshot made at `generated_at_ms`:
    /// whole counts no larger than 2^53, no more in 7 days than in 30,
    /// and a last message that is a real date written as the tool writes
    /// it, not after the snapshot (beyond clock skew), and there whenever
    /// a message was counted.
    pub(crate) fn read(wire: ActivityWire, generated_at_ms: u64) -> Result<Activity, ReadError> {
        let messages_7d = safe_integer(required(wire.messages_7d, "messages_7d")?, "messages_7d")?;
        let messages_30d =
            safe_integer(required(wire.messages_30d, "messages_30d")?, "messages_30d")?;
        if messages_7d > messages_30d {
            return Err(ReadError::field("messages_7d", Rule::Inconsistent));
        }
        if let Some(at) = &wire.last_message_at {
            let implausible = ReadError::field("last_message_at", Rule::Implausible);
            let ms = parse_rfc3339_utc(at).ok_or(implausible)?;
            if !is_plausible(ms, generated_at_ms as f64) {
                return Err(implausible);
            }
        } else if messages_30d > 0 {
            return Err(ReadError::field("last_message_at", Rule::Missing));
        }
        Ok(Activity {
            last_message_at: wire.last_message_at,
            messages_7d,
            messages_30d,
        })
    }
}

/// `2026-11-24T09:25:45Z` as milliseconds since the epoch: only the form
/// [`rfc3339_utc`] writes (UTC, to the second), and only a real date —
/// no February 30th, no hour 24, nothing before 1970. Checked field by
/// field rather than by writing the time back: the widget reads it too,
/// and formatting would bring its machinery into the wasm.
pub fn parse_rfc3339_utc(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.len() != 20 {
        return None;
    }
    for (at, separator) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'Z'),
    ] {
        if bytes.get(at) != Some(&separator) {
            return None;
        }
    }
    let number = |from: usize, to: usize| -> Option<i64> {
        bytes.get(from..to)?.iter().try_fold(0i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Howard Hinnant's days-from-civil, the inverse of `rfc3339_utc`'s.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    u64::try_from(seconds).ok()?.checked_mul(1000)
}

/// A timeline event as `/messages` lists it: only what is counted (a
/// field of another type counts as absent, never as an error).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TimelineEvent {
    /// The event's type.
    #[serde(rename = "type", default)]
    pub(crate) kind: Lenient<String>,
    /// When its server says it was sent.
    #[serde(default)]
    pub(crate) origin_server_ts: Lenient<u64>,
    /// Present on state events, whatever their type.
    pub(crate) state_key: Option<serde::de::IgnoredAny>,
}

impl TimelineEvent {
    /// Whether it is a message: a message type, and not a state event.
    pub fn is_message(&self) -> bool {
        self.state_key.is_none()
            && self
                .kind
                .0
                .as_deref()
                .is_some_and(|kind| MESSAGE_TYPES.contains(&kind))
    }
}

/// One page of `GET /rooms/{id}/messages`: its events, newest first with
/// `dir=b`, and the token for the page after it, absent at the room's
/// beginning.
#[derive(Clone, Debug, Default)]
pub struct MessagesPage {
    /// The events; one that is not an object counts as nothing.
    pub(crate) chunk: Vec<Lenient<TimelineEvent>>,
    /// Where the next page starts.
    pub(crate) end: Option<String>,
}

impl MessagesPage {
    /// Reads a page; a page without `chunk` is refused.
    pub fn parse<J: Codec>(text: &str) -> Result<MessagesPage, ReadError> {
        #[derive(Deserialize)]
        struct Wire {
            chunk: Option<Vec<Lenient<TimelineEvent>>>,
            end: Option<String>,
        }
        let wire = J::read::<Wire>(text)?;
        Ok(MessagesPage {
            chunk: required(wire.chunk, "chunk")?,
            end: wire.end,
        })
    }
}

/// A room's activity, counted page by page as the tool reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityCount {
    now_ms: u64,
    events: usize,
    pages: usize,
    capped: bool,
    last_message_ms: Option<u64>,
    week: u64,
    month: u64,
    done: bool,
}

impl ActivityCount {
    /// Counts as of `now_ms`, the snapshot's time.
    pub fn new(now_ms: u64) -> ActivityCount {
        ActivityCount {
            now_ms,
            events: 0,
            pages: 0,
            capped: false,
            last_message_ms: None,
            week: 0,
            month: 0,
            done: false,
        }
    }

    /// How many events to ask for next; 0 once reading is over.
    pub fn limit(&self) -> usize {
        if self.done {
            return 0;
        }
        MAX_EVENTS.saturating_sub(self.events).min(PAGE_EVENTS)
    }

    /// Counts a page read `from` a token (`None` for the first page) and
    /// says where the next one starts: `None` when reading is over —
    /// the room's beginning, an event older than 30 days, [`MAX_EVENTS`]
    /// events, an empty page, or a server that hands back the token it was
    /// given (which would never end), or [`MAX_PAGES`] pages.
    pub fn page(&mut self, page: MessagesPage, from: Option<&str>) -> Option<String> {
        self.pages += 1;
        let oldest = self.now_ms.saturating_sub(MONTH_MS);
        let week = self.now_ms.saturating_sub(WEEK_MS);
        let empty = page.chunk.is_empty();
        for event in page.chunk {
            if self.events >= MAX_EVENTS {
                // A server that sent more than it was asked for.
                self.capped = true;
                self.done = true;
                break;
            }
            // Every entry counts toward the bound, an unreadable one too:
            // else pages of nothing readable, each with a new token, would
            // never end.
            self.events += 1;
            let Some(event) = event.0 else {
                continue;
            };
            // An event without a time, or from after now (a server's
            // clock or a forged event), says nothing about when people
            // talk: not counted, and no reason to stop.
            let Some(ts) = event.origin_server_ts.0 else {
                continue;
            };
            if !is_plausible(ts, self.now_ms as f64) {
                continue;
            }
            if ts < oldest {
                self.done = true;
                break;
            }
            if !event.is_message() {
                continue;
            }
            // Clock skew allowed above may put a message a little after
            // now: as of now, then.
            let ts = ts.min(self.now_ms);
            self.last_message_ms = Some(self.last_message_ms.map_or(ts, |last| last.max(ts)));
            self.month += 1;
            if ts >= week {
                self.week += 1;
            }
        }
        let more = page.end.filter(|end| !empty && Some(end.as_str()) != from);
        if more.is_some() && !self.done && (self.events >= MAX_EVENTS || self.pages >= MAX_PAGES) {
            // Stopped by a bound with history left within 30 days.
            self.capped = true;
            self.done = true;
        }
        match more {
            Some(end) if !self.done => Some(end),
            _ => {
                self.done = true;
                None
            }
        }
    }

    /// Whether reading stopped at a bound ([`MAX_EVENTS`], [`MAX_PAGES`])
    /// with history left within the 30 days: then the counts are at least
    /// what they say.
    pub fn capped(&self) -> bool {
        self.capped
    }

    /// The activity counted so far.
    pub fn activity(&self) -> Activity {
        Activity {
            last_message_at: self.last_message_ms.map(rfc3339_utc),
            messages_7d: self.week,
            messages_30d: self.month,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::MAX_CLOCK_SKEW_MS;
    use crate::wire::SerdeJson;

    const NOW: u64 = 1_795_512_345_000;

    fn event(kind: &str, ts: u64) -> Lenient<TimelineEvent> {
        Lenient(Some(TimelineEvent {
            kind: Lenient(Some(kind.into())),
            origin_server_ts: Lenient(Some(ts)),
            state_key: None,
        }))
    }

    fn page(chunk: Vec<Lenient<TimelineEvent>>, end: Option<&str>) -> MessagesPage {
        MessagesPage {
            chunk,
            end: end.map(Into::into),
        }
    }

    #[test]
    fn counts_messages_only() {
        let text = r#"{"chunk":[
            {"type":"m.room.message","origin_server_ts":1795512344000,"content":{"body":"hi"},"sender":"@a:x","event_id":"$1"},
            {"type":"m.room.encrypted","origin_server_ts":1795512343000},
            {"type":"m.sticker","origin_server_ts":1795512342000},
            {"type":"m.room.member","state_key":"@a:x","origin_server_ts":1795512341000},
            {"type":"m.room.message","state_key":"","origin_server_ts":1795512341000},
            {"type":"m.room.redaction","redacts":"$1","origin_server_ts":1795512340000},
            {"type":"m.reaction","origin_server_ts":1795512340000},
            {"type":"m.room.name","state_key":"","origin_server_ts":1795512339000},
            {"type":7,"origin_server_ts":"soon"},
            "not an event",
            {"type":"m.room.message"}
        ],"end":"t2","start":"t1"}"#;
        let parsed = MessagesPage::parse::<SerdeJson>(text).unwrap();
        assert_eq!(parsed.chunk.len(), 11);
        let mut count = ActivityCount::new(NOW);
        assert_eq!(count.page(parsed, None), Some("t2".into()));
        assert_eq!(
            count.activity(),
            Activity {
                last_message_at: Some("2026-11-24T09:25:44Z".into()),
                messages_7d: 3,
                messages_30d: 3,
            }
        );
        assert_eq!(
            MessagesPage::parse::<SerdeJson>(r#"{"end":"x"}"#).unwrap_err(),
            ReadError::field("chunk", Rule::Missing)
        );
        assert!(MessagesPage::parse::<SerdeJson>(r#"{"chunk":{}}"#).is_err());
    }

    #[test]
    fn the_windows_edges() {
        let mut count = ActivityCount::new(NOW);
        let next = count.page(
            page(
                vec![
                    // Within the clock skew after now: counted as of now.
                    event("m.room.message", NOW + 1000),
                    // Beyond it: a server's clock or a forgery, not counted.
                    event("m.room.message", NOW + MAX_CLOCK_SKEW_MS + 1),
                    event("m.room.message", NOW - WEEK_MS),
                    event("m.room.message", NOW - WEEK_MS - 1),
                    event("m.room.message", NOW - MONTH_MS),
                ],
                Some("t2"),
            ),
            None,
        );
        assert_eq!(next, Some("t2".into()));
        assert_eq!(
            count.activity(),
            Activity {
                last_message_at: Some(rfc3339_utc(NOW)),
                messages_7d: 2,
                messages_30d: 4,
            }
        );
        // The first event older than 30 days ends the reading.
        let next = count.page(
            page(
                vec![
                    event("m.room.message", NOW - MONTH_MS - 1),
                    event("m.room.message", NOW - 1),
                ],
                Some("t3"),
            ),
            Some("t2"),
        );
        assert_eq!(next, None);
        assert_eq!(count.activity().messages_30d, 4);
        assert_eq!(count.limit(), 0);
        assert!(!count.capped());
    }

    #[test]
    fn stops_at_a_thousand_events_and_at_endless_servers() {
        let mut count = ActivityCount::new(NOW);
        let mut from: Option<String> = None;
        let mut pages = 0;
        while count.limit() > 0 {
            assert!(count.limit() <= PAGE_EVENTS);
            let chunk = (0..count.limit())
                .map(|i| event("m.room.message", NOW - i as u64))
                .collect();
            let token = format!("t{pages}");
            from = count.page(page(chunk, Some(&token)), from.as_deref());
            pages += 1;
        }
        assert_eq!(pages, MAX_EVENTS / PAGE_EVENTS);
        assert_eq!(from, None);
        assert!(count.capped());
        assert_eq!(count.activity().messages_7d, MAX_EVENTS as u64);
        // A server that answers more than it was asked for is read to the
        // bound and no further.
        let mut greedy = ActivityCount::new(NOW);
        let chunk = (0..MAX_EVENTS + 5)
            .map(|_| event("m.room.message", NOW))
            .collect();
        assert_eq!(greedy.page(page(chunk, Some("t")), None), None);
        assert_eq!(greedy.activity().messages_30d, MAX_EVENTS as u64);
        // Pages of entries that are no events, each with a new token: the
        // bound holds them too.
        let mut junk = ActivityCount::new(NOW);
        let mut pages = 0;
        let mut from = None;
        while junk.limit() > 0 {
            let chunk = (0..junk.limit()).map(|_| Lenient(None)).collect();
            from = junk.page(page(chunk, Some(&format!("j{pages}"))), from.as_deref());
            pages += 1;
        }
        assert_eq!(pages, MAX_EVENTS / PAGE_EVENTS);
        assert_eq!(junk.activity(), Activity::default());
        // One event a page, each with a new token: MAX_PAGES pages.
        let mut trickle = ActivityCount::new(NOW);
        let mut pages = 0;
        let mut from = None;
        while trickle.limit() > 0 {
            let chunk = vec![event("m.room.message", NOW)];
            from = trickle.page(page(chunk, Some(&format!("p{pages}"))), from.as_deref());
            pages += 1;
        }
        assert_eq!(pages, MAX_PAGES);
        assert!(trickle.capped());
        assert_eq!(trickle.activity().messages_7d, MAX_PAGES as u64);
        // The same token again, an empty page, the room's start: the end.
        let one = || vec![event("m.room.member", NOW)];
        assert_eq!(
            ActivityCount::new(NOW).page(page(one(), Some("t")), Some("t")),
            None
        );
        assert_eq!(
            ActivityCount::new(NOW).page(page(vec![], Some("u")), Some("t")),
            None
        );
        let mut start = ActivityCount::new(NOW);
        assert_eq!(start.page(page(one(), None), None), None);
        assert!(!start.capped());
        assert_eq!(
            start.activity(),
            Activity {
                last_message_at: None,
                messages_7d: 0,
                messages_30d: 0
            }
        );
    }

    #[test]
    fn what_a_row_says_follows_one_rule() {
        let room = |messages_7d, last: Option<&str>| {
            RoomActivity {
                activity: Activity {
                    last_message_at: last.map(Into::into),
                    messages_7d,
                    messages_30d: messages_7d + 1,
                },
                as_of_ms: NOW,
            }
            .liveliness()
        };
        assert_eq!(room(3, Some("2026-11-24T09:25:45Z")), Liveliness::Week(3));
        assert_eq!(
            room(0, Some("2026-11-16T09:25:44Z")),
            Liveliness::LastMessage {
                ago_ms: WEEK_MS + DAY_MS + 1000
            }
        );
        // After the snapshot, within the clocks' skew: no time ago.
        assert_eq!(
            room(0, Some("2026-11-24T09:26:00Z")),
            Liveliness::LastMessage { ago_ms: 0 }
        );
        assert_eq!(room(0, None), Liveliness::Quiet);
        // Not a date the reader would take: as if there were none.
        assert_eq!(room(0, Some("yesterday")), Liveliness::Quiet);
    }

    #[test]
    fn reads_only_real_dates_as_written() {
        for (text, ms) in [
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("2026-11-24T09:25:45Z", 1_795_512_345_000),
        ] {
            assert_eq!(parse_rfc3339_utc(text), Some(ms), "{text}");
        }
        for text in [
            "",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T09:25:60Z",
            "2026-11-24T09:25:45+01:00",
            "2026-11-24 09:25:45Z",
            "2026-11-24T09:25:45.5Z",
            "+026-11-24T09:25:45Z",
            "2026-11-24T09:25:4ZZ",
            "1969-12-31T23:59:59Z",
            "2025-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-00-10T00:00:00Z",
            "2026-11-00T00:00:00Z",
            "2026-11-24T09:60:00Z",
            "2026-11-24T09:25:45z",
            "2026-11-24T09:25:45Z\u{202e}",
            "2026-11-24T09:25:-5Z",
            "yesterday",
        ] {
            assert_eq!(parse_rfc3339_utc(text), None, "{text}");
        }
        // Whatever the tool writes reads back as the same time, to the
        // second, across leap days and years.
        for ms in (0..40_000u64).map(|i| i * 86_400_000 + i * 7_777_777 % 86_400_000) {
            let second = ms - ms % 1000;
            assert_eq!(parse_rfc3339_utc(&rfc3339_utc(ms)), Some(second), "{ms}");
        }
        assert_eq!(
            parse_rfc3339_utc("2000-02-29T23:59:59Z"),
            Some(951_868_799_000)
        );
        assert_eq!(
            parse_rfc3339_utc("9999-12-31T23:59:59Z"),
            Some(253_402_300_799_000)
        );
    }
}
