//! A snapshot: a space's rooms and counts, written at a site's build time by
//! the `matrix-channels snapshot` tool (`crates/snapshot`) and read by Jekyll (from
//! `_data/`) and by the widget (its `snapshot` attribute).
//!
//! The format is versioned by [`SCHEMA_VERSION`]; a reader refuses any other
//! version rather than guess. It is defined here once, as serde types:
//! [`Snapshot`] is written as it is (the tool lays it out, one room a
//! line) and [`Snapshot::parse`] reads it back with the same field names,
//! and a test holds the two together. The tool fills it from Matrix answers, the
//! widget turns it into rows.

use serde::{Deserialize, Serialize};

use crate::matrix::link::matrix_to_url;

use crate::matrix::hierarchy::OrderedRoom;
use crate::matrix::{RoomAlias, RoomSummary};
use crate::room::{ConfiguredRoom, Freshness, RoomState};
use crate::wire::{required, safe_integer, Codec, ReadError};

use crate::activity::{Activity, ActivityWire, RoomActivity};

/// The version of the snapshot format this build reads and writes. It
/// changes only when a reader of the old version would misread a new
/// snapshot: a field added as optional (a room's `activity`) keeps it,
/// since every reader ignores fields it does not know — so a widget of an
/// older release still reads a newer tool's snapshot.
pub const SCHEMA_VERSION: u32 = 1;

/// The most rooms a snapshot holds, as many as a widget shows.
pub const MAX_SNAPSHOT_ROOMS: usize = crate::discovery::MAX_ROOMS;

/// A space and its rooms at one moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// The format's version, [`SCHEMA_VERSION`].
    pub schema: u32,
    /// When the snapshot was made, RFC 3339 in UTC (for Liquid's `date`).
    pub generated_at: String,
    /// The same moment in milliseconds since the epoch (for the widget).
    pub generated_at_ms: u64,
    /// The homeserver's client API base URL the tool asked.
    pub homeserver: String,
    /// Whether the rooms came from the space's hierarchy (with a token) or
    /// from anonymous room summaries.
    pub source: Source,
    /// The space itself, when it could be read.
    pub space: Option<SnapshotRoom>,
    /// The space's rooms, in the space's order.
    pub rooms: Vec<SnapshotRoom>,
}

/// Where a snapshot's rooms came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// `GET /rooms/{space}/hierarchy`, as the bot account sees it.
    Hierarchy,
    /// The anonymous room summary of each room named.
    Summary,
}

/// One room of a snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SnapshotRoom {
    /// The room's canonical alias, when it has one.
    pub alias: Option<String>,
    /// The room's ID.
    pub room_id: Option<String>,
    /// A link that opens the room: matrix.to with the alias, else the room
    /// ID with a server to join through.
    pub link: String,
    /// The room's name.
    pub name: Option<String>,
    /// The room's topic.
    pub topic: Option<String>,
    /// Joined members when the snapshot was made; absent when the server
    /// would not say.
    pub member_count: Option<u64>,
    /// The join rule: `public`, `restricted`, `knock`, …
    pub join_rule: Option<String>,
    /// `m.space` for a space.
    pub room_type: Option<String>,
    /// Whether the space suggests the room.
    pub suggested: bool,
    /// How deep below the space: 1 for its own rooms.
    pub depth: u32,
    /// The avatar thumbnail, a path relative to the snapshot file.
    pub avatar: Option<String>,
    /// How alive the room is, when the tool could read its timeline; not
    /// written at all otherwise (absent, not zeros).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity: Option<Activity>,
}

impl Source {
    /// The name the format gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Hierarchy => "hierarchy",
            Source::Summary => "summary",
        }
    }
}

/// Why a snapshot is unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Not JSON at all (an HTML page, a cut-off file).
    #[error("not JSON")]
    NotJson,
    /// JSON without a schema version: not a snapshot of this tool.
    #[error("not a matrix-channels snapshot (no schema version)")]
    NoSchema,
    /// Another version of the format.
    #[error("snapshot schema {0} is not the schema {SCHEMA_VERSION} this version reads")]
    OtherSchema(u64),
    /// This version, but a field is refused.
    #[error("the snapshot's {0}")]
    Refused(ReadError),
}

