//! Why a snapshot could not be made, in words a maintainer can act on.

use std::fmt;
use std::path::PathBuf;

use crate::args::TOKEN_VARIABLE;

/// Why a snapshot could not be made, in words a maintainer can act on.
#[derive(Debug)]
pub enum SnapshotError {
    /// The command line asks for something the tool will not do (exit 2).
    Usage(String),
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
            SnapshotError::Usage(why) | SnapshotError::Server(why) => f.write_str(why),
            SnapshotError::File(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}
