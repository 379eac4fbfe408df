//! The requests: the one place in the widget that does HTTP — room
//! summaries and homeserver discovery, shared by every widget of the page,
//! and the site's own snapshot file.
//!
//! Every request is a plain anonymous `GET` with no custom headers (a CORS
//! simple request, so no preflight), no cookies and no referrer, aborted
//! when it takes too long or when the widget that asked for it goes away.

use std::cell::RefCell;

use futures::future::{FutureExt, LocalBoxFuture, Shared, WeakShared};
use gloo_net::http::Request;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AbortController, AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials, RequestInit,
};

use matrix_channels_core::matrix::endpoint::{SummaryEndpoint, SummaryWalk};
use matrix_channels_core::matrix::well_known::{
    discovered, is_loopback, well_known_url, Discovered,
};
use matrix_channels_core::matrix::{Failure, RoomAlias, SummaryReply};
use matrix_channels_core::settings::DEFAULT_TIMEOUT_MS;

use super::json::WidgetJson;
use super::keyed::{find, keep};
use super::page::same_origin_url;
use super::storage::shared_across_tabs;
/// The most of a response body the widget reads: a summary with a
/// 10,000-character topic is well under 100 KiB; a server sending more is
/// cut off rather than read to the end.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Work that every widget of the page awaiting it shares: futures'
/// `Shared`, which drops the work (and so aborts its request) when the last
/// handle goes.
type Lookup<T> = Shared<LocalBoxFuture<'static, T>>;

type BaseUrlLookup = Lookup<Discovered>;

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

// Keyed lists (`super::keyed`), not `HashMap`s.
thread_local! {
    /// The latest discovery lookup per server name, with when it started,
    /// shared by every room and widget that needs it.
    static BASE_URLS: RefCell<Vec<(String, (f64, BaseUrlLookup))>> = const { RefCell::new(Vec::new()) };
    /// Each room's latest summary request, by homeserver and alias: several
    /// widgets showing one room share it.
    static SUMMARIES: RefCell<Vec<((String, String), SummaryEntry)>> = const { RefCell::new(Vec::new()) };
    /// The summary path that worked on each homeserver.
    static ENDPOINTS: RefCell<Vec<(String, SummaryEndpoint)>> = const { RefCell::new(Vec::new()) };
}

/// The client API base URL for `server_name`: its
/// `.well-known/matrix/client`, else `https://{server_name}`. One lookup
/// serves every room and widget of the page: an answer for the page's
/// life, a failure for one refresh interval (the core's
/// `Discovered::is_current`), so the next round asks again.
pub async fn homeserver_base_url(server_name: &str, interval_ms: u64) -> String {
    let now = js_sys::Date::now();
    let lookup = BASE_URLS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let current = find(&cache, server_name).filter(|(asked_at, lookup)| {
            lookup
                .peek()
                .is_none_or(|found| found.is_current(*asked_at, now, interval_ms))
        });
        match current {
            Some((_, lookup)) => lookup.clone(),
            None => {
                let lookup = discover_base_url(server_name.to_owned())
                    .boxed_local()
                    .shared();
                keep(&mut cache, server_name.to_owned(), (now, lookup.clone()));
                lookup
            }
        }
    });
    lookup.await.base_url
}

async fn discover_base_url(server_name: String) -> Discovered {
    let response = get_text(&well_known_url(&server_name), DEFAULT_TIMEOUT_MS).await;
    let response = response
        .as_ref()
        .ok()
        .map(|(status, body)| (*status, body.as_str()));
    // A page on this machine (a test, a demo) may be sent to this machine.
    let page_is_local = web_sys::window()
        .and_then(|w| w.location().host().ok())
        .is_some_and(|host| is_loopback(&host));
    discovered::<WidgetJson>(&server_name, response, page_is_local)
}

