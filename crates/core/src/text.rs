//! Text from strangers, made safe to show: room names and topics come from
//! whoever runs or administers a room. They are only ever rendered as text
//! nodes; this module also keeps them from breaking the layout or the
//! reading direction of the page around them.

/// Longest room name shown in full, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest description shown in full, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 300;
/// Longest text kept at all (for the tooltip with the full text).
pub const MAX_KEPT_CHARS: usize = 2000;

/// Collapses runs of white space to one space, trims the ends and drops
/// control characters and the bidirectional embedding and override marks
/// that could reverse the text around them.
pub fn clean(input: &str) -> String {
    let mut out = String::with_capacity(input.len().min(MAX_KEPT_CHARS * 4));
    let mut pending_space = false;
    for c in input.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    truncate_chars(&out, MAX_KEPT_CHARS)
}

/// Shortens `text` to `max` characters, ending in "…" when it was longer.
pub fn clamp(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short = truncate_chars(text, max.saturating_sub(1));
    short.truncate(short.trim_end().len());
    short.push('…');
    short
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text.get(..cut).unwrap_or(text).to_owned(),
        None => text.to_owned(),
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_white_space_and_drops_controls() {
        assert_eq!(
            clean("  For general\n\t discussions\u{7}  "),
            "For general discussions"
        );
        assert_eq!(clean("evil\u{202E}txt.exe"), "eviltxt.exe");
        assert_eq!(clean("\u{2067}x\u{2069}"), "x");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn keeps_emoji_combining_marks_and_other_scripts() {
        assert_eq!(clean("👩‍🔬 Forschung e\u{301}"), "👩‍🔬 Forschung e\u{301}");
        assert_eq!(clean("مرحبا"), "مرحبا");
    }

    #[test]
    fn clamps_on_character_boundaries() {
        assert_eq!(clamp("short", 10), "short");
        assert_eq!(clamp("ääääääääää", 5), "ääää…");
        assert_eq!(clamp("word word word", 6), "word…");
        assert_eq!(clean(&"x".repeat(10_000)).chars().count(), MAX_KEPT_CHARS);
    }
}
