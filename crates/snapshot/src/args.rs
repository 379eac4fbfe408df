//! The command line: the help text and what the arguments mean.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use matrix_channels_core::matrix::well_known::normalize_base_url;
use matrix_channels_core::matrix::RoomAlias;

/// The environment variable that holds the bot's access token.
pub const TOKEN_VARIABLE: &str = "MATRIX_ACCESS_TOKEN";

pub const HELP: &str = "\
matrix-channels snapshot — write a Matrix space's rooms and member counts to a
JSON file, for a static site's build (Jekyll's _data/) and the widget's
snapshot attribute.

Usage:
  matrix-channels snapshot <SPACE> --out <FILE> [options]

  <SPACE>              the space's alias, e.g. '#de-rse.org:matrix.org'

Example:
  matrix-channels snapshot '#de-rse.org:matrix.org' \\
    --homeserver https://matrix-client.matrix.org --out _data/rooms.json

Options:
  --out <FILE>         where to write the snapshot (written atomically)
  --homeserver <URL>   the client API base URL of the bot's homeserver, e.g.
                       https://matrix-client.matrix.org. Required with
                       MATRIX_ACCESS_TOKEN: the token goes there and nowhere
                       else, only over https (plain http only to localhost,
                       127.0.0.0/8 or [::1]), and redirects are not
                       followed. Without a token it defaults to what the
                       space's server name points at through .well-known.
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
                       With it, name the bot's homeserver with --homeserver.

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
            // After `--`, the space only, whatever it starts with: the
            // Action passes its input there, so `--help` is no option.
            "--" => {
                for arg in args.by_ref() {
                    let arg = arg.map_err(|_| "an argument is not valid UTF-8".to_owned())?;
                    match space {
                        None => space = Some(parse_alias(&arg)?),
                        Some(_) => {
                            return Err(format!("one space only: \"{arg}\" is one too many"))
                        }
                    }
                }
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
    fn after_a_double_dash_the_space_is_never_an_option() {
        // The Action passes its `space` input after `--`: `--help` there
        // is a space that does not parse, not a request for help.
        let error = args(&["snapshot", "--out", "x.json", "--", "--help"]).unwrap_err();
        assert!(error.contains("#"), "{error}");
        let Ok(Command::Snapshot(options)) =
            args(&["snapshot", "--out", "x.json", "--", "#space:example.org"])
        else {
            panic!("not a snapshot command");
        };
        assert_eq!(options.space.as_str(), "#space:example.org");
        assert!(args(&["snapshot", "--out", "x", "--", "#a:e.org", "#b:e.org"]).is_err());
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
}
