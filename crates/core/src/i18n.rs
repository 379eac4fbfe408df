//! The widget's words, in every language it speaks, and how it picks one.
//!
//! Adding a language is adding one [`Language`] table below and listing it
//! in [`LANGUAGES`]. Numbers, plural categories and relative times are not
//! written here: the browser's `Intl` formats them for the chosen language
//! (see [`Formatter`] and the widget's `src/browser/intl.rs`), so "12.345 Mitglieder" and
//! "12,345 members" come out right without hand-written rules.

use crate::room::Freshness;

/// The texts of one language. `{n}`, `{time}`, `{name}` and `{count}` are
/// filled in.
#[derive(Debug)]
pub struct Language {
    /// The BCP 47 primary language subtag, e.g. `de`.
    pub code: &'static str,
    /// The member count, by the CLDR plural category of the number.
    pub members: Plural,
    /// The mark on a room that is a space.
    pub space: &'static str,
    /// Said instead of a count when the server will not tell.
    pub not_public: &'static str,
    /// The mark on a count that could not be refreshed.
    pub not_current: &'static str,
    /// Said while a count is loading.
    pub loading: &'static str,
    /// Said when there is no count because requests fail.
    pub unavailable: &'static str,
    /// When the counts were last updated: `{time}` is a relative time from
    /// `Intl.RelativeTimeFormat` ("2 minutes ago", "vor 2 Minuten").
    pub updated: &'static str,
    /// Shown when no room could be asked about at all.
    pub error: &'static str,
    /// The accessible name of the list.
    pub rooms_label: &'static str,
    /// The button that turns live counts on (`live="consent"`); `{host}`
    /// is the homeserver the browser would connect to.
    pub consent: &'static str,
    /// The button that turns them off again.
    pub consent_revoke: &'static str,
}

/// A text in each CLDR plural category a language uses; `other` is the
/// fallback for any category left out.
#[derive(Debug)]
pub struct Plural {
    /// For numbers in the category `one` ("1 member").
    pub one: &'static str,
    /// For every other number.
    pub other: &'static str,
}

impl Plural {
    /// The form for a CLDR plural category (`one`, `other`, …).
    pub fn form(&self, category: &str) -> &'static str {
        match category {
            "one" => self.one,
            _ => self.other,
        }
    }
}

/// English, the fallback.
pub static ENGLISH: Language = Language {
    code: "en",
    members: Plural {
        one: "{n} member",
        other: "{n} members",
    },
    space: "Space",
    not_public: "not public",
    not_current: "not current",
    loading: "loading",
    unavailable: "unavailable",
    updated: "Member counts updated {time}",
    error: "Member counts are unavailable right now. The links still work.",
    rooms_label: "Matrix rooms",
    consent: "Show live member counts — connects to {host}",
    consent_revoke: "Stop live member counts",
};

/// German.
pub static GERMAN: Language = Language {
    code: "de",
    members: Plural {
        one: "{n} Mitglied",
        other: "{n} Mitglieder",
    },
    space: "Space",
    not_public: "nicht öffentlich",
    not_current: "nicht aktuell",
    loading: "wird geladen",
    unavailable: "nicht verfügbar",
    updated: "Mitgliederzahlen {time} aktualisiert",
    error: "Die Mitgliederzahlen sind gerade nicht verfügbar. Die Links funktionieren trotzdem.",
    rooms_label: "Matrix-Räume",
    consent: "Aktuelle Mitgliederzahlen anzeigen – verbindet mit {host}",
    consent_revoke: "Keine aktuellen Mitgliederzahlen mehr laden",
};

/// Every language the widget speaks.
pub static LANGUAGES: [&Language; 2] = [&ENGLISH, &GERMAN];

/// The table for a language tag (`de`, `de-AT`, `EN_gb`), if there is one.
fn language_for(tag: &str) -> Option<&'static Language> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().copied().find(|l| l.code == primary)
}

/// Picks the language: the first tag, in order of preference, that the
/// widget speaks; English when none is. The caller passes the element's
/// `lang`, then the nearest ancestor's, then the browser's languages.
pub fn choose_language<'a>(tags: impl IntoIterator<Item = &'a str>) -> &'static Language {
    tags.into_iter()
        .filter(|t| !t.trim().is_empty())
        .find_map(language_for)
        .unwrap_or(&ENGLISH)
}

