//! Homeserver discovery: from a server name to the client API's base URL.
//!
//! See <https://spec.matrix.org/v1.15/client-server-api/#well-known-uris>.

use crate::json::Json;

/// Where to ask for `server_name`'s discovery document.
pub fn well_known_url(server_name: &str) -> String {
    format!("https://{server_name}/.well-known/matrix/client")
}

/// The base URL to use when discovery fails: the server name itself.
pub fn fallback_base_url(server_name: &str) -> String {
    format!("https://{server_name}")
}

/// Reads `m.homeserver.base_url` from a discovery document; `None` when the
/// document is unusable, in which case the fallback applies.
pub fn parse_client_well_known<J: Json>(body: &str) -> Option<String> {
    let document = J::parse(body)?;
    let base_url = document
        .field("m.homeserver")?
        .field("base_url")?
        .to_text()?;
    normalize_base_url(&base_url)
}

/// Checks that `url` is an http(s) URL with a host and strips the trailing
/// slash, so paths can be appended. Anything else — `javascript:`, a relative
/// path, white space inside — is refused.
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || url.contains(['?', '#'])
    {
        return None;
    }
    Some(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_matrix_orgs_document() {
        let body = r#"{"m.homeserver":{"base_url":"https://matrix-client.matrix.org"},
                      "m.identity_server":{"base_url":"https://vector.im"},"org.matrix.msc3575.proxy":{}}"#;
        assert_eq!(
            parse_client_well_known::<serde_json::Value>(body).as_deref(),
            Some("https://matrix-client.matrix.org")
        );
        assert_eq!(
            well_known_url("matrix.org"),
            "https://matrix.org/.well-known/matrix/client"
        );
    }

    #[test]
    fn unusable_documents_give_none() {
        for body in [
            "",
            "{}",
            "<html/>",
            r#"{"m.homeserver":{}}"#,
            r#"{"m.homeserver":{"base_url":"javascript:alert(1)"}}"#,
            r#"{"m.homeserver":{"base_url":"/relative"}}"#,
            r#"{"m.homeserver":{"base_url":"https://"}}"#,
        ] {
            assert_eq!(
                parse_client_well_known::<serde_json::Value>(body),
                None,
                "{body}"
            );
        }
    }

    #[test]
    fn base_urls_lose_their_trailing_slash() {
        assert_eq!(
            normalize_base_url(" http://127.0.0.1:8008/ ").as_deref(),
            Some("http://127.0.0.1:8008")
        );
        assert_eq!(
            normalize_base_url("https://example.org/matrix/").as_deref(),
            Some("https://example.org/matrix")
        );
        assert_eq!(normalize_base_url("https://exa mple.org"), None);
        assert_eq!(normalize_base_url("https://example.org/?x"), None);
        assert_eq!(fallback_base_url("example.org"), "https://example.org");
    }
}
