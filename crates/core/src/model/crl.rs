//! Certificate-based authentication's revocation check: when the identity
//! provider cannot check a certificate against its CA's revocation list (CRL),
//! worked out once a replication from the distribution point's outages and the
//! CA's publication schedule, and folded into the method's path.

use super::components::{Components, NeedsId};
use super::timeline::Timeline;
use crate::scenario::Crl;
use crate::streams::{Purpose, Rng};
use rand::RngExt;

#[derive(Debug, Clone)]
pub struct CrlSpec {
    /// What the CA's distribution point needs (global components).
    pub endpoint: NeedsId,
    pub publish_every: f64,
    pub valid_for: f64,
    /// Where the phase of the CA's publications is drawn from.
    pub stream: Purpose,
}

impl CrlSpec {
    pub fn new(method: &str, c: &Crl, components: &mut Components) -> Self {
        CrlSpec {
            endpoint: components.needs(&c.requires),
            publish_every: c.publish_every.0,
            valid_for: c.valid_for.0,
            stream: Purpose::named(&format!("crl/{method}")),
        }
    }

    /// When no valid CRL is at hand: the identity provider holds the newest CRL
    /// published while the distribution point was up (it fetches each as it comes
    /// out, and at once when the point comes back, a sign-in asking for it), so
    /// through a down window from `a` to `b` it has the one published last before
    /// `a`, valid until its publication plus `valid_for`; from then until `b`
    /// certificate sign-ins fail. The CA publishes at a phase drawn uniformly.
    pub fn unavailable(&self, endpoint: &Timeline, rng: &mut Rng) -> Timeline {
        let phase = rng.random::<f64>() * self.publish_every;
        let mut out = Timeline::default();
        for w in endpoint.windows() {
            let published =
                phase + ((w.start - phase) / self.publish_every).floor() * self.publish_every;
            out.push((published + self.valid_for).max(w.start), w.end);
        }
        out.seal();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::stream;
    use crate::units::{DAY, HOUR};

    fn windows(t: &Timeline) -> Vec<(f64, f64)> {
        t.windows().iter().map(|w| (w.start, w.end)).collect()
    }

    fn spec(publish_every: f64, valid_for: f64) -> CrlSpec {
        CrlSpec {
            endpoint: NeedsId(0),
            publish_every,
            valid_for,
            stream: Purpose::named("crl/test"),
        }
    }

    #[test]
    fn the_cached_list_rides_out_what_is_left_of_its_validity() {
        // Published daily, valid 36 h; the point is down for 2 h, 13 h and 40 h.
        let mut endpoint = Timeline::default();
        endpoint.push(10.0 * DAY, 10.0 * DAY + 2.0 * HOUR);
        endpoint.push(20.0 * DAY, 20.0 * DAY + 13.0 * HOUR);
        endpoint.push(30.0 * DAY, 30.0 * DAY + 40.0 * HOUR);
        endpoint.seal();
        for seed in 0..20 {
            let mut rng = stream(seed, 0, Purpose::named("crl"), 0);
            let phase = rng.clone().random::<f64>() * DAY;
            let out = spec(DAY, 36.0 * HOUR).unavailable(&endpoint, &mut rng);
            // The list in hand when each outage starts came out `age` before it,
            // somewhere in the last day, and lasts 36 h - age: at least 12 h.
            let age = |start: f64| (start - phase).rem_euclid(DAY);
            let mut expected = Vec::new();
            let outage = 30.0 * DAY;
            // 2 h is shorter than any remaining validity (12 h or more): nothing.
            // 13 h outlasts it only where the list was over 23 h old.
            if age(20.0 * DAY) > 23.0 * HOUR {
                let expiry = 20.0 * DAY - age(20.0 * DAY) + 36.0 * HOUR;
                expected.push((expiry, 20.0 * DAY + 13.0 * HOUR));
            }
            // 40 h outlasts every list: from its expiry to the point's recovery.
            expected.push((outage - age(outage) + 36.0 * HOUR, outage + 40.0 * HOUR));
            let got = windows(&out);
            assert_eq!(got.len(), expected.len(), "seed {seed}: {got:?}");
            for (g, e) in got.iter().zip(&expected) {
                assert!(
                    (g.0 - e.0).abs() < 1e-6 && g.1 == e.1,
                    "seed {seed}: {got:?} vs {expected:?}"
                );
            }
        }
    }

    #[test]
    fn a_list_valid_exactly_its_publication_interval_fails_within_a_period() {
        // Valid as long as it is published for: any outage longer than a
        // publication interval fails from some point, and none fails at its start
        // unless the list expired right then.
        let mut endpoint = Timeline::default();
        endpoint.push(5.0 * DAY, 5.0 * DAY + 30.0 * HOUR);
        endpoint.seal();
        let mut rng = stream(9, 0, Purpose::named("crl"), 0);
        let out = spec(DAY, DAY).unavailable(&endpoint, &mut rng);
        let got = windows(&out);
        assert_eq!(got.len(), 1);
        assert!(got[0].0 > 5.0 * DAY && got[0].0 <= 6.0 * DAY, "{got:?}");
        assert_eq!(got[0].1, 5.0 * DAY + 30.0 * HOUR);
    }
}
