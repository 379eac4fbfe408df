//! The state of one room in the list, and what its row shows. Pure: the
//! views read it, the refresh loop writes it, the tests drive it directly.

use crate::activity::RoomActivity;
use crate::matrix::{RoomAlias, RoomSummary, SummaryReply};
use crate::refresh::STALE_AFTER_INTERVALS;
use crate::text::{clamp, clean, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS};

/// A room as the page's markup (or `rooms` attribute) names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfiguredRoom {
    /// The room's alias.
    pub alias: RoomAlias,
    /// The link's text, when it is a name rather than the bare URL.
    pub name: Option<String>,
    /// The text the page gives for the room.
    pub description: Option<String>,
    /// The room's avatar: a URL of the site's own, from a snapshot.
    pub avatar: Option<String>,
    /// Where the room's link leads: its matrix.to link, until the page's
    /// `join` setting is applied ([`crate::page`] does, for every row).
    pub join_url: String,
    /// How alive the room was when the snapshot was made, when the
    /// snapshot says; it does not change while the page is open.
    pub activity: Option<RoomActivity>,
}

/// How current a room's member count is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// No answer yet.
    Loading,
    /// The last request succeeded.
    Live,
    /// The last request failed; the count shown is the last known one.
    Stale,
    /// The server will not tell an anonymous visitor.
    NotPublic,
    /// Every request so far failed: there is no count to show.
    Unavailable,
    /// The count comes from a snapshot made at the site's build (see
    /// `snapshot.rs`), not from the visitor's browser.
    Snapshot,
}

impl Freshness {
    /// The value of a count's `data-freshness` attribute: part of the
    /// widget's public DOM (see the README).
    pub fn as_str(self) -> &'static str {
        match self {
            Freshness::Loading => "loading",
            Freshness::Live => "live",
            Freshness::Stale => "stale",
            Freshness::NotPublic => "not-public",
            Freshness::Unavailable => "unavailable",
            Freshness::Snapshot => "snapshot",
        }
    }
}

/// The result of asking for one room's summary, all fallbacks done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomResult {
    /// The server's summary.
    Summary(RoomSummary),
    /// Refused to anonymous visitors, or the server has no summary endpoint.
    NotPublic,
    /// No usable answer this time.
    Failed,
}

impl From<SummaryReply> for RoomResult {
    fn from(reply: SummaryReply) -> RoomResult {
        match reply {
            SummaryReply::Summary(summary) => RoomResult::Summary(summary),
            SummaryReply::NotPublic => RoomResult::NotPublic,
            SummaryReply::RateLimited { .. } | SummaryReply::Failed(_) => RoomResult::Failed,
        }
    }
}

/// What the widget knows about one room now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomState {
    /// The last summary received, kept when later requests fail.
    pub summary: Option<RoomSummary>,
    /// How current `summary` is.
    pub freshness: Freshness,
    /// When `summary` arrived, in milliseconds since the epoch.
    pub updated_at_ms: Option<u64>,
}

impl Default for RoomState {
    fn default() -> Self {
        RoomState {
            summary: None,
            freshness: Freshness::Loading,
            updated_at_ms: None,
        }
    }
}

impl RoomState {
    /// The state after `result` arrived at `now_ms`. A failure never throws
    /// away what is known: the count stays, marked stale.
    pub fn with_result(&self, result: RoomResult, now_ms: u64) -> RoomState {
        match result {
            RoomResult::Summary(summary) => RoomState {
                summary: Some(summary),
                freshness: Freshness::Live,
                updated_at_ms: Some(now_ms),
            },
            // The bot account that made the snapshot may see rooms an
            // anonymous visitor may not: its count is the best there is.
            RoomResult::NotPublic if self.freshness == Freshness::Snapshot => self.clone(),
            RoomResult::NotPublic => RoomState {
                summary: None,
                freshness: Freshness::NotPublic,
                updated_at_ms: Some(now_ms),
            },
            RoomResult::Failed => RoomState {
                freshness: match self.freshness {
                    Freshness::Live | Freshness::Stale => Freshness::Stale,
                    Freshness::Snapshot if self.summary.is_some() => Freshness::Stale,
                    Freshness::Snapshot => Freshness::Snapshot,
                    Freshness::NotPublic => Freshness::NotPublic,
                    Freshness::Loading | Freshness::Unavailable => Freshness::Unavailable,
                },
                ..self.clone()
            },
        }
    }

    /// The state to show before any request, given `cached`, what the
    /// browser-wide cache remembers: the cache's, unless this state is the
    /// snapshot's and knows better — it is newer, or it has a count for a
    /// room the server refuses to describe to a visitor.
    pub fn with_cached(self, cached: RoomState) -> RoomState {
        let snapshot_wins = self.freshness == Freshness::Snapshot
            && (cached.freshness == Freshness::NotPublic
                || cached.updated_at_ms <= self.updated_at_ms);
        if snapshot_wins {
            self
        } else {
            cached
        }
    }

