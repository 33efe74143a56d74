//! Numbers as a reader wants them next to their interval.

use authsim_core::montecarlo::metrics::Metric;
use authsim_core::montecarlo::percentiles::Percentile;

/// How a value and its interval are written: to the interval's second
/// significant digit.
#[derive(Clone, Copy)]
enum Digits {
    /// An interval of no width: the value as it is.
    Exact,
    /// Intervals finer than a millionth, in powers of ten.
    Scientific,
    Decimals(usize),
}

impl Digits {
    fn of(half_width: f64) -> Self {
        if !(half_width > 0.0 && half_width.is_finite()) {
            return Digits::Exact;
        }
        match 1 - half_width.log10().floor() as i32 {
            decimals if decimals > 7 => Digits::Scientific,
            decimals => Digits::Decimals(decimals.max(0) as usize),
        }
    }

    fn value(self, x: f64) -> String {
        match self {
            Digits::Exact => {
                let exact = format!("{x:.6}");
                exact
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string()
            }
            Digits::Scientific if x == 0.0 => "0".to_string(),
            Digits::Scientific => format!("{x:.4e}"),
            Digits::Decimals(d) => format!("{x:.d$}"),
        }
    }

    fn side(self, x: f64) -> String {
        match self {
            Digits::Exact => "0".to_string(),
            Digits::Scientific => format!("{x:.1e}"),
            Digits::Decimals(d) => format!("{x:.d$}"),
        }
    }
}

/// Rounds mean and half-width to the half-width's second significant digit; an
/// exact value as it is, and intervals finer than a millionth in powers of ten.
fn rounded(mean: f64, half_width: f64) -> (String, String) {
    let digits = Digits::of(half_width);
    (digits.value(mean), digits.side(half_width))
}

/// How much longer one side of an interval must be than the other to be shown
/// apart: below it, the difference is mostly the noise of the sample's skewness.
const LOPSIDED: f64 = 1.5;

/// A value and its interval `low` to `high`: the value, then `± 3.2` (the longer
/// side, so the interval shown holds the real one) where neither side is
/// `LOPSIDED` times the other, else `+4.1/-2.5`; rounded to the side(s) shown.
/// Both sides are shown too where `±` would reach zero and the real interval
/// does not: whether a difference could be none is what a reader looks for.
pub fn interval(value: f64, low: f64, high: f64) -> (String, String) {
    let (below, above) = ((value - low).max(0.0), (high - value).max(0.0));
    let (shorter, longer) = (below.min(above), below.max(above));
    if longer <= LOPSIDED * shorter || shorter == 0.0 {
        let (shown, side) = rounded(value, longer);
        let reach = |s: &str| s.parse::<f64>().unwrap_or(0.0);
        let (shown_low, shown_high) = (reach(&shown) - reach(&side), reach(&shown) + reach(&side));
        let crosses = (low > 0.0 && shown_low <= 0.0) || (high < 0.0 && shown_high >= 0.0);
        if !crosses {
            return (shown, format!("± {side}"));
        }
    }
    let digits = Digits::of(if shorter > 0.0 { shorter } else { longer });
    let spread = format!("+{}/-{}", digits.side(above), digits.side(below));
    (digits.value(value), spread)
}

/// A paired difference as a reader wants it: `+12 ± 3 (+20.8%)`, signed, rounded
/// to its interval, with the change relative to the baseline where there is one.
pub fn difference(difference: f64, low: f64, high: f64, relative: Option<f64>) -> String {
    let (diff, spread) = interval(difference, low, high);
    let sign = if difference > 0.0 { "+" } else { "" };
    let relative = relative.map_or(String::new(), |x| format!(" ({:+.1}%)", 100.0 * x));
    format!("{sign}{diff} {spread}{relative}")
}

/// A metric's value and interval as `interval` writes them, a share in percent:
/// `12.3% ± 0.4%`; an exact share as it is, with at least one decimal
/// (`100.0% ± 0.0%`, `0.01% ± 0.0%`).
pub fn of_metric(metric: Metric, value: f64, low: f64, high: f64) -> (String, String) {
    if !metric.is_share() {
        return interval(value, low, high);
    }
    if low == high {
        let exact = Digits::Exact.value(100.0 * value);
        let exact = match exact.contains('.') {
            true => exact,
            false => format!("{exact}.0"),
        };
        return (format!("{exact}%"), "± 0.0%".to_string());
    }
    let (shown, spread) = interval(100.0 * value, 100.0 * low, 100.0 * high);
    let sides: Vec<String> = spread.split('/').map(|side| format!("{side}%")).collect();
    (format!("{shown}%"), sides.join("/"))
}

/// A percentile over replications and its interval as a reader wants them:
/// `5.1 [3.2, 9.0]`, a share in percent, rounded to the interval's second
/// significant digit; a side no order statistic bounds is `open`:
/// `12 [7.0, open)`.
pub fn percentile(metric: Metric, p: &Percentile) -> String {
    let (scale, unit) = match metric.is_share() {
        true => (100.0, "%"),
        false => (1.0, ""),
    };
    let bounds = [p.low, p.high].into_iter().flatten().map(|x| x * scale);
    let estimate = p.estimate * scale;
    let (lo, hi) = bounds.fold((estimate, estimate), |(lo, hi), x| (lo.min(x), hi.max(x)));
    // Both sides open: no spread to size the digits, so three significant ones
    // at most (trailing zeros dropped).
    let open = hi <= lo;
    let digits = Digits::of(match open {
        false => (hi - lo) / 2.0,
        true => estimate.abs() / 20.0,
    });
    let number = |x: f64| {
        let shown = digits.value(x);
        let shown = match open && shown.contains('.') && !shown.contains('e') {
            true => shown
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string(),
            false => shown,
        };
        format!("{shown}{unit}")
    };
    let low = p
        .low
        .map_or("(open".to_string(), |x| format!("[{}", number(x * scale)));
    let high = p
        .high
        .map_or("open)".to_string(), |x| format!("{}]", number(x * scale)));
    format!("{} {low}, {high}", number(estimate))
}

