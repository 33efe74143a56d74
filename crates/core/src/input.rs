//! Reading a file a user points authsim at: only a regular file (never a device,
//! a pipe or a folder) and only up to a size, so no input can hang a command or
//! exhaust memory.

use crate::error::Error;
use std::io::Read;
use std::path::Path;

/// The file's bytes; `refuse` turns why it is not read into the caller's error.
pub fn read_regular(
    path: &Path,
    limit: u64,
    refuse: impl Fn(String) -> Error,
) -> Result<Vec<u8>, Error> {
    let failed = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(failed)?;
    if !metadata.is_file() {
        return Err(refuse("not a regular file".to_string()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(failed)?;
    if bytes.len() as u64 > limit {
        return Err(refuse(format!("larger than {} MiB", limit >> 20)));
    }
    Ok(bytes)
}

/// Whether `x` is a number a run writes: finite, and far from the edge of what
/// a float holds, so charts can add and scale it.
pub fn plausible(x: f64) -> bool {
    x.is_finite() && x.abs() < 1e100
}
