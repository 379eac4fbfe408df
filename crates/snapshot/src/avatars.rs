//! Room avatars: thumbnails fetched with the bot's token (media needs an
//! account since Matrix 1.11) and saved as files of the site, which
//! visitors' browsers can then load without asking the homeserver.

use std::path::Path;

use matrix_channels_core::matrix::hierarchy::HierarchyRoom;
use matrix_channels_core::matrix::media::{
    check_avatar, AvatarRefusal, ImageFormat, MediaId, MAX_AVATAR_PIXELS,
};

use crate::args::Options;
use crate::files::{relative_path, write_atomically};
use crate::homeserver::Homeserver;
use crate::output::quote;
use crate::run::Report;

/// Saves the room's avatar as a thumbnail; its path relative to the
/// snapshot, or `None` (with a warning) when there is none to save.
pub fn save_avatar(
    homeserver: &Homeserver,
    options: &Options,
    room: &HierarchyRoom,
    report: &mut Report,
) -> Option<String> {
    let dir = options.avatars.as_ref()?;
    let uri = room.avatar_url.as_deref().filter(|u| !u.is_empty())?;
    // Server text, quoted into warnings: cleaned for the log.
    let name = quote(room.name.as_deref().unwrap_or(&room.room_id));
    let Some(media) = MediaId::parse(uri) else {
        report.warnings.push(format!(
            "{name}: the avatar \"{}\" is not an mxc:// URI",
            quote(uri)
        ));
        return None;
    };
    let thumbnail = match homeserver.thumbnail(&media) {
        Ok(thumbnail) => thumbnail,
        Err(e) => {
            report.warnings.push(format!(
                "{name}: the avatar could not be fetched: the homeserver {e}"
            ));
            return None;
        }
    };
    let format = match check_avatar(thumbnail.content_type.as_deref(), &thumbnail.bytes) {
        Ok(format) => format,
        Err(refusal) => {
            report
                .warnings
                .push(format!("{name}: the avatar {}; left out", refused(refusal)));
            return None;
        }
    };
    let Some(stem) = media.file_stem() else {
        report.warnings.push(format!(
            "{name}: the avatar's media ID is too long for a file name; left out"
        ));
        return None;
    };
    let file = dir.join(format!("{stem}.{}", format.extension()));
    if let Err(e) = write_atomically(&file, &thumbnail.bytes) {
        report.warnings.push(format!("{name}: {e}"));
        return None;
    }
    report.avatars += 1;
    let base = options.out.parent().unwrap_or(Path::new(""));
    relative_path(base, &file)
}

/// Why an avatar was not kept, in words.
fn refused(refusal: AvatarRefusal) -> String {
    let kind = |format: ImageFormat| format.content_type();
    match refusal {
        AvatarRefusal::NotAnImage => "is not a PNG, JPEG, WebP or GIF image".to_owned(),
        AvatarRefusal::TypeMismatch {
            declared: Some(declared),
            found,
        } => format!("was sent as {} but is {}", kind(declared), kind(found)),
        AvatarRefusal::TypeMismatch {
            declared: None,
            found,
        } => format!("is {} but was not sent as one", kind(found)),
        AvatarRefusal::Unreadable(format) => {
            format!("is {} whose size cannot be read", kind(format))
        }
        AvatarRefusal::TooLarge { width, height } => {
            format!("is {width}×{height} pixels, more than {MAX_AVATAR_PIXELS} a side")
        }
    }
}
