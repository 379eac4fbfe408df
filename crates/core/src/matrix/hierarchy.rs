//! A space's rooms: `GET /_matrix/client/v1/rooms/{roomId}/hierarchy`.
//!
//! Only an account can ask for it (anonymous browsers get 401), so only the
//! snapshot tool uses it, with a bot's token. The answer comes in pages of
//! room chunks; each space's chunk carries its `m.space.child` events, which
//! say which rooms belong to it and in which order.
//! See <https://spec.matrix.org/v1.15/client-server-api/#get_matrixclientv1roomsroomidhierarchy>
//! and, for the order, <https://spec.matrix.org/v1.15/client-server-api/#ordering-of-children-within-a-space>.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::wire::{required, safe_integer, Codec, Lenient, ReadError};

/// The longest `order` the spec allows; a longer one counts as absent.
pub const MAX_ORDER_CHARS: usize = 50;

/// One page of the hierarchy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HierarchyPage {
    /// The rooms of this page; the space itself is the first room of the
    /// first page.
    pub rooms: Vec<HierarchyRoom>,
    /// The token for the next page; absent on the last.
    pub next_batch: Option<String>,
}

/// A room as the hierarchy describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HierarchyRoom {
    /// The room's ID.
    pub room_id: String,
    /// The room's name.
    pub name: Option<String>,
    /// The room's topic.
    pub topic: Option<String>,
    /// The room's canonical alias.
    pub canonical_alias: Option<String>,
    /// How many users are joined.
    pub num_joined_members: u64,
    /// The room's avatar, an `mxc://` URI.
    pub avatar_url: Option<String>,
    /// The join rule; absent means `public`.
    pub join_rule: Option<String>,
    /// `m.space` for a space.
    pub room_type: Option<String>,
    /// A space's `m.space.child` events (stripped state).
    pub children_state: Vec<ChildEvent>,
}

/// An `m.space.child` event: the child's room ID is its state key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChildEvent {
    /// The child room's ID.
    pub state_key: String,
    /// When the link was made.
    pub origin_server_ts: u64,
    /// The link itself.
    pub content: ChildContent,
}

/// The content of an `m.space.child` event. Senders are strangers, so every
/// field tolerates a value of the wrong type and treats it as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChildContent {
    /// Servers to join through; a link without any is no link (a removed
    /// child).
    pub via: Option<Vec<String>>,
    /// The space's order key.
    pub order: Option<String>,
    /// Whether the space suggests the room.
    pub suggested: Option<bool>,
}

impl HierarchyPage {
    /// Reads a page: `rooms` must be an array of rooms with IDs; the rest
    /// is read leniently (see [`ChildContent`]).
    pub fn parse<J: Codec>(body: &str) -> Result<HierarchyPage, ReadError> {
        HierarchyPage::try_from(J::read::<PageWire>(body)?)
    }
}

/// A page as it comes.
#[derive(Deserialize)]
struct PageWire {
    rooms: Option<Vec<RoomWire>>,
    next_batch: Option<String>,
}

/// A room chunk as it comes.
#[derive(Deserialize)]
struct RoomWire {
    room_id: Option<String>,
    name: Option<String>,
    topic: Option<String>,
    canonical_alias: Option<String>,
    num_joined_members: Option<u64>,
    avatar_url: Option<String>,
    join_rule: Option<String>,
    room_type: Option<String>,
    children_state: Option<Vec<ChildEventWire>>,
}

/// An `m.space.child` event as it comes: the event's own fields are the
/// server's, its content the sender's (see [`ChildContent`]).
#[derive(Deserialize)]
struct ChildEventWire {
    state_key: Option<String>,
    origin_server_ts: Option<u64>,
    #[serde(default)]
    content: Lenient<ContentWire>,
}

/// The content as its sender wrote it.
#[derive(Deserialize)]
struct ContentWire {
    #[serde(default)]
    via: Lenient<Vec<String>>,
    #[serde(default)]
    order: Lenient<String>,
    #[serde(default)]
    suggested: Lenient<bool>,
}

impl TryFrom<PageWire> for HierarchyPage {
    type Error = ReadError;

