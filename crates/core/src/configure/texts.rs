//! The configurator page's words, in English and German.
//! Adding a language is adding one [`Texts`] table and listing it in
//! [`ALL`].

/// Every text of the page in one language; `{…}` are filled in.
#[derive(Debug)]
pub struct Texts {
    /// The BCP 47 language code.
    pub code: &'static str,
    /// The page's title.
    pub title: &'static str,
    /// What the page does.
    pub intro: &'static str,
    /// The label of the page's language switch.
    pub page_language: &'static str,
    /// The rooms' part of the form.
    pub rooms_legend: &'static str,
    /// The label of the paste box.
    pub paste_label: &'static str,
    /// Help under the paste box.
    pub paste_help: &'static str,
    /// The label of the one-alias field.
    pub add_label: &'static str,
    /// The button that adds it.
    pub add_button: &'static str,
    /// The settings' part of the form.
    pub settings_legend: &'static str,
    /// The homeserver field.
    pub homeserver_label: &'static str,
    /// Help for it.
    pub homeserver_help: &'static str,
    /// The widget's language.
    pub lang_label: &'static str,
    /// Follow the page.
    pub lang_page: &'static str,
    /// The theme.
    pub theme_label: &'static str,
    /// Follow the visitor.
    pub theme_auto: &'static str,
    /// Light.
    pub theme_light: &'static str,
    /// Dark.
    pub theme_dark: &'static str,
    /// The refresh interval.
    pub refresh_label: &'static str,
    /// The live mode.
    pub live_label: &'static str,
    /// Always.
    pub live_auto: &'static str,
    /// Never.
    pub live_off: &'static str,
    /// After consent.
    pub live_consent: &'static str,
    /// Help for it: what a snapshot adds, the rooms' activity included.
    pub live_help: &'static str,
    /// `live="snapshot"`.
    pub live_snapshot: &'static str,
    /// When to load.
    pub loading_label: &'static str,
    /// Lazily.
    pub loading_lazy: &'static str,
    /// At once.
    pub loading_eager: &'static str,
    /// Where links lead.
    pub join_label: &'static str,
    /// Help for it.
    pub join_help: &'static str,
    /// The loader's address.
    pub script_label: &'static str,
    /// The preview's heading.
    pub preview_heading: &'static str,
    /// What the preview is.
    pub preview_help: &'static str,
    /// Why the preview shows no counts when live counts are off or come
    /// from the site's snapshot.
    pub preview_without_live: &'static str,
    /// Said while no room is found.
    pub no_rooms: &'static str,
    /// The verdicts' heading.
    pub verdicts_heading: &'static str,
    /// `{public}` of `{total}` rooms show a count.
    pub verdicts_summary: &'static str,
    /// While asking.
    pub checking: &'static str,
    /// A public room; `{n}` members.
    pub public: &'static str,
    /// A room closed to visitors.
    pub refused: &'static str,
    /// The link to the snapshot's instructions.
    pub snapshot_link: &'static str,
    /// No such room.
    pub unknown_alias: &'static str,
    /// No answer.
    pub unreachable: &'static str,
    /// 429.
    pub rate_limited: &'static str,
    /// A bad answer.
    pub failed: &'static str,
    /// Entries not used.
    pub skipped_heading: &'static str,
    /// Settings not taken.
    pub problems_heading: &'static str,
    /// The snippets' heading.
    pub outputs_heading: &'static str,
    /// The include.
    pub jekyll_label: &'static str,
    /// The div form.
    pub kramdown_label: &'static str,
    /// Plain HTML.
    pub html_label: &'static str,
    /// The script tag.
    pub script_tag_label: &'static str,
    /// The CSP.
    pub csp_label: &'static str,
    /// The copy buttons.
    pub copy: &'static str,
    /// Said when copied.
    pub copied: &'static str,
    /// Said when the clipboard refuses.
    pub copy_failed: &'static str,
}

