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

    /// A file name for it, without extension: only `[a-z0-9_-]`, never
    /// starting with `.` or `-`, and a different name for every ID, even
    /// where case does not count (macOS and Windows file systems): capitals
    /// and the characters a file name should not hold are escaped with `_`,
    /// and `-` separates the two parts, which it never occurs within.
    /// `None` when the name would be longer than [`MAX_STEM_BYTES`]; a
    /// shortened one could be shared.
    pub fn file_stem(&self) -> Option<String> {
        let stem = format!(
            "{}-{}",
            escape_for_file_name(&self.server_name),
            escape_for_file_name(&self.media_id)
        );
        (stem.len() <= MAX_STEM_BYTES).then_some(stem)
    }
}

/// The longest file name stem, in bytes: with an extension it stays below
/// the 255 bytes most file systems allow in a name.
pub const MAX_STEM_BYTES: usize = 200;

/// Each character of an ID part as a code word: `a-z` and `0-9` as they
/// are, anything else as `_` and one more character. No code word is the
/// start of another, so different IDs give different names; none holds a
/// capital or `-`.
fn escape_for_file_name(part: &str) -> String {
    let mut out = String::with_capacity(part.len() * 2);
    for c in part.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => {
                out.push('_');
                out.push(c.to_ascii_lowercase());
            }
            _ => {
                out.push('_');
                out.push(match c {
                    '_' => '_',
                    '.' => '0',
                    ':' => '1',
                    '[' => '2',
                    ']' => '3',
                    '-' => '4',
                    // MediaId::parse lets nothing else through; should it
                    // one day, the name stays distinct and plain.
                    _ => '5',
                });
            }
        }
    }
    out
}

/// The largest width and height of an avatar kept, in pixels. A thumbnail
/// is asked for at 64; an image that decodes to more than this is not one,
/// and a small file can decode to hundreds of megabytes in every visitor's
/// browser.
pub const MAX_AVATAR_PIXELS: u32 = 1024;

/// The image formats the list may show: no SVG, which can carry script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG (and APNG).
    Png,
    /// JPEG.
    Jpeg,
    /// WebP, lossy, lossless or extended.
    WebP,
    /// GIF.
    Gif,
}

impl ImageFormat {
    /// The format a `Content-Type` names; `None` for anything else.
    pub fn from_content_type(content_type: &str) -> Option<ImageFormat> {
        let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "image/png" => Some(ImageFormat::Png),
            "image/jpeg" => Some(ImageFormat::Jpeg),
            "image/webp" => Some(ImageFormat::WebP),
            "image/gif" => Some(ImageFormat::Gif),
            _ => None,
        }
    }

    /// Its `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::WebP => "image/webp",
            ImageFormat::Gif => "image/gif",
        }
    }

    /// Its file extension, by which a static site serves its type.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::WebP => "webp",
            ImageFormat::Gif => "gif",
        }
    }

    /// The format the file's first bytes (its signature) say it is.
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(ImageFormat::WebP)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else {
            None
        }
    }
}

/// An image's format and the size it decodes to, read from its header
/// alone: no pixel is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageHeader {
    /// The format, by signature.
    pub format: ImageFormat,
    /// The width in pixels.
    pub width: u32,
    /// The height in pixels.
    pub height: u32,
}

impl ImageHeader {
    /// The header of a PNG, JPEG, WebP or GIF file; `None` when the bytes
    /// are none of them or end before the size is known.
    pub fn read(bytes: &[u8]) -> Option<ImageHeader> {
        let format = ImageFormat::sniff(bytes)?;
        let (width, height) = match format {
            ImageFormat::Png => png_size(bytes),
            ImageFormat::Jpeg => jpeg_size(bytes),
            ImageFormat::WebP => webp_size(bytes),
            ImageFormat::Gif => gif_size(bytes),
        }?;
        Some(ImageHeader {
            format,
            width,
            height,
        })
    }
}

