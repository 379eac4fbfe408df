//! A room's summary: the walk through the paths a server may know, and the
//! one request per room and refresh interval that every widget of the
//! page awaits.

use matrix_channels_core::matrix::endpoint::SummaryWalk;
#[cfg(feature = "configure")]
use matrix_channels_core::matrix::Failure;
use matrix_channels_core::matrix::{RoomAlias, SummaryReply};

use super::early::early_asked;
use super::http::get_text;
use super::tables;
use crate::browser::json::WidgetJson;
use crate::browser::storage::shared_across_tabs;

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
    match tables::recent_summary(base_url, alias.as_str(), now, max_age_ms) {
        Some(Ok(reply)) => return reply,
        Some(Err(lookup)) => return lookup.await,
        None => {}
    }
    // A first round's request early.js sent (without the room's Web Lock:
    // it asks only for rooms this browser has never seen) needs no lock to
    // be taken: the lock keeps tabs from asking twice, and this one is
    // asked already.
    let asked = early_asked(&summary_url(base_url, &first_walk(base_url), alias));
    let (owned_base_url, owned_alias) = (base_url.to_owned(), alias.clone());
    let request = async move {
        let summary = room_summary(&owned_base_url, &owned_alias, timeout_ms);
        shared_across_tabs(&owned_alias, max_age_ms, !asked, summary).await
    };
    tables::start_summary(base_url, alias.as_str(), now, request).await
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
                tables::keep_endpoint(base_url, worked);
            }
            return reply;
        }
    }
}

/// The walk through the summary paths for a room on `base_url`, from the
/// path that answered there last.
fn first_walk(base_url: &str) -> SummaryWalk {
    SummaryWalk::new(tables::endpoint(base_url))
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
