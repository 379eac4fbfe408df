//! The configurator: a page where a maintainer pastes their room list,
//! chooses the settings, sees the real widget live, learns which rooms
//! visitors will be refused, and copies the snippet for their site.
//!
//! Its own binary and wasm (built with the `configure` feature into
//! `dist/configure/`), so a page with the widget downloads none of it. The
//! decisions are the core's (`matrix_channels_core::configure`); this side
//! reads the form, parses what was pasted with the browser's HTML parser,
//! asks the homeserver and shows the answers.

mod fields;
mod outputs;
mod preview;
mod verdicts;

use leptos::prelude::*;
use matrix_channels_core::configure::paste::{prepare, rooms_of_paste};
use matrix_channels_core::configure::snippet::{Form, Problem};
use matrix_channels_core::configure::texts::{texts_for, Texts, ALL};
use matrix_channels_core::discovery::{Discovery, Element as Markup};
use matrix_channels_widget::browser::page::read_element;
use web_sys::{DomParser, SupportedType};

use fields::{Choice, TextField};
use outputs::Outputs;
use preview::Preview;
use verdicts::Verdicts;

fn main() {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    // The demo (and a site) can name a homeserver to start with.
    let homeserver = body.get_attribute("data-homeserver").unwrap_or_default();
    leptos::mount::mount_to_body(move || view! { <Configurator homeserver=homeserver /> });
}

/// What was pasted, read as the widget reads a page: the HTML parser
/// (inert — nothing it builds is shown or run) turns it into the core's
/// markup tree.
fn read_paste(text: &str) -> Markup {
    DomParser::new()
        .ok()
        .and_then(|parser| {
            parser
                .parse_from_string(&prepare(text), SupportedType::TextHtml)
                .ok()
        })
        .and_then(|document| document.body())
        .map(|body| read_element(&body).markup)
        .unwrap_or_default()
}

/// The whole page.
#[component]
fn Configurator(
    /// The homeserver the form starts with.
    homeserver: String,
) -> impl IntoView {
    let languages: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    let texts = RwSignal::new(texts_for(languages.iter().map(String::as_str)));
    Effect::new(move || {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", texts.get().code);
        }
    });

    let paste = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let form = FormSignals::new(homeserver);
    let discovery: Memo<Discovery> =
        Memo::new(move |_| rooms_of_paste(&read_paste(&paste.get()), &typed.get()));
    let current_form = Memo::new(move |_| form.get());
    // The form read once per change: the attributes every part shows, and
    // the problems; the homeserver the preview and the verdicts ask.
    let settings = Memo::new(move |_| current_form.with(Form::attributes));
    let attributes = Memo::new(move |_| settings.with(|(a, _)| a.clone()));
    let problems = Memo::new(move |_| settings.with(|(_, p)| p.clone()));
    let homeserver = Memo::new(move |_| {
        attributes.with(|a| {
            a.iter()
                .find(|(name, _)| *name == "homeserver")
                .map(|(_, url)| url.clone())
        })
    });
    let origins = RwSignal::new(Vec::new());

    view! {
        <header class="cf-header">
            <h1>{move || texts.get().title}</h1>
            <p>{move || texts.get().intro}</p>
            <LanguageSwitch texts=texts />
        </header>
        <main class="cf-main">
            <form class="cf-form" on:submit=|ev| ev.prevent_default()>
                <fieldset>
                    <legend>{move || texts.get().rooms_legend}</legend>
                    <div class="cf-field">
                        <label for="cf-paste">{move || texts.get().paste_label}</label>
                        <textarea
                            id="cf-paste"
                            rows="10"
                            spellcheck="false"
                            aria-describedby="cf-paste-help"
                            on:input=move |ev| paste.set(event_target_value(&ev))
                        ></textarea>
                        <p class="cf-help" id="cf-paste-help">{move || texts.get().paste_help}</p>
                    </div>
                    <AddAlias texts=texts typed=typed />
                    <Skipped texts=texts discovery=discovery />
                </fieldset>
                <fieldset>
                    <legend>{move || texts.get().settings_legend}</legend>
                    <TextField id="cf-homeserver" texts=texts label=|t| t.homeserver_label
                        help=|t| t.homeserver_help value=form.homeserver placeholder="https://matrix-client.matrix.org" />
                    <Choice id="cf-lang" texts=texts label=|t| t.lang_label value=form.lang
                        options=vec![("", |t| t.lang_page), ("en", |_| "English"), ("de", |_| "Deutsch")] />
                    <Choice id="cf-theme" texts=texts label=|t| t.theme_label value=form.theme
                        options=vec![("", |t| t.theme_auto), ("light", |t| t.theme_light), ("dark", |t| t.theme_dark)] />
                    <TextField id="cf-refresh" texts=texts label=|t| t.refresh_label value=form.refresh
                        inputmode="numeric" />
                    <Choice id="cf-live" texts=texts label=|t| t.live_label value=form.live
                        help=|t| t.live_help
                        options=vec![("auto", |t| t.live_auto), ("off", |t| t.live_off), ("consent", |t| t.live_consent), ("snapshot", |t| t.live_snapshot)] />
                    <Choice id="cf-loading" texts=texts label=|t| t.loading_label value=form.loading
                        options=vec![("", |t| t.loading_lazy), ("eager", |t| t.loading_eager)] />
                    <TextField id="cf-join" texts=texts label=|t| t.join_label help=|t| t.join_help
                        value=form.join />
                    <TextField id="cf-script" texts=texts label=|t| t.script_label value=form.script_url />
                    <Problems texts=texts problems=problems />
                </fieldset>
            </form>
            <Preview texts=texts discovery=discovery attributes=attributes homeserver=homeserver />
            <Verdicts texts=texts discovery=discovery homeserver=homeserver origins=origins />
            <Outputs texts=texts discovery=discovery form=current_form attributes=attributes origins=origins />
        </main>
    }
}

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct FormSignals {
    homeserver: RwSignal<String>,
    lang: RwSignal<String>,
    theme: RwSignal<String>,
    refresh: RwSignal<String>,
    live: RwSignal<String>,
    loading: RwSignal<String>,
    join: RwSignal<String>,
    script_url: RwSignal<String>,
}

