//! The browser's `Intl`, as the core's i18n `Formatter`: digit grouping,
//! plural categories and relative times for the chosen language, with no
//! formatting rules of our own. One set of formatters per language, made
//! once per page.

use std::cell::RefCell;

use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use matrix_channels_core::i18n::Formatter;

use super::keyed::find;

/// `Intl` formatters for one language.
#[derive(Clone, Debug)]
pub struct IntlFormatter {
    number: Function,
    plural: Intl::PluralRules,
    relative: Intl::RelativeTimeFormat,
}

thread_local! {
    /// By language code (a keyed list, `super::keyed`).
    static FORMATTERS: RefCell<Vec<(&'static str, IntlFormatter)>> = const { RefCell::new(Vec::new()) };
}

impl IntlFormatter {
    /// The formatters for `code` (`en`, `de`), made on first use.
    pub fn for_language(code: &'static str) -> IntlFormatter {
        FORMATTERS.with(|made| {
            let mut made = made.borrow_mut();
            if let Some(formatter) = find(&made, code) {
                return formatter.clone();
            }
            let locales = Array::of1(&JsValue::from_str(code));
            let numeric_auto = Object::new();
            let _ = Reflect::set(&numeric_auto, &"numeric".into(), &"auto".into());
            let formatter = IntlFormatter {
                number: Intl::NumberFormat::new(&locales, &Object::new()).format(),
                plural: Intl::PluralRules::new(&locales, &Object::new()),
                relative: Intl::RelativeTimeFormat::new(&locales, &numeric_auto),
            };
            made.push((code, formatter.clone()));
            formatter
        })
    }
}

impl Formatter for IntlFormatter {
    fn number(&self, n: u64) -> String {
        self.number
            .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| n.to_string())
    }

    fn plural_category(&self, n: u64) -> String {
        self.plural.select(n as f64).into()
    }

    fn ago(&self, amount: u64, unit: &str) -> String {
        self.relative.format(-(amount as f64), unit).into()
    }
}