/// The summary of `alias` on `base_url`, shared by every widget of the
/// page: a request started less than `max_age_ms` ago (under way or
/// answered) is reused, so a room is asked about once per refresh interval
/// however many widgets show it.
pub async fn shared_room_summary(
    base_url: &str,
    alias: &RoomAlias,
    timeout_ms: u32,
    max_age_ms: u64,
) -> SummaryReply {
    let now = js_sys::Date::now();
    let key = (base_url.to_owned(), alias.as_str().to_owned());
    let recent = SUMMARIES.with(|summaries| match find(&summaries.borrow(), &key) {
        Some(SummaryEntry::Done { started_ms, reply }) if now - started_ms < max_age_ms as f64 => {
            Some(Ok(reply.clone()))
        }
        Some(SummaryEntry::InFlight { started_ms, lookup })
            if now - started_ms < max_age_ms as f64 =>
        {
            lookup.upgrade().map(Err)
        }
        _ => None,
    });
    match recent {
        Some(Ok(reply)) => return reply,
        Some(Err(lookup)) => return lookup.await,
        None => {}
    }
    // A first round's request early.js sent (without the room's Web Lock:
    // it asks only for rooms this browser has never seen) needs no lock to
    // be taken: the lock keeps tabs from asking twice, and this one is
    // asked already. Waiting for it cost a cold visit some 15–20 ms
    // (`bench/run.mjs --scenarios cold --sizes 5`).
    let asked = early_asked(&summary_url(base_url, &first_walk(base_url), alias)).unwrap_or(false);
    let (base_url, owned_alias, done_key) = (base_url.to_owned(), alias.clone(), key.clone());
    let lookup = async move {
        let reply = shared_across_tabs(
            &owned_alias,
            max_age_ms,
            !asked,
            room_summary(&base_url, &owned_alias, timeout_ms),
        )
        .await;
        SUMMARIES.with(|summaries| {
            keep(
                &mut summaries.borrow_mut(),
                done_key,
                SummaryEntry::Done {
                    started_ms: now,
                    reply: reply.clone(),
                },
            )
        });
        reply
    }
    .boxed_local()
    .shared();
    // A lookup not yet polled has not finished, so it has a weak handle.
    if let Some(lookup) = lookup.downgrade() {
        SUMMARIES.with(|summaries| {
            keep(
                &mut summaries.borrow_mut(),
                key,
                SummaryEntry::InFlight {
                    started_ms: now,
                    lookup,
                },
            )
        });
    }
    lookup.await
}

/// Asks `base_url` for the summary of `alias`, walking through the summary
/// paths the server may know and remembering the one that answers.
pub async fn room_summary(base_url: &str, alias: &RoomAlias, timeout_ms: u32) -> SummaryReply {
    let mut walk = first_walk(base_url);
    loop {
        let url = summary_url(base_url, &walk, alias);
        let reply = match get_text(&url, timeout_ms).await {
            Ok((status, body)) => walk.answer::<WidgetJson>(status, &body),
            Err(failure) => Some(SummaryReply::Failed(failure)),
        };
        if let Some(reply) = reply {
            if let Some(worked) = walk.worked(&reply) {
                ENDPOINTS.with(|known| keep(&mut known.borrow_mut(), base_url.to_owned(), worked));
            }
            return reply;
        }
    }
}

/// The walk through the summary paths for a room on `base_url`, from the
/// path that answered there last.
fn first_walk(base_url: &str) -> SummaryWalk {
    SummaryWalk::new(ENDPOINTS.with(|known| find(&known.borrow(), base_url).copied()))
}

/// The URL `walk` asks next for `alias`.
fn summary_url(base_url: &str, walk: &SummaryWalk, alias: &RoomAlias) -> String {
    format!("{base_url}{}", walk.path(alias))
}

/// The HTTP status of the room directory's entry for `alias` on
/// `base_url`: whether the alias names a room at all. Only the
/// configurator asks this (to tell a closed room from a misspelt alias);
/// the widget never does (and is built without it: with it, the widget's
/// wasm grew 40 B, calls to `get_text` being inlined otherwise).
#[cfg(feature = "configure")]
pub async fn directory_status(
    base_url: &str,
    alias: &RoomAlias,
    timeout_ms: u32,
) -> Result<u16, Failure> {
    let path = matrix_channels_core::matrix::endpoint::directory_path(alias);
    let url = format!("{base_url}{path}");
    get_text(&url, timeout_ms).await.map(|(status, _)| status)
}

/// A request's time limit. When the time is up the browser aborts the
/// request itself (a `setTimeout` that calls `AbortController.abort`, no
/// closure of ours); when the future awaiting the request is dropped — its
/// widget went away — the request is aborted too. So an abort seen while
/// the request is still awaited is a time-out.
struct Deadline {
    controller: Option<AbortController>,
    timer: Option<i32>,
}

impl Deadline {
    fn start(timeout_ms: u32) -> Deadline {
        let controller = AbortController::new().ok();
        let timer = controller.as_ref().and_then(|controller| {
            let abort = js_sys::Reflect::get(controller, &"abort".into()).ok()?;
            let abort = abort.dyn_into::<js_sys::Function>().ok()?.bind0(controller);
            let ms = i32::try_from(timeout_ms).unwrap_or(i32::MAX);
            web_sys::window()?
                .set_timeout_with_callback_and_timeout_and_arguments_0(&abort, ms)
                .ok()
        });
        Deadline { controller, timer }
    }

    fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// What a failed exchange means: a time-out once the time ran out.
    fn failure(&self, failure: Failure) -> Failure {
        match self.signal() {
            Some(signal) if signal.aborted() => Failure::Timeout,
            _ => failure,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(timer), Some(window)) = (self.timer, web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

/// The largest file of the site's own the widget reads: a snapshot of 500
/// rooms with long topics.
const MAX_OWN_FILE_BYTES: usize = 2 * 1024 * 1024;

/// GETs a file of the page's own site (a snapshot). The caller makes sure
/// `url` is same-origin: this is the one request that is not to a
/// homeserver. A redirect to another site is refused: what the page's site
/// names is what is read, or nothing.
pub async fn own_file(url: &str, timeout_ms: u32) -> Result<String, Failure> {
    get(url, timeout_ms, true).await.map(|(_, body)| body)
}

/// GETs `url`; the status and body, or why there is none.
async fn get_text(url: &str, timeout_ms: u32) -> Result<(u16, String), Failure> {
    get(url, timeout_ms, false).await
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The answer to `url` that `loader/early.js` started while the wasm
    /// was downloading (a first round's summary request), once; `undefined`
    /// when it started none. A function of the glue's own module, which
    /// `scripts/bundle.mjs` appends early.js to: where the glue has no
    /// early.js (the browser tests), calling it throws, and the widget asks
    /// as always.
    #[wasm_bindgen(catch, js_name = mcTakeEarly)]
    fn take_early(url: &str) -> Result<JsValue, JsValue>;

    /// Whether early.js started a request for `url` that is not taken yet
    /// (throws, as `take_early`, where the glue has no early.js).
    #[wasm_bindgen(catch, js_name = mcEarlyAsked)]
    fn early_asked(url: &str) -> Result<bool, JsValue>;
}

/// The response to the request for `url` that early.js started, if it
/// started one: what the request the widget would send now would get, an
/// instant later.
async fn early_response(url: &str) -> Option<Result<web_sys::Response, Failure>> {
    let started: js_sys::Promise = take_early(url).ok()?.dyn_into().ok()?;
    Some(match wasm_bindgen_futures::JsFuture::from(started).await {
        Ok(response) => response.dyn_into().map_err(|_| Failure::Network),
        // early.js's own time limit, the widget's `timeout`.
        Err(error) => Err(
            match js_sys::Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
            {
                Some(name) if name == "TimeoutError" => Failure::Timeout,
                _ => Failure::Network,
            },
        ),
    })
}

/// GETs `url` from a homeserver (no credentials, no referrer, no cache), or
/// with `own_site` from the page's own site (its credentials; another
/// site's answer or a failed one is an error). One function for both, so
/// the request's code is in the wasm once.
async fn get(url: &str, timeout_ms: u32, own_site: bool) -> Result<(u16, String), Failure> {
    let deadline = Deadline::start(timeout_ms);
    // The request's options set on a `RequestInit` and sent with gloo-net:
    // its request builder parses the URL again to append query parameters
    // and makes a `Headers` object, neither of which two plain GETs need
    // (measured in the commit that made this change).
    let options = RequestInit::new();
    if own_site {
        options.set_credentials(RequestCredentials::SameOrigin);
    } else {
        options.set_credentials(RequestCredentials::Omit);
        options.set_referrer_policy(ReferrerPolicy::NoReferrer);
        options.set_cache(RequestCache::NoStore);
    }
    options.set_signal(deadline.signal().as_ref());
    let request = web_sys::Request::new_with_str_and_init(url, &options).map(Request::from);
    let exchange = async move {
        let early = if own_site {
            None
        } else {
            early_response(url).await
        };
        let response = match early {
            Some(response) => gloo_net::http::Response::from(response?),
            None => request
                .map_err(|_| Failure::Network)?
                .send()
                .await
                .map_err(|_| Failure::Network)?,
        };
        let status = response.status();
        if own_site {
            if same_origin_url(&response.url(), None).is_none() {
                return Err(Failure::Elsewhere);
            }
            if !response.ok() {
                return Err(Failure::Status(status));
            }
        }
        let limit = if own_site {
            MAX_OWN_FILE_BYTES
        } else {
            MAX_BODY_BYTES
        };
        let body = read_body(&response, limit).await?;
        Ok((status, body))
    };
    exchange.await.map_err(|failure| deadline.failure(failure))
}

/// Reads a response body as text, at most `limit` bytes of it.
async fn read_body(response: &gloo_net::http::Response, limit: usize) -> Result<String, Failure> {
    use js_sys::{Reflect, Uint8Array};
    use web_sys::ReadableStreamDefaultReader;

    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|_| Failure::Network)?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let value =
            Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| Failure::Network)?;
        let value: Uint8Array = value.dyn_into().map_err(|_| Failure::BadBody)?;
        let length = value.length() as usize;
        if bytes.len() + length > limit {
            let _ = reader.cancel();
            return Err(Failure::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + length, 0);
        if let Some(tail) = bytes.get_mut(start..) {
            value.copy_to(tail);
        }
    }
    String::from_utf8(bytes).map_err(|_| Failure::BadBody)
}
