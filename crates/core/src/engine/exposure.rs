//! Revocation exposure: from a revocation to the last access still served with a
//! token issued before it.
//!
//! An access served with a token issued at `i` is exposure for every revocation
//! after `i` (a token's expiry only ever shrinks, so the access also falls before
//! each such revocation's `until`). Revocations come in time order, so those are
//! a suffix of the open ones: the access marks only the suffix's first, and a
//! revocation's last exposed access is the latest mark at or before it, read when
//! it closes. Each access costs O(1), however many revocations are open.

use super::tally::Tally;
use std::collections::VecDeque;

#[derive(Debug, Default)]
pub(super) struct Exposures {
    /// Revocations whose old tokens may still serve, oldest first.
    open: VecDeque<Exposure>,
    /// The index of `open[0]` among the user's revocations.
    first: u64,
    /// The user's revocations so far: the index the next one will get.
    count: u64,
    /// The latest mark of the revocations already closed.
    carry: f64,
}

#[derive(Debug, Clone, Copy)]
struct Exposure {
    at: f64,
    /// When the last token issued before `at` expires or is cut.
    until: f64,
    /// The latest access served with a token whose first later revocation is this one.
    mark: f64,
}

impl Exposures {
    pub fn reset(&mut self) {
        self.open.clear();
        self.first = 0;
        self.count = 0;
        self.carry = f64::NEG_INFINITY;
    }

    /// The index the next revocation will get: a token issued now precedes it.
    pub fn next_index(&self) -> u64 {
        self.count
    }

    /// An access at `t` served with a token issued at `issued`, when the next
    /// revocation's index was `from`.
    #[inline]
    pub fn served(&mut self, from: u64, issued: f64, t: f64) {
        if from >= self.count {
            return;
        }
        let mut k = from.max(self.first);
        // Revocations at the very instant of issue do not follow it: skip them.
        while let Some(e) = self.open.get_mut((k - self.first) as usize) {
            if e.at > issued {
                // The latest: a quiet stretch reports each app's last access, not in time order.
                e.mark = e.mark.max(t);
                return;
            }
            k += 1;
        }
    }

    /// A revocation at `at` whose old tokens live until `until`; those that ended
    /// before it are closed first.
    pub fn revoke(&mut self, at: f64, until: f64, warmup: f64, tally: &mut Tally) {
        while self.open.front().is_some_and(|e| e.until < at) {
            self.close_first(warmup, tally);
        }
        self.count += 1;
        self.open.push_back(Exposure {
            at,
            until,
            mark: f64::NEG_INFINITY,
        });
    }

    /// Closes every revocation still open at the end of the user's play.
    pub fn finish(&mut self, warmup: f64, tally: &mut Tally) {
        while !self.open.is_empty() {
            self.close_first(warmup, tally);
        }
    }

    fn close_first(&mut self, warmup: f64, tally: &mut Tally) {
        let e = self.open.pop_front().expect("an open revocation");
        self.first += 1;
        self.carry = self.carry.max(e.mark);
        // revocation_exposure_mean, revocation_exposure_p95
        if e.at >= warmup {
            tally.add_exposure(self.carry.max(e.at) - e.at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::{Purpose, stream};
    use rand::RngExt;

    /// The straightforward algorithm: every served access scans every open revocation.
    #[derive(Default)]
    struct Scan {
        open: Vec<(f64, f64, f64)>,
        closed: Vec<f64>,
    }

    impl Scan {
        fn revoke(&mut self, at: f64, until: f64) {
            for &(a, u, last) in &self.open {
                if u < at {
                    self.closed.push(last - a);
                }
            }
            self.open.retain(|&(_, u, _)| u >= at);
            self.open.push((at, until, at));
        }
        fn served(&mut self, issued: f64, t: f64) {
            for e in &mut self.open {
                if issued < e.0 && t <= e.1 {
                    e.2 = t;
                }
            }
        }
    }

    #[test]
    fn marks_give_what_scanning_every_open_revocation_gives() {
        let mut rng = stream(7, 0, Purpose::named("exposure test"), 0);
        for _ in 0..300 {
            let mut fast = Exposures::default();
            fast.reset();
            let mut scan = Scan::default();
            let mut tally = Tally::with_sizes(1, 1, 1);
            // One app: a token issued at `issued`, valid until `expiry`.
            let (mut t, mut issued, mut expiry, mut from) = (0.0, -1.0, 5.0, 0);
            for _ in 0..60 {
                // Often no time passes: a revocation at the very instant of an issue.
                if rng.random_bool(0.7) {
                    t += rng.random::<f64>() * 3.0;
                }
                match rng.random_range(0..4) {
                    0 => {
                        // As `Player::revoke`: a CAE token may be cut.
                        if issued < t && rng.random_bool(0.3) {
                            expiry = f64::min(expiry, t + rng.random::<f64>());
                        }
                        let until = if issued < t { expiry.max(t) } else { t };
                        fast.revoke(t, until, 0.0, &mut tally);
                        scan.revoke(t, until);
                    }
                    1 => {
                        issued = t;
                        expiry = t + 1.0 + rng.random::<f64>() * 6.0;
                        from = fast.next_index();
                    }
                    _ if t < expiry => {
                        fast.served(from, issued, t);
                        scan.served(issued, t);
                    }
                    _ => {}
                }
            }
            fast.finish(0.0, &mut tally);
            let mut reference = Tally::with_sizes(1, 1, 1);
            for &(at, _, last) in &scan.open {
                scan.closed.push(last - at);
            }
            for &seconds in &scan.closed {
                reference.add_exposure(seconds);
            }
            assert_eq!(tally.revocations, reference.revocations);
            assert_eq!(tally.exposure_ms, reference.exposure_ms);
            assert_eq!(tally.exposure_bins, reference.exposure_bins);
        }
    }
}