    /// The state a count grows old into: a live count whose last success
    /// is [`STALE_AFTER_INTERVALS`] refresh intervals old or older is shown
    /// as not current, whether its room was asked meanwhile or its server
    /// is held back. `None` when nothing changes.
    pub fn aged(&self, now_ms: u64, interval_ms: u64) -> Option<RoomState> {
        let old = interval_ms.saturating_mul(STALE_AFTER_INTERVALS);
        let at = self.updated_at_ms?;
        (self.freshness == Freshness::Live && now_ms.saturating_sub(at) >= old).then(|| RoomState {
            freshness: Freshness::Stale,
            ..self.clone()
        })
    }

    /// The member count to show, if there is one.
    pub fn member_count(&self) -> Option<u64> {
        match self.freshness {
            Freshness::Live | Freshness::Stale | Freshness::Snapshot => {
                self.summary.as_ref().map(|s| s.num_joined_members)
            }
            _ => None,
        }
    }

    /// Whether the server says this room is a space.
    pub fn is_space(&self) -> bool {
        self.summary.as_ref().is_some_and(RoomSummary::is_space)
    }
}

/// A text to show, shortened, with the full text for a tooltip when it was
/// shortened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownText {
    /// What the row shows.
    pub shown: String,
    /// The whole text, when `shown` is shortened.
    pub full: Option<String>,
}

impl ShownText {
    fn new(text: &str, max: usize) -> ShownText {
        let full = clean(text);
        let shown = clamp(&full, max);
        ShownText {
            full: (shown != full).then_some(full),
            shown,
        }
    }
}

/// The row's name: the server's, else the page's, else the alias.
pub fn room_name(room: &ConfiguredRoom, state: &RoomState) -> ShownText {
    let from_server = state.summary.as_ref().and_then(|s| s.name.as_deref());
    let name = [from_server, room.name.as_deref()]
        .into_iter()
        .flatten()
        .find(|n| !clean(n).is_empty())
        .unwrap_or(room.alias.as_str());
    ShownText::new(name, MAX_NAME_CHARS)
}

/// The row's description: the page's, else the server's topic.
pub fn room_description(room: &ConfiguredRoom, state: &RoomState) -> Option<ShownText> {
    let topic = state.summary.as_ref().and_then(|s| s.topic.as_deref());
    [room.description.as_deref(), topic]
        .into_iter()
        .flatten()
        .map(|d| ShownText::new(d, MAX_DESCRIPTION_CHARS))
        .find(|d| !d.shown.is_empty())
}

/// When the counts were last updated, as the widget's "updated … ago" line
/// says, from each room's freshness and time: the oldest of the counts had
/// from the server (live or not current), so that the line is true of
/// every one of them; with none, the newest time of any (a refusal, a
/// snapshot).
pub fn last_update(rooms: impl IntoIterator<Item = (Freshness, Option<u64>)>) -> Option<u64> {
    let (mut oldest_count, mut newest) = (None, None);
    for (freshness, at) in rooms {
        if matches!(freshness, Freshness::Live | Freshness::Stale) && at.is_some() {
            oldest_count = oldest_count.min(at).or(at);
        }
        newest = newest.max(at);
    }
    oldest_count.or(newest)
}

/// The state of the whole widget, as `data-state` tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetState {
    /// Some room has had no answer yet.
    Loading,
    /// Every room's last request succeeded.
    Live,
    /// Some room shows an old count, or none because its requests fail.
    Stale,
    /// No room has anything to show: every request failed.
    Error,
    /// Some counts are the snapshot's, none is loading or failing.
    Snapshot,
}