/// Only the version, read before anything else: another version's fields
/// may be anything.
#[derive(Deserialize)]
struct Versioned {
    schema: Option<u64>,
}

/// A snapshot as written: what may be absent or null is an `Option`.
#[derive(Deserialize)]
struct SnapshotWire {
    generated_at: Option<String>,
    generated_at_ms: Option<u64>,
    homeserver: Option<String>,
    source: Option<Source>,
    space: Option<SnapshotRoomWire>,
    rooms: Option<Vec<SnapshotRoomWire>>,
}

/// A room as written.
#[derive(Deserialize)]
struct SnapshotRoomWire {
    alias: Option<String>,
    room_id: Option<String>,
    link: Option<String>,
    name: Option<String>,
    topic: Option<String>,
    member_count: Option<u64>,
    join_rule: Option<String>,
    room_type: Option<String>,
    suggested: Option<bool>,
    depth: Option<u32>,
    avatar: Option<String>,
    activity: Option<ActivityWire>,
}

impl SnapshotRoomWire {
    /// The room, its fields checked; `generated_at_ms` is the snapshot's
    /// time, which no message's may follow.
    fn read(self, generated_at_ms: u64) -> Result<SnapshotRoom, ReadError> {
        let wire = self;
        Ok(SnapshotRoom {
            alias: wire.alias,
            room_id: wire.room_id,
            link: required(wire.link, "link")?,
            name: wire.name,
            topic: wire.topic,
            member_count: wire
                .member_count
                .map(|n| safe_integer(n, "member_count"))
                .transpose()?,
            join_rule: wire.join_rule,
            room_type: wire.room_type,
            suggested: wire.suggested.unwrap_or(false),
            depth: wire.depth.unwrap_or(1),
            avatar: wire.avatar,
            activity: wire
                .activity
                .map(|a| Activity::read(a, generated_at_ms))
                .transpose()?,
        })
    }
}

impl TryFrom<SnapshotWire> for Snapshot {
    type Error = ReadError;

    fn try_from(wire: SnapshotWire) -> Result<Snapshot, ReadError> {
        let generated_at_ms = required(wire.generated_at_ms, "generated_at_ms")?;
        Ok(Snapshot {
            schema: SCHEMA_VERSION,
            generated_at: required(wire.generated_at, "generated_at")?,
            generated_at_ms: safe_integer(generated_at_ms, "generated_at_ms")?,
            homeserver: required(wire.homeserver, "homeserver")?,
            source: required(wire.source, "source")?,
            space: wire
                .space
                .map(|room| room.read(generated_at_ms))
                .transpose()?,
            rooms: required(wire.rooms, "rooms")?
                .into_iter()
                .map(|room| room.read(generated_at_ms))
                .collect::<Result<Vec<_>, _>>()?,
        })
    }
}

impl SnapshotRoom {
    /// A room as the hierarchy describes it.
    pub fn from_hierarchy(ordered: &OrderedRoom<'_>, via: &str) -> SnapshotRoom {
        let room = ordered.room;
        let alias = room
            .canonical_alias
            .as_deref()
            .and_then(|a| RoomAlias::parse(a).ok());
        SnapshotRoom {
            link: room_link(alias.as_ref(), &room.room_id, via),
            alias: alias.map(|a| a.to_string()),
            room_id: Some(room.room_id.clone()),
            name: room.name.clone(),
            topic: room.topic.clone(),
            member_count: Some(room.num_joined_members),
            join_rule: room.join_rule.clone(),
            room_type: room.room_type.clone(),
            suggested: ordered.suggested,
            depth: ordered.depth,
            avatar: None,
            activity: None,
        }
    }

