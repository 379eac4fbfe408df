//! The bridge to `loader/early.js`: the first round's summary requests it
//! sent while the wasm was on its way, taken over by the widget.

use wasm_bindgen::{JsCast, JsValue};

use matrix_channels_core::matrix::Failure;

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
    fn early_asked_js(url: &str) -> Result<bool, JsValue>;
}

/// The response to the request for `url` that early.js started, if it
/// started one: what the request the widget would send now would get, an
/// instant later.
pub(super) async fn early_response(url: &str) -> Option<Result<web_sys::Response, Failure>> {
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

/// Whether early.js started a request for `url` that is not taken yet.
pub(super) fn early_asked(url: &str) -> bool {
    early_asked_js(url).unwrap_or(false)
}