/// Why an avatar the server sent is not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AvatarRefusal {
    /// Its bytes are not a PNG, JPEG, WebP or GIF image.
    NotAnImage,
    /// Its `Content-Type` names another format than its bytes are (or none
    /// of the four): a static site serves it by its extension, so the two
    /// must agree.
    TypeMismatch {
        /// The format the `Content-Type` names, if one of the four.
        declared: Option<ImageFormat>,
        /// The format its bytes are.
        found: ImageFormat,
    },
    /// Its header ends, or is broken, before it gives a size, or gives 0.
    Unreadable(ImageFormat),
    /// It decodes to more than [`MAX_AVATAR_PIXELS`] a side.
    TooLarge {
        /// The width in pixels.
        width: u32,
        /// The height in pixels.
        height: u32,
    },
}

/// Whether a thumbnail the server sent may be kept: its bytes are one of
/// the four formats, its `Content-Type` says the same, and its header
/// gives a size of at most [`MAX_AVATAR_PIXELS`] a side. The format, for
/// the file's extension.
pub fn check_avatar(
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<ImageFormat, AvatarRefusal> {
    let found = ImageFormat::sniff(bytes).ok_or(AvatarRefusal::NotAnImage)?;
    let declared = content_type.and_then(ImageFormat::from_content_type);
    if declared != Some(found) {
        return Err(AvatarRefusal::TypeMismatch { declared, found });
    }
    let header = ImageHeader::read(bytes)
        .filter(|h| h.width > 0 && h.height > 0)
        .ok_or(AvatarRefusal::Unreadable(found))?;
    if header.width > MAX_AVATAR_PIXELS || header.height > MAX_AVATAR_PIXELS {
        return Err(AvatarRefusal::TooLarge {
            width: header.width,
            height: header.height,
        });
    }
    Ok(found)
}

/// `N` bytes at `at`, if the file has them.
fn bytes_at<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn u16_be(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at(bytes, at).map(|b| u32::from(u16::from_be_bytes(b)))
}

fn u16_le(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at(bytes, at).map(|b| u32::from(u16::from_le_bytes(b)))
}

fn u24_le(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at::<3>(bytes, at).map(|[a, b, c]| u32::from_le_bytes([a, b, c, 0]))
}

fn u32_be(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at(bytes, at).map(u32::from_be_bytes)
}

fn u32_le(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at(bytes, at).map(u32::from_le_bytes)
}

/// PNG: the first chunk must be IHDR (13 bytes), width and height first.
/// APNG frames must lie within it.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if u32_be(bytes, 8)? != 13 || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((u32_be(bytes, 16)?, u32_be(bytes, 20)?))
}

/// JPEG: the segments up to the frame header (SOF0–SOF15 but DHT, JPG and
/// DAC), which holds the height, then the width. A scan or the end before
/// it leaves the size unknown.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xff {
            return None;
        }
        // A marker may be preceded by any number of fill bytes.
        while *bytes.get(at)? == 0xff {
            at += 1;
        }
        let marker = *bytes.get(at)?;
        at += 1;
        match marker {
            // Markers without a segment.
            0x01 | 0xd0..=0xd8 => {}
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                // Length (2), precision (1), height (2), width (2).
                return Some((u16_be(bytes, at + 5)?, u16_be(bytes, at + 3)?));
            }
            0xd9 | 0xda => return None,
            _ => {
                let length = u16_be(bytes, at)? as usize;
                if length < 2 {
                    return None;
                }
                at += length;
            }
        }
    }
}

/// WebP: the first chunk after the RIFF header says which kind, and each
/// kind has its size in another place. An extended file's frames must lie
/// within its canvas.
fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    match bytes.get(12..16)? {
        b"VP8 " => {
            // A key frame: 3 bytes of frame tag, a start code, then 14
            // bits each of width and height (2 bits of scale above them).
            if bytes.get(23..26)? != [0x9d, 0x01, 0x2a] {
                return None;
            }
            Some((u16_le(bytes, 26)? & 0x3fff, u16_le(bytes, 28)? & 0x3fff))
        }
        b"VP8L" => {
            if *bytes.get(20)? != 0x2f {
                return None;
            }
            let bits = u32_le(bytes, 21)?;
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8X" => Some((u24_le(bytes, 24)? + 1, u24_le(bytes, 27)? + 1)),
        _ => None,
    }
}

