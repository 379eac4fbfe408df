//! One run of the tool: the rooms from the space's hierarchy (with a token)
//! or from anonymous room summaries (without), into a snapshot written
//! atomically.

use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use matrix_channels_core::matrix::hierarchy::ordered_rooms_within;
use matrix_channels_core::matrix::well_known::may_carry_token;
use matrix_channels_core::matrix::{RoomAlias, RoomSummary, SummaryReply};
use matrix_channels_core::snapshot::{
    rfc3339_utc, room_link, Snapshot, SnapshotRoom, Source, MAX_SNAPSHOT_ROOMS, SCHEMA_VERSION,
};
use matrix_channels_core::text::clean;
use matrix_channels_core::wire::SerdeJson;

use crate::activity::read_activity;
use crate::args::{Options, TOKEN_VARIABLE};
use crate::avatars::save_avatar;
use crate::error::SnapshotError;
use crate::files::write_atomically;
use crate::homeserver::{Access, Homeserver, RequestError};

/// The most hierarchy pages read: 50 rooms each, past the rooms a snapshot
/// keeps, and a stop for a server that never ends its pages.
const MAX_PAGES: usize = MAX_SNAPSHOT_ROOMS / 50 + 2;

/// What a run did, for the summary line.
#[derive(Debug, Default)]
pub struct Report {
    /// Hierarchy pages read.
    pub pages: usize,
    /// Avatars saved.
    pub avatars: usize,
    /// Rooms whose activity was read.
    pub activity: usize,
    /// Things that went wrong without failing the run.
    pub warnings: Vec<String>,
}

/// Makes the snapshot and writes it (avatars first, the JSON last, each
/// file atomically).
pub fn run(options: &Options, token: Option<String>) -> Result<(Snapshot, Report), SnapshotError> {
    let base_url = base_url(options, token.is_some())?;
    let homeserver = Homeserver::new(base_url, token, options.timeout);
    let previous = read_previous(&options.out);
    let mut report = Report::default();
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let (space, rooms, source) = if homeserver.has_token() {
        let (space, mut rooms) = from_hierarchy(&homeserver, options, &mut report)?;
        if options.activity {
            read_activity(&homeserver, &mut rooms, now_ms, &mut report);
        }
        (space, rooms, Source::Hierarchy)
    } else {
        let (space, rooms) = from_summaries(&homeserver, options, previous.as_ref(), &mut report)?;
        (space, rooms, Source::Summary)
    };
    let snapshot = Snapshot {
        schema: SCHEMA_VERSION,
        generated_at: rfc3339_utc(now_ms),
        generated_at_ms: now_ms,
        homeserver: homeserver.base_url.clone(),
        source,
        space: space.map(cleaned),
        rooms: rooms.into_iter().map(cleaned).collect(),
    };
    let text = snapshot
        .to_json::<SerdeJson>()
        .ok_or_else(|| SnapshotError::Server("the snapshot could not be written as JSON".into()))?;
    write_atomically(&options.out, text.as_bytes())?;
    Ok((snapshot, report))
}

/// `room` with its name and topic as the widget shows them
/// (`text::clean`: no control, bidi override or isolate, white space
/// collapsed): the Jekyll include renders the file without the widget, and
/// a name ending in U+202E would mirror the rest of its row there.
fn cleaned(mut room: SnapshotRoom) -> SnapshotRoom {
    let clean = |text: Option<String>| text.map(|t| clean(&t)).filter(|t| !t.is_empty());
    room.name = clean(room.name);
    room.topic = clean(room.topic);
    room
}

/// Where the requests go. With a token only to the homeserver the
/// maintainer named, and only over https or to this machine: discovery
/// would hand the bot's token to whatever the space's server name points
/// at, which is whoever controls that domain's `.well-known`, and plain
/// http hands it to every network in between. Without a token, as the
/// spec's discovery says.
fn base_url(options: &Options, has_token: bool) -> Result<String, SnapshotError> {
    let server_name = options.space.server_name();
    match (&options.homeserver, has_token) {
        (Some(url), true) if !may_carry_token(url) => Err(SnapshotError::Usage(format!(
            "--homeserver {url} is plain http: the access token in {TOKEN_VARIABLE} would cross \
             the network unencrypted. Use the homeserver's https:// address (plain http only to \
             this machine: localhost, 127.0.0.0/8, [::1])"
        ))),
        (Some(url), _) => Ok(url.clone()),
        (None, false) => Ok(Homeserver::discover(server_name, options.timeout).base_url),
        (None, true) => {
            let found = Homeserver::discover(server_name, options.timeout);
            let how = if found.through_well_known {
                format!("points at {} through .well-known", found.base_url)
            } else {
                format!(
                    "has no usable .well-known, so discovery would use {}",
                    found.base_url
                )
            };
            Err(SnapshotError::Usage(format!(
                "{TOKEN_VARIABLE} is set but --homeserver is not: the token goes only to a \
                 homeserver named on the command line, never to one the space's server name \
                 points at. {server_name} {how}; if that is your bot's homeserver, pass \
                 --homeserver {}",
                found.base_url
            )))
        }
    }
}

fn server_error(homeserver: &Homeserver, what: &str, error: RequestError) -> SnapshotError {
    SnapshotError::Server(format!(
        "the homeserver at {} {error} while {what}",
        homeserver.base_url
    ))
}

