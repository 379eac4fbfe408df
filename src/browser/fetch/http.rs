//! One GET: a homeserver's (anonymous, uncached) or the page's own site's,
//! with a time limit and a limit on the body read.

use gloo_net::http::Response;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials, RequestInit,
};

use matrix_channels_core::matrix::Failure;
use matrix_channels_core::reread::{OwnFile, SnapshotCopy};

use super::early::early_response;
use crate::browser::page::same_origin_url;

/// The most of a response body the widget reads: a summary with a
/// 10,000-character topic is well under 100 KiB; a server sending more is
/// cut off rather than read to the end.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A request's time limit. When the time is up the browser aborts the
/// request itself (a `setTimeout` that calls `AbortController.abort`, no
/// closure of ours); when the future awaiting the request is dropped — its
/// widget went away — the request is aborted too. So an abort seen while
/// the request is still awaited is a time-out. A finished exchange is not
/// aborted: [`Deadline::finished`] only clears the timer, as an abort
/// after the body was read changes nothing but costs the page a task's
/// work per request.
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

    /// The exchange is over: nothing is left to abort.
    fn finished(&mut self) {
        self.controller = None;
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
/// names is what is read, or nothing. With `since` (`live="snapshot"`'s
/// re-read) the request is conditional on that copy's validators and
/// bypasses the HTTP cache, so that an unchanged file is a 304 on the wire
/// and here (the browser passes a 304 to validators it did not add itself
/// through); the page load's read is a plain GET, which a preload hint's
/// download answers.
pub async fn own_file(
    url: &str,
    timeout_ms: u32,
    since: Option<&SnapshotCopy>,
) -> Result<OwnFile, Failure> {
    let conditional = since.and_then(|copy| {
        let headers = web_sys::Headers::new().ok()?;
        for (name, value) in [
            ("if-none-match", &copy.etag),
            ("if-modified-since", &copy.last_modified),
        ] {
            if let Some(value) = value {
                headers.set(name, value).ok()?;
            }
        }
        Some(headers)
    });
    let (status, body, headers) = get(url, timeout_ms, true, conditional).await?;
    let header = |name| headers.as_ref().and_then(|h| h.get(name));
    Ok(OwnFile {
        text: (status != NOT_MODIFIED).then_some(body),
        etag: header("etag"),
        last_modified: header("last-modified"),
    })
}

/// The status of a conditional request's answer when the file is unchanged.
const NOT_MODIFIED: u16 = 304;

/// GETs `url` from a homeserver; the status and body, or why there is none.
pub(super) async fn get_text(url: &str, timeout_ms: u32) -> Result<(u16, String), Failure> {
    get(url, timeout_ms, false, None)
        .await
        .map(|(status, body, _)| (status, body))
}

/// GETs `url` from a homeserver (no credentials, no referrer, no cache), or
/// with `own_site` from the page's own site (its credentials; another
/// site's answer or a failed one is an error; its headers returned), with
/// `conditional`'s headers and no HTTP cache when given. One function for
/// all, so the request's code is in the wasm once.
async fn get(
    url: &str,
    timeout_ms: u32,
    own_site: bool,
    conditional: Option<web_sys::Headers>,
) -> Result<(u16, String, Option<gloo_net::http::Headers>), Failure> {
    let mut deadline = Deadline::start(timeout_ms);
    // The request's options set on a `RequestInit` and given to `fetch`
    // with the URL, rather than built with gloo-net's request builder (it
    // parses the URL again and makes a `Headers` object, neither of which
    // two plain GETs need) or as a `Request`, which `fetch` copies: the
    // answer is read through gloo-net's `Response`.
    let options = RequestInit::new();
    if let Some(headers) = &conditional {
        options.set_headers(headers);
        options.set_cache(RequestCache::NoStore);
    }
    if own_site {
        options.set_credentials(RequestCredentials::SameOrigin);
    } else {
        options.set_credentials(RequestCredentials::Omit);
        options.set_referrer_policy(ReferrerPolicy::NoReferrer);
        options.set_cache(RequestCache::NoStore);
    }
    options.set_signal(deadline.signal().as_ref());
    let exchange = async {
        let early = if own_site {
            None
        } else {
            early_response(url).await
        };
        let response = match early {
            Some(response) => response?,
            None => {
                let window = web_sys::window().ok_or(Failure::Network)?;
                JsFuture::from(window.fetch_with_str_and_init(url, &options))
                    .await
                    .map_err(|_| Failure::Network)?
                    .unchecked_into()
            }
        };
        let response = Response::from(response);
        let status = response.status();
        if own_site {
            if same_origin_url(&response.url(), None).is_none() {
                return Err(Failure::Elsewhere);
            }
            if !response.ok() && status != NOT_MODIFIED {
                return Err(Failure::Status(status));
            }
        }
        let limit = if own_site {
            MAX_OWN_FILE_BYTES
        } else {
            MAX_BODY_BYTES
        };
        let body = read_body(&response, limit).await?;
        Ok((status, body, own_site.then(|| response.headers())))
    };
    match exchange.await {
        Ok(answer) => {
            deadline.finished();
            Ok(answer)
        }
        Err(failure) => Err(deadline.failure(failure)),
    }
}

/// Reads a response body as text, at most `limit` bytes of it.
async fn read_body(response: &Response, limit: usize) -> Result<String, Failure> {
    use js_sys::{Reflect, Uint8Array};
    use web_sys::ReadableStreamDefaultReader;

    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
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
