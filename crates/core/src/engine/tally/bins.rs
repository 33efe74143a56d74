//! The log-scale bins exposures and staleness are counted in: 1% wide from one
//! second up, so a percentile comes out within half a percent from a fixed,
//! small table. Every renewal bins a token, so a bin is found from the float's
//! exponent and a table of edges, with no logarithm.

use crate::units::index_in;

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

/// Bins an octave spans: 1 / log2(1.01).
const PER_OCTAVE: f64 = 69.66071689357483;

/// The bin of `seconds`: 0 below one second, `BINS` at or past the last edge.
#[inline]
pub(in crate::engine) fn bin_of(seconds: f64) -> usize {
    // NaN: no time at all.
    if seconds.is_nan() || seconds < 1.0 {
        return 0;
    }
    if seconds >= EDGES[BINS] {
        return BINS;
    }
    let bits = seconds.to_bits();
    let octave = (bits >> 52) as f64 - 1023.0;
    // log2 of the mantissa within 0.0077 (half a bin): (x)(a + (1 - a)x).
    let x = f64::from_bits(bits & ((1 << 52) - 1) | 1.0f64.to_bits()) - 1.0;
    let log2 = octave + x * (1.3466 - 0.3466 * x);
    let k = index_in(log2 * PER_OCTAVE, BINS - 1) + 1;
    // Half a bin off at most: one step either way, without a branch to mispredict.
    let k = k + usize::from(seconds >= EDGES[k]);
    let k = k - usize::from(seconds < EDGES[k - 1]);
    debug_assert!(EDGES[k - 1] <= seconds && (k == BINS || seconds < EDGES[k]));
    k
}

/// The middle of bin `b`, the length its counts stand for.
pub(in crate::engine) fn mid(b: usize) -> f64 {
    match b {
        0 => 0.5,
        _ => BIN_GROWTH.powf(b as f64 - 0.5),
    }
}

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
}
