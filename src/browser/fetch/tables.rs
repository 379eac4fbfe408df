//! The page's tables: what every widget of the page shares — a server
//! name's discovery, a room's summary request, the summary path that
//! worked on a homeserver — and how long a kept one is good for. Keyed
//! lists (`super::keyed`), not `HashMap`s (ARCHITECTURE.md, "Stand-ins").

use std::cell::RefCell;
use std::future::Future;

use futures::future::{FutureExt, LocalBoxFuture, Shared, WeakShared};

use matrix_channels_core::matrix::endpoint::SummaryEndpoint;
use matrix_channels_core::matrix::well_known::Discovered;
use matrix_channels_core::matrix::SummaryReply;

use super::keyed::{find, keep};

/// Work that every widget of the page awaiting it shares: futures'
/// `Shared`, which drops the work (and so aborts its request) when the last
/// handle goes.
pub(super) type Lookup<T> = Shared<LocalBoxFuture<'static, T>>;

/// A summary request of this page: under way, or answered.
enum SummaryEntry {
    /// Under way. Weak, so that when every widget awaiting it is gone the
    /// request is dropped, and so aborted.
    InFlight {
        started_ms: f64,
        lookup: WeakShared<LocalBoxFuture<'static, SummaryReply>>,
    },
    /// Answered.
    Done {
        started_ms: f64,
        reply: SummaryReply,
    },
}

/// A discovery, with when it was asked.
type Asked = (f64, Lookup<Discovered>);

thread_local! {
    /// The latest discovery lookup per server name, with when it started.
    static BASE_URLS: RefCell<Vec<(String, Asked)>> = const { RefCell::new(Vec::new()) };
    /// Each room's latest summary request, by homeserver and alias.
    static SUMMARIES: RefCell<Vec<((String, String), SummaryEntry)>> = const { RefCell::new(Vec::new()) };
    /// The summary path that worked on each homeserver.
    static ENDPOINTS: RefCell<Vec<(String, SummaryEndpoint)>> = const { RefCell::new(Vec::new()) };
}

/// The discovery for `server_name`: the one kept while it is under way or
/// its answer is current (the core's `Discovered::is_current`), else
/// `discover`'s, started at `now_ms` and kept.
pub(super) fn base_url_lookup<F>(
    server_name: &str,
    now_ms: f64,
    interval_ms: u64,
    discover: impl FnOnce() -> F,
) -> Lookup<Discovered>
where
    F: Future<Output = Discovered> + 'static,
{
    BASE_URLS.with(|kept| {
        let mut kept = kept.borrow_mut();
        let current = find(&kept, server_name).filter(|(asked_at, lookup)| {
            lookup
                .peek()
                .is_none_or(|found| found.is_current(*asked_at, now_ms, interval_ms))
        });
        match current {
            Some((_, lookup)) => lookup.clone(),
            None => {
                let lookup = discover().boxed_local().shared();
                keep(&mut kept, server_name.to_owned(), (now_ms, lookup.clone()));
                lookup
            }
        }
    })
}

/// `alias`'s summary on `base_url` from a request started less than
/// `max_age_ms` before `now_ms`: its reply (`Ok`) when answered, the
/// request (`Err`) while a widget still awaits it, else `None`.
pub(super) fn recent_summary(
    base_url: &str,
    alias: &str,
    now_ms: f64,
    max_age_ms: u64,
) -> Option<Result<SummaryReply, Lookup<SummaryReply>>> {
    let key = (base_url.to_owned(), alias.to_owned());
    let young = |started_ms: &f64| now_ms - started_ms < max_age_ms as f64;
    SUMMARIES.with(|kept| match find(&kept.borrow(), &key) {
        Some(SummaryEntry::Done { started_ms, reply }) if young(started_ms) => {
            Some(Ok(reply.clone()))
        }
        Some(SummaryEntry::InFlight { started_ms, lookup }) if young(started_ms) => {
            lookup.upgrade().map(Err)
        }
        _ => None,
    })
}

