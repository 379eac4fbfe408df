//! The command line: the help text and what the arguments mean, with
//! clap's derive.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use matrix_channels_core::matrix::well_known::normalize_base_url;
use matrix_channels_core::matrix::RoomAlias;

/// The environment variable that holds the bot's access token.
pub const TOKEN_VARIABLE: &str = "MATRIX_ACCESS_TOKEN";

/// What the help says after the options: the token and the exit status.
const AFTER_HELP: &str = "\
Example:
  matrix-channels snapshot '#de-rse.org:matrix.org' \\
    --homeserver https://matrix-client.matrix.org --out _data/rooms.json

Environment:
  MATRIX_ACCESS_TOKEN  a bot account's access token. With it, the rooms come
                       from the space's hierarchy (every room the bot can
                       see, in the space's order, with avatars, and each
                       readable room's activity). Without it,
                       from the anonymous room summary of each room, which
                       servers give only for public rooms. Never pass the
                       token as an argument; it is never printed or written.
                       With it, name the bot's homeserver with --homeserver.

Exit status: 0 when the snapshot was written, 1 when the run failed (the
old snapshot, if any, is left as it was), 2 for a usage error.";

/// matrix-channels snapshot — write a Matrix space's rooms and member
/// counts to a JSON file, for a static site's build (Jekyll's _data/) and
/// the widget's snapshot attribute.
#[derive(Debug, Parser)]
#[command(name = "matrix-channels", version, after_help = AFTER_HELP)]
#[command(arg_required_else_help = true, max_term_width = 80)]
struct Cli {
    #[command(subcommand)]
    command: CliCommand,
}

#[derive(Debug, Subcommand)]
enum CliCommand {
    /// Write a Matrix space's rooms and member counts to a JSON file, for
    /// a static site's build (Jekyll's _data/) and the widget's snapshot
    /// attribute.
    #[command(after_help = AFTER_HELP, max_term_width = 80)]
    Snapshot(SnapshotArgs),
}

#[derive(Debug, Args)]
struct SnapshotArgs {
    /// The space's alias, e.g. '#de-rse.org:matrix.org'
    #[arg(value_name = "SPACE", value_parser = parse_alias)]
    space: RoomAlias,
    /// Where to write the snapshot (written atomically)
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
    /// The client API base URL of the bot's homeserver, e.g.
    /// https://matrix-client.matrix.org. Required with MATRIX_ACCESS_TOKEN:
    /// the token goes there and nowhere else, only over https (plain http
    /// only to localhost, 127.0.0.0/8 or [::1]), and redirects are not
    /// followed. Without a token it defaults to what the space's server
    /// name points at through .well-known.
    #[arg(long, value_name = "URL", value_parser = parse_homeserver)]
    homeserver: Option<String>,
    /// How many levels of sub-spaces to read
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=10))]
    max_depth: u32,
    /// Without a token: a room to include (repeatable); without any, the
    /// rooms of the snapshot at --out
    #[arg(long = "room", value_name = "ALIAS", value_parser = parse_alias)]
    rooms: Vec<RoomAlias>,
    /// Where to save avatar thumbnails (default: avatars/ next to the
    /// snapshot); referenced relative to it
    #[arg(long, value_name = "DIR")]
    avatars: Option<PathBuf>,
    /// Do not save avatars
    #[arg(long)]
    no_avatars: bool,
    /// Do not read the rooms' recent messages: no activity (messages in 7
    /// and 30 days, the last message's time) in the snapshot. Activity
    /// needs MATRIX_ACCESS_TOKEN, and is read only where the bot may read
    /// the room's history
    #[arg(long)]
    no_activity: bool,
    /// Per request, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// A token on the command line is refused (see Environment): read
    /// only to say so, never printed.
    #[arg(long, alias = "access-token", hide = true, value_name = "TOKEN")]
    token: Option<String>,
}

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
    /// Whether to read the rooms' activity (with a token).
    pub activity: bool,
}

/// What the command line means when it does not ask for a snapshot.
#[derive(Debug)]
pub enum NoSnapshot {
    /// The help or the version, as clap writes it (exit 0).
    Asked(clap::Error),
    /// A usage error, in one line (exit 2).
    Usage(String),
}

/// Reads the command line (with the program's name first).
pub fn parse_args<I, T>(args: I) -> Result<Options, NoSnapshot>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(args).map_err(|error| {
        use clap::error::ErrorKind::{
            DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand as Nothing, DisplayVersion,
        };
        match error.kind() {
            DisplayHelp | DisplayVersion => NoSnapshot::Asked(error),
            Nothing => NoSnapshot::Usage("no command given; try `matrix-channels --help`".into()),
            _ => NoSnapshot::Usage(usage_line(&error)),
        }
    })?;
    let CliCommand::Snapshot(args) = cli.command;
    if args.token.is_some() {
        return Err(NoSnapshot::Usage(format!(
            "--token: a token on the command line ends up in shell histories and process \
             lists; put it in the {TOKEN_VARIABLE} environment variable"
        )));
    }
    let avatars = (!args.no_avatars).then(|| {
        args.avatars
            .unwrap_or_else(|| args.out.parent().unwrap_or(Path::new("")).join("avatars"))
    });
    Ok(Options {
        space: args.space,
        out: args.out,
        homeserver: args.homeserver,
        max_depth: args.max_depth,
        rooms: args.rooms,
        avatars,
        timeout: Duration::from_secs(args.timeout),
        activity: !args.no_activity,
    })
}