/// GIF: the logical screen, grown to hold every frame, as browsers grow it
/// for a frame that lies outside. Every block is walked up to the trailer;
/// a file cut short has frames of unknown size.
fn gif_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let (mut width, mut height) = (u16_le(bytes, 6)?, u16_le(bytes, 8)?);
    let colour_table = |flags: u8| {
        if flags & 0x80 == 0 {
            0
        } else {
            3 << ((flags & 7) + 1)
        }
    };
    let mut at = 13 + colour_table(*bytes.get(10)?);
    // Sub-blocks: a length byte and that many bytes, until a length of 0.
    let skip_sub_blocks = |mut at: usize| -> Option<usize> {
        loop {
            let length = usize::from(*bytes.get(at)?);
            at += 1 + length;
            if length == 0 {
                return Some(at);
            }
        }
    };
    loop {
        match *bytes.get(at)? {
            0x21 => at = skip_sub_blocks(at + 2)?,
            0x2c => {
                width = width.max(u16_le(bytes, at + 1)? + u16_le(bytes, at + 5)?);
                height = height.max(u16_le(bytes, at + 3)? + u16_le(bytes, at + 7)?);
                at += 10 + colour_table(*bytes.get(at + 9)?);
                // The LZW code size, then the image data.
                at = skip_sub_blocks(at + 1)?;
            }
            0x3b => return Some((width, height)),
            _ => return None,
        }
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
        assert_eq!(
            id.file_stem().as_deref(),
            Some("matrix_0org_18448-_ab_c__d_49")
        );
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
        let extension = |t| ImageFormat::from_content_type(t).map(ImageFormat::extension);
        assert_eq!(extension("image/png"), Some("png"));
        assert_eq!(extension("Image/JPEG; charset=binary"), Some("jpg"));
        assert_eq!(extension("image/svg+xml"), None);
        assert_eq!(extension("text/html"), None);
    }

    fn id(uri: &str) -> MediaId {
        MediaId::parse(uri).unwrap()
    }

    #[test]
    fn file_names_are_injective_even_where_case_does_not_count() {
        // Once both of these became matrix_example_org-ID: one room's
        // avatar overwrote another's.
        for (a, b) in [
            ("mxc://matrix-example.org/ID", "mxc://matrix.example.org/ID"),
            ("mxc://a.b/c", "mxc://a-b/c"),
            ("mxc://a:1/c", "mxc://a.1/c"),
            ("mxc://a/b-c", "mxc://a-b/c"),
            ("mxc://a/b_c", "mxc://a/b-c"),
            ("mxc://x/AbC", "mxc://x/abc"),
        ] {
            let (a, b) = (id(a).file_stem(), id(b).file_stem());
            assert!(a.is_some());
            assert_ne!(
                a.as_deref().map(str::to_lowercase),
                b.as_deref().map(str::to_lowercase)
            );
        }
        // Every pair of short IDs over the characters that matter.
        let words = |alphabet: &[char]| -> Vec<String> {
            let mut all: Vec<String> = alphabet.iter().map(char::to_string).collect();
            for _ in 0..2 {
                let longer: Vec<String> = all
                    .iter()
                    .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                    .collect();
                all.extend(longer);
            }
            all.sort();
            all.dedup();
            all
        };
        let servers = words(&['a', 'A', '1', '.', '-', ':']);
        let media = words(&['a', 'A', '1', '_', '-']);
        let mut stems = std::collections::HashSet::new();
        let mut count = 0;
        for server in &servers {
            for media_id in &media {
                let Some(uri) = MediaId::parse(&format!("mxc://{server}/{media_id}")) else {
                    continue;
                };
                let stem = uri.file_stem().unwrap();
                assert!(
                    stem.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
                    "{stem}"
                );
                assert!(!stem.starts_with(['-', '.']), "{stem}");
                stems.insert(stem.to_lowercase());
                count += 1;
            }
        }
        assert!(count > 10_000);
        assert_eq!(stems.len(), count, "two IDs share a file name");
    }

    #[test]
    fn a_file_name_stays_within_what_file_systems_allow() {
        let long = format!("mxc://{}/{}", "a".repeat(255), "B".repeat(255));
        assert_eq!(id(&long).file_stem(), None);
        let stem = id("mxc://matrix.org/AbCdEfGhIjKlMnOpQrStUvWx")
            .file_stem()
            .unwrap();
        assert!(stem.len() <= MAX_STEM_BYTES);
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
        bytes.extend(b"IHDR");
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    /// A baseline JPEG's markers, with an APP0 and a quantisation table
    /// before the frame header as real files have, and fill bytes.
    fn jpeg(sof: u8, width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xff, 0xd8, 0xff, 0xe0, 0, 16];
        bytes.extend(b"JFIF\0");
        bytes.extend([1, 1, 0, 0, 1, 0, 1, 0, 0]);
        bytes.extend([0xff, 0xdb, 0, 67, 0]);
        bytes.extend([1; 64]);
        bytes.extend([0xff, 0xff, sof, 0, 17, 8]);
        bytes.extend(height.to_be_bytes());
        bytes.extend(width.to_be_bytes());
        bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        bytes.extend([
            0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0, 0xff, 0xd9,
        ]);
        bytes
    }

    fn webp(chunk: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut bytes = b"RIFF".to_vec();
        bytes.extend((payload.len() as u32 + 12).to_le_bytes());
        bytes.extend(b"WEBP");
        bytes.extend(chunk);
        bytes.extend((payload.len() as u32).to_le_bytes());
        bytes.extend(payload);
        bytes
    }

    fn webp_lossy(width: u16, height: u16) -> Vec<u8> {
        let mut payload = vec![0x50, 0x04, 0x00, 0x9d, 0x01, 0x2a];
        payload.extend(width.to_le_bytes());
        payload.extend(height.to_le_bytes());
        payload.extend([0; 8]);
        webp(b"VP8 ", &payload)
    }

    fn webp_lossless(width: u32, height: u32) -> Vec<u8> {
        let bits = (width - 1) | ((height - 1) << 14);
        let mut payload = vec![0x2f];
        payload.extend(bits.to_le_bytes());
        webp(b"VP8L", &payload)
    }

    fn webp_extended(width: u32, height: u32) -> Vec<u8> {
        let mut payload = vec![0x10, 0, 0, 0];
        payload.extend(&(width - 1).to_le_bytes()[..3]);
        payload.extend(&(height - 1).to_le_bytes()[..3]);
        webp(b"VP8X", &payload)
    }

    /// A GIF with a global colour table, a graphic control extension and
    /// one frame of `frame` pixels at `at` on a `screen`-sized screen.
    fn gif(screen: (u16, u16), at: (u16, u16), frame: (u16, u16)) -> Vec<u8> {
        let mut bytes = b"GIF89a".to_vec();
        bytes.extend(screen.0.to_le_bytes());
        bytes.extend(screen.1.to_le_bytes());
        bytes.extend([0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
        bytes.extend([0x21, 0xf9, 4, 0, 0, 0, 0, 0]);
        bytes.push(0x2c);
        for n in [at.0, at.1, frame.0, frame.1] {
            bytes.extend(n.to_le_bytes());
        }
        bytes.extend([0, 2, 2, 0x4c, 0x01, 0, 0x3b]);
        bytes
    }

    #[test]
    fn reads_each_formats_size_from_its_header() {
        let size = |bytes: &[u8]| ImageHeader::read(bytes).map(|h| (h.format, h.width, h.height));
        use ImageFormat::{Gif, Jpeg, Png, WebP};
        assert_eq!(size(&png(64, 48)), Some((Png, 64, 48)));
        assert_eq!(size(&jpeg(0xc0, 64, 48)), Some((Jpeg, 64, 48)));
        assert_eq!(size(&jpeg(0xc2, 640, 480)), Some((Jpeg, 640, 480)));
        assert_eq!(size(&webp_lossy(64, 48)), Some((WebP, 64, 48)));
        assert_eq!(size(&webp_lossless(64, 48)), Some((WebP, 64, 48)));
        assert_eq!(size(&webp_extended(64, 48)), Some((WebP, 64, 48)));
        assert_eq!(size(&gif((64, 48), (0, 0), (64, 48))), Some((Gif, 64, 48)));
        // A frame outside the logical screen: browsers grow the screen.
        assert_eq!(size(&gif((1, 1), (10, 20), (64, 48))), Some((Gif, 74, 68)));
    }

    #[test]
    fn truncated_or_broken_headers_are_unreadable() {
        let whole_png = png(64, 64);
        let whole_jpeg = jpeg(0xc0, 64, 64);
        let whole_gif = gif((64, 64), (0, 0), (64, 64));
        for bytes in [
            &whole_png[..20],
            &whole_jpeg[..whole_jpeg.len() - 30],
            &whole_gif[..whole_gif.len() - 1],
            &webp_lossy(64, 64)[..27],
        ] {
            assert_eq!(ImageHeader::read(bytes), None);
            assert!(matches!(
                check_avatar(
                    Some(ImageFormat::sniff(bytes).unwrap().content_type()),
                    bytes
                ),
                Err(AvatarRefusal::Unreadable(_))
            ));
        }
        // A frame header after the scan: the JPEG has no size before it.
        assert_eq!(ImageHeader::read(&[0xff, 0xd8, 0xff, 0xda, 0, 2]), None);
        assert_eq!(ImageHeader::read(&png(0, 64)).map(|h| h.width), Some(0));
        assert_eq!(
            check_avatar(Some("image/png"), &png(0, 64)),
            Err(AvatarRefusal::Unreadable(ImageFormat::Png))
        );
    }

    #[test]
    fn avatars_larger_than_1024_pixels_a_side_are_refused() {
        assert_eq!(
            check_avatar(Some("image/png"), &png(1024, 1024)),
            Ok(ImageFormat::Png)
        );
        for (content_type, bytes) in [
            ("image/png", png(1025, 1)),
            ("image/png", png(1, 1025)),
            ("image/png", png(30_000, 30_000)),
            ("image/jpeg", jpeg(0xc0, 65_000, 64)),
            ("image/webp", webp_lossy(16_000, 16_000)),
            ("image/webp", webp_lossless(16_384, 1)),
            ("image/webp", webp_extended(1 << 24, 1 << 24)),
            ("image/gif", gif((65_535, 65_535), (0, 0), (1, 1))),
            ("image/gif", gif((1, 1), (0, 0), (4_000, 4_000))),
        ] {
            assert!(
                matches!(
                    check_avatar(Some(content_type), &bytes),
                    Err(AvatarRefusal::TooLarge { .. })
                ),
                "{content_type} {:?}",
                ImageHeader::read(&bytes)
            );
        }
    }

    #[test]
    fn the_bytes_decide_the_format_not_the_content_type() {
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
        assert_eq!(
            check_avatar(Some("image/png"), svg),
            Err(AvatarRefusal::NotAnImage)
        );
        assert_eq!(
            check_avatar(Some("image/gif"), b"<!doctype html><p>hi"),
            Err(AvatarRefusal::NotAnImage)
        );
        assert_eq!(
            check_avatar(Some("image/jpeg"), &png(64, 64)),
            Err(AvatarRefusal::TypeMismatch {
                declared: Some(ImageFormat::Jpeg),
                found: ImageFormat::Png
            })
        );
        assert_eq!(
            check_avatar(Some("text/html"), &png(64, 64)),
            Err(AvatarRefusal::TypeMismatch {
                declared: None,
                found: ImageFormat::Png
            })
        );
        assert_eq!(
            check_avatar(None, &png(64, 64)),
            Err(AvatarRefusal::TypeMismatch {
                declared: None,
                found: ImageFormat::Png
            })
        );
        assert_eq!(
            check_avatar(Some("image/webp"), &webp_lossy(64, 64)),
            Ok(ImageFormat::WebP)
        );
        assert_eq!(
            check_avatar(Some("image/jpeg; charset=binary"), &jpeg(0xc0, 64, 64)),
            Ok(ImageFormat::Jpeg)
        );
    }
}