/// What only the browser knows how to do right for each language.
pub trait Formatter {
    /// The number with the language's digit grouping: 1,234 or 1.234.
    fn number(&self, n: u64) -> String;
    /// The CLDR plural category of `n`: `one`, `other`, …
    fn plural_category(&self, n: u64) -> String;
    /// "2 minutes ago", "vor 2 Minuten": `amount` of `unit` (`minute`,
    /// `hour`, `day`) in the past.
    fn ago(&self, amount: u64, unit: &str) -> String;
}

/// The text of a room's count element.
pub fn count_label(
    language: &Language,
    format: &impl Formatter,
    count: Option<u64>,
    freshness: Freshness,
) -> String {
    match (count, freshness) {
        (Some(n), _) => fill(
            language.members.form(&format.plural_category(n)),
            &format.number(n),
        ),
        (None, Freshness::NotPublic) => language.not_public.to_owned(),
        (None, Freshness::Loading) => "…".to_owned(),
        // The snapshot has no count for it (the server would not say):
        // nothing to tell, and nothing is wrong.
        (None, Freshness::Snapshot) => String::new(),
        (None, _) => language.unavailable.to_owned(),
    }
}

/// A row's accessible name: "deRSE-general, 42 members", with the space
/// mark and the state when there is one to tell.
pub fn row_label(
    language: &Language,
    format: &impl Formatter,
    name: &str,
    is_space: bool,
    count: Option<u64>,
    freshness: Freshness,
) -> String {
    // Written into one string as it goes: a row's label is rewritten at
    // each of its updates, 500 rows a round.
    let mut label = name.to_owned();
    let mut add = |part: &str| {
        if !part.is_empty() {
            label.push_str(", ");
            label.push_str(part);
        }
    };
    if is_space {
        add(language.space);
    }
    match (count, freshness) {
        (None, Freshness::Loading) => add(language.loading),
        _ => add(&count_label(language, format, count, freshness)),
    }
    if freshness == Freshness::Stale {
        add(language.not_current);
    }
    label
}

/// "Member counts updated 3 minutes ago", for `elapsed_ms` since the update.
pub fn updated_label(language: &Language, format: &impl Formatter, elapsed_ms: u64) -> String {
    let minutes = elapsed_ms / 60_000;
    let time = match minutes {
        0..=59 => format.ago(minutes, "minute"),
        60..=1439 => format.ago(minutes / 60, "hour"),
        _ => format.ago(minutes / 1440, "day"),
    };
    fill(language.updated, &time)
}

