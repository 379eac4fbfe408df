//! `matrix-channels snapshot`: writes a space's rooms and counts to a JSON
//! file at a site's build time, for Jekyll's `_data/` and the widget's
//! `snapshot` attribute (see the README's "Snapshot" section).
//!
//! With a bot's token in `MATRIX_ACCESS_TOKEN` it reads the space's
//! hierarchy, which lists every room the bot can see, with counts and
//! avatars an anonymous browser cannot get. Without one it asks the
//! anonymous room summary of the rooms it is told about.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::matrix::blocking::{parse_hierarchy_page, Homeserver, Reply, RequestError};
use crate::matrix::hierarchy::{ordered_rooms, HierarchyRoom};
use crate::matrix::media::{image_extension, MediaId};
use crate::matrix::well_known::normalize_base_url;
use crate::matrix::{RoomAlias, SummaryReply};
use crate::snapshot::{
    rfc3339_utc, room_link, Snapshot, SnapshotRoom, Source, MAX_SNAPSHOT_ROOMS, SCHEMA_VERSION,
};

/// The environment variable that holds the bot's access token.
pub const TOKEN_VARIABLE: &str = "MATRIX_ACCESS_TOKEN";

/// The most hierarchy pages read: 50 rooms each, past the rooms a snapshot
/// keeps, and a stop for a server that never ends its pages.
const MAX_PAGES: usize = MAX_SNAPSHOT_ROOMS / 50 + 2;

const HELP: &str = "\
matrix-channels snapshot — write a Matrix space's rooms and member counts to a
JSON file, for a static site's build (Jekyll's _data/) and the widget's
snapshot attribute.

Usage:
  matrix-channels snapshot <SPACE> --out <FILE> [options]

  <SPACE>              the space's alias, e.g. '#de-rse.org:matrix.org'

Options:
  --out <FILE>         where to write the snapshot (written atomically)
  --homeserver <URL>   the client API base URL (default: found from the
                       space's server name through .well-known)
  --max-depth <N>      how many levels of sub-spaces to read (default 1)
  --room <ALIAS>       without a token: a room to include (repeatable);
                       without any, the rooms of the snapshot at --out
  --avatars <DIR>      where to save avatar thumbnails (default: avatars/
                       next to the snapshot); referenced relative to it
  --no-avatars         do not save avatars
  --timeout <SECONDS>  per request (default 30)
  -h, --help           this text
  -V, --version        the version

Environment:
  MATRIX_ACCESS_TOKEN  a bot account's access token. With it, the rooms come
                       from the space's hierarchy (every room the bot can
                       see, in the space's order, with avatars). Without it,
                       from the anonymous room summary of each room, which
                       servers give only for public rooms. Never pass the
                       token as an argument; it is never printed or written.

Exit status: 0 when the snapshot was written, 1 when the run failed (the
old snapshot, if any, is left as it was), 2 for a usage error.
";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The space, by alias.
    pub space: RoomAlias,
    /// The snapshot file.
    pub out: PathBuf,
    /// The homeserver's base URL, when given.
    pub homeserver: Option<String>,
    /// Levels of sub-spaces to read.
    pub max_depth: u32,
    /// Rooms to ask about without a token.
    pub rooms: Vec<RoomAlias>,
    /// Where avatars go; `None` for none.
    pub avatars: Option<PathBuf>,
    /// Per-request time limit.
    pub timeout: Duration,
}

/// What the command line means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the help.
    Help,
    /// Print the version.
    Version,
    /// Make a snapshot.
    Snapshot(Options),
}