fn from_hierarchy(
    homeserver: &Homeserver,
    options: &Options,
    report: &mut Report,
) -> Result<(Option<SnapshotRoom>, Vec<SnapshotRoom>), SnapshotError> {
    let checking = |e| server_error(homeserver, "checking the token", e);
    match homeserver.whoami().map_err(checking)? {
        Access::Granted(()) => {}
        // A 404 on whoami is a server without the endpoint, or a proxy's
        // page: either way the token was not accepted.
        Access::Forbidden | Access::NotFound => {
            return Err(SnapshotError::BadToken(homeserver.base_url.clone()))
        }
    }
    let alias = options.space.to_string();
    let looking_up = |e| server_error(homeserver, "looking up the space", e);
    let room_id = match homeserver
        .resolve_alias(&options.space)
        .map_err(looking_up)?
    {
        Access::Granted(room_id) => room_id,
        Access::NotFound => return Err(SnapshotError::UnknownSpace(alias)),
        Access::Forbidden => return Err(SnapshotError::SpaceNotVisible(alias)),
    };
    let reading = |e| server_error(homeserver, "reading the space", e);
    let hierarchy = match homeserver
        .hierarchy(&room_id, options.max_depth, MAX_PAGES)
        .map_err(reading)?
    {
        Access::Granted(hierarchy) => hierarchy,
        Access::Forbidden => return Err(SnapshotError::SpaceNotVisible(alias)),
        Access::NotFound => return Err(SnapshotError::UnknownSpace(alias)),
    };
    report.pages = hierarchy.pages;
    if hierarchy.truncated {
        report.warnings.push(format!(
            "stopped after {} hierarchy pages; later rooms are left out",
            hierarchy.pages
        ));
    }
    let chunks = hierarchy.rooms;
    let (space, ordered) = ordered_rooms_within(&chunks, &room_id, options.max_depth);
    let space = space.ok_or(SnapshotError::SpaceNotVisible(alias.clone()))?;
    if !space.is_space() {
        return Err(SnapshotError::NotASpace(alias));
    }
    let via = options.space.server_name();
    if ordered.len() > MAX_SNAPSHOT_ROOMS {
        report.warnings.push(format!(
            "the space has {} rooms; the snapshot keeps the first {MAX_SNAPSHOT_ROOMS}",
            ordered.len()
        ));
    }
    let mut rooms = Vec::new();
    for entry in ordered.iter().take(MAX_SNAPSHOT_ROOMS) {
        let mut room = SnapshotRoom::from_hierarchy(entry, via);
        room.avatar = save_avatar(homeserver, options, entry.room, report);
        rooms.push(room);
    }
    let mut space_room = SnapshotRoom {
        alias: Some(alias),
        room_id: Some(space.room_id.clone()),
        link: room_link(Some(&options.space), &space.room_id, via),
        name: space.name.clone(),
        topic: space.topic.clone(),
        member_count: Some(space.num_joined_members),
        join_rule: space.join_rule.clone(),
        room_type: space.room_type.clone(),
        suggested: false,
        depth: 0,
        avatar: None,
        // The space's own timeline is its structure, not its talk.
        activity: None,
    };
    space_room.avatar = save_avatar(homeserver, options, space, report);
    Ok((Some(space_room), rooms))
}

fn from_summaries(
    homeserver: &Homeserver,
    options: &Options,
    previous: Option<&Snapshot>,
    report: &mut Report,
) -> Result<(Option<SnapshotRoom>, Vec<SnapshotRoom>), SnapshotError> {
    let mut aliases: Vec<RoomAlias> = options.rooms.clone();
    if aliases.is_empty() {
        aliases = previous
            .map(|p| {
                p.rooms
                    .iter()
                    .filter_map(|r| RoomAlias::parse(r.alias.as_deref()?).ok())
                    .collect()
            })
            .unwrap_or_default();
    }
    if aliases.is_empty() {
        return Err(SnapshotError::NoRooms);
    }
    let earlier = |alias: &RoomAlias| {
        previous.and_then(|p| {
            p.rooms
                .iter()
                .chain(p.space.as_ref())
                .find(|r| r.alias.as_deref() == Some(alias.as_str()))
        })
    };
    let ask = |alias: &RoomAlias| -> Result<Option<RoomSummary>, SnapshotError> {
        let what = format!("asking for the summary of {alias}");
        match homeserver
            .room_summary(alias)
            .map_err(|e| server_error(homeserver, &what, e))?
        {
            SummaryReply::Summary(summary) => Ok(Some(summary)),
            SummaryReply::NotPublic => Ok(None),
            SummaryReply::RateLimited { .. } => Err(SnapshotError::Server(format!(
                "the homeserver at {} kept answering 429 (too many requests) while {what}",
                homeserver.base_url
            ))),
            SummaryReply::Failed(failure) => Err(SnapshotError::Server(format!(
                "{failure} ({}) while {what}",
                homeserver.base_url
            ))),
        }
    };
    let space_summary = ask(&options.space)?;
    let mut space = SnapshotRoom::from_summary(
        &options.space,
        space_summary.as_ref(),
        earlier(&options.space),
    );
    space.depth = 0;
    let mut rooms = Vec::new();
    for alias in aliases.iter().take(MAX_SNAPSHOT_ROOMS) {
        if rooms
            .iter()
            .any(|r: &SnapshotRoom| r.alias.as_deref() == Some(alias.as_str()))
        {
            continue;
        }
        let summary = ask(alias)?;
        if summary.is_none() {
            report.warnings.push(format!(
                "{alias} is not public: its count needs {TOKEN_VARIABLE}"
            ));
        }
        rooms.push(SnapshotRoom::from_summary(
            alias,
            summary.as_ref(),
            earlier(alias),
        ));
    }
    Ok((Some(space), rooms))
}

/// The earlier snapshot at `path`, if it is one this version reads.
fn read_previous(path: &Path) -> Option<Snapshot> {
    let text = fs::read_to_string(path).ok()?;
    Snapshot::parse::<SerdeJson>(&text).ok()
}
