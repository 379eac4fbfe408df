//! When to ask again: the refresh interval, exponential backoff with jitter
//! after failures, and the server's own `retry_after_ms` after a 429 — each
//! homeserver on its own timetable ([`Timetable`]), so that one server's
//! rate limit or failures hold back only the rooms asked of it.
//!
//! One rule holds throughout: no room is asked about twice within one
//! refresh interval, whatever goes wrong. Backoff only ever lengthens the
//! wait.

use crate::matrix::SummaryReply;

/// The refresh interval when the page sets none, in seconds.
pub const DEFAULT_INTERVAL_S: u64 = 120;
/// The shortest refresh interval a page may set, in seconds.
pub const MIN_INTERVAL_S: u64 = 30;
/// The longest refresh interval a page may set, in seconds: a day. Every
/// wait of the timetable stays below it, well inside the browser's timers
/// (2³¹ ms); a longer one wrapped negative and ran the loop every few
/// milliseconds, or trapped the wasm.
pub const MAX_INTERVAL_S: u64 = 24 * 60 * 60;
/// The longest wait after failures, in milliseconds (10 minutes).
pub const MAX_BACKOFF_MS: u64 = 10 * 60 * 1000;
/// The longest wait a server's `retry_after_ms` can impose, in refresh
/// intervals: a broken or hostile server holds its rooms back no longer than
/// this, so their counts are soon current again (or shown as not current,
/// [`STALE_AFTER_INTERVALS`], meanwhile).
pub const MAX_RETRY_AFTER_INTERVALS: u64 = 4;
/// How old, in refresh intervals, a count may get before it is shown as not
/// current, whether or not its room was asked meanwhile.
pub const STALE_AFTER_INTERVALS: u64 = 2;

/// Reads the `refresh` attribute: whole seconds, from [`MIN_INTERVAL_S`]
/// to [`MAX_INTERVAL_S`]. Returns the interval in milliseconds and, when the
/// attribute could not be used as written, why.
pub fn parse_refresh(attribute: Option<&str>) -> (u64, Option<String>) {
    let Some(raw) = attribute.map(str::trim) else {
        return (DEFAULT_INTERVAL_S * 1000, None);
    };
    match raw.parse::<u64>() {
        Ok(s) if s > MAX_INTERVAL_S => (
            MAX_INTERVAL_S * 1000,
            Some(format!(
                "refresh=\"{}\" is above the maximum of a day; using {MAX_INTERVAL_S} s",
                crate::text::clamp(raw, 40)
            )),
        ),
        Ok(s) if s >= MIN_INTERVAL_S => (s * 1000, None),
        Ok(_) => (
            MIN_INTERVAL_S * 1000,
            Some(format!(
                "refresh=\"{raw}\" is below the minimum; using {MIN_INTERVAL_S} s"
            )),
        ),
        // Digits too many for a number are far above the maximum.
        Err(_) if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) => (
            MAX_INTERVAL_S * 1000,
            Some(format!(
                "refresh=\"{}\" is above the maximum of a day; using {MAX_INTERVAL_S} s",
                crate::text::clamp(raw, 40)
            )),
        ),
        Err(_) => (
            DEFAULT_INTERVAL_S * 1000,
            Some(format!(
                "refresh=\"{raw}\" is not a whole number of seconds; using {DEFAULT_INTERVAL_S} s"
            )),
        ),
    }
}

/// How a round of requests went, taken over all its rooms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundOutcome {
    /// At least one room got an answer (a refusal counts as an answer).
    Answered,
    /// The server asked to slow down.
    RateLimited {
        /// The longest `retry_after_ms` of the round, if any body had one.
        retry_after_ms: Option<u64>,
    },
    /// No room got an answer.
    Failed,
}

/// Sums up one round's replies from one homeserver: any rate limit wins
/// (with the longest `retry_after_ms`); otherwise the round failed only if
/// no room got an answer.
pub fn round_outcome<'a>(replies: impl IntoIterator<Item = &'a SummaryReply>) -> RoundOutcome {
    let mut limited = false;
    let mut retry_after_ms: Option<u64> = None;
    let mut answered = false;
    for reply in replies {
        match reply {
            SummaryReply::RateLimited {
                retry_after_ms: wait,
            } => {
                limited = true;
                retry_after_ms = retry_after_ms.max(*wait);
            }
            SummaryReply::Failed(_) => {}
            SummaryReply::Summary(_) | SummaryReply::NotPublic => {
                answered = true;
            }
        }
    }
    match (limited, answered) {
        (true, _) => RoundOutcome::RateLimited { retry_after_ms },
        (false, true) => RoundOutcome::Answered,
        (false, false) => RoundOutcome::Failed,
    }
}

