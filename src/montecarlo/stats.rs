//! Estimates across replications: mean and Student-t confidence half-width.

use serde::Serialize;

/// A metric's estimate over independent replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    /// Sample standard deviation across replications.
    pub sd: f64,
    pub n: usize,
}

impl Estimate {
    pub fn from_samples(xs: &[f64]) -> Self {
        let n = xs.len();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = if n > 1 {
            xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64
        } else {
            f64::NAN
        };
        Estimate {
            mean,
            sd: var.sqrt(),
            n,
        }
    }

    /// Half-width of the two-sided confidence interval at `level` (0.95 for 95%).
    pub fn half_width(&self, level: f64) -> f64 {
        if self.sd == 0.0 {
            return 0.0;
        }
        let df = (self.n - 1) as f64;
        student_t_quantile(0.5 + level / 2.0, df) * self.sd / (self.n as f64).sqrt()
    }

    pub fn ci95(&self) -> f64 {
        self.half_width(0.95)
    }

    pub fn contains(&self, value: f64, level: f64) -> bool {
        (value - self.mean).abs() <= self.half_width(level)
    }
}

/// ln Gamma(x) for x > 0 (Lanczos, g = 7, nine terms; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let series = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |acc, (i, c)| acc + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

/// Regularised incomplete beta I_x(a, b), by its continued fraction (modified Lentz).
fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    // The fraction converges fast only below the mean; use the symmetry otherwise.
    if x > (a + 1.0) / (a + b + 2.0) {
        return 1.0 - incomplete_beta(1.0 - x, b, a);
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp() / a;
    let tiny = 1e-300;
    let (mut c, mut d) = (1.0, 1.0 - (a + b) * x / (a + 1.0));
    d = 1.0 / if d.abs() < tiny { tiny } else { d };
    let mut f = d;
    for m in 1..500 {
        let m = m as f64;
        for numerator in [
            m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0)),
        ] {
            d = 1.0 + numerator * d;
            d = 1.0 / if d.abs() < tiny { tiny } else { d };
            c = 1.0 + numerator / c;
            if c.abs() < tiny {
                c = tiny;
            }
            f *= c * d;
        }
        if (c * d - 1.0).abs() < 1e-15 {
            break;
        }
    }
    front * f
}

/// P(T <= t) for Student's t with `df` degrees of freedom.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// The `p` quantile of Student's t, by bisection on the CDF.
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    let (mut lo, mut hi) = (-1e4, 1e4);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if student_t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_printed_tables() {
        // Two-sided 95% and 99% critical values from any statistics table.
        for (df, q975, q995) in [
            (1.0, 12.706, 63.657),
            (4.0, 2.776, 4.604),
            (19.0, 2.093, 2.861),
            (1000.0, 1.962, 2.581),
        ] {
            assert!(
                (student_t_quantile(0.975, df) - q975).abs() < 1e-3,
                "df {df}"
            );
            assert!(
                (student_t_quantile(0.995, df) - q995).abs() < 1e-3,
                "df {df}"
            );
        }
    }

    #[test]
    fn ln_gamma_of_integers_is_log_factorial() {
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn estimate_of_known_samples() {
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        assert!((e.sd - 2.5f64.sqrt()).abs() < 1e-12);
        // t(0.975, 4) * sd / sqrt(5)
        assert!((e.ci95() - 2.776_445 * 2.5f64.sqrt() / 5f64.sqrt()).abs() < 1e-4);
        assert_eq!(Estimate::from_samples(&[2.0, 2.0]).ci95(), 0.0);
    }
}
