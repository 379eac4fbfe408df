//! The widget's words, in every language it speaks, and how it picks one.
//!
//! Adding a language is adding one [`Language`] table below and listing it
//! in [`LANGUAGES`]. Its numbers, plural forms and relative times are in
//! the table too, as CLDR has them for whole numbers ("12.345 Mitglieder",
//! "vor 2 Minuten", "vorgestern"), rather than asked of the browser's
//! `Intl`: a page's first `Intl` formatter loads its locale data, 14–25 ms
//! of main thread on this project's machines, in the middle of a cold
//! visit's first count, for two languages whose rules for counts and
//! minutes, hours and days are a few lines each. The tests below hold them
//! to what `Intl` says.

use crate::activity::{Liveliness, RoomActivity};
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
    /// When the counts were last updated: `{time}` is a relative time,
    /// [`Language::ago`] ("2 minutes ago", "vor 2 Minuten").
    pub updated: &'static str,
    /// Between each three digits of a number: "1,234", "1.234".
    pub digit_group: char,
    /// Relative times in the past.
    pub ago: Ago,
    /// Shown when no room could be asked about at all.
    pub error: &'static str,
    /// The accessible name of the list.
    pub rooms_label: &'static str,
    /// The button that turns live counts on (`live="consent"`); `{host}`
    /// is the homeserver the browser would connect to.
    pub consent: &'static str,
    /// The button that turns them off again.
    pub consent_revoke: &'static str,
    /// How alive a room is, from the snapshot.
    pub activity: ActivityWords,
}

/// The words for a room's activity ([`activity_label`]), relative to the
/// snapshot's time.
#[derive(Debug)]
pub struct ActivityWords {
    /// Messages in the 7 days before the snapshot, `{n}` of them.
    pub week: Plural,
    /// None in 7 days: when the last one was, `{time}` a relative time
    /// ([`relative_time`]: "12 days ago", "vor 12 Tagen").
    pub last_message: &'static str,
    /// No message in the 30 days the snapshot tool reads.
    pub quiet: &'static str,
}

/// A text in each CLDR plural category of whole numbers a language uses,
/// with `{n}` for the number.
#[derive(Debug)]
pub struct Plural {
    /// For numbers in the category `one` ("1 member").
    pub one: &'static str,
    /// For every other number.
    pub other: &'static str,
}

impl Plural {
    /// The form for `n`: English's and German's rule, `one` for 1 alone
    /// (CLDR: i = 1 and v = 0). A language with other categories (few,
    /// many) or another rule (French's 0) adds them here.
    pub fn form(&self, n: u64) -> &'static str {
        if n == 1 {
            self.one
        } else {
            self.other
        }
    }
}

/// Relative times in the past, as `Intl.RelativeTimeFormat` with
/// `numeric: "auto"` writes them: the words a language has for some of
/// them ("this minute", "yesterday", "vorgestern"), else a number.
#[derive(Debug)]
pub struct Ago {
    /// Less than a minute ago.
    pub this_minute: &'static str,
    /// `{n}` minutes ago.
    pub minutes: Plural,
    /// `{n}` hours ago.
    pub hours: Plural,
    /// The words for 1, 2, … days ago, as far as the language has them.
    pub days_named: &'static [&'static str],
    /// `{n}` days ago, where no word is.
    pub days: Plural,
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
    digit_group: ',',
    ago: Ago {
        this_minute: "this minute",
        minutes: Plural {
            one: "{n} minute ago",
            other: "{n} minutes ago",
        },
        hours: Plural {
            one: "{n} hour ago",
            other: "{n} hours ago",
        },
        days_named: &["yesterday"],
        days: Plural {
            one: "{n} day ago",
            other: "{n} days ago",
        },
    },
    error: "Member counts are unavailable right now. The links still work.",
    rooms_label: "Matrix rooms",
    consent: "Show live member counts — connects to {host}",
    consent_revoke: "Stop live member counts",
    activity: ActivityWords {
        week: Plural {
            one: "{n} message in the last 7 days",
            other: "{n} messages in the last 7 days",
        },
        last_message: "last message {time}",
        quiet: "no messages in the last 30 days",
    },
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
    digit_group: '.',
    ago: Ago {
        this_minute: "in dieser Minute",
        minutes: Plural {
            one: "vor {n} Minute",
            other: "vor {n} Minuten",
        },
        hours: Plural {
            one: "vor {n} Stunde",
            other: "vor {n} Stunden",
        },
        days_named: &["gestern", "vorgestern"],
        days: Plural {
            one: "vor {n} Tag",
            other: "vor {n} Tagen",
        },
    },
    error: "Die Mitgliederzahlen sind gerade nicht verfügbar. Die Links funktionieren trotzdem.",
    rooms_label: "Matrix-Räume",
    consent: "Aktuelle Mitgliederzahlen anzeigen – verbindet mit {host}",
    consent_revoke: "Keine aktuellen Mitgliederzahlen mehr laden",
    activity: ActivityWords {
        week: Plural {
            one: "{n} Nachricht in den letzten 7 Tagen",
            other: "{n} Nachrichten in den letzten 7 Tagen",
        },
        last_message: "letzte Nachricht {time}",
        quiet: "keine Nachrichten in den letzten 30 Tagen",
    },
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

