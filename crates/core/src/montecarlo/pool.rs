//! The worker threads a run uses. Results do not depend on their number.

use crate::error::Error;

/// Worker threads above this are refused (or the core count, where that is
/// higher): thousands of OS threads only slow a run down and can exhaust the machine.
pub const MAX_THREADS: usize = 256;

/// A pool of `threads` workers, all cores when not given.
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = MAX_THREADS.max(cores);
    match threads {
        Some(0) => return Err(Error::Usage("--threads must be at least 1".to_string())),
        Some(n) if n > most => {
            return Err(Error::Usage(format!(
                "--threads {n}: at most {most} worker threads (this machine has {cores} cores); \
                 results do not depend on the number"
            )));
        }
        _ => {}
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Usage(format!(
                "cannot start {} worker threads: {e}",
                threads.unwrap_or(cores)
            ))
        })
}
