//! Numbers as a reader wants them next to their interval.

/// Rounds mean and half-width to the half-width's second significant digit; an
/// exact value as it is, and intervals finer than a millionth in powers of ten.
pub fn rounded(mean: f64, half_width: f64) -> (String, String) {
    if !(half_width > 0.0 && half_width.is_finite()) {
        let exact = format!("{mean:.6}");
        let exact = exact.trim_end_matches('0').trim_end_matches('.');
        return (exact.to_string(), "0".to_string());
    }
    let decimals = 1 - half_width.log10().floor() as i32;
    if decimals > 7 {
        let mean = if mean == 0.0 {
            "0".to_string()
        } else {
            format!("{mean:.4e}")
        };
        return (mean, format!("{half_width:.1e}"));
    }
    let decimals = decimals.max(0) as usize;
    (
        format!("{mean:.decimals$}"),
        format!("{half_width:.decimals$}"),
    )
}

/// A paired difference as a reader wants it: `+12 ± 3 (+20.8%)`, signed, rounded
/// to its interval, with the change relative to the baseline where there is one.
pub fn difference(difference: f64, half_width: f64, relative: Option<f64>) -> String {
    let (diff, ci) = rounded(difference, half_width);
    let sign = if difference > 0.0 { "+" } else { "" };
    let relative = relative.map_or(String::new(), |x| format!(" ({:+.1}%)", 100.0 * x));
    format!("{sign}{diff} ± {ci}{relative}")
}

#[cfg(test)]
mod tests {
    use super::rounded;

    #[test]
    fn rounds_to_the_interval() {
        assert_eq!(
            rounded(0.012345, 0.00123),
            ("0.0123".into(), "0.0012".into())
        );
        assert_eq!(rounded(123456.7, 2345.0), ("123457".into(), "2345".into()));
        assert_eq!(rounded(5.0, 0.0), ("5".into(), "0".into()));
        assert_eq!(
            super::difference(12.34, 3.2, Some(0.2081)),
            "+12.3 ± 3.2 (+20.8%)"
        );
        assert_eq!(super::difference(-0.5, 0.25, None), "-0.50 ± 0.25");
        assert_eq!(rounded(7.5, 0.0), ("7.5".into(), "0".into()));
        assert_eq!(rounded(0.0, 2.2e-7), ("0".into(), "2.2e-7".into()));
    }
}
