//! Each room's verdict: asked as a visitor's browser asks (anonymously,
//! the room summary), and the room directory when the server will not
//! describe the room.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use matrix_channels_core::configure::snippet::origin_of;
use matrix_channels_core::configure::texts::{fill, Texts};
use matrix_channels_core::configure::verdict::{DirectoryAnswer, Verdict};
use matrix_channels_core::discovery::Discovery;
use matrix_channels_core::matrix::well_known::well_known_url;
use matrix_channels_core::matrix::RoomAlias;
use matrix_channels_core::refresh::DEFAULT_INTERVAL_S;
use matrix_channels_core::settings::DEFAULT_TIMEOUT_MS;
use matrix_channels_widget::browser::fetch::{directory_status, homeserver_base_url, room_summary};

/// Where the README explains the snapshot, the way to show refused rooms.
const SNAPSHOT_HELP: &str =
    "https://github.com/de-rse/matrix-channels#snapshot-all-rooms-no-third-party-request";

/// Asks about one room as a visitor would. Returns the verdict and the
/// origins the browser asked (for the CSP's `connect-src`).
async fn check(alias: RoomAlias, homeserver: Option<String>) -> (Verdict, Vec<String>) {
    let mut origins = Vec::new();
    let base_url = match homeserver {
        Some(url) => url,
        None => {
            origins.extend(origin_of(&well_known_url(alias.server_name())));
            homeserver_base_url(alias.server_name(), DEFAULT_INTERVAL_S * 1000).await
        }
    };
    origins.extend(origin_of(&base_url));
    let reply = room_summary(&base_url, &alias, DEFAULT_TIMEOUT_MS).await;
    let verdict = match Verdict::of_summary(&reply) {
        Some(verdict) => verdict,
        None => Verdict::of_directory(
            directory_status(&base_url, &alias, DEFAULT_TIMEOUT_MS)
                .await
                .map_or(DirectoryAnswer::Failed, DirectoryAnswer::of_status),
        ),
    };
    (verdict, origins)
}

/// The verdicts' section; writes the origins asked into `origins`.
#[component]
pub fn Verdicts(
    /// The page's texts.
    texts: RwSignal<&'static Texts>,
    /// The rooms found.
    discovery: Memo<Discovery>,
    /// The homeserver the form names.
    homeserver: Memo<Option<String>>,
    /// The origins the rooms' checks asked.
    origins: RwSignal<Vec<String>>,
) -> impl IntoView {
    let verdicts: RwSignal<Vec<(RoomAlias, Verdict)>> = RwSignal::new(Vec::new());
    let aliases = Memo::new(move |_| {
        discovery.with(|d| d.rooms.iter().map(|r| r.alias.clone()).collect::<Vec<_>>())
    });
    // Answers to an older list or homeserver are dropped when they come.
    let generation = Rc::new(Cell::new(0u32));
    Effect::new(move || {
        let aliases = aliases.get();
        let homeserver = homeserver.get();
        let this = generation.get().wrapping_add(1);
        generation.set(this);
        verdicts.set(
            aliases
                .iter()
                .map(|a| (a.clone(), Verdict::Checking))
                .collect(),
        );
        origins.set(Vec::new());
        for alias in aliases {
            let (generation, homeserver) = (Rc::clone(&generation), homeserver.clone());
            spawn_local(async move {
                let (verdict, asked) = check(alias.clone(), homeserver).await;
                if generation.get() != this {
                    return;
                }
                verdicts.update(|all| {
                    if let Some(entry) = all.iter_mut().find(|(a, _)| *a == alias) {
                        entry.1 = verdict;
                    }
                });
                origins.update(|all| {
                    for origin in asked {
                        if !all.contains(&origin) {
                            all.push(origin);
                        }
                    }
                });
            });
        }
    });
    let summary = move || {
        let (public, total) = verdicts.with(|all| {
            (
                all.iter()
                    .filter(|(_, v)| matches!(v, Verdict::Public { .. }))
                    .count(),
                all.len(),
            )
        });
        fill(
            texts.get().verdicts_summary,
            &[
                ("public", &public.to_string()),
                ("total", &total.to_string()),
            ],
        )
    };
    view! {
        <section class="cf-verdicts" aria-labelledby="cf-verdicts-heading">
            <h2 id="cf-verdicts-heading">{move || texts.get().verdicts_heading}</h2>
            <p class="cf-summary" role="status">{summary}</p>
            <ul class="cf-verdict-list">
                <For
                    each=move || verdicts.get()
                    key=|(alias, verdict)| (alias.to_string(), verdict.as_str())
                    let((alias, verdict))
                >
                    <li class="cf-verdict" data-room=alias.to_string() data-verdict=verdict.as_str()>
                        <code>{alias.to_string()}</code>
                        " "
                        <span>{move || verdict_text(texts.get(), verdict)}</span>
                        {verdict.needs_snapshot().then(|| view! {
                            " "
                            <a href=SNAPSHOT_HELP>{move || texts.get().snapshot_link}</a>
                        })}
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// A verdict in the page's words.
fn verdict_text(texts: &Texts, verdict: Verdict) -> String {
    match verdict {
        Verdict::Checking => texts.checking.to_owned(),
        Verdict::Public { members } => fill(texts.public, &[("n", &members.to_string())]),
        Verdict::Refused => texts.refused.to_owned(),
        Verdict::UnknownAlias => texts.unknown_alias.to_owned(),
        Verdict::Unreachable => texts.unreachable.to_owned(),
        Verdict::RateLimited => texts.rate_limited.to_owned(),
        Verdict::Failed => texts.failed.to_owned(),
    }
}
