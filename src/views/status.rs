//! The lines under the list: a message when no count could be had at all,
//! and when the counts were last updated.

use std::time::Duration;

use leptos::prelude::*;
use matrix_channels_core::i18n::{updated_label, Language};
use matrix_channels_core::room::WidgetState;

use super::AllRooms;

/// How often the "updated … ago" line is rewritten.
const CLOCK_TICK: Duration = Duration::from_secs(30);

/// A message when no count could be had at all.
#[component]
pub fn Status(
    /// The widget's rooms.
    all: AllRooms,
    /// The language of the message.
    language: &'static Language,
) -> impl IntoView {
    move || {
        (all.state() == WidgetState::Error)
            .then(|| view! { <p class="mc-status">{language.error}</p> })
    }
}

/// When the counts were last updated, relative to now ("updated 2 minutes
/// ago"), rewritten by a clock. Not a live region: screen readers are not
/// told about every tick — the line is there when they look.
#[component]
pub fn Updated(
    /// The widget's rooms.
    all: AllRooms,
    /// The language of the line.
    language: &'static Language,
) -> impl IntoView {
    let tick = ArcTrigger::new();
    let ticks = tick.clone();
    if let Ok(clock) = set_interval_with_handle(move || ticks.notify(), CLOCK_TICK) {
        on_cleanup(move || clock.clear());
    }
    move || {
        tick.track();
        all.updated_at_ms().map(|at| {
            let elapsed = (js_sys::Date::now() - at as f64).max(0.0) as u64;
            let iso = String::from(js_sys::Date::new(&(at as f64).into()).to_iso_string());
            let label = updated_label(language, elapsed);
            view! {
                <p class="mc-updated">
                    <time datetime=iso>{label}</time>
                </p>
            }
        })
    }
}
