//! FNV-1a, 64 bits: a hash that is the same on every machine and in every
//! build, which the standard library's hasher does not promise. `build.rs`
//! includes this file too, so it uses nothing but `core`.

/// The hash of nothing.
pub const START: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` with `bytes` added after what it holds.
pub fn add(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
