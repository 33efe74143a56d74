//! The log-scale bins exposures and staleness are counted in: 1% wide from one
//! second up, so a percentile comes out within half a percent from a fixed,
//! small table. Every renewal bins a token, so a bin is found from the float's
//! top bits and a table, with no logarithm.

use std::sync::LazyLock;

/// Each bin's upper edge over its lower one.
const BIN_GROWTH: f64 = 1.01;
/// Bins a histogram keeps: up to about 690 days; longer goes in the last.
pub(in crate::engine) const BINS: usize = 1800;

/// `EDGES[k]` = 1.01^k: bin k ≥ 1 holds [EDGES[k-1], EDGES[k]).
static EDGES: [f64; BINS + 1] = edges();

const fn edges() -> [f64; BINS + 1] {
    let mut edges = [1.0; BINS + 1];
    let mut k = 1;
    while k <= BINS {
        edges[k] = edges[k - 1] * BIN_GROWTH;
        k += 1;
    }
    edges
}

/// Mantissa bits that name a slice of an octave: a slice (1/256 of the
/// octave, under 0.4%) is narrower than a bin, so at most one edge falls in it.
const SLICE_BITS: u32 = 8;
/// Octaves from one second to past the last edge (1.01^1800 < 2^26).
const OCTAVES: usize = 26;
/// The top bits of 1.0: slice 0.
const ONE: u64 = 1.0f64.to_bits() >> (52 - SLICE_BITS);
const SLICES: usize = OCTAVES << SLICE_BITS;

/// `FIRST[j]`: the bin of slice j's lowest number; the slice's others are in
/// it or the next.
static FIRST: [u16; SLICES] = first();

const fn first() -> [u16; SLICES] {
    assert!(EDGES[BINS] < (1u64 << OCTAVES) as f64 && BINS < u16::MAX as usize);
    let mut first = [0; SLICES];
    let (mut j, mut k) = (0, 1);
    while j < SLICES {
        let low = f64::from_bits((ONE + j as u64) << (52 - SLICE_BITS));
        while k < BINS && EDGES[k] <= low {
            k += 1;
        }
        first[j] = k as u16;
        j += 1;
    }
    first
}

/// The bin of `seconds`: 0 below one second (and NaN: no time at all), `BINS`
/// at or past the last edge.
#[inline]
pub(in crate::engine) fn bin_of(seconds: f64) -> usize {
    if seconds.is_nan() || seconds < 1.0 {
        return 0;
    }
    if seconds >= EDGES[BINS] {
        return BINS;
    }
    let k = FIRST[((seconds.to_bits() >> (52 - SLICE_BITS)) - ONE) as usize] as usize;
    k + usize::from(seconds >= EDGES[k])
}

/// The middle of bin `b`, the length its counts stand for: from a table, as
/// every replication's percentiles read every bin's.
#[inline]
pub(in crate::engine) fn mid(b: usize) -> f64 {
    MIDS[b]
}

static MIDS: LazyLock<[f64; BINS + 1]> = LazyLock::new(|| {
    std::array::from_fn(|b| match b {
        0 => 0.5,
        _ => BIN_GROWTH.powf(b as f64 - 0.5),
    })
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The bins the logarithm gives, away from their edges (where rounding
    /// may go either way), and exactly at every edge.
    #[test]
    fn bins_are_the_logarithms() {
        let mut s: f64 = 0.25;
        while s < 1e8 {
            let exact = match s < 1.0 {
                true => 0,
                false => (1 + (s.ln() / BIN_GROWTH.ln()) as usize).min(BINS),
            };
            let fraction = (s.ln() / BIN_GROWTH.ln()).fract();
            if s < 1.0 || (1e-6..1.0 - 1e-6).contains(&fraction) {
                assert_eq!(bin_of(s), exact, "{s}");
            }
            s *= 1.000_37;
        }
        for k in 0..BINS {
            assert_eq!(bin_of(EDGES[k]), k + 1, "edge {k}");
            assert_eq!(
                bin_of(EDGES[k + 1] * (1.0 - 1e-15)),
                k + 1,
                "below edge {}",
                k + 1
            );
        }
        assert_eq!(bin_of(f64::NAN), 0);
        assert_eq!(bin_of(f64::INFINITY), BINS);
        assert!((EDGES[BINS] / BIN_GROWTH.powi(BINS as i32) - 1.0).abs() < 1e-12);
    }

    /// The table's bins are the edges' own, searched, where a slice starts and
    /// one number either side of every edge: the places a slice could misplace.
    #[test]
    fn the_slice_table_gives_the_edges_bins() {
        let searched = |s: f64| match s >= 1.0 {
            true => EDGES.partition_point(|&e| e <= s).min(BINS),
            false => 0,
        };
        let step = |x: f64, by: i64| f64::from_bits((x.to_bits() as i64 + by) as u64);
        let starts = (0..SLICES as u64).map(|j| f64::from_bits((ONE + j) << (52 - SLICE_BITS)));
        for x in starts.chain(EDGES.iter().copied()) {
            for s in [step(x, -1), x, step(x, 1)] {
                assert_eq!(bin_of(s), searched(s), "{s:e}");
            }
        }
    }
}
