//! Estimates across replications: mean and Student-t confidence half-width.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

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

/// The `p` quantile of Student's t with `df` degrees of freedom (any positive real).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df)
        .expect("positive degrees of freedom")
        .inverse_cdf(p)
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
    fn estimate_of_known_samples() {
        let e = Estimate::from_samples(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        assert!((e.sd - 2.5f64.sqrt()).abs() < 1e-12);
        // t(0.975, 4) * sd / sqrt(5)
        assert!((e.ci95() - 2.776_445 * 2.5f64.sqrt() / 5f64.sqrt()).abs() < 1e-4);
        assert_eq!(Estimate::from_samples(&[2.0, 2.0]).ci95(), 0.0);
    }
}