/// Reads the command line (without the program's name).
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args = args.into_iter().map(|a| a.into_string());
    let first = match args.next() {
        None => return Err("no command given; try `matrix-channels --help`".into()),
        Some(first) => first.map_err(|_| "the command is not valid UTF-8".to_owned())?,
    };
    match first.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "snapshot" => {}
        other => {
            return Err(format!(
                "unknown command \"{other}\"; the command is `snapshot`"
            ))
        }
    }
    let (mut space, mut out, mut homeserver, mut max_depth) = (None, None, None, 1);
    let (mut rooms, mut avatars, mut no_avatars, mut timeout) = (Vec::new(), None, false, 30);
    while let Some(arg) = args.next() {
        let arg = arg.map_err(|_| "an argument is not valid UTF-8".to_owned())?;
        let mut next = |what: &str| -> Result<String, String> {
            match args.next() {
                Some(Ok(value)) => Ok(value),
                Some(Err(_)) => Err(format!("the value of {what} is not valid UTF-8")),
                None => Err(format!("{what} needs a value")),
            }
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--out" | "-o" => out = Some(PathBuf::from(next("--out")?)),
            "--homeserver" => {
                let raw = next("--homeserver")?;
                homeserver = Some(
                    normalize_base_url(&raw)
                        .ok_or_else(|| format!("--homeserver \"{raw}\" is not an http(s) URL"))?,
                );
            }
            "--max-depth" => {
                max_depth = whole_number("--max-depth", &next("--max-depth")?, 1, 10, "")?;
            }
            "--room" => rooms.push(parse_alias(&next("--room")?)?),
            "--avatars" => avatars = Some(PathBuf::from(next("--avatars")?)),
            "--no-avatars" => no_avatars = true,
            "--timeout" => {
                timeout = whole_number("--timeout", &next("--timeout")?, 1, 600, " of seconds")?;
            }
            "--token" | "--access-token" => {
                return Err(format!(
                    "{arg}: a token on the command line ends up in shell histories and process \
                     lists; put it in the {TOKEN_VARIABLE} environment variable"
                ))
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option \"{flag}\"")),
            _ if space.is_none() => space = Some(parse_alias(&arg)?),
            _ => return Err(format!("one space only: \"{arg}\" is one too many")),
        }
    }
    let space = space.ok_or("name the space, e.g. '#de-rse.org:matrix.org'")?;
    let out = out.ok_or("--out <FILE> is required: where to write the snapshot")?;
    let avatars = (!no_avatars)
        .then(|| avatars.unwrap_or_else(|| out.parent().unwrap_or(Path::new("")).join("avatars")));
    Ok(Command::Snapshot(Options {
        space,
        out,
        homeserver,
        max_depth,
        rooms,
        avatars,
        timeout: Duration::from_secs(timeout),
    }))
}

/// The value of a whole-number option, from `min` to `max`; `unit` reads
/// into the message (" of seconds").
fn whole_number<T>(option: &str, raw: &str, min: T, max: T, unit: &str) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + Copy + fmt::Display,
{
    raw.parse()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| format!("{option} must be a whole number{unit} from {min} to {max}"))
}

fn parse_alias(text: &str) -> Result<RoomAlias, String> {
    RoomAlias::parse(text).map_err(|e| {
        format!("\"{text}\" is not a room alias like '#name:server' ({e}); quote it in the shell, where # starts a comment")
    })
}

