//! Capacities compiled: the components whose load is counted minute by minute
//! (those with a capacity or a recovery window), and the acceptance shares a
//! replication's users are admitted with, which the fixed point over the
//! per-minute load (`montecarlo::fixed_point`) sets.

use super::components::Components;
use crate::scenario::{Past, Scenario};

/// A component whose requests are counted per minute.
#[derive(Debug, Clone)]
pub struct Watched {
    pub component: usize,
    pub throttle: Option<Throttle>,
    /// `recovery_peak_requests_per_min` watches this long after each recovery.
    pub recovery_window: Option<f64>,
}

/// A capacity: requests answered per minute, and what the others get.
#[derive(Debug, Clone, Copy)]
pub struct Throttle {
    pub per_minute: f64,
    pub past: Past,
    /// The Retry-After a rejection carries (0: none).
    pub retry_after: f64,
}

/// The watched components among the used ones, in the components' order (each
/// regional instance with its component's capacity); each set of needs learns
/// which of them it holds.
pub fn watched(s: &Scenario, components: &mut Components) -> Vec<Watched> {
    let watched: Vec<Watched> = components
        .sources()
        .into_iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let c = &s.components[name];
            let recovery_window = c.recovery_window();
            let throttle = c.capacity.as_ref().map(|cap| Throttle {
                per_minute: cap.per_minute(),
                past: cap.past,
                retry_after: cap.retry_after.map_or(0.0, |d| d.0),
            });
            (throttle.is_some() || recovery_window.is_some()).then_some(Watched {
                component: i,
                throttle,
                recovery_window,
            })
        })
        .collect();
    for needs in &mut components.needs {
        needs.watched = (0..watched.len())
            .filter(|&w| needs.global.contains(&watched[w].component))
            .collect();
    }
    watched
}

/// One replication's acceptance share of each watched component in each minute
/// from time zero: the chance a request that reaches it then is answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Shares {
    minutes: usize,
    /// By watched component, then minute.
    share: Vec<f64>,
}

impl Shares {
    /// Every request admitted: the first pass of the fixed point, and a world
    /// with no capacity.
    pub fn full(watched: usize, minutes: usize) -> Self {
        Shares {
            minutes,
            share: vec![1.0; watched * minutes],
        }
    }

    /// The share of watched component `w` at `t` (from time zero; before it,
    /// while users play in, nothing is throttled).
    #[inline]
    pub fn at(&self, w: usize, t: f64) -> f64 {
        if t < 0.0 {
            return 1.0;
        }
        let minute = ((t * (1.0 / 60.0)) as usize).min(self.minutes - 1);
        self.share[w * self.minutes + minute]
    }

    /// The shares that load `load` (by watched component, then minute) gets:
    /// min(1, C / L) in each minute of a throttled component.
    pub fn from_load(watched: &[Watched], minutes: usize, load: &[u64]) -> Self {
        let mut shares = Shares::full(watched.len(), minutes);
        for (w, spec) in watched.iter().enumerate() {
            let Some(throttle) = spec.throttle else {
                continue;
            };
            let range = w * minutes..(w + 1) * minutes;
            for (share, &l) in shares.share[range.clone()].iter_mut().zip(&load[range]) {
                *share = (throttle.per_minute / l as f64).min(1.0);
            }
        }
        shares
    }

    /// Moves each share a fraction `weight` of the way towards `next`'s (1: all the way).
    pub fn damp(&mut self, next: &Shares, weight: f64) {
        for (a, b) in self.share.iter_mut().zip(&next.share) {
            *a += weight * (b - *a);
        }
    }
}