/// Keeps `request`, started at `now_ms`, as `alias`'s summary request on
/// `base_url` — under way, then answered — and gives it, to be shared.
pub(super) fn start_summary(
    base_url: &str,
    alias: &str,
    now_ms: f64,
    request: impl Future<Output = SummaryReply> + 'static,
) -> Lookup<SummaryReply> {
    let key = (base_url.to_owned(), alias.to_owned());
    let done_key = key.clone();
    let lookup = async move {
        let reply = request.await;
        let done = SummaryEntry::Done {
            started_ms: now_ms,
            reply: reply.clone(),
        };
        SUMMARIES.with(|kept| keep(&mut kept.borrow_mut(), done_key, done));
        reply
    }
    .boxed_local()
    .shared();
    // A lookup not yet polled has not finished, so it has a weak handle.
    if let Some(lookup) = lookup.downgrade() {
        let started_ms = now_ms;
        let in_flight = SummaryEntry::InFlight { started_ms, lookup };
        SUMMARIES.with(|kept| keep(&mut kept.borrow_mut(), key, in_flight));
    }
    lookup
}

/// The summary path that answered on `base_url` last.
pub(super) fn endpoint(base_url: &str) -> Option<SummaryEndpoint> {
    ENDPOINTS.with(|known| find(&known.borrow(), base_url).copied())
}

/// Remembers that `worked` answered on `base_url`.
pub(super) fn keep_endpoint(base_url: &str, worked: SummaryEndpoint) {
    ENDPOINTS.with(|known| keep(&mut known.borrow_mut(), base_url.to_owned(), worked));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    const HS: &str = "https://hs.example.org";

    #[test]
    fn an_answered_summary_is_reused_for_max_age_then_asked_again() {
        let lookup = start_summary(HS, "#a:example.org", 1_000.0, async {
            SummaryReply::NotPublic
        });
        assert_eq!(lookup.now_or_never(), Some(SummaryReply::NotPublic));
        let reused = recent_summary(HS, "#a:example.org", 30_999.0, 30_000);
        assert!(matches!(reused, Some(Ok(SummaryReply::NotPublic))));
        assert!(recent_summary(HS, "#a:example.org", 31_000.0, 30_000).is_none());
        assert!(recent_summary(HS, "#b:example.org", 1_000.0, 30_000).is_none());
        assert!(
            recent_summary("https://other.example", "#a:example.org", 1_000.0, 30_000).is_none()
        );
    }

    #[test]
    fn a_request_under_way_is_shared_until_nobody_awaits_it() {
        let dropped = Rc::new(Cell::new(false));
        let flag = DropFlag(Rc::clone(&dropped));
        let lookup = start_summary(HS, "#a:example.org", 0.0, async move {
            let _flag = flag;
            std::future::pending::<SummaryReply>().await
        });
        let shared = recent_summary(HS, "#a:example.org", 10.0, 30_000);
        assert!(matches!(shared, Some(Err(_))));
        drop(shared);
        drop(lookup);
        assert!(
            dropped.get(),
            "the request outlived every widget awaiting it"
        );
        assert!(recent_summary(HS, "#a:example.org", 20.0, 30_000).is_none());
    }

    #[test]
    fn a_discovery_is_kept_while_current_and_a_failed_one_for_an_interval() {
        let found = |answered| Discovered {
            base_url: HS.to_owned(),
            answered,
        };
        let asked = Rc::new(Cell::new(0));
        let lookup = |now, answered| {
            let asked = Rc::clone(&asked);
            base_url_lookup("example.org", now, 30_000, move || {
                asked.set(asked.get() + 1);
                async move { found(answered) }
            })
            .now_or_never()
        };
        assert_eq!(lookup(0.0, false).map(|d| d.answered), Some(false));
        assert_eq!(lookup(29_999.0, true).map(|d| d.answered), Some(false));
        assert_eq!(asked.get(), 1);
        assert_eq!(lookup(30_000.0, true).map(|d| d.answered), Some(true));
        assert_eq!(lookup(9_999_999.0, false).map(|d| d.answered), Some(true));
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn the_path_that_answered_is_remembered_per_homeserver() {
        assert_eq!(endpoint(HS), None);
        keep_endpoint(HS, SummaryEndpoint::Unstable);
        keep_endpoint(HS, SummaryEndpoint::UnstableRooms);
        assert_eq!(endpoint(HS), Some(SummaryEndpoint::UnstableRooms));
        assert_eq!(endpoint("https://other.example"), None);
    }

    /// Sets its flag when dropped.
    struct DropFlag(Rc<Cell<bool>>);

    impl Drop for DropFlag {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
}
