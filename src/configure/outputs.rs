//! The snippets to copy, each with its copy button.

use leptos::prelude::*;
use matrix_channels_core::configure::snippet::{snippets, Form, Snippets};
use matrix_channels_core::configure::texts::Texts;
use matrix_channels_core::discovery::Discovery;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::fields::Text;

/// One output: its field's id, its label, and which snippet it shows.
type Output = (&'static str, Text, fn(&Snippets) -> String);

/// The snippets' section.
#[component]
pub fn Outputs(
    /// The page's texts.
    texts: RwSignal<&'static Texts>,
    /// The rooms found.
    discovery: Memo<Discovery>,
    /// The form (for the loader's address).
    form: Memo<Form>,
    /// The widget's attributes from the form.
    attributes: Memo<Vec<(&'static str, String)>>,
    /// The origins the rooms' checks asked.
    origins: RwSignal<Vec<String>>,
) -> impl IntoView {
    let all: Memo<Snippets> = Memo::new(move |_| {
        form.with(|f| {
            attributes.with(|a| discovery.with(|d| origins.with(|o| snippets(&d.rooms, a, f, o))))
        })
    });
    // One status line for every button: "Copied." is read out once.
    let status = RwSignal::new(String::new());
    let outputs: [Output; 5] = [
        ("cf-out-jekyll", |t| t.jekyll_label, |s| s.jekyll.clone()),
        (
            "cf-out-kramdown",
            |t| t.kramdown_label,
            |s| s.kramdown.clone(),
        ),
        ("cf-out-html", |t| t.html_label, |s| s.html.clone()),
        (
            "cf-out-script",
            |t| t.script_tag_label,
            |s| s.script.clone(),
        ),
        ("cf-out-csp", |t| t.csp_label, |s| s.csp.clone()),
    ];
    view! {
        <section class="cf-outputs" aria-labelledby="cf-outputs-heading">
            <h2 id="cf-outputs-heading">{move || texts.get().outputs_heading}</h2>
            {outputs
                .into_iter()
                .map(|(id, label, pick)| {
                    let text = Memo::new(move |_| all.with(pick));
                    let lines = move || text.with(|t| t.lines().count().clamp(2, 16)).to_string();
                    view! {
                        <div class="cf-output">
                            <label for=id>{move || label(texts.get())}</label>
                            <textarea id=id readonly rows=lines spellcheck="false" prop:value=move || text.get()></textarea>
                            <button type="button" data-copies=id on:click=move |_| copy(id, text.get(), texts.get(), status)>
                                {move || texts.get().copy}
                            </button>
                        </div>
                    }
                })
                .collect_view()}
            <p class="cf-status" role="status">{move || status.get()}</p>
        </section>
    }
}

/// Copies `text` to the clipboard; when the browser refuses, selects the
/// field so the keyboard can copy it.
fn copy(id: &'static str, text: String, texts: &'static Texts, status: RwSignal<String>) {
    leptos::task::spawn_local(async move {
        let written = match web_sys::window() {
            Some(window) => JsFuture::from(window.navigator().clipboard().write_text(&text))
                .await
                .is_ok(),
            None => false,
        };
        if written {
            status.set(texts.copied.to_owned());
            return;
        }
        if let Some(field) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            let _ = field.focus();
            field.select();
        }
        status.set(texts.copy_failed.to_owned());
    });
}
