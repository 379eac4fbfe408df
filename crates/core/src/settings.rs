//! The widget's settings, read from its element's attributes.
//!
//! `<matrix-channels homeserver="…">` and `<div data-matrix-channels
//! data-homeserver="…">` mean the same: kramdown only parses Markdown inside
//! a `div`, so Jekyll pages need the second form (see the README).

use crate::matrix::link::Join;
use crate::matrix::well_known::normalize_base_url;
use crate::refresh::parse_refresh;

/// Longest request time-out a page may set, in seconds.
pub const MAX_TIMEOUT_S: u32 = 60;
/// How long one request may take before it is abandoned, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// Every attribute the settings are read from; each may also be spelled
/// with the `data-` prefix. The browser reads just these (and `lang`).
pub const ATTRIBUTES: [&str; 7] = [
    "homeserver",
    "refresh",
    "timeout",
    "rooms",
    "snapshot",
    "live",
    "join",
];

/// What a page can set on a widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `homeserver`: the client API base URL, overriding discovery.
    pub homeserver: Option<String>,
    /// `refresh`: seconds between refreshes, as milliseconds.
    pub refresh_ms: u64,
    /// `rooms`: aliases to show when the element holds no room links.
    pub rooms: Option<String>,
    /// `timeout`: seconds a request may take, as milliseconds.
    pub timeout_ms: u32,
    /// `snapshot`: the URL of a snapshot file on the page's own site.
    pub snapshot: Option<String>,
    /// `live`: whether the visitor's browser asks the homeserver.
    pub live: LiveMode,
    /// `join`: where the rooms' links lead.
    pub join: Join,
}

/// Whether the widget contacts the homeserver (the `live` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LiveMode {
    /// `auto`: live counts, refreshed (the default).
    #[default]
    Auto,
    /// `off`: never; the snapshot's counts only.
    Off,
    /// `consent`: only after the visitor asks for live counts with the
    /// widget's button; the choice is remembered in the browser.
    Consent,
    /// `snapshot`: never; the site's own snapshot is read again every
    /// refresh interval instead (see [`crate::reread`]). Needs a
    /// `snapshot` attribute; without one it is `off`.
    Snapshot,
}

impl LiveMode {
    /// Whether the widget asks the homeserver from the start, `consented`
    /// being the visitor's stored yes for the servers the button names.
    pub fn asks_at_start(self, consented: bool) -> bool {
        match self {
            LiveMode::Auto => true,
            LiveMode::Off | LiveMode::Snapshot => false,
            LiveMode::Consent => consented,
        }
    }

    /// Whether counts other tabs cached may be shown: not when the page
    /// wants none but the snapshot's (`off`, `snapshot`). With `consent`
    /// they may: they were fetched on this site with consent before, and
    /// showing them asks nothing.
    pub fn shows_cached_counts(self) -> bool {
        matches!(self, LiveMode::Auto | LiveMode::Consent)
    }

    /// Whether the widget reads its snapshot again every refresh interval.
    pub fn rereads_snapshot(self) -> bool {
        self == LiveMode::Snapshot
    }

    /// Whether the widget shows the consent button.
    pub fn asks_consent(self) -> bool {
        self == LiveMode::Consent
    }
}