/// The page in English.
pub static ENGLISH: Texts = Texts {
    code: "en",
    title: "Set up matrix-channels",
    intro: "Paste your room list, choose the settings, see the widget live and which rooms your visitors will be refused, then copy the markup for your site.",
    page_language: "Language of this page",
    rooms_legend: "Your rooms",
    paste_label: "Your room list: Markdown, HTML, room links or aliases",
    paste_help: "Paste the list as it is on your page; links to matrix.to or matrix: and aliases such as #room:example.org are found.",
    add_label: "Add a room by its alias",
    add_button: "Add room",
    settings_legend: "Settings",
    homeserver_label: "Homeserver (client API address, optional)",
    homeserver_help: "Empty: each room's server is found from its alias, e.g. https://matrix-client.matrix.org for matrix.org.",
    lang_label: "Language of the widget",
    lang_page: "The page's language",
    theme_label: "Theme",
    theme_auto: "The visitor's preference",
    theme_light: "Light",
    theme_dark: "Dark",
    refresh_label: "Refresh every … seconds (30 to 86400)",
    live_label: "Live member counts",
    live_auto: "Always",
    live_off: "Never: the snapshot's counts only",
    live_consent: "After the visitor agrees, with a button",
    live_help: "With a snapshot (the include's snapshot=, made with a bot's token), every row also shows how active its room is, as of the snapshot: \"12 messages in the last 7 days\", \"last message 9 days ago\".",
    live_snapshot: "From the site's snapshot, read again at every refresh: no visitor's browser asks a homeserver",
    loading_label: "Loading",
    loading_lazy: "When the list comes near the screen",
    loading_eager: "At once",
    join_label: "Room links lead to",
    join_help: "matrixto (lets visitors choose a client), matrix (matrix: links for an installed client), or your web client's link with {alias}, e.g. https://chat.example.org/#/room/{alias}",
    script_label: "Address of the loader on your site",
    preview_heading: "Preview",
    preview_help: "The real widget with these settings, asking the homeserver as your visitors' browsers will.",
    preview_without_live: "Without live counts from the homeserver (off, or from the site's snapshot), visitors see the counts of your site's snapshot file, which this page does not have: here the rooms show no counts.",
    no_rooms: "No rooms yet: paste your list or add an alias.",
    verdicts_heading: "What your visitors will see",
    verdicts_summary: "{public} of {total} rooms show a live count to visitors.",
    checking: "Checking …",
    public: "Public: {n} members now.",
    refused: "Refused to anonymous visitors (restricted, invite-only or private): they see no count. A snapshot, made with a member's token when your site is built, can show it.",
    snapshot_link: "How to make a snapshot",
    unknown_alias: "Unknown alias: no room has this address. Check its spelling.",
    unreachable: "Server unreachable, or it does not let other sites ask (no CORS). Check the homeserver's address.",
    rate_limited: "The server asks to slow down; the widget will wait. Try again in a minute.",
    failed: "The server's answer was not a room summary (an error page?).",
    skipped_heading: "Not used",
    problems_heading: "Not taken as written (left out of the snippets)",
    outputs_heading: "Copy into your site",
    jekyll_label: "Jekyll, with the include (_includes/matrix-channels.html)",
    kramdown_label: "Jekyll without the include: a kramdown div and the script tag",
    html_label: "Any page: the list in HTML",
    script_tag_label: "Any page: the script tag, once per page",
    csp_label: "Content Security Policy, if your site sends one",
    copy: "Copy",
    copied: "Copied.",
    copy_failed: "The browser did not allow copying: the text is selected, press Ctrl+C.",
};