    /// A room as its anonymous summary describes it; `summary` is `None`
    /// when the server would not describe it, and the room keeps what
    /// `previous` (an earlier snapshot) knew but its count.
    pub fn from_summary(
        alias: &RoomAlias,
        summary: Option<&RoomSummary>,
        previous: Option<&SnapshotRoom>,
    ) -> SnapshotRoom {
        let room_id = summary
            .and_then(|s| s.room_id.clone())
            .or_else(|| previous.and_then(|p| p.room_id.clone()));
        SnapshotRoom {
            alias: Some(alias.to_string()),
            link: alias.matrix_to_url(),
            name: summary
                .and_then(|s| s.name.clone())
                .or_else(|| previous.and_then(|p| p.name.clone())),
            topic: summary
                .and_then(|s| s.topic.clone())
                .or_else(|| previous.and_then(|p| p.topic.clone())),
            member_count: summary.map(|s| s.num_joined_members),
            join_rule: summary
                .map(|s| s.join_rule.clone().unwrap_or_else(|| "public".into()))
                .or_else(|| previous.and_then(|p| p.join_rule.clone())),
            room_type: summary
                .map(|s| s.room_type.clone())
                .unwrap_or_else(|| previous.and_then(|p| p.room_type.clone())),
            suggested: previous.is_some_and(|p| p.suggested),
            depth: previous.map_or(1, |p| p.depth),
            avatar: previous.and_then(|p| p.avatar.clone()),
            room_id,
            // Only a token reads a timeline: an earlier snapshot's
            // activity would be passed off as of now.
            activity: None,
        }
    }

    /// What the widget shows for the room: its alias (rooms without one
    /// cannot be asked about anonymously, so the widget leaves them to the
    /// server-rendered list) with the snapshot's name, topic and count.
    pub fn widget_room(&self) -> Option<(ConfiguredRoom, Option<RoomSummary>)> {
        let alias = RoomAlias::parse(self.alias.as_deref()?).ok()?;
        let summary = self.member_count.map(|count| RoomSummary {
            room_id: self.room_id.clone(),
            num_joined_members: count,
            name: self.name.clone(),
            topic: self.topic.clone(),
            canonical_alias: self.alias.clone(),
            room_type: self.room_type.clone(),
            join_rule: self.join_rule.clone(),
        });
        Some((
            ConfiguredRoom {
                join_url: alias.matrix_to_url(),
                alias,
                name: self.name.clone(),
                description: self.topic.clone(),
                avatar: self.avatar.clone(),
                // As of the snapshot's time: [`Snapshot::widget_rooms`]
                // knows it.
                activity: None,
            },
            summary,
        ))
    }
}

impl Snapshot {
    /// Reads a snapshot; `Err` says why it is unusable.
    pub fn parse<J: Codec>(text: &str) -> Result<Snapshot, SnapshotError> {
        let schema = match J::read::<Versioned>(text) {
            Err(ReadError::NotJson) => return Err(SnapshotError::NotJson),
            Ok(Versioned {
                schema: Some(schema),
            }) => schema,
            Ok(_) | Err(_) => return Err(SnapshotError::NoSchema),
        };
        if schema != u64::from(SCHEMA_VERSION) {
            return Err(SnapshotError::OtherSchema(schema));
        }
        J::read::<SnapshotWire>(text)
            .and_then(Snapshot::try_from)
            .map_err(SnapshotError::Refused)
    }

    /// The snapshot as the format writes it: one room a line, so that a
    /// site's history shows which rooms changed. `None` only when the
    /// writer fails.
    pub fn to_json<J: Codec>(&self) -> Option<String> {
        // `rooms` is the last field: the head is everything before its
        // empty list.
        let empty = Snapshot {
            rooms: Vec::new(),
            ..self.clone()
        };
        let head = J::write(&empty)?;
        let head = head.strip_suffix("[]}")?;
        let rooms = self
            .rooms
            .iter()
            .map(J::write)
            .collect::<Option<Vec<String>>>()?;
        Some(format!("{head}[\n{}\n]}}\n", rooms.join(",\n")))
    }

    /// Whether the snapshot's time can be believed at `now_ms` (see
    /// [`crate::time`]).
    pub fn is_dated(&self, now_ms: f64) -> bool {
        crate::time::is_plausible(self.generated_at_ms, now_ms)
    }

    /// The widget's rows and their starting state: the snapshot's counts,
    /// as of its time — or of no known time, when the snapshot's time is
    /// implausible at `now_ms`; then any cached or live count wins. Each
    /// room's activity is as of the snapshot's time whatever `now_ms`: it
    /// is worded relative to it, as the Jekyll include words it.
    pub fn widget_rooms(&self, now_ms: f64) -> Vec<(ConfiguredRoom, RoomState)> {
        let as_of = self.is_dated(now_ms).then_some(self.generated_at_ms);
        let mut rooms: Vec<(ConfiguredRoom, RoomState)> = Vec::new();
        for snapshot_room in &self.rooms {
            let Some((mut room, summary)) = snapshot_room.widget_room() else {
                continue;
            };
            if rooms.len() >= MAX_SNAPSHOT_ROOMS {
                break;
            }
            if rooms.iter().any(|(r, _)| r.alias == room.alias) {
                continue;
            }
            room.activity = snapshot_room.activity.clone().map(|activity| RoomActivity {
                activity,
                as_of_ms: self.generated_at_ms,
            });
            let state = RoomState {
                summary,
                freshness: Freshness::Snapshot,
                updated_at_ms: as_of,
            };
            rooms.push((room, state));
        }
        rooms
    }
}

