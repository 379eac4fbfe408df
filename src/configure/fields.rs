//! The form's two kinds of field: a text field and a choice, each with its
//! label (and help) in the page's language.

use leptos::prelude::*;
use matrix_channels_core::configure::texts::Texts;

/// Which text of the page a label is.
pub type Text = fn(&Texts) -> &'static str;

/// A text field, taken when it changes (on leaving it or Enter), so a
/// half-typed address is never asked.
#[component]
pub fn TextField(
    /// The input's id.
    id: &'static str,
    /// The page's texts.
    texts: RwSignal<&'static Texts>,
    /// Its label.
    label: Text,
    /// Its help, under it.
    #[prop(optional)]
    help: Option<Text>,
    /// What it holds.
    value: RwSignal<String>,
    /// A sample value.
    #[prop(optional)]
    placeholder: &'static str,
    /// The keyboard a phone shows.
    #[prop(optional)]
    inputmode: &'static str,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let described = help.map(|_| help_id.clone());
    view! {
        <div class="cf-field">
            <label for=id>{move || label(texts.get())}</label>
            <input
                id=id
                type="text"
                spellcheck="false"
                autocomplete="off"
                placeholder=(!placeholder.is_empty()).then_some(placeholder)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-describedby=described
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            />
            {help.map(|help| view! { <p class="cf-help" id=help_id>{move || help(texts.get())}</p> })}
        </div>
    }
}

/// A choice of a few values.
#[component]
pub fn Choice(
    /// The select's id.
    id: &'static str,
    /// The page's texts.
    texts: RwSignal<&'static Texts>,
    /// Its label.
    label: Text,
    /// The value chosen.
    value: RwSignal<String>,
    /// The values and their labels.
    options: Vec<(&'static str, Text)>,
    /// Its help, under it.
    #[prop(optional)]
    help: Option<Text>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let described = help.map(|_| help_id.clone());
    view! {
        <div class="cf-field">
            <label for=id>{move || label(texts.get())}</label>
            <select
                id=id
                aria-describedby=described
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {options
                    .into_iter()
                    .map(|(option, text)| {
                        view! {
                            <option value=option prop:selected=move || value.get() == option>
                                {move || text(texts.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {help.map(|help| view! { <p class="cf-help" id=help_id>{move || help(texts.get())}</p> })}
        </div>
    }
}
