//! Property tests of the parts that read data from outside: response
//! parsing, alias and link parsing, markup discovery, the stored cache, the
//! refresh timetable and text cleaning. Run on the host by `cargo test`.

// proptest builds for the host only.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use matrix_channels_core::cache::Entry;
use matrix_channels_core::discovery::{discover_rooms, Element, Markup, MAX_ROOMS};
use matrix_channels_core::matrix::endpoint::SummaryWalk;
use matrix_channels_core::matrix::summary::classify;
use matrix_channels_core::matrix::{Join, RoomAlias, RoomLink, SummaryReply};
use matrix_channels_core::refresh::{
    RoundOutcome, Schedule, MAX_BACKOFF_MS, MAX_RETRY_AFTER_INTERVALS,
};
use matrix_channels_core::text::{clamp, clean, MAX_KEPT_CHARS};
use matrix_channels_core::wire::SerdeJson;
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

/// Localparts: any characters but `:`, NUL and controls, as the spec allows.
fn localpart() -> impl Strategy<Value = String> {
    "[^:\\x00-\\x1f\\x7f-\\x9f]{1,40}"
}

fn server_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\\.[a-z]{2,6}){0,2}",
        "[a-z]{1,10}\\.[a-z]{2,3}:[0-9]{1,5}",
        "127\\.0\\.0\\.[0-9]{1,3}",
        Just("[::1]:8448".to_owned()),
    ]
}

fn alias() -> impl Strategy<Value = RoomAlias> {
    (localpart(), server_name()).prop_filter_map("too long", |(l, s)| {
        RoomAlias::parse(&format!("#{l}:{s}")).ok()
    })
}

/// Markup trees with room links, other links, text and nesting.
fn markup() -> impl Strategy<Value = Markup> {
    let leaf = prop_oneof![
        any::<String>().prop_map(Markup::Text),
        (alias(), ".{0,12}").prop_map(|(a, text)| Markup::link(&a.matrix_to_url(), &text)),
        (alias(), ".{0,12}")
            .prop_map(|(a, text)| Markup::link(&format!("matrix:r/{}", &a.as_str()[1..]), &text)),
        (".{0,40}", ".{0,12}").prop_map(|(href, text)| Markup::link(&href, &text)),
    ];
    leaf.prop_recursive(5, 200, 10, |inner| {
        (
            prop_oneof![
                Just("p"),
                Just("dl"),
                Just("dt"),
                Just("dd"),
                Just("li"),
                Just("em"),
                Just("br"),
                Just("div"),
                Just("script")
            ],
            prop::collection::vec(inner, 0..10),
        )
            .prop_map(|(name, children)| Markup::element(name, children))
    })
}