/// A clap error as one line: its first paragraph, without clap's
/// `error: `, and where to read more.
fn usage_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let said: Vec<&str> = text
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    let said = said.join(" ");
    let said = said.strip_prefix("error: ").unwrap_or(&said);
    format!("{said}; try `matrix-channels snapshot --help`")
}

fn parse_alias(text: &str) -> Result<RoomAlias, String> {
    RoomAlias::parse(text).map_err(|e| {
        format!("not a room alias like '#name:server' ({e}); quote it in the shell, where # starts a comment")
    })
}

fn parse_homeserver(text: &str) -> Result<String, String> {
    normalize_base_url(text).ok_or_else(|| "not an http(s) URL".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Options, NoSnapshot> {
        parse_args(std::iter::once("matrix-channels").chain(list.iter().copied()))
    }

    #[test]
    fn reads_a_snapshot_command() {
        let options = args(&[
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
        ])
        .unwrap();
        assert_eq!(options.space.as_str(), "#space:example.org");
        assert_eq!(options.out, PathBuf::from("_data/rooms.json"));
        assert_eq!(options.max_depth, 2);
        assert_eq!(options.rooms.len(), 1);
        assert_eq!(options.homeserver.as_deref(), Some("http://127.0.0.1:8008"));
        assert_eq!(options.avatars, Some(PathBuf::from("_data/avatars")));
        assert_eq!(options.timeout, Duration::from_secs(30));
        assert!(options.activity);
        let without = args(&[
            "snapshot",
            "#s:e.org",
            "-o",
            "x.json",
            "--no-avatars",
            "--no-activity",
        ])
        .unwrap();
        assert_eq!(without.avatars, None);
        assert!(!without.activity);
    }

    #[test]
    fn after_a_double_dash_the_space_is_never_an_option() {
        // The Action passes its `space` input after `--`: `--help` there
        // is a space that does not parse, not a request for help.
        assert!(matches!(
            args(&["snapshot", "--out", "x.json", "--", "--help"]),
            Err(NoSnapshot::Usage(_))
        ));
        let options = args(&["snapshot", "--out", "x.json", "--", "#space:example.org"]).unwrap();
        assert_eq!(options.space.as_str(), "#space:example.org");
        assert!(args(&["snapshot", "--out", "x", "--", "#a:e.org", "#b:e.org"]).is_err());
    }

    #[test]
    fn help_and_version_are_asked_for() {
        for list in [&["--help"][..], &["snapshot", "-h"], &["-V"], &["help"]] {
            assert!(matches!(args(list), Err(NoSnapshot::Asked(_))), "{list:?}");
        }
        let Err(NoSnapshot::Asked(help)) = args(&["snapshot", "--help"]) else {
            panic!("no help");
        };
        let help = help.render().to_string();
        for part in [
            "--out <FILE>",
            "--homeserver <URL>",
            "--no-activity",
            "MATRIX_ACCESS_TOKEN",
            "Exit status",
        ] {
            assert!(help.contains(part), "{part}: {help}");
        }
        assert!(!help.contains("--token"), "{help}");
    }

    #[test]
    fn usage_errors_say_what_to_do() {
        let error = |list: &[&str]| match args(list) {
            Err(NoSnapshot::Usage(line)) => line,
            other => panic!("{list:?}: {other:?}"),
        };
        assert!(error(&[]).contains("no command"));
        assert!(error(&["snapshots"]).contains("unrecognized subcommand"));
        assert!(error(&["snapshot", "--out", "x.json"]).contains("<SPACE>"));
        assert!(error(&["snapshot", "#s:example.org"]).contains("--out"));
        assert!(error(&["snapshot", "space", "--out", "x"]).contains("quote it"));
        assert!(error(&["snapshot", "#s:e.org", "--out"]).contains("--out"));
        let token = error(&["snapshot", "#s:e.org", "-o", "x", "--token", "secret"]);
        assert!(token.contains("environment"), "{token}");
        assert!(!token.contains("secret"), "{token}");
        let token = error(&[
            "snapshot",
            "#s:e.org",
            "-o",
            "x",
            "--access-token",
            "secret",
        ]);
        assert!(!token.contains("secret"), "{token}");
        assert!(error(&["snapshot", "#s:e.org", "-o", "x", "--max-depth", "0"]).contains("1..=10"));
        assert!(
            error(&["snapshot", "#s:e.org", "-o", "x", "--homeserver", "ftp://x"]).contains("http")
        );
        for line in [error(&["snapshot", "a", "b"]), error(&["snapshot"])] {
            assert!(!line.contains('\n'), "{line}");
        }
    }
}
