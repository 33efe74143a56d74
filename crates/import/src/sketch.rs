//! Gaps between a user-app's successive silent renewals, kept as a histogram
//! on a log scale (memory fixed whatever the log's size), read back as
//! quantiles: evidence of the token lifetime clients renew at.

/// Bins per factor of 10, from `FROM` seconds: 1 minute to about 100 days.
const PER_DECADE: f64 = 20.0;
const FROM: f64 = 60.0;
const BINS: usize = 110;

#[derive(Debug, Clone, PartialEq)]
pub struct GapSketch {
    counts: Vec<u64>,
    /// Gaps under a minute: the same renewal seen twice (another resource).
    pub under_a_minute: u64,
}

impl Default for GapSketch {
    fn default() -> Self {
        GapSketch {
            counts: vec![0; BINS],
            under_a_minute: 0,
        }
    }
}

impl GapSketch {
    pub fn add(&mut self, gap: f64) {
        if gap < FROM {
            self.under_a_minute += 1;
            return;
        }
        let bin = ((gap / FROM).log10() * PER_DECADE) as usize;
        self.counts[bin.min(BINS - 1)] += 1;
    }

    pub fn merge(&mut self, other: &GapSketch) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.under_a_minute += other.under_a_minute;
    }

    /// Gaps of a minute or more.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The `q` quantile of the gaps of a minute or more, seconds (the bin's
    /// geometric middle: within 6% of the true value); `None` with no gap.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
        let mut seen = 0;
        let bin = self.counts.iter().position(|c| {
            seen += c;
            seen >= rank
        })?;
        Some(FROM * 10f64.powf((bin as f64 + 0.5) / PER_DECADE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_within_a_bin_of_the_truth() {
        let mut s = GapSketch::default();
        // 100 gaps of 65 min and 300 of 75 min: median 75 min, p10 65 min.
        (0..100).for_each(|_| s.add(65.0 * 60.0));
        (0..300).for_each(|_| s.add(75.0 * 60.0));
        s.add(5.0);
        assert_eq!((s.count(), s.under_a_minute), (400, 1));
        let near = |got: f64, want: f64| (got / want - 1.0).abs() < 0.06;
        assert!(near(s.quantile(0.5).unwrap(), 4500.0));
        assert!(near(s.quantile(0.1).unwrap(), 3900.0));
        assert_eq!(GapSketch::default().quantile(0.5), None);
    }
}