fn hrefs(markup: &Markup, out: &mut Vec<String>) {
    if let Markup::Element(e) = markup {
        out.extend(e.href.clone());
        for child in &e.children {
            hrefs(child, out);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn classify_never_panics(status in 100u16..600, body in ".{0,200}") {
        let _ = classify::<SerdeJson>(status, &body);
        // However the server answers, a walk through the paths ends.
        let mut walk = SummaryWalk::new(None);
        let mut asked = 1;
        while walk.answer::<SerdeJson>(status, &body).is_none() {
            asked += 1;
            prop_assert!(asked <= 3);
        }
    }

    #[test]
    // Up to 2^53: past it JSON.parse cannot hold a count exactly, and the
    // reader refuses it on both platforms rather than show a wrong number.
    fn any_valid_summary_is_read(count in 0u64..=(1 << 53), name in proptest::option::of(".{0,50}"), extra in "[a-z_]{1,10}") {
        let body = serde_json::json!({ "room_id": "!r:x", "num_joined_members": count, "name": name, extra: [1, {"a": null}] });
        match classify::<SerdeJson>(200, &body.to_string()) {
            Some(SummaryReply::Summary(s)) => {
                prop_assert_eq!(s.num_joined_members, count);
                prop_assert_eq!(s.name, name);
            }
            other => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn aliases_survive_a_round_trip(alias in alias()) {
        prop_assert_eq!(&RoomAlias::parse(alias.as_str()).unwrap(), &alias);
        let segment = alias.to_path_segment();
        prop_assert!(!segment.contains(['#', ':', '/', '?']));
        prop_assert_eq!(percent_decode_str(&segment).decode_utf8().unwrap(), alias.as_str());
        prop_assert_eq!(RoomLink::parse(&alias.matrix_to_url()).unwrap().alias, alias);
    }

    #[test]
    fn a_join_link_starts_as_its_template_does_whatever_the_alias(
        alias in alias(),
        host in "[a-z0-9]{1,10}(\\.[a-z]{2,3})?(:[0-9]{1,5})?",
        path in "[/?#][/a-zA-Z0-9#?&=%._~!$'()*+,;@:-]{0,30}",
        after in "[/a-zA-Z0-9#?&=%._~!$'()*+,;@:-]{0,30}",
    ) {
        let before = format!("https://{host}{path}");
        let template = format!("{before}{{alias}}{after}");
        let join = Join::parse(&template).unwrap();
        let url = join.url(&alias);
        prop_assert!(url.starts_with(&before), "{url}");
        prop_assert!(url.ends_with(&after), "{url}");
        // What the placeholder became is the alias, encoded so that it can
        // end no path segment, query or fragment.
        let filled = &url[before.len()..url.len() - after.len()];
        prop_assert!(!filled.contains(['/', '?', '#', '&', '=', ':', '@', '{', '}']), "{filled}");
        prop_assert_eq!(percent_decode_str(filled).decode_utf8().unwrap(), alias.as_str());
        // The matrix: URI names the same room.
        prop_assert_eq!(RoomLink::parse(&Join::MatrixUri.url(&alias)).unwrap().alias, alias);
    }

    #[test]
    fn a_join_template_is_https_or_refused(input in "(https?://|javascript:|data:|//)?.{0,40}(\\{alias\\})?.{0,10}") {
        if let Ok(Join::Client { before, .. }) = Join::parse(&input) {
            let scheme = before.get(..8).unwrap_or_default().to_ascii_lowercase();
            prop_assert!(scheme == "https://" || scheme.starts_with("http://"), "{input:?}");
            prop_assert!(!before.contains(char::is_whitespace), "{input:?}");
        }
    }

    #[test]
    fn link_and_alias_parsing_never_panic(input in ".{0,80}") {
        let _ = RoomLink::parse(&input);
        let _ = RoomAlias::parse(&input);
        let _ = RoomLink::parse(&format!("https://matrix.to/#/{input}"));
        let _ = RoomLink::parse(&format!("matrix:r/{input}"));
    }

    #[test]
    fn discovery_finds_each_linked_room_once(children in prop::collection::vec(markup(), 0..8)) {
        let root = Element { name: "matrix-channels".into(), href: None, children };
        let discovery = discover_rooms(&root);
        prop_assert!(discovery.rooms.len() <= MAX_ROOMS);
        let mut seen = HashSet::new();
        let mut all = Vec::new();
        for child in &root.children {
            hrefs(child, &mut all);
        }
        for room in &discovery.rooms {
            prop_assert!(seen.insert(room.alias.clone()), "duplicate {}", room.alias);
            let linked = all.iter().any(|h| RoomLink::parse(h).map(|l| l.alias == room.alias).unwrap_or(false));
            prop_assert!(linked, "{} is not linked", room.alias);
        }
    }

    #[test]
    fn stored_entries_never_panic(text in ".{0,300}", now in any::<f64>()) {
        let _ = Entry::decode::<SerdeJson>(&text, now);
    }

    #[test]
    fn the_wait_is_never_shorter_than_an_interval(
        interval_s in 30u64..3600,
        outcomes in prop::collection::vec((0u8..3, proptest::option::of(any::<u64>()), 0.0f64..1.0), 1..30),
    ) {
        let interval = interval_s * 1000;
        let mut schedule = Schedule::new(interval);
        for (kind, retry_after_ms, jitter) in outcomes {
            let outcome = match kind {
                0 => RoundOutcome::Answered,
                1 => RoundOutcome::Failed,
                _ => RoundOutcome::RateLimited { retry_after_ms },
            };
            let delay = schedule.record(outcome, 0.0, jitter);
            prop_assert!(delay >= interval);
            prop_assert!(delay <= (MAX_RETRY_AFTER_INTERVALS * interval).max(MAX_BACKOFF_MS));
        }
    }

    #[test]
    fn cleaned_text_is_short_and_free_of_controls(input in ".{0,3000}", max in 1usize..400) {
        let cleaned = clean(&input);
        prop_assert!(cleaned.chars().count() <= MAX_KEPT_CHARS);
        let bidi_overrides = '\u{202A}'..='\u{202E}';
        let forbidden = cleaned.chars().any(|c| c.is_control() || bidi_overrides.contains(&c));
        prop_assert!(!forbidden);
        prop_assert!(clamp(&cleaned, max).chars().count() <= max);
    }
}
