//! The wait from a session's end to the renewal that finds it ended: the
//! validity left on the app's token in hand, R, then the wait W for a use after
//! it expires. Tabulated once per variant as its survival function
//! P(R + W > s), for the mean wait, for the time an ended session has waited
//! (density P(D > e) / E[D], renewal-reward) and for the waits of sessions past.

/// Intervals of a survival table.
const STEPS: usize = 256;
/// A wait of more than this many mean gaps past the longest validity is as
/// likely as e^-40: the table stops there.
const GAPS: f64 = 40.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    step: f64,
    /// P(D > k step), k = 0..=STEPS.
    survival: Vec<f64>,
    /// The integral of `survival` from 0 to k step.
    integral: Vec<f64>,
    pub mean: f64,
    pub mean_square: f64,
}

impl Wait {
    /// One app's wait: `left(r)` = P(R > r), R at most `longest`; W exponential
    /// of mean `gap`, independent of R.
    pub fn new(left: impl Fn(f64) -> f64, longest: f64, gap: f64) -> Self {
        let step = (longest + GAPS * gap) / STEPS as f64;
        let decay = (-step / gap).exp();
        // The weight of an increase of F spread evenly over a step, at its end.
        let spread = gap * (1.0 - decay) / step;
        // S(s) = P(R > s) + J(s), J(s) = the integral of e^(-(s - r)/gap) dF(r)
        // over [0, s], F = 1 - P(R > .) with its atom at 0 (tokens expired).
        let mut survival = Vec::with_capacity(STEPS + 1);
        let mut previous = 1.0 - left(0.0);
        let mut j = previous;
        for k in 0..=STEPS {
            let r = k as f64 * step;
            let q = left(r);
            if k > 0 {
                j = j * decay + ((1.0 - q) - previous) * spread;
                previous = 1.0 - q;
            }
            survival.push((q + j).clamp(0.0, 1.0));
        }
        Wait::tabulated(step, survival)
    }

    /// The soonest of independent waits: a device's session, which the first
    /// app to need a renewal finds ended.
    pub fn soonest(waits: &[Wait]) -> Self {
        let span = waits.iter().map(Wait::span).fold(0.0, f64::max);
        let step = span / STEPS as f64;
        let survival = (0..=STEPS)
            .map(|k| {
                waits
                    .iter()
                    .map(|w| w.survival_at(k as f64 * step))
                    .product()
            })
            .collect();
        Wait::tabulated(step, survival)
    }

    fn tabulated(step: f64, survival: Vec<f64>) -> Self {
        let mut integral = vec![0.0; survival.len()];
        let (mut mean_square, mut area) = (0.0, 0.0);
        for k in 1..survival.len() {
            let (a, b) = (survival[k - 1], survival[k]);
            let s = (k - 1) as f64 * step;
            // S exponential within the step (exact for an exponential wait),
            // linear where it is flat or reaches 0.
            let rate = (b / a).ln() / step;
            let (zeroth, first) = match rate.is_finite() && rate.abs() > 1e-12 {
                true => ((b - a) / rate, step * b / rate - (b - a) / (rate * rate)),
                false => ((a + b) / 2.0 * step, step * step * (a + 2.0 * b) / 6.0),
            };
            area += zeroth;
            integral[k] = area;
            // The integral of 2 (s + t) S(s + t) over the step.
            mean_square += 2.0 * (s * zeroth + first);
        }
        Wait {
            step,
            mean: area,
            mean_square,
            survival,
            integral,
        }
    }

    fn span(&self) -> f64 {
        self.step * STEPS as f64
    }

    /// P(D > s), exponential between the table's points (as `tabulated`
    /// integrates it), linear where it reaches 0.
    pub fn survival_at(&self, s: f64) -> f64 {
        let x = s / self.step;
        let k = x.floor();
        if k < 0.0 {
            return 1.0;
        }
        let k = k as usize;
        match (self.survival.get(k), self.survival.get(k + 1)) {
            (Some(&a), Some(&b)) if a > 0.0 && b > 0.0 => a * (b / a).powf(x - k as f64),
            (Some(&a), Some(&b)) => a + (b - a) * (x - k as f64),
            _ => 0.0,
        }
    }

    /// A wait drawn from its distribution, `u` uniform on [0, 1).
    pub fn draw(&self, u: f64) -> f64 {
        // The first point where P(D > s) falls to 1 - u, then linear within it.
        let target = 1.0 - u;
        let k = self.survival.partition_point(|&p| p > target);
        self.within(k, |i| self.survival[i], target)
    }

    /// How long an ended session has waited at a random instant of its wait:
    /// density P(D > e) / E[D], `u` uniform on [0, 1).
    pub fn elapsed(&self, u: f64) -> f64 {
        let target = u * self.mean;
        let k = self.integral.partition_point(|&a| a < target);
        self.within(k, |i| self.integral[i], target)
    }

    /// Where `value(.)` (monotone over the table) meets `target`, between
    /// points `k - 1` and `k`.
    fn within(&self, k: usize, value: impl Fn(usize) -> f64, target: f64) -> f64 {
        if k == 0 {
            return 0.0;
        }
        if k > STEPS {
            return self.span();
        }
        let (a, b) = (value(k - 1), value(k));
        let share = if a == b { 0.0 } else { (target - a) / (b - a) };
        ((k - 1) as f64 + share.clamp(0.0, 1.0)) * self.step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With R = 0 (every token expired) the wait is exponential: mean `gap`,
    /// E[D^2] = 2 gap^2, and the time waited is exponential too.
    #[test]
    fn an_exponential_wait_comes_out_exponential() {
        let w = Wait::new(|_| 0.0, 0.0, 3.0);
        assert!((w.mean - 3.0).abs() < 1e-3, "{}", w.mean);
        assert!((w.mean_square - 18.0).abs() < 0.05, "{}", w.mean_square);
        assert!((w.survival_at(3.0) - (-1.0f64).exp()).abs() < 1e-3);
        let median = w.draw(0.5);
        assert!((median - 3.0 * 2f64.ln()).abs() < 0.02, "{median}");
        assert!((w.elapsed(0.5) - 3.0 * 2f64.ln()).abs() < 0.02);
    }

    /// R uniform on [0, 2] and W exponential of mean 1: E[D] = 1 + 1.
    #[test]
    fn validity_left_adds_its_mean() {
        let w = Wait::new(|r| (1.0 - r / 2.0).clamp(0.0, 1.0), 2.0, 1.0);
        assert!((w.mean - 2.0).abs() < 1e-3, "{}", w.mean);
        // The soonest of two: S(s)^2 integrates to less than either mean.
        let both = Wait::soonest(&[w.clone(), w.clone()]);
        assert!(both.mean < 1.5 && both.mean > 0.5, "{}", both.mean);
    }
}
