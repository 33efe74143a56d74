//! Not at hand: a user's own component (a security key, a phone) lost,
//! forgotten or flat for a whole day, each day on its own with the component's
//! `daily_unavailability`. Days run from the cohort's local midnight. Days are
//! independent, so the steady state at time zero is simply each day's own
//! draw: the days from the one under way at time zero are drawn forward from
//! one stream, those before it backward from another, so how far back a
//! cohort plays in changes no day after time zero.

use super::components::ComponentSpec;
use super::timeline::Timeline;
use crate::streams::Rng;
use crate::units::DAY;
use rand::RngExt;

impl ComponentSpec {
    /// Adds the days in `[from, horizon)` the component is not at hand to `out`
    /// (unsealed), local midnight being `utc_offset` before UTC's.
    pub fn draw_days(
        &self,
        utc_offset: f64,
        (from, horizon): (f64, f64),
        (forward, backward): (&mut Rng, &mut Rng),
        out: &mut Timeline,
    ) {
        let p = self.daily_unavailability;
        if p == 0.0 {
            return;
        }
        // Day k runs from k days after the first local midnight at or before time zero.
        let midnight = -utc_offset.rem_euclid(DAY);
        let mut start = midnight;
        while start < horizon {
            if forward.random::<f64>() < p {
                out.push(start, start + DAY);
            }
            start += DAY;
        }
        let mut end = midnight;
        while end > from {
            if backward.random::<f64>() < p {
                out.push(end - DAY, end);
            }
            end -= DAY;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schedule::Schedule;
    use crate::scenario::Scope;
    use crate::streams::{Purpose, stream};
    use crate::units::HOUR;

    fn key(p: f64) -> ComponentSpec {
        ComponentSpec {
            name: "key".into(),
            scope: Scope::PerUser,
            schedule: Schedule::never(),
            stream: Purpose::named("component/key"),
            per_user_slot: Some(0),
            instances: 1,
            needed: 1,
            daily_unavailability: p,
            degraded: Vec::new(),
        }
    }

    /// Whole local days, from local midnight (UTC-05:00: 05:00 UTC), each not at
    /// hand with probability p at time zero, before it and after it; and days
    /// after time zero drawn the same however far back the draw starts.
    #[test]
    fn whole_local_days_each_down_with_probability_p() {
        let (p, n) = (0.2, 20_000);
        let offset = -5.0 * HOUR;
        let at = [-3.0 * DAY, 0.0, 4.9 * HOUR, 5.1 * HOUR, 6.5 * DAY];
        let mut down = [0.0; 5];
        for r in 0..n {
            let rng = |phase| stream(3, r, Purpose::named("days"), phase);
            let draw = |from: f64| {
                let mut t = Timeline::default();
                let (mut f, mut b) = (rng(0), rng(1));
                key(p).draw_days(offset, (from, 7.0 * DAY), (&mut f, &mut b), &mut t);
                t.seal();
                t
            };
            let (far, near) = (draw(-5.0 * DAY), draw(0.0));
            for w in far.windows() {
                assert_eq!((w.start - 5.0 * HOUR).rem_euclid(DAY), 0.0, "{w:?}");
            }
            // Time zero, then each local noon (17:00 UTC) after it.
            let noons = (0..7).map(|k| f64::from(k) * DAY + 17.0 * HOUR);
            for x in std::iter::once(0.0).chain(noons) {
                assert_eq!(far.contains(x), near.contains(x), "at {x}");
            }
            for (d, &x) in down.iter_mut().zip(&at) {
                *d += f64::from(u8::from(far.contains(x)));
            }
        }
        let tolerance = 4.5 * (p * (1.0 - p) / f64::from(n)).sqrt();
        for (d, x) in down.iter().zip(at) {
            let share = d / f64::from(n);
            assert!((share - p).abs() < tolerance, "at {x}: {share}, not {p}");
        }
    }
}
