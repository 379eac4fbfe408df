//! Files the tool writes: each atomically, so a failed run leaves the old
//! snapshot as it was; and the relative paths the snapshot refers to them
//! by.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::SnapshotError;

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so a reader never sees half a file and a failed run leaves the
/// old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SnapshotError> {
    let fail = |e| SnapshotError::File(path.to_owned(), e);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(fail)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        file_name.unwrap_or_default(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temporary);
        return Err(fail(e));
    }
    Ok(())
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
}
