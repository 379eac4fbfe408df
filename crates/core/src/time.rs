//! Times from outside — a stored cache entry, a snapshot — are believed only
//! when they are plausible: not after now (beyond a small skew between
//! clocks), and within what JavaScript's `Date` can hold. A device whose
//! clock was once years ahead, or a forged entry, would otherwise pin a
//! stale count as live, and a time past the `Date` range makes
//! `Date.toISOString()` throw in the middle of a render.

/// How far a time may lie after now: another tab's or the snapshot
/// machine's clock may run a little ahead of this one.
pub const MAX_CLOCK_SKEW_MS: u64 = 60_000;

/// The last moment JavaScript's `Date` can represent: 8.64·10¹⁵ ms after
/// the epoch.
pub const MAX_DATE_MS: u64 = 8_640_000_000_000_000;

/// Whether `at_ms` (milliseconds since the epoch) can be believed at
/// `now_ms`.
pub fn is_plausible(at_ms: u64, now_ms: f64) -> bool {
    at_ms <= MAX_DATE_MS && (at_ms as f64) <= now_ms + MAX_CLOCK_SKEW_MS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_after_now_or_past_the_date_range_are_not_believed() {
        let now = 1_795_512_345_678.0;
        assert!(is_plausible(0, now));
        assert!(is_plausible(now as u64, now));
        assert!(is_plausible(now as u64 + MAX_CLOCK_SKEW_MS, now));
        assert!(!is_plausible(now as u64 + MAX_CLOCK_SKEW_MS + 1, now));
        assert!(!is_plausible(9_000_000_000_000_000, now));
        assert!(!is_plausible(MAX_DATE_MS + 1, f64::MAX));
        assert!(is_plausible(MAX_DATE_MS, f64::MAX));
    }
}
