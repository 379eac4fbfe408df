//! Room avatars: `mxc://` URIs and the authenticated media API.
//!
//! Since Matrix 1.11 media is fetched with a token
//! (`GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}`), so a
//! visitor's browser cannot load an avatar; the snapshot tool, which has a
//! bot's token, saves small thumbnails next to its snapshot instead.
//! See <https://spec.matrix.org/v1.15/client-server-api/#get_matrixclientv1mediathumbnailservernamemediaid>.

/// The thumbnail size the tool asks for, in pixels: twice the 32 px the
/// list shows, for high-density screens.
pub const THUMBNAIL_PIXELS: u32 = 64;

/// A parsed `mxc://server/media-id` URI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaId {
    /// The server that holds the file.
    pub server_name: String,
    /// The file's ID on that server.
    pub media_id: String,
}

impl MediaId {
    /// Parses an `mxc://` URI. Both parts must be plain: the media ID from
    /// `[A-Za-z0-9_-]` as the spec demands, the server name a host (and
    /// port), so neither can reach outside its URL path segment or, as a
    /// file name, outside its folder.
    pub fn parse(uri: &str) -> Option<MediaId> {
        let rest = uri.strip_prefix("mxc://")?;
        let (server_name, media_id) = rest.split_once('/')?;
        let server_ok = !server_name.is_empty()
            && server_name.len() <= 255
            && server_name.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
            });
        let media_ok = !media_id.is_empty()
            && media_id.len() <= 255
            && media_id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
        (server_ok && media_ok).then(|| MediaId {
            server_name: server_name.to_owned(),
            media_id: media_id.to_owned(),
        })
    }

    /// The path of a small, cropped thumbnail of it.
    pub fn thumbnail_path(&self) -> String {
        format!(
            "/_matrix/client/v1/media/thumbnail/{}/{}?width={THUMBNAIL_PIXELS}&height={THUMBNAIL_PIXELS}&method=crop",
            self.server_name, self.media_id
        )
    }

    /// A file name for it, without extension: only `[A-Za-z0-9_-]`.
    pub fn file_stem(&self) -> String {
        let server: String = self
            .server_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        format!("{server}-{}", self.media_id)
    }
}

/// The file extension for an image type the list may show; `None` for
/// anything else — SVG above all, which can carry script.
pub fn image_extension(content_type: &str) -> Option<&'static str> {
    let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "image/png" => Some("png"),
        "image/jpeg" => Some("jpg"),
        "image/webp" => Some("webp"),
        "image/gif" => Some("gif"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_mxc_uris() {
        let id = MediaId::parse("mxc://matrix.org:8448/AbC_d-9").unwrap();
        assert_eq!(id.server_name, "matrix.org:8448");
        assert_eq!(id.media_id, "AbC_d-9");
        assert_eq!(id.file_stem(), "matrix_org_8448-AbC_d-9");
        assert_eq!(
            id.thumbnail_path(),
            "/_matrix/client/v1/media/thumbnail/matrix.org:8448/AbC_d-9?width=64&height=64&method=crop"
        );
    }

    #[test]
    fn refuses_anything_that_could_escape_a_path() {
        for uri in [
            "",
            "https://example.org/a",
            "mxc://",
            "mxc://server",
            "mxc://server/",
            "mxc:///id",
            "mxc://server/../../etc/passwd",
            "mxc://server/a/b",
            "mxc://ser/ver/id",
            "mxc://server/id?x=1",
            "mxc://server/id%2F",
            "mxc://se rver/id",
        ] {
            assert_eq!(MediaId::parse(uri), None, "{uri}");
        }
    }

    #[test]
    fn only_raster_images_are_kept() {
        assert_eq!(image_extension("image/png"), Some("png"));
        assert_eq!(image_extension("Image/JPEG; charset=binary"), Some("jpg"));
        assert_eq!(image_extension("image/svg+xml"), None);
        assert_eq!(image_extension("text/html"), None);
    }
}
