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
    /// With refresh on an unknown key: the shortest time between two refreshes.
    pub on_unknown: Option<f64>,
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
    /// When each key appears in the metadata: key `i + 1` from `published[i]`.
    published: Vec<f64>,
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
            on_unknown: k.refresh_on_unknown_key.then_some(k.min_refresh_interval.0),
            metadata: components.needs(&k.metadata_requires),
            stream: Purpose::named(&format!("signing_keys/{app}")),
        }
    }

    /// Per key, when the resource rejects tokens signed with it: the keys it
    /// knows are the metadata of its last successful refresh (before time zero it
    /// refreshed at a random point of its period, successfully), and a fragile
    /// resource knows none from a failed refresh until one succeeds.
    ///
    /// A resource that refreshes on an unknown key does so once the key in use
    /// is one it does not know, no sooner than its minimum interval after its
    /// last refresh: many users present tokens all the time, so the first token
    /// signed with a key comes the moment the key starts signing (or the moment a
    /// refresh forgets it). Any refresh, periodic or not, starts the period anew,
    /// as `ConfigurationManager` does.
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
        let mut scheduled = since + self.refresh_every;
        let mut cursor = 0;
        loop {
            let next = match self.on_unknown {
                Some(min) => scheduled.min(events.unknown_from(since, known).max(since + min)),
                None => scheduled,
            };
            if next >= horizon {
                break;
            }
            let up = next < 0.0 || endpoint.is_up(&mut cursor, next);
            let now_known = match (up, self.reject_on_failure) {
                (true, _) => events.published(next),
                (false, true) => 0,
                (false, false) => known,
            };
            reject(&mut out, since, next, known);
            (since, known) = (next, now_known);
            scheduled = next
                + if up {
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
                KeyEvent::Rollover {
                    at,
                    published_before,
                } => rollovers.push((at.0, at.0 - published_before.0)),
                KeyEvent::Removal { at, rollback } => removals.push((at.0, rollback.0)),
            }
        }
        rollovers.sort_by(|a, b| a.0.total_cmp(&b.0));
        KeyEvents {
            published: rollovers.iter().map(|r| r.1).collect(),
            rollovers: rollovers.iter().map(|r| r.0).collect(),
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
        let mut keys: Keys = 1;
        for (k, _) in self.published.iter().enumerate().filter(|p| *p.1 <= t) {
            keys |= 1 << (k + 1);
        }
        for &(from, until) in &self.removals {
            if from <= t && t < until {
                keys &= !(1 << self.key_at(from));
            }
        }
        keys
    }

    /// The first moment from `t` on when the key in use is not among `known`
    /// (which only a refresh changes): `t` itself, or a later rollover to an
    /// unknown key; infinity if none.
    fn unknown_from(&self, t: f64, known: Keys) -> f64 {
        let unknown = |k: usize| known & (1 << k) == 0;
        if unknown(self.key_at(t)) {
            return t;
        }
        let later = self.key_at(t);
        (later..self.rollovers.len())
            .find(|&i| unknown(i + 1))
            .map_or(f64::INFINITY, |i| self.rollovers[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::duration::Offset;
    use crate::streams::{Purpose, stream};

    fn spec(every: f64, retry: f64, reject: bool) -> KeysSpec {
        KeysSpec {
            refresh_every: every,
            retry_every: retry,
            reject_on_failure: reject,
            on_unknown: None,
            metadata: NeedsId(0),
            stream: Purpose::named("signing_keys/test"),
        }
    }

    fn rollover(at: f64, lead: f64) -> KeyEvent {
        KeyEvent::Rollover {
            at: Offset::of(at),
            published_before: Offset::of(lead),
        }
    }

    fn windows(t: &Timeline) -> Vec<(f64, f64)> {
        t.windows().iter().map(|w| (w.start, w.end)).collect()
    }

    fn rng(seed: u64) -> Rng {
        stream(seed, 0, Purpose::named("keys"), 0)
    }

    #[test]
    fn a_rollover_published_as_it_signs_is_rejected_until_the_next_refresh() {
        let events = KeyEvents::new(&[rollover(100.0, 0.0)]);
        let out =
            spec(60.0, 10.0, false).rejections(&events, &Timeline::default(), 400.0, &mut rng(1));
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
    fn a_key_published_a_period_ahead_is_known_before_it_signs() {
        // Published at 1000 s, signing from 5000 s: every refresh every 3600 s at
        // any phase has one in [1000, 4600), so the key is known by 4600 s.
        let events = KeyEvents::new(&[rollover(5000.0, 4000.0)]);
        for seed in 0..50 {
            let out = spec(3600.0, 60.0, false).rejections(
                &events,
                &Timeline::default(),
                20_000.0,
                &mut rng(seed),
            );
            let rejected = windows(&out[1]);
            assert_eq!(rejected.len(), 1);
            assert!(rejected[0].1 < 4600.0, "seed {seed}: {rejected:?}");
            assert!(windows(&out[0]).is_empty());
        }
        // Published before time zero by more than a period: known from the start.
        let early = KeyEvents::new(&[rollover(100.0, 4000.0)]);
        let out = spec(3600.0, 60.0, false).rejections(
            &early,
            &Timeline::default(),
            20_000.0,
            &mut rng(3),
        );
        assert!(windows(&out[1]).is_empty());
    }

    #[test]
    fn an_unknown_key_is_fetched_at_once_or_after_the_minimum_interval() {
        let events = KeyEvents::new(&[rollover(100.0, 0.0), rollover(400.0, 0.0)]);
        let keys = KeysSpec {
            on_unknown: Some(500.0),
            ..spec(86_400.0, 60.0, false)
        };
        let out = keys.rejections(&events, &Timeline::default(), 2000.0, &mut rng(7));
        // The last refresh was before time zero, over 500 s before 100 s: at once.
        assert_eq!(windows(&out[1]), [(0.0, 100.0)]);
        // Key 2 signs from 400 s, but the refresh at 100 s allows the next at 600 s.
        assert_eq!(windows(&out[2]), [(0.0, 600.0)]);
        assert!(windows(&out[0]).is_empty());
    }

    #[test]
    fn a_removal_is_rejected_until_the_first_refresh_after_the_rollback() {
        // The key in use leaves the metadata from 1000 s to 5000 s. Hourly
        // refreshes put one in the window at any phase (by 4600 s); from then the
        // unknown key asks for a refresh every 300 s, each still without it, until
        // the first at or after 5000 s: in [5000, 5300), a whole number of
        // 300 s steps after the refresh that forgot it.
        let events = KeyEvents::new(&[KeyEvent::Removal {
            at: Offset::of(1000.0),
            rollback: Offset::of(5000.0),
        }]);
        let keys = KeysSpec {
            on_unknown: Some(300.0),
            ..spec(3600.0, 60.0, false)
        };
        for seed in 0..50 {
            let out = keys.rejections(&events, &Timeline::default(), 20_000.0, &mut rng(seed));
            let rejected = windows(&out[0]);
            assert_eq!(rejected.len(), 1, "seed {seed}: {rejected:?}");
            let (from, to) = rejected[0];
            assert!((1000.0..4600.0).contains(&from), "seed {seed}: {from}");
            assert!((5000.0..5300.0).contains(&to), "seed {seed}: {to}");
            let steps = (to - from) / 300.0;
            assert!((steps - steps.round()).abs() < 1e-9, "seed {seed}: {steps}");
        }
        // Without refresh on an unknown key: until the next hourly refresh.
        let out = spec(3600.0, 60.0, false).rejections(
            &events,
            &Timeline::default(),
            20_000.0,
            &mut rng(5),
        );
        let (from, to) = windows(&out[0])[0];
        let hours = (to - from) / 3600.0;
        assert!((5000.0..8600.0).contains(&to), "{to}");
        assert!((hours - hours.round()).abs() < 1e-9, "{hours}");
    }

    #[test]
    fn a_fragile_resource_rejects_from_a_failed_refresh_to_the_next_good_one() {
        let events = KeyEvents::new(&[]);
        let mut endpoint = Timeline::default();
        endpoint.push(1000.0, 2000.0);
        endpoint.seal();
        let rng = rng(1);
        let keep =
            spec(300.0, 60.0, false).rejections(&events, &endpoint, 5000.0, &mut rng.clone());
        assert!(windows(&keep[0]).is_empty(), "keep-last rides it out");
        let fragile =
            spec(300.0, 60.0, true).rejections(&events, &endpoint, 5000.0, &mut rng.clone());
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
        // Refreshing on an unknown key changes nothing here: no key is unknown
        // until a failed refresh forgets them all, and then retries come every
        // minute anyway, sooner than the 5-minute minimum.
        let eager = KeysSpec {
            on_unknown: Some(300.0),
            ..spec(300.0, 60.0, true)
        };
        let again = eager.rejections(&events, &endpoint, 5000.0, &mut rng.clone());
        assert_eq!(windows(&again[0]), rejected);
    }
}
