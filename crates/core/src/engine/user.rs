//! Who is being played, and the replication they play in: what every rule of
//! the engine asks about, below them all.

use crate::model::capacity::Shares;
use crate::model::outages::Outages;
use crate::model::{CohortSpec, RegistrationSpec, World};
use crate::streams::{Purpose, Rng, stream};

/// One variant's world in one replication: what every user of it plays against.
pub struct Replication<'a> {
    pub world: &'a World,
    pub outages: &'a Outages,
    /// Each watched component's acceptance share in each minute.
    pub shares: &'a Shares,
    pub seed: u64,
    pub index: u32,
}

/// The user being played: who they are, and the replication they play in.
pub(super) struct User<'a> {
    pub world: &'a World,
    pub outages: &'a Outages,
    pub shares: &'a Shares,
    pub cohort: &'a CohortSpec,
    pub registration: &'a RegistrationSpec,
    pub seed: u64,
    pub replication: u32,
    pub index: u32,
    /// The cohort's index in the world and the user's registration mix: what
    /// a sign-in log names them by.
    pub cohort_index: u32,
    pub mix: u32,
}

impl User<'_> {
    /// This user's random stream for `purpose` in this replication.
    pub fn stream(&self, purpose: Purpose) -> Rng {
        self.copy_stream(purpose, 0)
    }

    /// The stream of copy `copy` of one of the user's redundancy groups (copy 0's
    /// is the user's own stream).
    pub fn copy_stream(&self, purpose: Purpose, copy: u32) -> Rng {
        let index = u64::from(self.index) | u64::from(copy) << 32;
        stream(self.seed, self.replication, purpose, index)
    }

    /// The user's stream for `purpose` before time zero: the steady-state draws
    /// and the play-in, apart from the measured period's own stream, so that
    /// variants that play in differently still share every draw after time zero.
    pub fn burn_in_stream(&self, purpose: Purpose) -> Rng {
        let index = u64::from(self.index) | 1 << 63;
        stream(self.seed, self.replication, purpose, index)
    }
}

/// A user's stream that serves the draws before time zero from the burn-in
/// stream and, from the first draw at or after it, the measured period's own.
#[derive(Debug, Clone)]
pub(super) struct Phased {
    rng: Rng,
    /// The measured period's purpose, until its stream takes over.
    measured: Option<Purpose>,
}

impl Phased {
    /// The stream for draws from `from` on (negative infinity: the start's).
    pub fn new(user: &User, purpose: Purpose, from: f64) -> Self {
        match from < 0.0 {
            true => Phased {
                rng: user.burn_in_stream(purpose),
                measured: Some(purpose),
            },
            false => Phased {
                rng: user.stream(purpose),
                measured: None,
            },
        }
    }

    /// The stream to draw from at `t` (negative infinity: the draws of the
    /// state the user starts in).
    #[inline]
    pub fn at(&mut self, user: &User, t: f64) -> &mut Rng {
        if t >= 0.0 && self.measured.is_some() {
            self.measure(user);
        }
        &mut self.rng
    }

    #[cold]
    fn measure(&mut self, user: &User) {
        if let Some(purpose) = self.measured.take() {
            self.rng = user.stream(purpose);
        }
    }
}