impl Language {
    /// `n` with the language's digit grouping: 1,234 or 1.234 (from four
    /// digits on, in both).
    pub fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(self.digit_group);
            }
            grouped.push(digit);
        }
        grouped
    }
}

/// The text of a room's count element.
pub fn count_label(language: &Language, count: Option<u64>, freshness: Freshness) -> String {
    match (count, freshness) {
        (Some(n), _) => fill(language.members.form(n), &language.number(n)),
        (None, Freshness::NotPublic) => language.not_public.to_owned(),
        (None, Freshness::Loading) => "…".to_owned(),
        // The snapshot has no count for it (the server would not say):
        // nothing to tell, and nothing is wrong.
        (None, Freshness::Snapshot) => String::new(),
        (None, _) => language.unavailable.to_owned(),
    }
}

/// What a row says of its room's activity ([`RoomActivity::liveliness`]),
/// relative to the snapshot's time: "12 messages in the last 7 days",
/// "last message 9 days ago", "no messages in the last 30 days". The
/// Jekyll include (`examples/jekyll/_includes/matrix-channels.html`)
/// writes the same words by the same rule.
pub fn activity_label(language: &Language, activity: &RoomActivity) -> String {
    let words = &language.activity;
    match activity.liveliness() {
        Liveliness::Week(n) => fill(words.week.form(n), &language.number(n)),
        Liveliness::LastMessage { ago_ms } => {
            fill(words.last_message, &relative_time(language, ago_ms))
        }
        Liveliness::Quiet => words.quiet.to_owned(),
    }
}

/// A row's accessible name: "deRSE-general, 42 members", with the space
/// mark and the state when there is one to tell, and the room's activity
/// ([`activity_label`]) when the snapshot has it.
pub fn row_label(
    language: &Language,
    name: &str,
    is_space: bool,
    count: Option<u64>,
    freshness: Freshness,
    activity: Option<&str>,
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
        _ => add(&count_label(language, count, freshness)),
    }
    if freshness == Freshness::Stale {
        add(language.not_current);
    }
    if let Some(activity) = activity {
        add(activity);
    }
    label
}

/// "Member counts updated 3 minutes ago", for `elapsed_ms` since the update.
pub fn updated_label(language: &Language, elapsed_ms: u64) -> String {
    fill(language.updated, &relative_time(language, elapsed_ms))
}