/// A metric's paired difference as `difference` writes it, a share's in
/// percentage points: `-3.1 ± 0.5 pp (-20.8%)`.
pub fn metric_difference(
    metric: Metric,
    change: f64,
    low: f64,
    high: f64,
    relative: Option<f64>,
) -> String {
    if !metric.is_share() {
        return difference(change, low, high, relative);
    }
    let shown = difference(100.0 * change, 100.0 * low, 100.0 * high, None);
    let relative = relative.map_or(String::new(), |x| format!(" ({:+.1}%)", 100.0 * x));
    format!("{shown} pp{relative}")
}

#[cfg(test)]
mod tests {
    use super::{interval, rounded};

    #[test]
    fn a_share_is_in_percent() {
        use super::{Metric, metric_difference, of_metric};
        let share = Metric::UsersLockedOut;
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(of_metric(share, 1.0, 1.0, 1.0), pair("100.0%", "± 0.0%"));
        assert_eq!(of_metric(share, 1e-4, 1e-4, 1e-4), pair("0.01%", "± 0.0%"));
        assert_eq!(
            of_metric(share, 0.1234, 0.1194, 0.1274),
            pair("12.34%", "± 0.40%")
        );
        assert_eq!(of_metric(Metric::Attempts, 1.0, 1.0, 1.0), pair("1", "± 0"));
        assert_eq!(
            metric_difference(share, -0.031, -0.036, -0.026, Some(-0.208)),
            "-3.10 ± 0.50 pp (-20.8%)"
        );
    }

    #[test]
    fn a_percentile_shows_its_interval_and_its_open_sides() {
        use super::{Metric, Percentile, percentile};
        let p = |estimate, low, high| Percentile {
            p: 0.9,
            estimate,
            low,
            high,
        };
        let count = Metric::Attempts;
        assert_eq!(
            percentile(count, &p(5.1, Some(3.2), Some(9.0))),
            "5.1 [3.2, 9.0]"
        );
        assert_eq!(
            percentile(count, &p(12.0, Some(7.0), None)),
            "12.0 [7.0, open)"
        );
        assert_eq!(percentile(count, &p(3.0, None, None)), "3 (open, open)");
        // Both open: three significant digits, not every one the float has.
        assert_eq!(
            percentile(count, &p(20.933797, None, None)),
            "20.9 (open, open)"
        );
        assert_eq!(
            percentile(Metric::UsersLockedOut, &p(0.05, Some(0.02), None)),
            "5.0% [2.0%, open)"
        );
        assert_eq!(percentile(count, &p(0.0, Some(0.0), Some(0.0))), "0 [0, 0]");
    }

    #[test]
    fn rounds_to_the_interval() {
        assert_eq!(
            rounded(0.012345, 0.00123),
            ("0.0123".into(), "0.0012".into())
        );
        assert_eq!(rounded(123456.7, 2345.0), ("123457".into(), "2345".into()));
        assert_eq!(rounded(5.0, 0.0), ("5".into(), "0".into()));
        assert_eq!(
            super::difference(12.34, 9.14, 15.54, Some(0.2081)),
            "+12.3 ± 3.2 (+20.8%)"
        );
        assert_eq!(super::difference(-0.5, -0.75, -0.25, None), "-0.50 ± 0.25");
        assert_eq!(rounded(7.5, 0.0), ("7.5".into(), "0".into()));
        assert_eq!(rounded(0.0, 2.2e-7), ("0".into(), "2.2e-7".into()));
    }

    #[test]
    fn a_lopsided_interval_shows_both_sides() {
        assert_eq!(
            interval(0.0034, 0.0012, 0.0081),
            ("0.0034".into(), "+0.0047/-0.0022".into())
        );
        assert_eq!(
            interval(502.0, 310.0, 900.0),
            ("502".into(), "+398/-192".into())
        );
        // Sides less lopsided read as the longer one.
        assert_eq!(interval(10.0, 8.71, 11.52), ("10.0".into(), "± 1.5".into()));
        assert_eq!(interval(0.0, 0.0, 0.0), ("0".into(), "± 0".into()));
        // `±` would reach zero where the interval does not.
        assert_eq!(interval(5.0, 1.5, 10.0), ("5.0".into(), "+5.0/-3.5".into()));
        assert_eq!(
            interval(-5.0, -10.0, -1.5),
            ("-5.0".into(), "+3.5/-5.0".into())
        );
        assert_eq!(interval(3.0, 3.0, 8.0), ("3.0".into(), "+5.0/-0.0".into()));
        // Cut at 0 with the value there: one side only.
        assert_eq!(interval(0.0, 0.0, 0.25), ("0.00".into(), "± 0.25".into()));
        assert_eq!(
            super::difference(-105.0, -203.0, -44.0, Some(-0.21)),
            "-105 +61/-98 (-21.0%)"
        );
    }
}