/// A matrix.to link to the room: by alias when it has one, else by ID with
/// the server to join through, as matrix.to needs for room IDs.
pub fn room_link(alias: Option<&RoomAlias>, room_id: &str, via: &str) -> String {
    match alias {
        Some(alias) => alias.matrix_to_url(),
        None => matrix_to_url(room_id, Some(via)),
    }
}

/// `ms` since the epoch as RFC 3339 in UTC, to the second:
/// `2026-11-24T09:30:00Z`.
pub fn rfc3339_utc(ms: u64) -> String {
    let seconds = ms / 1000;
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Howard Hinnant's days-to-civil, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::SerdeJson;

    impl Snapshot {
        fn parse_here(text: &str) -> Result<Snapshot, String> {
            Snapshot::parse::<SerdeJson>(text).map_err(|e| e.to_string())
        }
    }

    #[test]
    fn dates_are_rfc3339() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_512_345_678), "2026-11-24T09:25:45Z");
    }

    #[test]
    fn links_by_alias_else_by_room_id_with_via() {
        let alias = RoomAlias::parse("#a:example.org").unwrap();
        assert_eq!(
            room_link(Some(&alias), "!x:example.org", "example.org"),
            "https://matrix.to/#/#a:example.org"
        );
        assert_eq!(
            room_link(None, "!x/y:example.org", "example.org"),
            "https://matrix.to/#/!x%2Fy:example.org?via=example.org"
        );
    }

    fn snapshot(rooms: Vec<SnapshotRoom>) -> Snapshot {
        Snapshot {
            schema: SCHEMA_VERSION,
            generated_at: rfc3339_utc(1000),
            generated_at_ms: 1000,
            homeserver: "https://example.org".into(),
            source: Source::Hierarchy,
            space: None,
            rooms,
        }
    }

    #[test]
    fn round_trips_and_refuses_other_versions() {
        let ordered = crate::matrix::hierarchy::HierarchyRoom {
            room_id: "!r:example.org".into(),
            canonical_alias: Some("#r:example.org".into()),
            num_joined_members: 12,
            name: Some("Room".into()),
            ..Default::default()
        };
        let room = SnapshotRoom::from_hierarchy(
            &OrderedRoom {
                room: &ordered,
                suggested: true,
                depth: 1,
                parent: "!s:example.org",
            },
            "example.org",
        );
        let mut written = snapshot(vec![room]);
        written.space = Some(SnapshotRoom {
            alias: Some("#s:example.org".into()),
            link: "https://matrix.to/#/#s:example.org".into(),
            name: Some("A \"quoted\" space\n".into()),
            depth: 0,
            ..SnapshotRoom::default()
        });
        let text = written.to_json::<SerdeJson>().unwrap();
        assert_eq!(Snapshot::parse_here(&text), Ok(written.clone()));
        assert_eq!(
            text.lines().count(),
            3,
            "one line before the rooms, one a room, one after"
        );
        written.rooms.clear();
        assert_eq!(
            Snapshot::parse_here(&written.to_json::<SerdeJson>().unwrap()),
            Ok(written)
        );
        let newer = text.replace("\"schema\":1", "\"schema\":2");
        assert!(Snapshot::parse_here(&newer)
            .unwrap_err()
            .contains("schema 2"));
        assert!(Snapshot::parse_here("<html>").is_err());
        assert!(Snapshot::parse_here(r#"{"schema":1,"rooms":3}"#).is_err());
        let bad_count = text.replace("\"member_count\":12", "\"member_count\":\"12\"");
        assert!(Snapshot::parse_here(&bad_count)
            .unwrap_err()
            .contains("shape"));
        let no_link = text.replacen("\"link\":", "\"linked\":", 1);
        assert_eq!(
            Snapshot::parse_here(&no_link).unwrap_err(),
            "the snapshot's `link` is missing"
        );
        assert_eq!(
            Snapshot::parse_here(r#"{"schema":"1"}"#).unwrap_err(),
            "not a matrix-channels snapshot (no schema version)"
        );
    }

    /// A snapshot of one room whose `activity` is `activity` (JSON text),
    /// made at `generated_at_ms`.
    fn with_activity(activity: &str, generated_at_ms: u64) -> String {
        format!(
            r#"{{"schema":1,"generated_at":"x","generated_at_ms":{generated_at_ms},"homeserver":"h","source":"hierarchy","space":null,"rooms":[{{"link":"l","activity":{activity}}}]}}"#
        )
    }

    #[test]
    fn a_reader_ignores_fields_it_does_not_know() {
        // What a widget of an older release, without `activity`, does with
        // it: the rest reads as before.
        let text = with_activity(r#"{"later":[1,{"x":null}]}"#, 1000)
            .replace("\"activity\"", "\"from_a_later_version\"")
            .replace("\"space\":null", "\"space\":null,\"also_later\":true");
        let read = Snapshot::parse_here(&text).unwrap();
        assert_eq!(read.rooms.len(), 1);
        assert_eq!(read.rooms[0].link, "l");
    }

    #[test]
    fn activity_round_trips_and_is_absent_where_unread() {
        let read = SnapshotRoom {
            link: "l".into(),
            activity: Some(Activity {
                last_message_at: Some(rfc3339_utc(999_000)),
                messages_7d: 2,
                messages_30d: 5,
            }),
            ..SnapshotRoom::default()
        };
        let quiet = SnapshotRoom {
            link: "q".into(),
            activity: Some(Activity::default()),
            ..SnapshotRoom::default()
        };
        let unread = SnapshotRoom {
            link: "u".into(),
            ..SnapshotRoom::default()
        };
        let mut written = snapshot(vec![read, quiet, unread]);
        written.generated_at_ms = 1_000_000;
        let text = written.to_json::<SerdeJson>().unwrap();
        assert!(text.contains(
            r#""activity":{"last_message_at":"1970-01-01T00:16:39Z","messages_7d":2,"messages_30d":5}"#
        ));
        assert!(text
            .contains(r#""activity":{"last_message_at":null,"messages_7d":0,"messages_30d":0}"#));
        assert_eq!(text.matches("activity").count(), 2, "{text}");
        assert_eq!(Snapshot::parse_here(&text), Ok(written));
        let null = Snapshot::parse_here(&with_activity("null", 1000)).unwrap();
        assert_eq!(null.rooms[0].activity, None);
    }

    #[test]
    fn hostile_activity_is_refused_like_other_fields() {
        let now = 1_795_512_345_000;
        let ok = r#"{"last_message_at":"2026-11-24T09:25:45Z","messages_7d":1,"messages_30d":2}"#;
        assert!(Snapshot::parse_here(&with_activity(ok, now)).is_ok());
        let refused =
            |activity: &str| Snapshot::parse_here(&with_activity(activity, now)).unwrap_err();
        let shape = "the snapshot's its fields are not in the expected shape";
        for activity in [
            r#""lots""#,
            "[]",
            "12",
            r#"{"messages_7d":-1,"messages_30d":0}"#,
            r#"{"messages_7d":"1","messages_30d":2}"#,
            r#"{"messages_7d":1.5,"messages_30d":2}"#,
            r#"{"messages_7d":1,"messages_30d":1e300}"#,
            r#"{"messages_7d":0,"messages_30d":18446744073709551616}"#,
            r#"{"last_message_at":1795512345000,"messages_7d":0,"messages_30d":0}"#,
        ] {
            assert_eq!(refused(activity), shape, "{activity}");
        }
        for (activity, why) in [
            (
                r#"{"messages_7d":0,"messages_30d":9007199254740993}"#,
                "`messages_30d` is above 2^53",
            ),
            (r#"{"messages_30d":0}"#, "`messages_7d` is missing"),
            (r#"{"messages_7d":0}"#, "`messages_30d` is missing"),
            (
                r#"{"last_message_at":"2026-11-24T09:25:45Z","messages_7d":3,"messages_30d":2}"#,
                "`messages_7d` contradicts the fields beside it",
            ),
            (
                r#"{"messages_7d":0,"messages_30d":2}"#,
                "`last_message_at` is missing",
            ),
        ] {
            assert_eq!(
                refused(activity),
                format!("the snapshot's {why}"),
                "{activity}"
            );
        }
        // Dates: malformed, impossible, or after the snapshot was made.
        for date in [
            "yesterday",
            "",
            "2026-11-24T09:25:45+01:00",
            "2026-02-30T00:00:00Z",
            "2026-11-24T09:27:46Z",
            "9999-12-31T23:59:59Z",
            "2026-11-24T09:25:45Z\\u202e",
        ] {
            let activity =
                format!(r#"{{"last_message_at":"{date}","messages_7d":0,"messages_30d":1}}"#);
            assert_eq!(
                refused(&activity),
                "the snapshot's `last_message_at` is not a plausible time",
                "{date}"
            );
        }
        // Within the clocks' skew after the snapshot: believed.
        let skewed =
            r#"{"last_message_at":"2026-11-24T09:26:45Z","messages_7d":0,"messages_30d":1}"#;
        assert!(Snapshot::parse_here(&with_activity(skewed, now)).is_ok());
        // The space's activity is checked as a room's is.
        let space = with_activity("null", now).replace(
            "\"space\":null",
            r#""space":{"link":"s","activity":{"messages_7d":-5,"messages_30d":0}}"#,
        );
        assert_eq!(Snapshot::parse_here(&space).unwrap_err(), shape);
    }

    #[test]
    fn the_widget_gets_aliased_rooms_with_their_counts_as_of_the_snapshot() {
        let room = |alias: Option<&str>, count: Option<u64>| SnapshotRoom {
            alias: alias.map(Into::into),
            link: String::new(),
            member_count: count,
            ..SnapshotRoom::default()
        };
        let rows = snapshot(vec![
            room(Some("#a:example.org"), Some(3)),
            room(None, Some(4)),
            room(Some("not an alias"), Some(5)),
            room(Some("#a:example.org"), Some(6)),
            room(Some("#closed:example.org"), None),
        ])
        .widget_rooms(2000.0);
        let seen: Vec<_> = rows
            .iter()
            .map(|(r, s)| (r.alias.to_string(), s.member_count(), s.freshness))
            .collect();
        assert_eq!(
            seen,
            [
                ("#a:example.org".to_owned(), Some(3), Freshness::Snapshot),
                ("#closed:example.org".to_owned(), None, Freshness::Snapshot)
            ]
        );
        assert_eq!(rows[0].1.updated_at_ms, Some(1000));
        // A snapshot from after now (beyond the clocks' skew) has no date.
        let future = snapshot(vec![room(Some("#a:example.org"), Some(3))]);
        assert!(!future.is_dated(1000.0 - 60_001.0));
        assert_eq!(
            future.widget_rooms(1000.0 - 60_001.0)[0].1.updated_at_ms,
            None
        );
    }

    #[test]
    fn a_summary_run_keeps_what_the_last_snapshot_knew() {
        let alias = RoomAlias::parse("#a:example.org").unwrap();
        let previous = SnapshotRoom {
            alias: Some("#a:example.org".into()),
            room_id: Some("!a:example.org".into()),
            name: Some("Old name".into()),
            member_count: Some(9),
            suggested: true,
            avatar: Some("avatars/x.png".into()),
            ..SnapshotRoom::default()
        };
        let refused = SnapshotRoom::from_summary(&alias, None, Some(&previous));
        assert_eq!(refused.member_count, None);
        assert_eq!(refused.name.as_deref(), Some("Old name"));
        assert!(refused.suggested);
        assert_eq!(refused.avatar.as_deref(), Some("avatars/x.png"));
        let summary = RoomSummary {
            room_id: Some("!a:example.org".into()),
            num_joined_members: 10,
            name: Some("New name".into()),
            topic: None,
            canonical_alias: None,
            room_type: None,
            join_rule: None,
        };
        let fresh = SnapshotRoom::from_summary(&alias, Some(&summary), Some(&previous));
        assert_eq!(fresh.member_count, Some(10));
        assert_eq!(fresh.name.as_deref(), Some("New name"));
        assert_eq!(fresh.join_rule.as_deref(), Some("public"));
    }
}
