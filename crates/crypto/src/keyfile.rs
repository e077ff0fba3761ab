//! Reading and writing secret key files: owner-only permissions, atomic writes.
//!
//! Shared by the master keyring and the audit signing key. The rules:
//! - a key file whose mode grants any access to group or others is refused;
//! - new files are created with mode 0600 from the first byte on (never chmod
//!   after the fact, which would leave a window where the key is readable);
//! - writes go to a temporary file in the same directory, which is fsynced and
//!   then moved into place, so a crash leaves either the old or the new file,
//!   never a half-written key.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rand::RngCore;
use zeroize::Zeroizing;

use crate::CryptoError;

/// Permission bits that must be clear on a key file.
const GROUP_OTHER_BITS: u32 = 0o077;

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> CryptoError + '_ {
    move |source| CryptoError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a key file, or `Ok(None)` if it does not exist.
///
/// Permissions are checked on the opened handle, not the path, so the file that is
/// checked is the file that is read.
pub(crate) fn read_secret(path: &Path) -> Result<Option<Zeroizing<String>>, CryptoError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(path)(e)),
    };
    let meta = file.metadata().map_err(io_err(path))?;
    if !meta.is_file() {
        return Err(CryptoError::NotARegularFile {
            path: path.to_path_buf(),
        });
    }
    let mode = meta.permissions().mode() & 0o7777;
    if mode & GROUP_OTHER_BITS != 0 {
        return Err(CryptoError::InsecurePermissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    let mut text = Zeroizing::new(String::new());
    file.read_to_string(&mut text).map_err(io_err(path))?;
    Ok(Some(text))
}

/// Creates `path` with `contents` unless it already exists; returns whether it did.
///
/// The file is written under a temporary name and then hard-linked into place:
/// unlike `rename`, linking fails if `path` appeared meanwhile, so two processes
/// starting at once can never overwrite each other's freshly made key.
pub(crate) fn create_new(path: &Path, contents: &[u8]) -> Result<bool, CryptoError> {
    let tmp = write_temp(path, contents)?;
    let linked = fs::hard_link(&tmp, path);
    let removed = fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            removed.map_err(io_err(&tmp))?;
            sync_dir(path)?;
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// Atomically replaces `path` with `contents` (mode 0600).
pub(crate) fn replace(path: &Path, contents: &[u8]) -> Result<(), CryptoError> {
    let tmp = write_temp(path, contents)?;
    if let Err(e) = fs::rename(&tmp, path) {
        // Best effort: the temporary file holds key material, do not leave it behind.
        let _ = fs::remove_file(&tmp);
        return Err(io_err(path)(e));
    }
    sync_dir(path)
}

/// Writes `contents` to a new, fsynced, mode-0600 file next to `path` and returns its name.
fn write_temp(path: &Path, contents: &[u8]) -> Result<PathBuf, CryptoError> {
    let name = path
        .file_name()
        .ok_or_else(|| CryptoError::Io {
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "not a file path"),
        })?
        .to_string_lossy();
    let mut suffix = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", hex::encode(suffix)));

    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(io_err(&tmp))?;
    let written = file
        .write_all(contents)
        .and_then(|()| file.sync_all())
        .map_err(io_err(&tmp));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// Fsyncs the directory holding `path`, so the new directory entry survives a crash.
fn sync_dir(path: &Path) -> Result<(), CryptoError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}