impl FormSignals {
    fn new(homeserver: String) -> FormSignals {
        FormSignals {
            homeserver: RwSignal::new(homeserver),
            lang: RwSignal::new(String::new()),
            theme: RwSignal::new(String::new()),
            refresh: RwSignal::new("120".to_owned()),
            live: RwSignal::new("auto".to_owned()),
            loading: RwSignal::new(String::new()),
            join: RwSignal::new("matrixto".to_owned()),
            script_url: RwSignal::new(
                matrix_channels_core::configure::snippet::DEFAULT_SCRIPT_URL.to_owned(),
            ),
        }
    }

    fn get(&self) -> Form {
        Form {
            homeserver: self.homeserver.get(),
            lang: self.lang.get(),
            theme: self.theme.get(),
            refresh: self.refresh.get(),
            live: self.live.get(),
            loading: self.loading.get(),
            join: self.join.get(),
            script_url: self.script_url.get(),
            // The tests and a demo serve this page from this machine.
            page_is_local: web_sys::window()
                .and_then(|w| w.location().host().ok())
                .is_some_and(|host| matrix_channels_core::matrix::well_known::is_loopback(&host)),
        }
    }
}

/// The page's own language: English or German.
#[component]
fn LanguageSwitch(texts: RwSignal<&'static Texts>) -> impl IntoView {
    view! {
        <div class="cf-language">
            <label for="cf-page-language">{move || texts.get().page_language}</label>
            <select
                id="cf-page-language"
                on:change=move |ev| {
                    let code = event_target_value(&ev);
                    if let Some(t) = ALL.iter().copied().find(|t| t.code == code) {
                        texts.set(t);
                    }
                }
            >
                <option value="en" prop:selected=move || texts.get().code == "en">"English"</option>
                <option value="de" prop:selected=move || texts.get().code == "de">"Deutsch"</option>
            </select>
        </div>
    }
}

/// One alias at a time, added after the pasted rooms.
#[component]
fn AddAlias(texts: RwSignal<&'static Texts>, typed: RwSignal<String>) -> impl IntoView {
    let alias = RwSignal::new(String::new());
    let add = move || {
        let value = alias.get();
        if !value.trim().is_empty() {
            typed.update(|t| {
                t.push(' ');
                t.push_str(value.trim());
            });
            alias.set(String::new());
        }
    };
    view! {
        <div class="cf-field cf-add">
            <label for="cf-alias">{move || texts.get().add_label}</label>
            <div class="cf-row">
                <input
                    id="cf-alias"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="#room:example.org"
                    prop:value=move || alias.get()
                    on:input=move |ev| alias.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" id="cf-add" on:click=move |_| add()>{move || texts.get().add_button}</button>
            </div>
        </div>
    }
}

/// The entries of the paste that could not be used, as the widget's
/// console would name them.
#[component]
fn Skipped(texts: RwSignal<&'static Texts>, discovery: Memo<Discovery>) -> impl IntoView {
    move || {
        let skipped = discovery.with(|d| d.skipped.clone());
        (!skipped.is_empty()).then(|| {
            view! {
                <div class="cf-notes" id="cf-skipped">
                    <h3>{move || texts.get().skipped_heading}</h3>
                    <ul>
                        {skipped
                            .into_iter()
                            .map(|s| view! { <li><code>{s.entry}</code>": "{s.reason}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The settings the widget would not take as written.
#[component]
fn Problems(texts: RwSignal<&'static Texts>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    move || {
        let problems = problems.get();
        (!problems.is_empty()).then(|| {
            view! {
                <div class="cf-notes" id="cf-problems" role="alert">
                    <h3>{move || texts.get().problems_heading}</h3>
                    <ul>
                        {problems
                            .into_iter()
                            .map(|p| view! { <li><code>{p.field}</code>": "{p.message}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