impl WidgetState {
    /// The value of the `data-state` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            WidgetState::Loading => "loading",
            WidgetState::Live => "live",
            WidgetState::Stale => "stale",
            WidgetState::Error => "error",
            WidgetState::Snapshot => "snapshot",
        }
    }

    /// Sums up the rooms' freshness.
    pub fn of(rooms: impl IntoIterator<Item = Freshness>) -> WidgetState {
        let (mut any, mut loading, mut stale, mut all_unavailable) = (false, false, false, true);
        let mut snapshot = false;
        for freshness in rooms {
            any = true;
            snapshot |= freshness == Freshness::Snapshot;
            loading |= freshness == Freshness::Loading;
            stale |= matches!(freshness, Freshness::Stale | Freshness::Unavailable);
            all_unavailable &= freshness == Freshness::Unavailable;
        }
        match () {
            _ if !any => WidgetState::Error,
            _ if loading => WidgetState::Loading,
            _ if all_unavailable => WidgetState::Error,
            _ if stale => WidgetState::Stale,
            _ if snapshot => WidgetState::Snapshot,
            _ => WidgetState::Live,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(count: u64) -> RoomSummary {
        RoomSummary {
            room_id: Some("!r:example.org".into()),
            num_joined_members: count,
            name: Some("Server name".into()),
            topic: Some("Server topic".into()),
            canonical_alias: None,
            room_type: None,
            join_rule: None,
        }
    }

    fn room(name: Option<&str>, description: Option<&str>) -> ConfiguredRoom {
        let alias = RoomAlias::parse("#room:example.org").unwrap();
        ConfiguredRoom {
            join_url: alias.matrix_to_url(),
            alias,
            name: name.map(Into::into),
            description: description.map(Into::into),
            avatar: None,
            activity: None,
        }
    }

    #[test]
    fn a_failure_keeps_the_last_count_marked_stale() {
        let live = RoomState::default().with_result(RoomResult::Summary(summary(42)), 1000);
        assert_eq!(live.member_count(), Some(42));
        let stale = live.with_result(RoomResult::Failed, 2000);
        assert_eq!(stale.freshness, Freshness::Stale);
        assert_eq!(stale.member_count(), Some(42));
        assert_eq!(stale.updated_at_ms, Some(1000));
        let again = stale.with_result(RoomResult::Summary(summary(43)), 3000);
        assert_eq!(
            (again.freshness, again.member_count()),
            (Freshness::Live, Some(43))
        );
    }

    #[test]
    fn replies_become_results() {
        use crate::matrix::Failure;
        assert_eq!(
            RoomResult::from(SummaryReply::Summary(summary(2))),
            RoomResult::Summary(summary(2))
        );
        assert_eq!(
            RoomResult::from(SummaryReply::NotPublic),
            RoomResult::NotPublic
        );
        assert_eq!(
            RoomResult::from(SummaryReply::RateLimited {
                retry_after_ms: None
            }),
            RoomResult::Failed
        );
        assert_eq!(
            RoomResult::from(SummaryReply::Failed(Failure::Timeout)),
            RoomResult::Failed
        );
    }

    #[test]
    fn a_snapshot_count_survives_refusals_and_turns_stale_on_failure() {
        let snapshot = RoomState {
            summary: Some(summary(8)),
            freshness: Freshness::Snapshot,
            updated_at_ms: Some(500),
        };
        assert_eq!(snapshot.member_count(), Some(8));
        let refused = snapshot.with_result(RoomResult::NotPublic, 1000);
        assert_eq!(refused, snapshot);
        let failed = snapshot.with_result(RoomResult::Failed, 1000);
        assert_eq!(
            (failed.freshness, failed.member_count()),
            (Freshness::Stale, Some(8))
        );
        let live = snapshot.with_result(RoomResult::Summary(summary(9)), 1000);
        assert_eq!(
            (live.freshness, live.member_count()),
            (Freshness::Live, Some(9))
        );
        let empty = RoomState {
            summary: None,
            ..snapshot
        };
        assert_eq!(
            empty.with_result(RoomResult::Failed, 1).freshness,
            Freshness::Snapshot
        );
    }

    #[test]
    fn the_cache_shows_unless_the_snapshot_knows_better() {
        let snapshot = RoomState {
            summary: Some(summary(8)),
            freshness: Freshness::Snapshot,
            updated_at_ms: Some(500),
        };
        let cached = |at, count: Option<u64>| RoomState {
            freshness: if count.is_some() {
                Freshness::Live
            } else {
                Freshness::NotPublic
            },
            summary: count.map(summary),
            updated_at_ms: Some(at),
        };
        // A newer cached count wins; an older one does not.
        assert_eq!(
            snapshot
                .clone()
                .with_cached(cached(900, Some(9)))
                .member_count(),
            Some(9)
        );
        assert_eq!(
            snapshot
                .clone()
                .with_cached(cached(100, Some(7)))
                .member_count(),
            Some(8)
        );
        // A refusal to the visitor keeps the bot's count, however new.
        assert_eq!(snapshot.clone().with_cached(cached(900, None)), snapshot);
        // Without a snapshot the cache always wins.
        let loading = RoomState::default();
        assert_eq!(
            loading.with_cached(cached(1, None)).freshness,
            Freshness::NotPublic
        );
    }

    #[test]
    fn failures_before_any_answer_leave_the_count_unavailable() {
        let state = RoomState::default().with_result(RoomResult::Failed, 1);
        assert_eq!(state.freshness, Freshness::Unavailable);
        assert_eq!(state.member_count(), None);
    }

    #[test]
    fn not_public_drops_the_count() {
        let live = RoomState::default().with_result(RoomResult::Summary(summary(5)), 1);
        let closed = live.with_result(RoomResult::NotPublic, 2);
        assert_eq!(closed.freshness, Freshness::NotPublic);
        assert_eq!(closed.member_count(), None);
        assert_eq!(
            closed.with_result(RoomResult::Failed, 3).freshness,
            Freshness::NotPublic
        );
    }

    #[test]
    fn names_prefer_the_server_then_the_page_then_the_alias() {
        let live = RoomState::default().with_result(RoomResult::Summary(summary(1)), 1);
        assert_eq!(
            room_name(&room(Some("Page"), None), &live).shown,
            "Server name"
        );
        assert_eq!(
            room_name(&room(Some("Page"), None), &RoomState::default()).shown,
            "Page"
        );
        assert_eq!(
            room_name(&room(None, None), &RoomState::default()).shown,
            "#room:example.org"
        );
        let mut blank = summary(1);
        blank.name = Some(" \u{202E} ".into());
        let blank = RoomState::default().with_result(RoomResult::Summary(blank), 1);
        assert_eq!(room_name(&room(Some("Page"), None), &blank).shown, "Page");
    }

    #[test]
    fn descriptions_prefer_the_page_then_the_topic() {
        let live = RoomState::default().with_result(RoomResult::Summary(summary(1)), 1);
        let shown = |r: &ConfiguredRoom, s: &RoomState| room_description(r, s).map(|d| d.shown);
        assert_eq!(
            shown(&room(None, Some("Page text")), &live).as_deref(),
            Some("Page text")
        );
        assert_eq!(
            shown(&room(None, None), &live).as_deref(),
            Some("Server topic")
        );
        assert_eq!(shown(&room(None, None), &RoomState::default()), None);
    }

    #[test]
    fn long_topics_are_clamped_with_the_full_text_kept() {
        let mut long = summary(1);
        long.topic = Some("word ".repeat(2000));
        let state = RoomState::default().with_result(RoomResult::Summary(long), 1);
        let description = room_description(&room(None, None), &state).unwrap();
        assert!(description.shown.chars().count() <= MAX_DESCRIPTION_CHARS);
        assert!(description.shown.ends_with('…'));
        assert!(description.full.unwrap().chars().count() > MAX_DESCRIPTION_CHARS);
    }

    #[test]
    fn widget_state_sums_up_the_rooms() {
        use Freshness::*;
        assert_eq!(WidgetState::of([Loading, Live]), WidgetState::Loading);
        assert_eq!(WidgetState::of([Live, NotPublic]), WidgetState::Live);
        assert_eq!(WidgetState::of([Live, Stale]), WidgetState::Stale);
        assert_eq!(WidgetState::of([Live, Unavailable]), WidgetState::Stale);
        assert_eq!(
            WidgetState::of([Unavailable, Unavailable]),
            WidgetState::Error
        );
        assert_eq!(WidgetState::of([]), WidgetState::Error);
        assert_eq!(
            WidgetState::of([Live, Snapshot, NotPublic]),
            WidgetState::Snapshot
        );
        assert_eq!(WidgetState::of([Snapshot, Loading]), WidgetState::Loading);
        assert_eq!(WidgetState::Stale.as_str(), "stale");
        assert_eq!(Freshness::NotPublic.as_str(), "not-public");
    }

    #[test]
    fn a_live_count_two_intervals_old_is_not_current() {
        let live = RoomState::default().with_result(RoomResult::Summary(summary(7)), 1_000);
        assert_eq!(live.aged(1_000, 30_000), None);
        assert_eq!(live.aged(60_999, 30_000), None);
        let old = live.aged(61_000, 30_000).unwrap();
        assert_eq!(
            (old.freshness, old.member_count(), old.updated_at_ms),
            (Freshness::Stale, Some(7), Some(1_000)),
            "the count and its time stay"
        );
        // Only live counts grow old; a clock set back does not either.
        assert_eq!(old.aged(999_999, 30_000), None);
        assert_eq!(live.aged(0, 30_000), None);
        let snapshot = RoomState {
            freshness: Freshness::Snapshot,
            ..live.clone()
        };
        assert_eq!(snapshot.aged(999_999, 30_000), None);
        let closed = live.with_result(RoomResult::NotPublic, 2_000);
        assert_eq!(closed.aged(999_999, 30_000), None);
    }

    #[test]
    fn the_last_update_is_the_oldest_count_s() {
        use Freshness::*;
        // A count kept from a server held back is the line's time, though
        // others are newer.
        assert_eq!(
            last_update([(Live, Some(90)), (Stale, Some(10)), (Live, Some(95))]),
            Some(10)
        );
        assert_eq!(
            last_update([(Live, Some(90)), (Loading, None), (NotPublic, Some(99))]),
            Some(90)
        );
        // No count from the server: the newest of anything.
        assert_eq!(
            last_update([
                (NotPublic, Some(5)),
                (Snapshot, Some(7)),
                (Unavailable, None)
            ]),
            Some(7)
        );
        assert_eq!(last_update([(Loading, None)]), None);
    }
}