    fn try_from(wire: PageWire) -> Result<HierarchyPage, ReadError> {
        Ok(HierarchyPage {
            rooms: required(wire.rooms, "rooms")?
                .into_iter()
                .map(HierarchyRoom::try_from)
                .collect::<Result<Vec<_>, _>>()?,
            next_batch: wire.next_batch,
        })
    }
}

impl TryFrom<RoomWire> for HierarchyRoom {
    type Error = ReadError;

    fn try_from(wire: RoomWire) -> Result<HierarchyRoom, ReadError> {
        Ok(HierarchyRoom {
            room_id: required(wire.room_id, "room_id")?,
            name: wire.name,
            topic: wire.topic,
            canonical_alias: wire.canonical_alias,
            num_joined_members: safe_integer(
                wire.num_joined_members.unwrap_or(0),
                "num_joined_members",
            )?,
            avatar_url: wire.avatar_url,
            join_rule: wire.join_rule,
            room_type: wire.room_type,
            children_state: wire
                .children_state
                .unwrap_or_default()
                .into_iter()
                .map(ChildEvent::from)
                .collect(),
        })
    }
}

impl From<ChildEventWire> for ChildEvent {
    fn from(wire: ChildEventWire) -> ChildEvent {
        let content = wire.content.0;
        let (via, order, suggested) = match content {
            Some(c) => (c.via.0, c.order.0, c.suggested.0),
            None => (None, None, None),
        };
        ChildEvent {
            state_key: wire.state_key.unwrap_or_default(),
            origin_server_ts: wire.origin_server_ts.unwrap_or(0),
            content: ChildContent {
                via,
                order,
                suggested,
            },
        }
    }
}

impl HierarchyRoom {
    /// Whether the room is a space.
    pub fn is_space(&self) -> bool {
        self.room_type.as_deref() == Some("m.space")
    }
}

impl ChildEvent {
    /// Whether the event still links a child: it has a non-empty `via`.
    pub fn is_link(&self) -> bool {
        !self.state_key.is_empty() && self.content.via.as_ref().is_some_and(|v| !v.is_empty())
    }

    /// The order key, if it is one the spec accepts: at most 50 characters
    /// from U+0020 to U+007E.
    pub fn valid_order(&self) -> Option<&str> {
        self.content
            .order
            .as_deref()
            .filter(|o| o.len() <= MAX_ORDER_CHARS && o.bytes().all(|b| (0x20..=0x7e).contains(&b)))
    }
}

/// The spec's order of a space's children: those with a valid `order`
/// first, by it (byte-wise); then by the link's timestamp; then by room ID.
pub fn compare_children(a: &ChildEvent, b: &ChildEvent) -> Ordering {
    match (a.valid_order(), b.valid_order()) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then(a.origin_server_ts.cmp(&b.origin_server_ts))
    .then_with(|| a.state_key.cmp(&b.state_key))
}

/// A room of the space, in the space's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderedRoom<'a> {
    /// The room as the hierarchy describes it.
    pub room: &'a HierarchyRoom,
    /// Whether its parent space suggests it.
    pub suggested: bool,
    /// How deep below the top space: 1 for its own children.
    pub depth: u32,
    /// The parent space's room ID.
    pub parent: &'a str,
}

/// The space `root` (if the pages hold it) and its rooms in the space's
/// order, depth first: a sub-space is followed by its own rooms. Rooms the
/// server left out (ones the account may not see) are skipped; a room
/// linked twice appears once, where it is first met; links that loop back
/// are not followed. Every level the pages hold is walked; see
/// [`ordered_rooms_within`] to keep to the depth asked for.
pub fn ordered_rooms<'a>(
    rooms: &'a [HierarchyRoom],
    root: &'a str,
) -> (Option<&'a HierarchyRoom>, Vec<OrderedRoom<'a>>) {
    ordered_rooms_within(rooms, root, u32::MAX)
}