/// `elapsed_ms` ago, in whole minutes below an hour, hours below a day,
/// else days: "this minute", "2 hours ago", "vorgestern".
pub fn relative_time(language: &Language, elapsed_ms: u64) -> String {
    let ago = &language.ago;
    let minutes = elapsed_ms / 60_000;
    let (amount, forms) = match minutes {
        0 => return ago.this_minute.to_owned(),
        1..=59 => (minutes, &ago.minutes),
        60..=1439 => (minutes / 60, &ago.hours),
        _ => {
            let days = minutes / 1440;
            let named = usize::try_from(days - 1).ok();
            if let Some(word) = named.and_then(|i| ago.days_named.get(i)) {
                return (*word).to_owned();
            }
            (days, &ago.days)
        }
    };
    fill(forms.form(amount), &language.number(amount))
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
        let en = |n| count_label(&ENGLISH, Some(n), Freshness::Live);
        let de = |n| count_label(&GERMAN, Some(n), Freshness::Live);
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
        let label = |language, freshness| count_label(language, None, freshness);
        assert_eq!(label(&ENGLISH, Freshness::NotPublic), "not public");
        assert_eq!(label(&GERMAN, Freshness::NotPublic), "nicht öffentlich");
        assert_eq!(label(&GERMAN, Freshness::Unavailable), "nicht verfügbar");
        assert_eq!(label(&ENGLISH, Freshness::Loading), "…");
        assert_eq!(label(&ENGLISH, Freshness::Snapshot), "");
    }

    #[test]
    fn rows_are_named_with_their_count_and_state() {
        assert_eq!(
            row_label(
                &ENGLISH,
                "deRSE-general",
                false,
                Some(42),
                Freshness::Live,
                None
            ),
            "deRSE-general, 42 members"
        );
        assert_eq!(
            row_label(&GERMAN, "de-RSE", true, Some(1), Freshness::Stale, None),
            "de-RSE, Space, 1 Mitglied, nicht aktuell"
        );
        assert_eq!(
            row_label(&ENGLISH, "jobs", false, None, Freshness::Loading, None),
            "jobs, loading"
        );
        assert_eq!(
            row_label(&ENGLISH, "jobs", false, None, Freshness::NotPublic, None),
            "jobs, not public"
        );
        assert_eq!(
            row_label(&ENGLISH, "jobs", false, None, Freshness::Snapshot, None),
            "jobs"
        );
        assert_eq!(
            row_label(&ENGLISH, "jobs", false, Some(3), Freshness::Snapshot, None),
            "jobs, 3 members"
        );
    }

    /// A room's activity as of a snapshot made at `AS_OF`: `messages_7d`,
    /// and a last message `ago_ms` before it (or none).
    fn activity(messages_7d: u64, ago_ms: Option<u64>) -> RoomActivity {
        const AS_OF: u64 = 1_795_512_345_000;
        RoomActivity {
            activity: crate::activity::Activity {
                last_message_at: ago_ms.map(|ago| crate::snapshot::rfc3339_utc(AS_OF - ago)),
                messages_7d,
                messages_30d: messages_7d + 3,
            },
            as_of_ms: AS_OF,
        }
    }

    #[test]
    fn activity_in_english_and_german_relative_to_the_snapshot() {
        const MINUTE: u64 = 60_000;
        const DAY: u64 = 1440 * MINUTE;
        let cases = [
            // Messages in the last 7 days: counted, whenever the last was.
            (
                activity(1, Some(0)),
                "1 message in the last 7 days",
                "1 Nachricht in den letzten 7 Tagen",
            ),
            (
                activity(2, Some(6 * DAY)),
                "2 messages in the last 7 days",
                "2 Nachrichten in den letzten 7 Tagen",
            ),
            (
                activity(1234, Some(MINUTE)),
                "1,234 messages in the last 7 days",
                "1.234 Nachrichten in den letzten 7 Tagen",
            ),
            // None in 7 days: the last message, as the "updated" line
            // words a time, to the day from a week on.
            (
                activity(0, Some(7 * DAY + 1000)),
                "last message 7 days ago",
                "letzte Nachricht vor 7 Tagen",
            ),
            (
                activity(0, Some(30 * DAY)),
                "last message 30 days ago",
                "letzte Nachricht vor 30 Tagen",
            ),
            (
                activity(0, Some(31 * DAY - 1000)),
                "last message 30 days ago",
                "letzte Nachricht vor 30 Tagen",
            ),
            // Only a snapshot written by hand says so little so recently:
            // the same rule, and the words for it.
            (
                activity(0, Some(DAY)),
                "last message yesterday",
                "letzte Nachricht gestern",
            ),
            (
                activity(0, Some(2 * DAY)),
                "last message 2 days ago",
                "letzte Nachricht vorgestern",
            ),
            (
                activity(0, Some(60 * MINUTE)),
                "last message 1 hour ago",
                "letzte Nachricht vor 1 Stunde",
            ),
            (
                activity(0, Some(59_000)),
                "last message this minute",
                "letzte Nachricht in dieser Minute",
            ),
            // No message found in the 30 days read.
            (
                activity(0, None),
                "no messages in the last 30 days",
                "keine Nachrichten in den letzten 30 Tagen",
            ),
        ];
        for (room, en, de) in cases {
            assert_eq!(activity_label(&ENGLISH, &room), en, "{room:?}");
            assert_eq!(activity_label(&GERMAN, &room), de, "{room:?}");
        }
        // A last message dated after the snapshot (within the clocks' skew
        // the reader allows): as of the snapshot, not "in the future".
        let mut skewed = activity(0, Some(0));
        skewed.activity.last_message_at =
            Some(crate::snapshot::rfc3339_utc(skewed.as_of_ms + 30_000));
        assert_eq!(
            activity_label(&ENGLISH, &skewed),
            "last message this minute"
        );
    }

    #[test]
    fn a_rows_label_ends_with_its_activity() {
        let words = activity_label(&GERMAN, &activity(12, Some(0)));
        assert_eq!(
            row_label(
                &GERMAN,
                "jobs",
                false,
                Some(3),
                Freshness::Stale,
                Some(&words)
            ),
            "jobs, 3 Mitglieder, nicht aktuell, 12 Nachrichten in den letzten 7 Tagen"
        );
        assert_eq!(
            row_label(
                &ENGLISH,
                "jobs",
                false,
                None,
                Freshness::Snapshot,
                Some("no messages in the last 30 days")
            ),
            "jobs, no messages in the last 30 days"
        );
    }

    /// What `Intl` says (Node 20's; tests/web.rs holds the tables to
    /// Chromium's), for the numbers, plural forms and relative times the
    /// widget writes; and u64::MAX exactly, which `Intl` (a double) would
    /// round.
    #[test]
    fn numbers_and_times_as_intl_writes_them() {
        let numbers = [
            0,
            1,
            12,
            999,
            1000,
            1234,
            12345,
            123_456,
            1_234_567,
            u64::MAX,
        ];
        assert_eq!(
            numbers.map(|n| ENGLISH.number(n)),
            [
                "0",
                "1",
                "12",
                "999",
                "1,000",
                "1,234",
                "12,345",
                "123,456",
                "1,234,567",
                "18,446,744,073,709,551,615"
            ]
        );
        assert_eq!(GERMAN.number(1_234_567), "1.234.567");
        assert_eq!(GERMAN.number(1000), "1.000");
        let minute = 60_000;
        let times = |language| {
            [
                0,
                1,
                2,
                59,
                60,
                61,
                120,
                1439,
                1440,
                2880,
                4320,
                43_200,
                1440 * 1234,
            ]
            .map(|minutes| updated_label(language, minutes * minute + 30_000))
        };
        assert_eq!(
            times(&ENGLISH),
            [
                "this minute",
                "1 minute ago",
                "2 minutes ago",
                "59 minutes ago",
                "1 hour ago",
                "1 hour ago",
                "2 hours ago",
                "23 hours ago",
                "yesterday",
                "2 days ago",
                "3 days ago",
                "30 days ago",
                "1,234 days ago"
            ]
            .map(|t| format!("Member counts updated {t}"))
        );
        assert_eq!(
            times(&GERMAN),
            [
                "in dieser Minute",
                "vor 1 Minute",
                "vor 2 Minuten",
                "vor 59 Minuten",
                "vor 1 Stunde",
                "vor 1 Stunde",
                "vor 2 Stunden",
                "vor 23 Stunden",
                "gestern",
                "vorgestern",
                "vor 3 Tagen",
                "vor 30 Tagen",
                "vor 1.234 Tagen"
            ]
            .map(|t| format!("Mitgliederzahlen {t} aktualisiert"))
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
            let ago = &language.ago;
            for plural in [&language.members, &ago.minutes, &ago.hours, &ago.days] {
                assert!(plural.one.contains("{n}") && plural.other.contains("{n}"));
            }
            assert!(!ago.this_minute.is_empty() && ago.days_named.iter().all(|w| !w.is_empty()));
            assert!(language.updated.contains("{time}"));
            let words = &language.activity;
            assert!(words.week.one.contains("{n}") && words.week.other.contains("{n}"));
            assert!(words.last_message.contains("{time}") && !words.quiet.is_empty());
            assert!(language.consent.contains("{host}"));
        }
    }
}
