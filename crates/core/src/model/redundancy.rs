//! Redundancy groups (k of n): a component that stands for `instances`
//! independent copies, up while at least `needed` of them are up. Each copy draws
//! the component's random failures from a stream of its own; fixed outage windows
//! take every copy down together (maintenance of the whole farm). Common-cause
//! events still take the whole group down.

use super::components::ComponentSpec;
use super::timeline::Timeline;
use crate::streams::Rng;

/// Storage reused from draw to draw, so a user's groups allocate nothing new.
#[derive(Debug, Default)]
pub struct GroupScratch {
    copy: Timeline,
    /// Each copy's failures (+1) and repairs (-1).
    edges: Vec<(f64, i32)>,
}

impl ComponentSpec {
    /// Adds the component's down windows in `[from, horizon)` to `out` (unsealed);
    /// `rng_of(i)` is the stream of copy `i` (copy 0's is a lone component's).
    pub fn draw(
        &self,
        from: f64,
        horizon: f64,
        rng_of: impl Fn(u32) -> Rng,
        scratch: &mut GroupScratch,
        out: &mut Timeline,
    ) {
        if self.instances == 1 {
            self.schedule.draw(from, horizon, &mut rng_of(0), out);
            return;
        }
        scratch.edges.clear();
        for i in 0..self.instances {
            scratch.copy.clear();
            self.schedule
                .draw(from, horizon, &mut rng_of(i), &mut scratch.copy);
            scratch.copy.seal();
            for w in scratch.copy.windows() {
                scratch.edges.extend([(w.start, 1), (w.end, -1)]);
            }
        }
        // Repairs before failures at one instant: a copy coming back as another
        // fails leaves the group as it was.
        scratch
            .edges
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let tolerated = (self.instances - self.needed) as i32;
        let (mut down, mut since) = (0, 0.0);
        for &(t, change) in &scratch.edges {
            let was_up = down <= tolerated;
            down += change;
            match (was_up, down <= tolerated) {
                (true, false) => since = t,
                (false, true) => out.push(since, t),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{FailureSchedule, Outage, Scope};
    use crate::streams::{Purpose, stream};

    fn group(instances: u32, needed: u32, outages: &[Outage]) -> ComponentSpec {
        let schedule = FailureSchedule {
            outages,
            time_to_failure: None,
            time_to_repair: None,
        };
        ComponentSpec {
            name: "agents".into(),
            scope: Scope::Global,
            schedule: super::super::schedule::Schedule::new(schedule, 100.0),
            stream: Purpose::named("component/agents"),
            per_user_slot: None,
            instances,
            needed,
            daily_unavailability: 0.0,
            degraded: Vec::new(),
        }
    }

    #[test]
    fn a_group_is_down_while_too_few_copies_are_up() {
        let outage = |start: &str, duration: &str| Outage {
            start: start.parse().unwrap(),
            duration: duration.parse().unwrap(),
            every: None,
            regions: vec![],
            incident: None,
        };
        // Fixed windows are every copy's: 2 of 3 needed, so the group is down in both.
        let spec = group(3, 2, &[outage("10s", "5s"), outage("30s", "10s")]);
        let mut out = Timeline::default();
        let rng = |i| stream(1, 0, spec.stream, u64::from(i));
        spec.draw(0.0, 100.0, rng, &mut GroupScratch::default(), &mut out);
        out.seal();
        let windows: Vec<(f64, f64)> = out.windows().iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(windows, [(10.0, 15.0), (30.0, 40.0)]);
    }
}