/// Why a snapshot could not be made, in words a maintainer can act on.
#[derive(Debug)]
pub enum SnapshotError {
    /// The server refused the token.
    BadToken(String),
    /// No room has the space's alias.
    UnknownSpace(String),
    /// The alias names a room that is not a space.
    NotASpace(String),
    /// The bot may not see the space.
    SpaceNotVisible(String),
    /// No rooms to ask about without a token.
    NoRooms,
    /// The server could not be reached or answered nonsense.
    Server(String),
    /// A file could not be read or written.
    File(PathBuf, std::io::Error),
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::BadToken(server) => write!(
                f,
                "{server} refused the access token in {TOKEN_VARIABLE}: it is wrong, expired or \
                 logged out. Log the bot in again and store the new token."
            ),
            SnapshotError::UnknownSpace(alias) => {
                write!(f, "there is no room {alias}: check the space's alias")
            }
            SnapshotError::NotASpace(alias) => write!(
                f,
                "{alias} is a room, not a space: name the space that holds the rooms"
            ),
            SnapshotError::SpaceNotVisible(alias) => write!(
                f,
                "the bot account may not see the rooms of {alias}: join it to the space"
            ),
            SnapshotError::NoRooms => write!(
                f,
                "without {TOKEN_VARIABLE} the space's rooms cannot be listed: set the token, \
                 or name the rooms with --room, or keep an earlier snapshot at --out"
            ),
            SnapshotError::Server(why) => f.write_str(why),
            SnapshotError::File(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

/// What a run did, for the summary line.
#[derive(Debug, Default)]
pub struct Report {
    /// Hierarchy pages read.
    pub pages: usize,
    /// Avatars saved.
    pub avatars: usize,
    /// Things that went wrong without failing the run.
    pub warnings: Vec<String>,
}

/// The program: reads the command line and the token, runs, reports.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let options = match parse_args(args) {
        Ok(Command::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("matrix-channels {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Ok(Command::Snapshot(options)) => options,
        Err(message) => {
            eprintln!("matrix-channels: {message}");
            return ExitCode::from(2);
        }
    };
    let token = std::env::var(TOKEN_VARIABLE)
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let started = Instant::now();
    match run(&options, token) {
        Ok((snapshot, report)) => {
            for warning in &report.warnings {
                eprintln!("matrix-channels: warning: {warning}");
            }
            let space = snapshot
                .space
                .as_ref()
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| options.space.to_string());
            let pages = match report.pages {
                0 => String::from("room summaries"),
                1 => String::from("1 hierarchy page"),
                n => format!("{n} hierarchy pages"),
            };
            println!(
                "matrix-channels: wrote {} rooms of {space} to {} ({pages}, {} avatars) in {:.1} s",
                snapshot.rooms.len(),
                options.out.display(),
                report.avatars,
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("matrix-channels: {error}");
            eprintln!("matrix-channels: no snapshot written");
            ExitCode::FAILURE
        }
    }
}

/// Makes the snapshot and writes it (avatars first, the JSON last, each
/// file atomically).
pub fn run(options: &Options, token: Option<String>) -> Result<(Snapshot, Report), SnapshotError> {
    let base_url = options
        .homeserver
        .clone()
        .unwrap_or_else(|| Homeserver::discover(options.space.server_name(), options.timeout));
    let homeserver = Homeserver::new(base_url, token, options.timeout);
    let previous = read_previous(&options.out);
    let mut report = Report::default();
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let (space, rooms, source) = if homeserver.has_token() {
        let (space, rooms) = from_hierarchy(&homeserver, options, &mut report)?;
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
        space,
        rooms,
    };
    let text = serde_json::to_string_pretty(&snapshot)
        .map_err(|e| SnapshotError::Server(format!("could not write JSON: {e}")))?;
    write_atomically(&options.out, format!("{text}\n").as_bytes())?;
    Ok((snapshot, report))
}

fn server_error(homeserver: &Homeserver, what: &str, error: RequestError) -> SnapshotError {
    SnapshotError::Server(format!(
        "the homeserver at {} {error} while {what}",
        homeserver.base_url
    ))
}

fn unexpected(homeserver: &Homeserver, what: &str, reply: &Reply) -> SnapshotError {
    let code = reply.errcode().map(|c| format!(" {c}")).unwrap_or_default();
    SnapshotError::Server(format!(
        "the homeserver at {} answered HTTP {}{code} while {what}",
        homeserver.base_url, reply.status
    ))
}

fn from_hierarchy(
    homeserver: &Homeserver,
    options: &Options,
    report: &mut Report,
) -> Result<(Option<SnapshotRoom>, Vec<SnapshotRoom>), SnapshotError> {
    let who = homeserver
        .whoami()
        .map_err(|e| server_error(homeserver, "checking the token", e))?;
    match who.status {
        200..=299 => {}
        401 | 403 => return Err(SnapshotError::BadToken(homeserver.base_url.clone())),
        _ => return Err(unexpected(homeserver, "checking the token", &who)),
    }
    let alias = options.space.to_string();
    let resolved = homeserver
        .resolve_alias(&options.space)
        .map_err(|e| server_error(homeserver, "looking up the space", e))?;
    let room_id = match resolved.status {
        200..=299 => crate::json::from_str::<RoomIdBody>(&resolved.text())
            .map(|b| b.room_id)
            .ok_or_else(|| unexpected(homeserver, "looking up the space", &resolved))?,
        404 => return Err(SnapshotError::UnknownSpace(alias)),
        _ => return Err(unexpected(homeserver, "looking up the space", &resolved)),
    };
    let mut chunks: Vec<HierarchyRoom> = Vec::new();
    let mut from: Option<String> = None;
    loop {
        let reply = homeserver
            .hierarchy_page(&room_id, options.max_depth, from.as_deref())
            .map_err(|e| server_error(homeserver, "reading the space", e))?;
        match reply.status {
            200..=299 => {}
            403 => return Err(SnapshotError::SpaceNotVisible(alias)),
            404 => return Err(SnapshotError::UnknownSpace(alias)),
            _ => return Err(unexpected(homeserver, "reading the space", &reply)),
        }
        let page = parse_hierarchy_page(&reply)
            .ok_or_else(|| unexpected(homeserver, "reading the space", &reply))?;
        report.pages += 1;
        chunks.extend(page.rooms);
        match page.next_batch {
            Some(next) if report.pages < MAX_PAGES && Some(&next) != from.as_ref() => {
                from = Some(next)
            }
            Some(_) => {
                report.warnings.push(format!(
                    "stopped after {} hierarchy pages; later rooms are left out",
                    report.pages
                ));
                break;
            }
            None => break,
        }
    }
    let (space, ordered) = ordered_rooms(&chunks, &room_id);
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
    };
    space_room.avatar = save_avatar(homeserver, options, space, report);
    Ok((Some(space_room), rooms))
}

#[derive(serde::Deserialize)]
struct RoomIdBody {
    room_id: String,
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
    let ask = |alias: &RoomAlias| -> Result<Option<crate::matrix::RoomSummary>, SnapshotError> {
        let what = format!("asking for the summary of {alias}");
        match homeserver
            .room_summary(alias)
            .map_err(|e| server_error(homeserver, &what, e))?
        {
            SummaryReply::Summary(summary) => Ok(Some(summary)),
            SummaryReply::NotPublic | SummaryReply::UnknownEndpoint => Ok(None),
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
    Snapshot::parse(&text).ok()
}

/// Saves the room's avatar as a thumbnail; its path relative to the
/// snapshot, or `None` (with a warning) when there is none to save.
fn save_avatar(
    homeserver: &Homeserver,
    options: &Options,
    room: &HierarchyRoom,
    report: &mut Report,
) -> Option<String> {
    let dir = options.avatars.as_ref()?;
    let uri = room.avatar_url.as_deref().filter(|u| !u.is_empty())?;
    let name = room.name.as_deref().unwrap_or(&room.room_id);
    let Some(media) = MediaId::parse(uri) else {
        report
            .warnings
            .push(format!("{name}: the avatar \"{uri}\" is not an mxc:// URI"));
        return None;
    };
    let reply = match homeserver.thumbnail(&media) {
        Ok(reply) if reply.ok() => reply,
        Ok(reply) => {
            report.warnings.push(format!(
                "{name}: the avatar could not be fetched (HTTP {})",
                reply.status
            ));
            return None;
        }
        Err(e) => {
            report
                .warnings
                .push(format!("{name}: the avatar could not be fetched: {e}"));
            return None;
        }
    };
    let Some(extension) = reply.content_type.as_deref().and_then(image_extension) else {
        report.warnings.push(format!(
            "{name}: the avatar is not a PNG, JPEG, WebP or GIF image; left out"
        ));
        return None;
    };
    let file = dir.join(format!("{}.{extension}", media.file_stem()));
    if let Err(e) = write_atomically(&file, &reply.body) {
        report.warnings.push(format!("{name}: {e}"));
        return None;
    }
    report.avatars += 1;
    let base = options.out.parent().unwrap_or(Path::new(""));
    relative_path(base, &file)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees half a file and a failed run leaves the
/// old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SnapshotError> {
    let fail = |e| SnapshotError::File(path.to_owned(), e);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(fail)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        file_name.unwrap_or_default(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(fail(e));
    }
    Ok(())
}

/// `target` relative to the folder `base`, with `/` between parts, as the
/// snapshot references avatars. Both are made absolute first.
pub fn relative_path(base: &Path, target: &Path) -> Option<String> {
    let absolute = |p: &Path| -> Option<Vec<String>> {
        let p = if p.is_absolute() {
            p.to_owned()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        let mut parts: Vec<String> = Vec::new();
        for component in p.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_str()?.to_owned()),
                Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        Some(parts)
    };
    let (base, target) = (absolute(base)?, absolute(target)?);
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; base.len() - common];
    parts.extend(target.iter().skip(common).map(String::as_str));
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Command, String> {
        parse_args(list.iter().map(OsString::from))
    }

    #[test]
    fn reads_a_snapshot_command() {
        let Ok(Command::Snapshot(options)) = args(&[
            "snapshot",
            "#space:example.org",
            "--out",
            "_data/rooms.json",
            "--max-depth",
            "2",
            "--room",
            "#a:example.org",
            "--homeserver",
            "http://127.0.0.1:8008/",
        ]) else {
            panic!("not a snapshot command");
        };
        assert_eq!(options.space.as_str(), "#space:example.org");
        assert_eq!(options.out, PathBuf::from("_data/rooms.json"));
        assert_eq!(options.max_depth, 2);
        assert_eq!(options.rooms.len(), 1);
        assert_eq!(options.homeserver.as_deref(), Some("http://127.0.0.1:8008"));
        assert_eq!(options.avatars, Some(PathBuf::from("_data/avatars")));
        assert_eq!(options.timeout, Duration::from_secs(30));
    }

    #[test]
    fn usage_errors_say_what_to_do() {
        assert_eq!(args(&["--help"]), Ok(Command::Help));
        assert_eq!(args(&["snapshot", "-h"]), Ok(Command::Help));
        let error = |list: &[&str]| args(list).unwrap_err();
        assert!(error(&[]).contains("no command"));
        assert!(error(&["snapshots"]).contains("unknown command"));
        assert!(error(&["snapshot", "--out", "x.json"]).contains("name the space"));
        assert!(error(&["snapshot", "#s:example.org"]).contains("--out"));
        assert!(error(&["snapshot", "space", "--out", "x"]).contains("quote it"));
        assert!(error(&["snapshot", "#s:e.org", "--out"]).contains("needs a value"));
        assert!(error(&["snapshot", "#s:e.org", "--token", "secret"]).contains("environment"));
        assert!(!error(&["snapshot", "#s:e.org", "--token", "secret"]).contains("secret"));
        assert!(error(&["snapshot", "#s:e.org", "--max-depth", "0"]).contains("1 to 10"));
        assert!(error(&["snapshot", "#s:e.org", "--homeserver", "ftp://x"]).contains("http"));
    }

    #[test]
    fn avatars_are_referenced_relative_to_the_snapshot() {
        assert_eq!(
            relative_path(
                Path::new("/site/_data"),
                Path::new("/site/_data/avatars/a.png")
            ),
            Some("avatars/a.png".into())
        );
        assert_eq!(
            relative_path(
                Path::new("/site/_data"),
                Path::new("/site/assets/matrix/a.png")
            ),
            Some("../assets/matrix/a.png".into())
        );
    }

    #[test]
    fn an_atomic_write_replaces_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("matrix-channels-cli-{}", std::process::id()));
        let path = dir.join("nested/snapshot.json");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        fs::remove_dir_all(dir).unwrap();
    }
}
