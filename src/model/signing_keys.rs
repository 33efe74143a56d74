//! Signing keys at the resource: when each resource (an app) rejects tokens
//! signed with each key, worked out once a replication from its refresh schedule,
//! the metadata endpoint's outages and the identity provider's key events.

use super::components::{Components, NeedsId};
use super::timeline::Timeline;
use crate::scenario::{KeyEvent, RefreshFailure, SigningKeys};
use crate::streams::{Purpose, Rng};
use rand::RngExt;

#[derive(Debug, Clone)]
pub struct KeysSpec {
    pub refresh_every: f64,
    pub retry_every: f64,
    /// A failed refresh makes the resource reject every token until one succeeds.
    pub reject_on_failure: bool,
    /// What the metadata endpoint needs (global components).
    pub metadata: NeedsId,
    /// Where the phase of the resource's refreshes is drawn from.
    pub stream: Purpose,
}

/// The identity provider's key events, in time order.
#[derive(Debug, Clone, Default)]
pub struct KeyEvents {
    /// When each new key starts signing: key `i + 1` from `rollovers[i]`.
    rollovers: Vec<f64>,
    /// Metadata that leaves out the key in use from `.0`, until `.1`.
    removals: Vec<(f64, f64)>,
}

/// A set of keys, one bit each (validation allows at most `MAX_KEY_EVENTS`, 60, events).
type Keys = u64;

impl KeysSpec {
    pub fn new(app: &str, k: &SigningKeys, components: &mut Components) -> Self {
        KeysSpec {
            refresh_every: k.refresh_every.0,
            retry_every: k.retry_every.0,
            reject_on_failure: k.on_refresh_failure == RefreshFailure::Reject,
            metadata: components.needs(&k.metadata_requires),
            stream: Purpose::named(&format!("signing_keys/{app}")),
        }
    }

    /// Per key, when the resource rejects tokens signed with it: the keys it
    /// knows are the metadata of its last successful refresh (before time zero it
    /// refreshed at a random point of its period, successfully), and a fragile
    /// resource knows none from a failed refresh until one succeeds.
    pub fn rejections(
        &self,
        events: &KeyEvents,
        endpoint: &Timeline,
        horizon: f64,
        rng: &mut Rng,
    ) -> Vec<Timeline> {
        let mut out = vec![Timeline::default(); events.keys()];
        let reject = |out: &mut Vec<Timeline>, from: f64, to: f64, known: Keys| {
            for (k, timeline) in out.iter_mut().enumerate() {
                if known & (1 << k) == 0 {
                    timeline.push(from.max(0.0), to);
                }
            }
        };
        let mut since = -rng.random::<f64>() * self.refresh_every;
        let mut known = events.published(since);
        let mut next = since + self.refresh_every;
        let mut cursor = 0;
        while next < horizon {
            let up = next < 0.0 || endpoint.is_up(&mut cursor, next);
            let now_known = match (up, self.reject_on_failure) {
                (true, _) => events.published(next),
                (false, true) => 0,
                (false, false) => known,
            };
            reject(&mut out, since, next, known);
            (since, known) = (next, now_known);
            next += if up {
                self.refresh_every
            } else {
                self.retry_every
            };
        }
        reject(&mut out, since, horizon, known);
        out.iter_mut().for_each(Timeline::seal);
        out
    }
}

impl KeyEvents {
    pub fn new(events: &[KeyEvent]) -> Self {
        let mut rollovers = Vec::new();
        let mut removals = Vec::new();
        for e in events {
            match *e {
                KeyEvent::Rollover { at } => rollovers.push(at.0),
                KeyEvent::Removal { at, rollback } => removals.push((at.0, rollback.0)),
            }
        }
        rollovers.sort_by(f64::total_cmp);
        KeyEvents {
            rollovers,
            removals,
        }
    }

    /// How many keys sign tokens over the run.
    pub fn keys(&self) -> usize {
        1 + self.rollovers.len()
    }

    /// The key tokens issued at `t` are signed with.
    #[inline]
    pub fn key_at(&self, t: f64) -> usize {
        self.rollovers.partition_point(|&r| r <= t)
    }

    /// The keys the metadata lists at `t`: every key published by then, less the
    /// one in use when a removal started, until its rollback.
    fn published(&self, t: f64) -> Keys {
        let mut keys: Keys = Keys::MAX >> (63 - self.key_at(t));
        for &(from, until) in &self.removals {
            if from <= t && t < until {
                keys &= !(1 << self.key_at(from));
            }
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::{Purpose, stream};

    fn spec(every: f64, retry: f64, reject: bool) -> KeysSpec {
        KeysSpec {
            refresh_every: every,
            retry_every: retry,
            reject_on_failure: reject,
            metadata: NeedsId(0),
            stream: Purpose::named("signing_keys/test"),
        }
    }

    fn windows(t: &Timeline) -> Vec<(f64, f64)> {
        t.windows().iter().map(|w| (w.start, w.end)).collect()
    }

    #[test]
    fn a_rollover_is_rejected_until_the_next_refresh() {
        let events = KeyEvents::new(&[KeyEvent::Rollover {
            at: "100s".parse().unwrap(),
        }]);
        let mut rng = stream(1, 0, Purpose::named("keys"), 0);
        let out =
            spec(60.0, 10.0, false).rejections(&events, &Timeline::default(), 400.0, &mut rng);
        assert!(windows(&out[0]).is_empty(), "the old key stays published");
        let rejected = windows(&out[1]);
        // From time zero (the resource never saw key 1) to the first refresh after 100 s.
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].0, 0.0);
        assert!(
            rejected[0].1 > 100.0 && rejected[0].1 <= 160.0,
            "{rejected:?}"
        );
    }

    #[test]
    fn a_fragile_resource_rejects_from_a_failed_refresh_to_the_next_good_one() {
        let events = KeyEvents::new(&[]);
        let mut endpoint = Timeline::default();
        endpoint.push(1000.0, 2000.0);
        endpoint.seal();
        let mut rng = stream(1, 0, Purpose::named("keys"), 0);
        let keep =
            spec(300.0, 60.0, false).rejections(&events, &endpoint, 5000.0, &mut rng.clone());
        assert!(windows(&keep[0]).is_empty(), "keep-last rides it out");
        let fragile = spec(300.0, 60.0, true).rejections(&events, &endpoint, 5000.0, &mut rng);
        let rejected = windows(&fragile[0]);
        assert_eq!(rejected.len(), 1);
        let (from, to) = rejected[0];
        assert!(
            (1000.0..1300.0).contains(&from),
            "the first refresh inside the outage: {from}"
        );
        assert!(
            (2000.0..2060.0).contains(&to),
            "the first retry after it: {to}"
        );
        assert_eq!((to - from) % 60.0, 0.0, "retries a minute apart");
    }
}
