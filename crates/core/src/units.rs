//! Simulation time is `f64` seconds since the start, a Monday 00:00 UTC.

pub const MINUTE: f64 = 60.0;
pub const HOUR: f64 = 3600.0;
pub const DAY: f64 = 86_400.0;
pub const WEEK: f64 = 7.0 * DAY;
/// A year of 365 days: what a promised availability and an outage count per
/// year are counted in (99.99% of it leaves 52.56 minutes down).
pub const YEAR: f64 = 365.0 * DAY;

/// The earlier of two times, which are never NaN: one comparison, where
/// `f64::min` adds NaN's handling to every renewal.
#[inline(always)]
pub(crate) fn earlier(a: f64, b: f64) -> f64 {
    if a < b { a } else { b }
}

/// `x`'s whole part as an index held to `0..=last` (below zero and NaN: 0):
/// what `(x as i64).clamp(0, last as i64)` gives for any `last` up to 2^53
/// (the callers' are bucket, minute and bin counts, and 2^52). Held in floating
/// point first, the conversion is one instruction, where `as` adds its checks
/// for values past `i64`'s range; every use of an app finds its time bucket
/// this way.
#[inline(always)]
pub(crate) fn index_in(x: f64, last: usize) -> usize {
    // Exact up to 2^53; a larger `last` is held there, never past `i64`.
    let top = last.min(1 << 53) as f64;
    let x = if x > 0.0 { x } else { 0.0 };
    let x = if x < top { x } else { top };
    // SAFETY: `x` is finite and in [0, 2^53], which `i64` holds.
    unsafe { x.to_int_unchecked::<i64>() as usize }
}

/// Below 2^52 every `f64` converts to `u64` and back exactly.
pub(crate) const EXACT: f64 = (1u64 << 52) as f64;

/// `x.round() as u64` (halves away from zero, below zero 0), inline: every
/// renewal adds a token's staleness, and `round` and the conversion to `u128`
/// are library calls without SSE4.1.
#[inline(always)]
pub(crate) fn round_u64(x: f64) -> u64 {
    if x < EXACT {
        // Exact: `x` and its whole part share their exponent's range.
        // Through `i64`, which converts back in one instruction.
        let whole = index_in(x, EXACT as usize) as i64;
        return (whole + i64::from(x - whole as f64 >= 0.5)) as u64;
    }
    // NaN too.
    x.round() as u64
}

#[cfg(test)]
mod tests {
    use super::{EXACT, index_in, round_u64};

    /// The inline rounding gives what `round` gives, at the halves, next to
    /// them, below zero and past the exact range.
    #[test]
    fn round_u64_rounds_as_round_does() {
        let next = |x: f64| f64::from_bits(x.to_bits() + 1);
        let below = |x: f64| f64::from_bits(x.to_bits() - 1);
        let mut xs = vec![0.0, -0.0, -0.4, -0.5, -3.7, -1e30, EXACT, 1e30, f64::NAN];
        for k in [0.5, 1.5, 2.5, 1e6 + 0.5, EXACT / 2.0 + 0.5, EXACT - 0.5] {
            xs.extend([below(k), k, next(k)]);
        }
        xs.extend((0..10_000).map(|i| i as f64 * 0.173_205_080_756_887_72));
        for x in xs {
            assert_eq!(round_u64(x), x.round() as u64, "{x:e}");
        }
    }

    /// The index `as` and a clamp give, at and around whole numbers, past
    /// either end, at infinities and NaN, up to the staleness's 2^52 and 2^53.
    #[test]
    fn index_in_is_the_clamped_whole_part() {
        let below = |x: f64| f64::from_bits(x.to_bits() - 1);
        let mut xs = vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -0.0,
            -1e300,
            1e300,
        ];
        for k in 0..1000 {
            let k = k as f64 * 0.37;
            xs.extend([
                k,
                -k,
                below(k.max(f64::MIN_POSITIVE)),
                k.floor(),
                below(k.floor().max(1.0)),
            ]);
        }
        xs.extend([4.5e15, 9.007_199_254_740_991e15, 9.1e15]);
        for last in [0usize, 1, 95, 1799, 40_320, 1 << 52, 1 << 53] {
            for &x in &xs {
                let expected = (x as i64).clamp(0, last as i64) as usize;
                assert_eq!(index_in(x, last), expected, "{x:e} in 0..={last}");
            }
        }
        // Past 2^53 the index is held there: never past `i64`.
        assert_eq!(index_in(f64::INFINITY, usize::MAX), 1 << 53);
        assert_eq!(index_in(1e300, i64::MAX as usize), 1 << 53);
    }
}