/// The refresh timetable of one homeserver, for one widget.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    interval_ms: u64,
    failures: u32,
    next_due_ms: Option<f64>,
}

impl Schedule {
    /// A timetable with the given interval, due at once.
    pub fn new(interval_ms: u64) -> Schedule {
        Schedule {
            interval_ms,
            failures: 0,
            next_due_ms: None,
        }
    }

    /// Records a finished round and returns how long to wait before the next
    /// one. `jitter` is a random number in `[0, 1)`; it spreads retries of
    /// many visitors so they do not hit a recovering server at once.
    pub fn record(&mut self, outcome: RoundOutcome, now_ms: f64, jitter: f64) -> u64 {
        let delay = match outcome {
            RoundOutcome::Answered => {
                self.failures = 0;
                self.interval_ms
            }
            RoundOutcome::Failed
            | RoundOutcome::RateLimited {
                retry_after_ms: None,
            } => {
                self.failures = self.failures.saturating_add(1);
                self.backoff_ms(jitter)
            }
            RoundOutcome::RateLimited {
                retry_after_ms: Some(wait),
            } => {
                self.failures = self.failures.saturating_add(1);
                let cap = self.interval_ms.saturating_mul(MAX_RETRY_AFTER_INTERVALS);
                wait.clamp(self.interval_ms, cap)
            }
        };
        self.next_due_ms = Some(now_ms + delay as f64);
        delay
    }

    /// The interval doubled for every failure after the first, at most ten
    /// minutes, plus up to a quarter more of jitter (still within ten
    /// minutes), never less than the interval.
    fn backoff_ms(&self, jitter: f64) -> u64 {
        let doublings = self.failures.saturating_sub(1).min(20);
        let base = self
            .interval_ms
            .saturating_mul(1 << doublings)
            .min(MAX_BACKOFF_MS * 4 / 5);
        let jittered = base as f64 * (1.0 + 0.25 * jitter.clamp(0.0, 1.0));
        (jittered as u64).min(MAX_BACKOFF_MS).max(self.interval_ms)
    }

    /// Milliseconds from `now_ms` until the next round is due.
    /// Never more than a day, whatever the clock did meanwhile.
    pub fn wait_ms(&self, now_ms: f64) -> u64 {
        self.next_due_ms
            .map_or(0, |due| (due - now_ms).max(0.0).ceil() as u64)
            .min(MAX_INTERVAL_S * 1000)
    }
}

/// A widget's timetables: one per homeserver its rooms are asked of (the
/// base URL the requests go to), and one for the widget's rounds, which come
/// at least every interval — for rooms another tab answers, and to see
/// counts grow old while their server is held back.
#[derive(Clone, Debug, PartialEq)]
pub struct Timetable {
    servers: Vec<(String, Schedule)>,
    rounds: Schedule,
}

impl Timetable {
    /// Timetables with the given interval, every one due at once.
    pub fn new(interval_ms: u64) -> Timetable {
        Timetable {
            servers: Vec::new(),
            rounds: Schedule::new(interval_ms),
        }
    }

    /// Whether the rooms asked of `server` are to be asked in a round that
    /// starts at `now_ms`.
    pub fn is_due(&self, server: &str, now_ms: f64) -> bool {
        self.servers
            .iter()
            .find(|(s, _)| s == server)
            .is_none_or(|(_, schedule)| schedule.wait_ms(now_ms) == 0)
    }

    /// Records a finished round: each server asked, by the replies of the
    /// rooms asked of it (`asked`: each room's server and reply; rooms not
    /// asked are not in it). `jitter` as in [`Schedule::record`].
    pub fn record(&mut self, asked: &[(String, SummaryReply)], now_ms: f64, jitter: f64) {
        for (i, (server, _)) in asked.iter().enumerate() {
            if asked.iter().take(i).any(|(s, _)| s == server) {
                continue;
            }
            let replies = asked.iter().filter(|(s, _)| s == server).map(|(_, r)| r);
            let outcome = round_outcome(replies);
            match self.servers.iter_mut().find(|(s, _)| s == server) {
                Some((_, schedule)) => {
                    schedule.record(outcome, now_ms, jitter);
                }
                None => {
                    let mut schedule = Schedule::new(self.rounds.interval_ms);
                    schedule.record(outcome, now_ms, jitter);
                    self.servers.push((server.clone(), schedule));
                }
            }
        }
        self.rounds.record(RoundOutcome::Answered, now_ms, jitter);
    }

