//! A Leptos app that shows its community's Matrix rooms: the
//! `MatrixChannels` component with the rooms named as props. The rooms are
//! de-RSE's; `?homeserver=…` in the page's address asks another homeserver
//! than theirs for the counts (the tests point it at a local Synapse).

use leptos::prelude::*;
use matrix_channels_widget::MatrixChannels;

/// The rooms, as the widget's `rooms` attribute names them.
const ROOMS: &str = "#de-rse.org-general:matrix.org, #de-rse.org-introductions:matrix.org, \
    #de-rse.org-jobs:matrix.org, #de-rse.org-events:matrix.org, \
    #de-rse.org-offtopic:matrix.org";

/// The homeserver named in the page's address, if any.
fn homeserver_from_address() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get("homeserver")
}

#[component]
fn App() -> impl IntoView {
    view! {
        <main>
            <h1>"Our Matrix rooms"</h1>
            <MatrixChannels rooms=ROOMS homeserver=homeserver_from_address() lang="en"/>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
