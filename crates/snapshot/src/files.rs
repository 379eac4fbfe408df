//! Files the tool writes: each atomically, so a failed run leaves the old
//! snapshot as it was; and the relative paths the snapshot refers to them
//! by.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::SnapshotError;

/// How many temporary names are tried before giving up: one is taken only
/// when a run was killed or someone put a file there.
const TEMPORARY_NAMES: u32 = 16;

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees half a file and a failed run leaves the
/// old one. The temporary file is always a new one (`create_new`): whatever
/// is already at its path — a file, or a symbolic link to one of the
/// user's files — is neither followed nor truncated, and another name is
/// tried.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SnapshotError> {
    let fail = |e| SnapshotError::File(path.to_owned(), e);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(fail)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temporary, mut file) = create_temporary(&dir, &file_name).map_err(fail)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, path)
    })();
    if let Err(e) = written {
        // Ours: create_new made it.
        let _ = fs::remove_file(&temporary);
        return Err(fail(e));
    }
    Ok(())
}

/// A new file next to the target, under the first free temporary name.
fn create_temporary(dir: &Path, file_name: &str) -> std::io::Result<(PathBuf, fs::File)> {
    let mut last_error = None;
    for attempt in 0..TEMPORARY_NAMES {
        let suffix = match attempt {
            0 => String::new(),
            n => format!(".{n}"),
        };
        let temporary = dir.join(format!(".{file_name}.{}{suffix}.tmp", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::ErrorKind::AlreadyExists.into()))
}

/// `target` relative to the folder `base`, with `/` between parts, as the
/// snapshot references avatars. Both are made absolute first.
pub fn relative_path(base: &Path, target: &Path) -> Option<String> {
    let absolute = |p: &Path| -> Option<Vec<String>> {
        let p = if p.is_absolute() {
            p.to_owned()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        let mut parts: Vec<String> = Vec::new();
        for component in p.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_str()?.to_owned()),
                Component::ParentDir => {
                    parts.pop();
                }
                _ => {}
            }
        }
        Some(parts)
    };
    let (base, target) = (absolute(base)?, absolute(target)?);
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; base.len() - common];
    parts.extend(target.iter().skip(common).map(String::as_str));
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avatars_are_referenced_relative_to_the_snapshot() {
        assert_eq!(
            relative_path(
                Path::new("/site/_data"),
                Path::new("/site/_data/avatars/a.png")
            ),
            Some("avatars/a.png".into())
        );
        assert_eq!(
            relative_path(
                Path::new("/site/_data"),
                Path::new("/site/assets/matrix/a.png")
            ),
            Some("../assets/matrix/a.png".into())
        );
    }

    #[test]
    fn an_atomic_write_replaces_the_whole_file() {
        let dir = std::env::temp_dir().join(format!("matrix-channels-cli-{}", std::process::id()));
        let path = dir.join("nested/snapshot.json");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_temporary_path_is_not_followed() {
        // Someone who may write to the avatars folder (a shared runner, a
        // checked-in link) plants a link where the temporary file goes,
        // pointing at a file of the user's: writing through it would
        // truncate and overwrite that file.
        let dir =
            std::env::temp_dir().join(format!("matrix-channels-symlink-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let path = dir.join("avatar.png");
        let temporary = dir.join(format!(".avatar.png.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &temporary).unwrap();
        let written = write_atomically(&path, b"from the server");
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert!(fs::symlink_metadata(&temporary).unwrap().is_symlink());
        if written.is_ok() {
            assert!(!fs::symlink_metadata(&path).unwrap().is_symlink());
            assert_eq!(fs::read(&path).unwrap(), b"from the server");
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
