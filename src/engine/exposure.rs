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
                e.mark = t;
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