/// As [`ordered_rooms`], but only rooms at most `max_depth` levels below
/// the space (1: its own children). The server is asked for that depth, but
/// it is a stranger: it may send deeper levels, and the walk does not rely
/// on it not to.
pub fn ordered_rooms_within<'a>(
    rooms: &'a [HierarchyRoom],
    root: &'a str,
    max_depth: u32,
) -> (Option<&'a HierarchyRoom>, Vec<OrderedRoom<'a>>) {
    let by_id: HashMap<&str, &HierarchyRoom> =
        rooms.iter().map(|r| (r.room_id.as_str(), r)).collect();
    let space = by_id.get(root).copied();
    let mut out = Vec::new();
    if let Some(space) = space {
        walk(space, max_depth, &by_id, &mut out);
    }
    (space, out)
}

/// A space being walked: its links in order, and the ones still to walk.
struct Level<'a> {
    space: &'a HierarchyRoom,
    depth: u32,
    children: std::vec::IntoIter<&'a ChildEvent>,
}

impl<'a> Level<'a> {
    fn of(space: &'a HierarchyRoom, depth: u32) -> Level<'a> {
        let mut children: Vec<&ChildEvent> = space
            .children_state
            .iter()
            .filter(|c| c.is_link())
            .collect();
        children.sort_by(|a, b| compare_children(a, b));
        Level {
            space,
            depth,
            children: children.into_iter(),
        }
    }
}

/// Depth first with a stack of its own rather than the call stack: the
/// nesting is the server's to choose, and a recursion as deep as it would
/// overflow the stack. Each level resumes where it left off, so the order
/// is that of the recursive definition.
fn walk<'a>(
    root: &'a HierarchyRoom,
    max_depth: u32,
    by_id: &HashMap<&str, &'a HierarchyRoom>,
    out: &mut Vec<OrderedRoom<'a>>,
) {
    if max_depth == 0 {
        return;
    }
    let mut seen = HashSet::from([root.room_id.as_str()]);
    let mut stack = vec![Level::of(root, 1)];
    while let Some(level) = stack.last_mut() {
        let Some(child) = level.children.next() else {
            stack.pop();
            continue;
        };
        let Some(room) = by_id.get(child.state_key.as_str()).copied() else {
            continue;
        };
        if !seen.insert(room.room_id.as_str()) {
            continue;
        }
        let depth = level.depth;
        out.push(OrderedRoom {
            room,
            suggested: child.content.suggested.unwrap_or(false),
            depth,
            parent: level.space.room_id.as_str(),
        });
        if room.is_space() && depth < max_depth {
            stack.push(Level::of(room, depth + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(id: &str, order: Option<&str>, ts: u64) -> ChildEvent {
        ChildEvent {
            state_key: id.into(),
            origin_server_ts: ts,
            content: ChildContent {
                via: Some(vec!["example.org".into()]),
                order: order.map(Into::into),
                suggested: None,
            },
        }
    }

    fn room(id: &str, children: Vec<ChildEvent>) -> HierarchyRoom {
        HierarchyRoom {
            room_id: id.into(),
            room_type: (!children.is_empty()).then(|| "m.space".into()),
            children_state: children,
            ..HierarchyRoom::default()
        }
    }

    fn ids(rooms: &[HierarchyRoom], root: &str) -> Vec<String> {
        ordered_rooms(rooms, root)
            .1
            .iter()
            .map(|r| r.room.room_id.clone())
            .collect()
    }

    #[test]
    fn order_then_timestamp_then_room_id() {
        let rooms = vec![
            room(
                "!space",
                vec![
                    child("!late", None, 30),
                    child("!b", Some("b"), 50),
                    child("!early", None, 10),
                    child("!a", Some("a"), 99),
                    child("!same2", None, 20),
                    child("!same1", None, 20),
                ],
            ),
            room("!late", vec![]),
            room("!b", vec![]),
            room("!early", vec![]),
            room("!a", vec![]),
            room("!same1", vec![]),
            room("!same2", vec![]),
        ];
        assert_eq!(
            ids(&rooms, "!space"),
            ["!a", "!b", "!early", "!same1", "!same2", "!late"]
        );
    }

    #[test]
    fn invalid_orders_count_as_absent() {
        let long = "x".repeat(51);
        let rooms = vec![
            room(
                "!space",
                vec![
                    child("!long", Some(&long), 1),
                    child("!unicode", Some("ä"), 2),
                    child("!ok", Some("~"), 3),
                ],
            ),
            room("!long", vec![]),
            room("!unicode", vec![]),
            room("!ok", vec![]),
        ];
        assert_eq!(ids(&rooms, "!space"), ["!ok", "!long", "!unicode"]);
    }

    #[test]
    fn removed_links_hidden_rooms_and_loops_are_skipped() {
        let mut removed = child("!gone", None, 1);
        removed.content.via = Some(vec![]);
        let rooms = vec![
            room(
                "!space",
                vec![removed, child("!sub", None, 2), child("!hidden", None, 3)],
            ),
            room("!gone", vec![]),
            room(
                "!sub",
                vec![child("!space", None, 1), child("!inner", None, 2)],
            ),
            room("!inner", vec![]),
        ];
        let (space, ordered) = ordered_rooms(&rooms, "!space");
        assert_eq!(space.map(|s| s.room_id.as_str()), Some("!space"));
        let found: Vec<_> = ordered
            .iter()
            .map(|r| (r.room.room_id.as_str(), r.depth, r.parent))
            .collect();
        assert_eq!(found, [("!sub", 1, "!space"), ("!inner", 2, "!sub")]);
    }

    /// A chain of `levels` spaces, each the only child of the one before,
    /// the last holding one plain room: `!s0` … `!s{levels}`.
    fn chain(levels: usize) -> Vec<HierarchyRoom> {
        let mut rooms: Vec<HierarchyRoom> = (0..levels)
            .map(|i| {
                room(
                    &format!("!s{i}"),
                    vec![child(&format!("!s{}", i + 1), None, 1)],
                )
            })
            .collect();
        rooms.push(room(&format!("!s{levels}"), vec![]));
        rooms
    }

    #[test]
    fn a_hostile_depth_does_not_overflow_the_stack() {
        // 100,000 levels in a thread with a 256 KiB stack: a walk that
        // recurses per level needs far more and aborts the whole process.
        const LEVELS: usize = 100_000;
        let rooms = chain(LEVELS);
        let walked = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let (_, ordered) = ordered_rooms(&rooms, "!s0");
                (ordered.len(), ordered.last().map(|r| r.depth))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(walked, (LEVELS, Some(LEVELS as u32)));
    }

    #[test]
    fn rooms_deeper_than_max_depth_are_not_returned() {
        // A server may send more levels than asked for; the walk keeps to
        // the depth the tool asked for (1 = the space's own children).
        let rooms = chain(10);
        let depths = |max_depth| -> Vec<(String, u32)> {
            ordered_rooms_within(&rooms, "!s0", max_depth)
                .1
                .iter()
                .map(|r| (r.room.room_id.clone(), r.depth))
                .collect()
        };
        assert_eq!(depths(1), [("!s1".to_owned(), 1)]);
        assert_eq!(
            depths(3),
            [("!s1".into(), 1), ("!s2".into(), 2), ("!s3".to_owned(), 3)]
        );
        assert_eq!(depths(0), []);
        assert_eq!(depths(u32::MAX).len(), 10);
    }

    #[test]
    fn reads_synapses_page_and_tolerates_wrong_types() {
        let body = r##"{"rooms":[{"room_id":"!s:x","name":"Space","num_joined_members":3,
            "room_type":"m.space","world_readable":false,"guest_can_join":false,"join_rule":"public",
            "children_state":[{"type":"m.space.child","state_key":"!r:x","sender":"@b:x",
            "origin_server_ts":5,"content":{"via":["x"],"suggested":true,"order":7}},
            {"type":"m.space.child","state_key":"!q:x","origin_server_ts":6,
            "content":{"via":"x","suggested":"yes"}}]},
            {"room_id":"!r:x","num_joined_members":2,"canonical_alias":"#r:x","avatar_url":"mxc://x/abc"}],
            "next_batch":"n1"}"##;
        let page = HierarchyPage::parse::<crate::wire::SerdeJson>(body).unwrap();
        assert_eq!(page.next_batch.as_deref(), Some("n1"));
        let (_, ordered) = ordered_rooms(&page.rooms, "!s:x");
        assert_eq!(ordered.len(), 1);
        assert!(ordered[0].suggested);
        assert_eq!(ordered[0].room.canonical_alias.as_deref(), Some("#r:x"));
    }
}
