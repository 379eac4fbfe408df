//! What the tool prints: one line per message, for a terminal or a CI log.
//!
//! Room names, avatar URIs and error codes come from the homeserver and
//! whoever administers a room. In a GitHub Actions log a line starting
//! with `::` is a workflow command (`::error::`, `::add-mask::`,
//! `::stop-commands::`), and in a terminal an escape sequence can clear or
//! rewrite what was printed. So every piece of a server's text is cleaned
//! as the widget cleans it (the core's `text::clean`: no control or bidi
//! characters, white space as single spaces) where a message quotes it,
//! and every line is cleaned once more as it is printed: whatever a
//! message holds, it is one line that starts with `matrix-channels:`.

use std::path::Path;

use matrix_channels_core::text::{clamp, clean, MAX_NAME_CHARS};

use crate::error::SnapshotError;

/// A piece of a server's text as a message quotes it: cleaned, and
/// shortened like a room name in the list.
pub fn quote(text: &str) -> String {
    clamp(&clean(text), MAX_NAME_CHARS)
}

/// A message as one line of the log, without control or bidi characters.
pub fn line(message: &str) -> String {
    clean(message)
}

/// A warning's line.
pub fn warning(warning: &str) -> String {
    line(&format!("matrix-channels: warning: {warning}"))
}

/// An error's line.
pub fn error(error: &SnapshotError) -> String {
    line(&format!("matrix-channels: {error}"))
}

/// The line that says what a run wrote: `space` is the space's name as the
/// server gave it (or its alias), `pages` how many hierarchy pages were read
/// (0 for room summaries), `activity` how many rooms' activity was read.
pub fn summary(
    rooms: usize,
    space: &str,
    out: &Path,
    pages: usize,
    avatars: usize,
    activity: usize,
    seconds: f64,
) -> String {
    let pages = match pages {
        0 => String::from("room summaries"),
        1 => String::from("1 hierarchy page"),
        n => format!("{n} hierarchy pages"),
    };
    line(&format!(
        "matrix-channels: wrote {rooms} rooms of {} to {} ({pages}, {avatars} avatars, {activity} with activity) in {seconds:.1} s",
        quote(space),
        out.display(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::homeserver::RequestError;

    /// A room name as a hostile server or room admin may set it: a GitHub
    /// Actions workflow command on a line of its own, ANSI escapes (7-bit
    /// and the 8-bit CSI) that clear a terminal, a carriage return that
    /// overwrites the line, and a bidi override.
    const HOSTILE: &str =
        "Room\n::error file=x::pwned\r\n::add-mask::x\u{1b}[2J\u{9b}31m\u{202e}gnp.exe\u{7}";

    fn assert_one_plain_line(text: &str) {
        assert!(
            !text.chars().any(|c| c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{text:?}"
        );
        assert!(text.starts_with("matrix-channels: "), "{text:?}");
    }

    #[test]
    fn server_text_never_starts_a_log_line_nor_escapes_the_terminal() {
        let summary = summary(3, HOSTILE, Path::new("_data/rooms.json"), 1, 2, 1, 0.5);
        assert_one_plain_line(&summary);
        assert!(summary.contains("of Room ::error file=x::pwned ::add-mask::x[2J31mgnp.exe to"));
        assert!(summary.ends_with("(1 hierarchy page, 2 avatars, 1 with activity) in 0.5 s"));
        assert_one_plain_line(&warning(&format!(
            "{}: the avatar \"{}\" is not an mxc:// URI",
            quote(HOSTILE),
            quote("mxc://x\n::error::y")
        )));
        let request = RequestError::Unexpected {
            status: 500,
            errcode: Some(HOSTILE.into()),
        };
        assert_one_plain_line(&error(&SnapshotError::Server(format!(
            "the homeserver at https://example.org {request} while reading the space"
        ))));
    }

    #[test]
    fn a_long_name_is_clamped_where_it_is_quoted() {
        let quoted = quote(&"x".repeat(5_000));
        assert!(quoted.chars().count() <= 80, "{}", quoted.len());
        assert!(quoted.ends_with('…'));
    }
}
