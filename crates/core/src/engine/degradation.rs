//! Degradation: a request that needs a component in one of its degradation
//! windows fails with the window's `fail_share` (a uniform from the user's own
//! stream, so a client's retries each take their chance), or is answered after
//! the window's latency: past the client's timeout the client gives up on it at
//! the timeout (a failure, retried from then), within it the access is served,
//! that much later (a delay, as a retried success is).

use super::user::{Phased, User};
use crate::model::degradation::Slow;
use rand::RngExt;

/// What the degraded requests of the access being played came to.
#[derive(Debug, Default)]
pub(super) struct Slowness {
    /// Drawn from on first need, so users who meet no degradation draw nothing.
    rng: Option<Phased>,
    /// The client's timeout of the app being accessed.
    timeout: f64,
    /// How much later than asked the access is answered.
    pub latency: f64,
    /// A request of the access was given up on at the timeout.
    pub timed_out: bool,
}

impl Slowness {
    /// Ready for the next user.
    pub fn reset(&mut self) {
        self.rng = None;
        self.forget();
    }

    /// An access begins with app `app`'s client.
    #[inline]
    pub fn start(&mut self, user: &User, app: usize) {
        self.timeout = user.world.apps[app].timeout;
        self.forget();
    }

    /// What the requests so far came to is not felt (a background renewal's).
    #[inline]
    pub fn forget(&mut self) {
        self.latency = 0.0;
        self.timed_out = false;
    }

    /// How long after it began the failed access failed: the timeout where a
    /// request was given up on, else at once.
    #[inline]
    pub fn failed_after(&self) -> f64 {
        match self.timed_out {
            true => self.timeout,
            false => 0.0,
        }
    }

    /// Whether a request at `t` in degradation window `w` gets its answer.
    pub fn lets_through(&mut self, user: &User, w: Slow, t: f64) -> bool {
        if w.latency > self.timeout {
            self.timed_out = true;
            return false;
        }
        if w.fail_share > 0.0 {
            let rng = self
                .rng
                .get_or_insert_with(|| Phased::new(user, user.cohort.degraded_stream, t));
            if rng.at(user, t).random::<f64>() < w.fail_share {
                return false;
            }
        }
        self.latency = self.latency.max(w.latency);
        true
    }
}
