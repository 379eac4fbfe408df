//! A server name's client API base URL, found once for the page.

use matrix_channels_core::matrix::well_known::{
    discovered, is_loopback, well_known_url, Discovered,
};
use matrix_channels_core::settings::DEFAULT_TIMEOUT_MS;

use super::http::get_text;
use super::tables;
use crate::browser::json::WidgetJson;

/// The client API base URL for `server_name`: its
/// `.well-known/matrix/client`, else `https://{server_name}`. One lookup
/// serves every room and widget of the page: an answer for the page's
/// life, a failure for one refresh interval (the core's
/// `Discovered::is_current`), so the next round asks again.
pub async fn homeserver_base_url(server_name: &str, interval_ms: u64) -> String {
    let now = js_sys::Date::now();
    let owned = server_name.to_owned();
    let lookup = tables::base_url_lookup(server_name, now, interval_ms, move || {
        discover_base_url(owned)
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