/// The page in German.
pub static GERMAN: Texts = Texts {
    code: "de",
    title: "matrix-channels einrichten",
    intro: "Fügen Sie Ihre Raumliste ein, wählen Sie die Einstellungen, sehen Sie das Widget live und welche Räume Ihren Besuchern verweigert werden, und kopieren Sie dann das Markup für Ihre Website.",
    page_language: "Sprache dieser Seite",
    rooms_legend: "Ihre Räume",
    paste_label: "Ihre Raumliste: Markdown, HTML, Raumlinks oder Aliase",
    paste_help: "Fügen Sie die Liste so ein, wie sie auf Ihrer Seite steht; Links zu matrix.to oder matrix: und Aliase wie #raum:example.org werden gefunden.",
    add_label: "Einen Raum über seinen Alias hinzufügen",
    add_button: "Raum hinzufügen",
    settings_legend: "Einstellungen",
    homeserver_label: "Homeserver (Adresse der Client-API, optional)",
    homeserver_help: "Leer: der Server jedes Raums wird aus seinem Alias ermittelt, z. B. https://matrix-client.matrix.org für matrix.org.",
    lang_label: "Sprache des Widgets",
    lang_page: "Die Sprache der Seite",
    theme_label: "Farbschema",
    theme_auto: "Die Einstellung der Besucher",
    theme_light: "Hell",
    theme_dark: "Dunkel",
    refresh_label: "Aktualisieren alle … Sekunden (30 bis 86400)",
    live_label: "Live-Mitgliederzahlen",
    live_auto: "Immer",
    live_off: "Nie: nur die Zahlen des Snapshots",
    live_consent: "Nachdem die Besucher per Schaltfläche zustimmen",
    live_help: "Mit einem Snapshot (snapshot= des Includes, mit dem Token eines Bots erstellt) zeigt jede Zeile auch, wie aktiv ihr Raum ist, zum Zeitpunkt des Snapshots: „12 Nachrichten in den letzten 7 Tagen“, „letzte Nachricht vor 9 Tagen“.",
    live_snapshot: "Aus dem Snapshot der Website, bei jeder Aktualisierung neu gelesen: kein Browser eines Besuchers fragt einen Homeserver",
    loading_label: "Laden",
    loading_lazy: "Wenn die Liste in die Nähe des Bildschirms kommt",
    loading_eager: "Sofort",
    join_label: "Raumlinks führen zu",
    join_help: "matrixto (Besucher wählen einen Client), matrix (matrix:-Links für einen installierten Client) oder der Link Ihres Web-Clients mit {alias}, z. B. https://chat.example.org/#/room/{alias}",
    script_label: "Adresse des Loaders auf Ihrer Website",
    preview_heading: "Vorschau",
    preview_help: "Das echte Widget mit diesen Einstellungen; es fragt den Homeserver so, wie die Browser Ihrer Besucher es tun werden.",
    preview_without_live: "Ohne Live-Zahlen vom Homeserver (aus, oder aus dem Snapshot der Website) sehen Besucher die Zahlen aus der Snapshot-Datei Ihrer Website, die diese Seite nicht hat: hier zeigen die Räume keine Zahlen.",
    no_rooms: "Noch keine Räume: Fügen Sie Ihre Liste ein oder einen Alias hinzu.",
    verdicts_heading: "Was Ihre Besucher sehen werden",
    verdicts_summary: "{public} von {total} Räumen zeigen Besuchern eine Live-Zahl.",
    checking: "Wird geprüft …",
    public: "Öffentlich: jetzt {n} Mitglieder.",
    refused: "Anonymen Besuchern verweigert (eingeschränkt, nur auf Einladung oder privat): sie sehen keine Zahl. Ein Snapshot, beim Bauen der Website mit dem Token eines Mitglieds erstellt, kann ihn zeigen.",
    snapshot_link: "Wie man einen Snapshot erstellt",
    unknown_alias: "Unbekannter Alias: kein Raum hat diese Adresse. Prüfen Sie die Schreibweise.",
    unreachable: "Server nicht erreichbar, oder er lässt andere Websites nicht fragen (kein CORS). Prüfen Sie die Adresse des Homeservers.",
    rate_limited: "Der Server bittet um Geduld; das Widget wartet. Versuchen Sie es in einer Minute noch einmal.",
    failed: "Die Antwort des Servers war keine Raumbeschreibung (eine Fehlerseite?).",
    skipped_heading: "Nicht verwendet",
    problems_heading: "So nicht übernommen (in den Snippets weggelassen)",
    outputs_heading: "In Ihre Website kopieren",
    jekyll_label: "Jekyll, mit dem Include (_includes/matrix-channels.html)",
    kramdown_label: "Jekyll ohne Include: ein kramdown-div und das Script-Tag",
    html_label: "Jede Seite: die Liste in HTML",
    script_tag_label: "Jede Seite: das Script-Tag, einmal pro Seite",
    csp_label: "Content Security Policy, falls Ihre Website eine sendet",
    copy: "Kopieren",
    copied: "Kopiert.",
    copy_failed: "Der Browser hat das Kopieren nicht erlaubt: der Text ist markiert, drücken Sie Strg+C.",
};

/// Every language of the page.
pub static ALL: [&Texts; 2] = [&ENGLISH, &GERMAN];

/// The texts for a language tag (`de`, `de-AT`), English when there is none.
pub fn texts_for<'a>(tags: impl IntoIterator<Item = &'a str>) -> &'static Texts {
    tags.into_iter()
        .find_map(|tag| {
            let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
            ALL.iter().copied().find(|t| t.code == primary)
        })
        .unwrap_or(&ENGLISH)
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choose_and_fill() {
        assert_eq!(texts_for(["fr", "de-AT"]).code, "de");
        assert_eq!(texts_for(["fr"]).code, "en");
        assert_eq!(
            fill(ENGLISH.verdicts_summary, &[("public", "5"), ("total", "6")]),
            "5 of 6 rooms show a live count to visitors."
        );
    }

    #[test]
    fn every_language_fills_the_same_placeholders() {
        for t in ALL {
            assert!(t.public.contains("{n}"));
            assert!(
                t.verdicts_summary.contains("{public}") && t.verdicts_summary.contains("{total}")
            );
        }
    }
}
