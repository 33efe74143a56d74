//! Where the fitted profile misses the log most: the hours of the week whose
//! observed and fitted sign-ins differ most, for the planner to judge the fit by.

use super::week::DAYS;

/// Hours a table lists: enough to show a pattern (a shifted shift, a missed
/// lunch dip) without repeating the chart.
pub const SHOWN: usize = 8;

/// One hour of the week with what was observed and fitted in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    pub hour: usize,
    pub observed: f64,
    pub fitted: f64,
}

/// The `SHOWN` hours of largest `|observed - fitted|`, largest first, ties in
/// hour order; hours fitted exactly, or where either is not a number, left out.
pub fn largest(observed: &[f64], fitted: &[f64]) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = observed
        .iter()
        .zip(fitted)
        .enumerate()
        .map(|(hour, (&observed, &fitted))| Gap {
            hour,
            observed,
            fitted,
        })
        .filter(|g| g.size() > 0.0)
        .collect();
    // Stable: equal gaps keep hour order.
    gaps.sort_by(|a, b| b.size().total_cmp(&a.size()));
    gaps.truncate(SHOWN);
    gaps
}

impl Gap {
    pub fn size(&self) -> f64 {
        (self.observed - self.fitted).abs()
    }

    /// The gap in standard errors of what `users` users over `weeks` weeks
    /// would observe were sign-ins Poisson at the fitted rate: their count in
    /// the hour has variance `fitted × users × weeks`, so the per-user mean
    /// has standard error `√(fitted / (users × weeks))`. None where that is
    /// zero (nothing fitted, no users, no weeks).
    pub fn errors(&self, users: f64, weeks: f64) -> Option<f64> {
        let error = (self.fitted / (users * weeks)).sqrt();
        (error > 0.0 && error.is_finite()).then(|| (self.observed - self.fitted) / error)
    }
}

/// An hour of the week as a planner names it: `Tue 09:00–10:00`, local time.
pub fn hour_label(hour: usize) -> String {
    let (day, h) = (hour / 24 % 7, hour % 24);
    format!("{} {h:02}:00–{:02}:00", DAYS[day], h + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_gaps_first_whichever_side() {
        let mut observed = vec![1.0; 168];
        let fitted = vec![1.0; 168];
        observed[3] = 1.5; // +0.5
        observed[30] = 0.2; // -0.8
        observed[100] = f64::NAN;
        let gaps = largest(&observed, &fitted);
        assert_eq!(
            gaps.len(),
            2,
            "hours fitted exactly and the NaN hour are left out"
        );
        assert_eq!((gaps[0].hour, gaps[1].hour), (30, 3));
        assert!((gaps[0].size() - 0.8).abs() < 1e-12);
        let many: Vec<f64> = (0..168).map(|h| f64::from(h % 5)).collect();
        let gaps = largest(&many, &vec![0.0; 168]);
        assert_eq!(gaps.len(), SHOWN);
        // Ties in hour order: 4, 9, 14... are all 4 off.
        assert_eq!(gaps[0].hour, 4);
        assert_eq!(gaps[1].hour, 9);
    }

    #[test]
    fn gaps_in_poisson_standard_errors() {
        // 4 users over 1 week at 1 an hour: a count of variance 4, so the mean
        // per user has standard error 0.5 and 2 observed is 2 errors above.
        let gap = Gap {
            hour: 0,
            observed: 2.0,
            fitted: 1.0,
        };
        assert_eq!(gap.errors(4.0, 1.0), Some(2.0));
        assert_eq!(gap.errors(0.0, 1.0), None);
        let unfitted = Gap { fitted: 0.0, ..gap };
        assert_eq!(unfitted.errors(4.0, 1.0), None);
    }

    #[test]
    fn hours_name_their_local_day() {
        assert_eq!(hour_label(0), "Mon 00:00–01:00");
        assert_eq!(hour_label(24 + 9), "Tue 09:00–10:00");
        assert_eq!(hour_label(167), "Sun 23:00–24:00");
    }
}