/// The template with its one placeholder (`{n}`, `{time}`, `{host}`)
/// replaced by `value`. By hand rather than with `str::replace`: a string
/// pattern links core's two-way searcher, and with it the formatting of
/// string-slicing panics, into the wasm (and pushed rather than
/// `concat`enated, whose generic joining code only this and one other
/// call linked).
pub fn fill(template: &str, value: &str) -> String {
    let parts = template
        .split_once('{')
        .and_then(|(before, rest)| Some((before, rest.split_once('}')?.1)));
    match parts {
        Some((before, after)) => {
            let mut filled = String::with_capacity(template.len() + value.len());
            filled.push_str(before);
            filled.push_str(value);
            filled.push_str(after);
            filled
        }
        None => template.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Intl does for English and German, written out for the host.
    struct Plain(&'static str);

    impl Formatter for Plain {
        fn number(&self, n: u64) -> String {
            let digits = n.to_string();
            let separator = if self.0 == "de" { "." } else { "," };
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push_str(separator);
                }
                out.push(c);
            }
            out
        }
        fn plural_category(&self, n: u64) -> String {
            if n == 1 { "one" } else { "other" }.to_owned()
        }
        fn ago(&self, amount: u64, unit: &str) -> String {
            format!("{amount} {unit}(s) ago")
        }
    }

    #[test]
    fn picks_the_first_language_it_speaks() {
        assert_eq!(choose_language(["de"]).code, "de");
        assert_eq!(choose_language(["de-AT", "en"]).code, "de");
        assert_eq!(choose_language(["EN_gb", "de"]).code, "en");
        // An element in a language the widget does not speak falls through
        // to the next source: the page's, then the browser's.
        assert_eq!(choose_language(["fr", "de", "en"]).code, "de");
        assert_eq!(choose_language(["", "  ", "de"]).code, "de");
        assert_eq!(choose_language(["fr", "pl"]).code, "en");
        assert_eq!(choose_language([]).code, "en");
    }

    #[test]
    fn member_counts_in_english_and_german() {
        let en = |n| count_label(&ENGLISH, &Plain("en"), Some(n), Freshness::Live);
        let de = |n| count_label(&GERMAN, &Plain("de"), Some(n), Freshness::Live);
        assert_eq!(
            [en(0), en(1), en(2), en(1234)],
            ["0 members", "1 member", "2 members", "1,234 members"]
        );
        assert_eq!(
            [de(0), de(1), de(2), de(1234)],
            [
                "0 Mitglieder",
                "1 Mitglied",
                "2 Mitglieder",
                "1.234 Mitglieder"
            ]
        );
    }

    #[test]
    fn counts_without_a_number() {
        let label = |language, freshness| count_label(language, &Plain("en"), None, freshness);
        assert_eq!(label(&ENGLISH, Freshness::NotPublic), "not public");
        assert_eq!(label(&GERMAN, Freshness::NotPublic), "nicht öffentlich");
        assert_eq!(label(&GERMAN, Freshness::Unavailable), "nicht verfügbar");
        assert_eq!(label(&ENGLISH, Freshness::Loading), "…");
        assert_eq!(label(&ENGLISH, Freshness::Snapshot), "");
    }

    #[test]
    fn rows_are_named_with_their_count_and_state() {
        let en = Plain("en");
        assert_eq!(
            row_label(
                &ENGLISH,
                &en,
                "deRSE-general",
                false,
                Some(42),
                Freshness::Live
            ),
            "deRSE-general, 42 members"
        );
        assert_eq!(
            row_label(
                &GERMAN,
                &Plain("de"),
                "de-RSE",
                true,
                Some(1),
                Freshness::Stale
            ),
            "de-RSE, Space, 1 Mitglied, nicht aktuell"
        );
        assert_eq!(
            row_label(&ENGLISH, &en, "jobs", false, None, Freshness::Loading),
            "jobs, loading"
        );
        assert_eq!(
            row_label(&ENGLISH, &en, "jobs", false, None, Freshness::NotPublic),
            "jobs, not public"
        );
        assert_eq!(
            row_label(&ENGLISH, &en, "jobs", false, None, Freshness::Snapshot),
            "jobs"
        );
        assert_eq!(
            row_label(&ENGLISH, &en, "jobs", false, Some(3), Freshness::Snapshot),
            "jobs, 3 members"
        );
    }

    #[test]
    fn the_update_time_is_relative() {
        let en = Plain("en");
        assert_eq!(
            updated_label(&ENGLISH, &en, 30_000),
            "Member counts updated 0 minute(s) ago"
        );
        assert_eq!(
            updated_label(&ENGLISH, &en, 3 * 60_000),
            "Member counts updated 3 minute(s) ago"
        );
        assert_eq!(
            updated_label(&GERMAN, &en, 2 * 3_600_000),
            "Mitgliederzahlen 2 hour(s) ago aktualisiert"
        );
        assert_eq!(
            updated_label(&ENGLISH, &en, 3 * 86_400_000),
            "Member counts updated 3 day(s) ago"
        );
    }

    #[test]
    fn placeholders_are_filled_once_and_other_text_kept() {
        assert_eq!(fill("{n} members", "1,234"), "1,234 members");
        assert_eq!(
            fill("Mitgliederzahlen {time} aktualisiert", "vor 2 Minuten"),
            "Mitgliederzahlen vor 2 Minuten aktualisiert"
        );
        // The value is text: braces in it are not placeholders.
        assert_eq!(
            fill("connects to {host}", "{evil}.org"),
            "connects to {evil}.org"
        );
        assert_eq!(fill("no placeholder", "x"), "no placeholder");
        assert_eq!(fill("unclosed {n", "x"), "unclosed {n");
    }

    #[test]
    fn every_language_has_every_text() {
        for language in LANGUAGES {
            for text in [
                language.space,
                language.not_public,
                language.not_current,
                language.loading,
                language.unavailable,
                language.error,
                language.rooms_label,
                language.consent_revoke,
            ] {
                assert!(!text.is_empty(), "{}", language.code);
            }
            assert!(language.members.one.contains("{n}") && language.members.other.contains("{n}"));
            assert!(language.updated.contains("{time}"));
            assert!(language.consent.contains("{host}"));
        }
    }
}