    /// Milliseconds from `now_ms` until the next round: when the next
    /// server is due, at the latest an interval after the last round. A
    /// server due already whose rooms were not asked (another tab had
    /// answered them) does not make it sooner.
    pub fn wait_ms(&self, now_ms: f64) -> u64 {
        self.servers
            .iter()
            .map(|(_, schedule)| schedule.wait_ms(now_ms))
            .filter(|&wait| wait > 0)
            .fold(self.rounds.wait_ms(now_ms), u64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_are_summed_up() {
        use crate::matrix::Failure;
        let summary = crate::matrix::summary::classify::<crate::wire::SerdeJson>(
            200,
            r#"{"num_joined_members":1}"#,
        )
        .unwrap();
        let failed = SummaryReply::Failed(Failure::Network);
        let limited = |ms| SummaryReply::RateLimited { retry_after_ms: ms };
        assert_eq!(
            round_outcome(&[summary.clone(), failed.clone()]),
            RoundOutcome::Answered
        );
        assert_eq!(
            round_outcome(&[SummaryReply::NotPublic, failed.clone()]),
            RoundOutcome::Answered
        );
        assert_eq!(
            round_outcome(&[failed.clone(), failed.clone()]),
            RoundOutcome::Failed
        );
        assert_eq!(round_outcome(&[]), RoundOutcome::Failed);
        assert_eq!(
            round_outcome(&[summary, limited(Some(5)), limited(None), limited(Some(9))]),
            RoundOutcome::RateLimited {
                retry_after_ms: Some(9)
            }
        );
        assert_eq!(
            round_outcome(&[limited(None)]),
            RoundOutcome::RateLimited {
                retry_after_ms: None
            }
        );
    }

    #[test]
    fn the_refresh_attribute_has_a_default_and_a_minimum() {
        assert_eq!(parse_refresh(None), (120_000, None));
        assert_eq!(parse_refresh(Some(" 45 ")), (45_000, None));
        assert_eq!(parse_refresh(Some("30")), (30_000, None));
        let (ms, warning) = parse_refresh(Some("5"));
        assert_eq!(ms, 30_000);
        assert!(warning.unwrap().contains("minimum"));
        let (ms, warning) = parse_refresh(Some("soon"));
        assert_eq!(ms, 120_000);
        assert!(warning.is_some());
        assert!(parse_refresh(Some("-1")).1.is_some());
        // Past a day, and past the browser's 32-bit timers: a day.
        for huge in ["86401", "3000000", "5000000", "99999999999999999999"] {
            let (ms, warning) = parse_refresh(Some(huge));
            assert_eq!(ms, 86_400_000, "{huge}");
            assert!(warning.unwrap().contains("maximum"), "{huge}");
        }
        assert_eq!(parse_refresh(Some("86400")), (86_400_000, None));
    }

    #[test]
    fn answered_rounds_wait_one_interval() {
        let mut schedule = Schedule::new(30_000);
        assert!(schedule.wait_ms(0.0) == 0);
        assert_eq!(schedule.record(RoundOutcome::Answered, 1000.0, 0.9), 30_000);
        assert!(schedule.wait_ms(30_999.0) > 0);
        assert!(schedule.wait_ms(31_000.0) == 0);
        assert_eq!(schedule.wait_ms(11_000.0), 20_000);
        assert_eq!(schedule.wait_ms(99_000.0), 0);
        // A clock set back by years does not make the wait years long.
        assert_eq!(schedule.wait_ms(-1e15), 86_400_000);
    }

    #[test]
    fn failures_back_off_exponentially_up_to_ten_minutes() {
        let mut schedule = Schedule::new(30_000);
        let delays: Vec<u64> = (0..8)
            .map(|_| schedule.record(RoundOutcome::Failed, 0.0, 0.0))
            .collect();
        assert_eq!(
            delays,
            [30_000, 60_000, 120_000, 240_000, 480_000, 480_000, 480_000, 480_000]
        );
        for jitter in [0.0, 0.5, 0.999_999] {
            let delay = schedule.record(RoundOutcome::Failed, 0.0, jitter);
            assert!((480_000..=MAX_BACKOFF_MS).contains(&delay), "{delay}");
        }
        assert_eq!(schedule.record(RoundOutcome::Answered, 0.0, 0.5), 30_000);
        // An answer resets the count: the next failure waits one interval.
        assert_eq!(schedule.record(RoundOutcome::Failed, 0.0, 0.0), 30_000);
    }

    #[test]
    fn jitter_only_lengthens_the_wait() {
        for jitter in [0.0, 0.25, 0.5, 0.75, 0.99] {
            let mut schedule = Schedule::new(30_000);
            let first = schedule.record(RoundOutcome::Failed, 0.0, jitter);
            assert!((30_000..=37_500).contains(&first), "{first}");
            let second = schedule.record(RoundOutcome::Failed, 0.0, jitter);
            assert!((60_000..=75_000).contains(&second), "{second}");
        }
    }

    #[test]
    fn long_intervals_are_never_shortened_by_backoff() {
        let mut schedule = Schedule::new(900_000);
        assert_eq!(schedule.record(RoundOutcome::Failed, 0.0, 0.0), 900_000);
        assert_eq!(schedule.record(RoundOutcome::Failed, 0.0, 0.9), 900_000);
    }

    #[test]
    fn rate_limits_wait_retry_after_ms_at_least_an_interval_at_most_four() {
        let mut schedule = Schedule::new(30_000);
        let limited = |ms| RoundOutcome::RateLimited {
            retry_after_ms: Some(ms),
        };
        assert_eq!(schedule.record(limited(90_000), 0.0, 0.0), 90_000);
        assert_eq!(schedule.record(limited(500), 0.0, 0.0), 30_000);
        assert_eq!(schedule.record(limited(u64::MAX), 0.0, 0.0), 120_000);
        // A proxy's 429 without a body backs off like any failure.
        let mut schedule = Schedule::new(30_000);
        schedule.record(RoundOutcome::Failed, 0.0, 0.0);
        assert_eq!(
            schedule.record(
                RoundOutcome::RateLimited {
                    retry_after_ms: None
                },
                0.0,
                0.0
            ),
            60_000
        );
    }

    #[test]
    fn an_hour_s_retry_after_ms_holds_a_server_back_four_intervals() {
        // A server answering 429 with retry_after_ms of an hour, and a page
        // refreshing every 30 s: its rooms are asked again after 2 minutes.
        let mut schedule = Schedule::new(30_000);
        let hour = RoundOutcome::RateLimited {
            retry_after_ms: Some(3_600_000),
        };
        assert_eq!(schedule.record(hour, 0.0, 0.0), 120_000);
        assert_eq!(schedule.wait_ms(60_000.0), 60_000);
        // A long interval: still four of them.
        let mut schedule = Schedule::new(600_000);
        assert_eq!(schedule.record(hour, 0.0, 0.0), 2_400_000);
    }

    fn summary() -> SummaryReply {
        crate::matrix::summary::classify::<crate::wire::SerdeJson>(
            200,
            r#"{"num_joined_members":1}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_rate_limited_server_holds_back_only_its_own_rooms() {
        let (good, hostile) = ("https://good.example", "https://hostile.example");
        let limited = SummaryReply::RateLimited {
            retry_after_ms: Some(3_600_000),
        };
        let mut timetable = Timetable::new(30_000);
        assert!(timetable.is_due(good, 0.0) && timetable.is_due(hostile, 0.0));
        assert_eq!(timetable.wait_ms(0.0), 0);
        // One round: two rooms on each server, one of the hostile server's
        // rate limited, the other answered.
        timetable.record(
            &[
                (good.into(), summary()),
                (hostile.into(), summary()),
                (good.into(), summary()),
                (hostile.into(), limited),
            ],
            1_000.0,
            0.0,
        );
        assert_eq!(timetable.wait_ms(1_000.0), 30_000);
        // Every interval the good server is due, the hostile one not...
        let mut now = 31_000.0;
        for _ in 0..3 {
            assert_eq!(timetable.wait_ms(now), 0);
            assert!(timetable.is_due(good, now), "{now}");
            assert!(!timetable.is_due(hostile, now), "{now}");
            timetable.record(
                &[(good.into(), summary()), (good.into(), summary())],
                now,
                0.0,
            );
            now += 30_000.0;
        }
        // ...until four intervals after its 429.
        assert_eq!(timetable.wait_ms(now), 0);
        assert!(timetable.is_due(hostile, 121_000.0));
        assert!(!timetable.is_due(good, 120_000.0));
    }

    #[test]
    fn rounds_come_every_interval_even_when_no_server_is_asked() {
        let mut timetable = Timetable::new(30_000);
        // Another tab had every answer: no server asked, none due sooner.
        timetable.record(&[], 0.0, 0.0);
        assert_eq!(timetable.wait_ms(0.0), 30_000);
        // A server due already, its rooms answered by another tab, does
        // not make the loop spin.
        timetable.record(&[("https://a.example".into(), summary())], 30_000.0, 0.0);
        timetable.record(&[], 61_000.0, 0.0);
        assert_eq!(timetable.wait_ms(61_000.0), 30_000);
        // A server held back longer than an interval: the next round is
        // the widget's, an interval on.
        let failed = SummaryReply::Failed(crate::matrix::Failure::Network);
        let mut timetable = Timetable::new(30_000);
        for now in [0.0, 30_000.0] {
            timetable.record(&[("https://a.example".into(), failed.clone())], now, 0.0);
        }
        assert_eq!(timetable.wait_ms(30_000.0), 30_000);
        assert!(!timetable.is_due("https://a.example", 60_000.0));
        assert!(timetable.is_due("https://a.example", 90_000.0));
    }
}
