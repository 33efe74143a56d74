//! Numbers as a reader wants them next to their interval.

/// Rounds mean and half-width to the half-width's second significant digit.
pub fn rounded(mean: f64, half_width: f64) -> (String, String) {
    let decimals = if half_width > 0.0 && half_width.is_finite() {
        (1 - half_width.log10().floor() as i32).clamp(0, 8) as usize
    } else if mean.fract() == 0.0 {
        0
    } else {
        4
    };
    (
        format!("{mean:.decimals$}"),
        format!("{half_width:.decimals$}"),
    )
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
    }
}