/// The host of a homeserver base URL, as the consent button names it:
/// `https://matrix.org` → `matrix.org`.
pub fn homeserver_host(base_url: &str) -> &str {
    // By the scheme's colon, not a "://" pattern: a string pattern links
    // core's two-way searcher into the wasm.
    let rest = base_url
        .split_once(':')
        .and_then(|(_, rest)| rest.strip_prefix("//"))
        .unwrap_or(base_url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

impl Settings {
    /// These settings, asking `homeserver` — the one a snapshot's rooms were
    /// read from — when the page names none: it is the homeserver the site
    /// chose, and asking it directly needs no discovery request to the
    /// alias's server (which `live="consent"` could not name in advance).
    pub fn or_homeserver(mut self, homeserver: Option<String>) -> Settings {
        self.homeserver = self.homeserver.or(homeserver);
        self
    }

    /// Reads the settings through `attribute`, which looks an attribute up
    /// by its plain name. Returns the settings and a warning for each
    /// attribute that could not be used as written.
    pub fn from_attributes(attribute: impl Fn(&str) -> Option<String>) -> (Settings, Vec<String>) {
        let mut warnings = Vec::new();
        let homeserver = attribute("homeserver").and_then(|raw| {
            let url = normalize_base_url(&raw);
            if url.is_none() {
                warnings.push(format!(
                    "homeserver=\"{}\" is not an http(s) URL; finding the homeserver from each alias instead",
                    crate::text::clamp(&raw, 100)
                ));
            }
            url
        });
        let (refresh_ms, warning) = parse_refresh(attribute("refresh").as_deref());
        warnings.extend(warning);
        let timeout_ms = match attribute("timeout").map(|t| t.trim().parse::<u32>()) {
            None => DEFAULT_TIMEOUT_MS,
            Some(Ok(s)) if (1..=MAX_TIMEOUT_S).contains(&s) => s * 1000,
            Some(_) => {
                warnings.push(format!(
                    "timeout must be a whole number of seconds from 1 to {MAX_TIMEOUT_S}; using 10"
                ));
                DEFAULT_TIMEOUT_MS
            }
        };
        let rooms = attribute("rooms").filter(|r| !r.trim().is_empty());
        let snapshot = attribute("snapshot")
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        let live = match attribute("live").map(|l| l.trim().to_ascii_lowercase()) {
            None => LiveMode::Auto,
            Some(l) if l == "auto" || l.is_empty() => LiveMode::Auto,
            Some(l) if l == "off" => LiveMode::Off,
            Some(l) if l == "consent" => LiveMode::Consent,
            Some(l) if l == "snapshot" && snapshot.is_some() => LiveMode::Snapshot,
            Some(l) if l == "snapshot" => {
                warnings.push(
                    "live=\"snapshot\" needs a snapshot attribute naming this site's snapshot file (snapshot=\"/assets/matrix-channels.json\"); using off".to_owned(),
                );
                LiveMode::Off
            }
            Some(other) => {
                // Unknown means the page wanted less than live counts
                // (a typo of "off" or "consent"): never contact the server.
                warnings.push(format!(
                    "live=\"{}\" is not auto, off, consent or snapshot; using off",
                    crate::text::clamp(&other, 40)
                ));
                LiveMode::Off
            }
        };
        let join = attribute("join").map_or(Join::MatrixTo, |raw| {
            Join::parse(&raw).unwrap_or_else(|why| {
                warnings.push(format!(
                    "join=\"{}\" {why}; the links lead to matrix.to",
                    crate::text::clamp(&raw, 100)
                ));
                Join::MatrixTo
            })
        });
        (
            Settings {
                homeserver,
                refresh_ms,
                rooms,
                timeout_ms,
                snapshot,
                live,
                join,
            },
            warnings,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> (Settings, Vec<String>) {
        Settings::from_attributes(|name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn every_attribute_read_is_listed() {
        let asked = std::cell::RefCell::new(Vec::new());
        Settings::from_attributes(|name| {
            asked.borrow_mut().push(name.to_owned());
            None
        });
        assert_eq!(asked.into_inner(), ATTRIBUTES);
    }

    #[test]
    fn the_live_mode_decides_what_starts() {
        for consented in [false, true] {
            assert!(LiveMode::Auto.asks_at_start(consented));
            assert!(!LiveMode::Off.asks_at_start(consented));
            assert_eq!(LiveMode::Consent.asks_at_start(consented), consented);
        }
        assert!(!LiveMode::Off.shows_cached_counts());
        assert!(LiveMode::Consent.shows_cached_counts() && LiveMode::Auto.shows_cached_counts());
        assert!(LiveMode::Consent.asks_consent() && !LiveMode::Auto.asks_consent());
        // The site's snapshot, re-read: no homeserver, no button, no cache.
        for consented in [false, true] {
            assert!(!LiveMode::Snapshot.asks_at_start(consented));
        }
        assert!(!LiveMode::Snapshot.shows_cached_counts());
        assert!(!LiveMode::Snapshot.asks_consent());
        assert!(LiveMode::Snapshot.rereads_snapshot());
        assert!(!LiveMode::Off.rereads_snapshot() && !LiveMode::Auto.rereads_snapshot());
    }

    #[test]
    fn live_snapshot_needs_a_snapshot_attribute() {
        let (settings, warnings) = config(&[("live", " Snapshot "), ("snapshot", "/s.json")]);
        assert_eq!(settings.live, LiveMode::Snapshot);
        assert!(warnings.is_empty());
        for without in [
            &[("live", "snapshot")][..],
            &[("live", "snapshot"), ("snapshot", " ")],
        ] {
            let (settings, warnings) = config(without);
            assert_eq!(settings.live, LiveMode::Off);
            assert_eq!(warnings.len(), 1);
            assert!(
                warnings[0].starts_with("live=\"snapshot\" needs a snapshot attribute")
                    && warnings[0].ends_with("using off"),
                "{warnings:?}"
            );
        }
    }

    #[test]
    fn defaults() {
        let (config, warnings) = config(&[]);
        assert_eq!(
            config,
            Settings {
                homeserver: None,
                refresh_ms: 120_000,
                rooms: None,
                timeout_ms: 10_000,
                snapshot: None,
                live: LiveMode::Auto,
                join: Join::MatrixTo,
            }
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn reads_every_attribute() {
        let (config, warnings) = config(&[
            ("homeserver", "http://127.0.0.1:8008/"),
            ("refresh", "30"),
            ("rooms", "#a:example.org"),
            ("timeout", "3"),
            ("snapshot", " /rooms.json "),
            ("live", "Consent"),
            ("join", "https://chat.example.org/#/room/{alias}"),
        ]);
        assert_eq!(
            config.join,
            Join::Client {
                before: "https://chat.example.org/#/room/".into(),
                after: String::new(),
            }
        );
        assert_eq!(config.snapshot.as_deref(), Some("/rooms.json"));
        assert_eq!(config.live, LiveMode::Consent);
        assert_eq!(config.homeserver.as_deref(), Some("http://127.0.0.1:8008"));
        assert_eq!(config.refresh_ms, 30_000);
        assert_eq!(config.rooms.as_deref(), Some("#a:example.org"));
        assert_eq!(config.timeout_ms, 3_000);
        assert!(warnings.is_empty());
    }

    #[test]
    fn bad_values_fall_back_with_a_warning_each() {
        let (config, warnings) = config(&[
            ("homeserver", "javascript:alert(1)"),
            ("refresh", "1"),
            ("timeout", "0"),
            ("rooms", "  "),
            ("live", "of"),
            ("join", " javascript:alert(1)//{alias}"),
        ]);
        assert_eq!(config.live, LiveMode::Off);
        assert_eq!(config.join, Join::MatrixTo);
        assert!(
            warnings.iter().any(|w| w.starts_with("join=\" javascript:")
                && w.ends_with("; the links lead to matrix.to")),
            "{warnings:?}"
        );
        assert_eq!(config.homeserver, None);
        assert_eq!(config.refresh_ms, 30_000);
        assert_eq!(config.timeout_ms, 10_000);
        assert_eq!(config.rooms, None);
        assert_eq!(warnings.len(), 5);
    }

    #[test]
    fn the_consent_button_names_the_host() {
        assert_eq!(homeserver_host("https://matrix.org"), "matrix.org");
        assert_eq!(
            homeserver_host("http://127.0.0.1:8008/x?y"),
            "127.0.0.1:8008"
        );
    }
}
