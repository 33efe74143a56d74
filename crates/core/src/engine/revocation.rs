//! Revocation events (password reset, account disabled): the cohort's fixed ones
//! and a Poisson stream per user, which runs from where the user starts to play. A revocation ends sessions, refresh tokens and
//! the PRT at once; CAE tokens are cut once it reaches the resource; other tokens
//! live on until they expire.

use super::player::Player;
use super::queue::{Event, Kind};
use super::tally::Tally;
use super::user::Phased;
use super::user::User;
use rand::RngExt;
use rand_distr::Exp1;

/// The user's revocation events still to come.
pub(super) struct Revocations {
    rng: Phased,
    next_fixed: usize,
    next_random: f64,
}

impl Revocations {
    pub fn new(user: &User) -> Self {
        let steady = &user.cohort.steady;
        let mut revocations = Revocations {
            rng: Phased::new(user, user.cohort.revocation_stream, steady.from),
            next_fixed: 0,
            next_random: 0.0,
        };
        revocations.next_random = match steady.played_in == 0.0 && steady.from < 0.0 {
            // Nothing is used before time zero: only the last revocation before
            // it matters, a Poisson time back from it, if it falls after `from`.
            true => {
                let last = -revocations.draw(user, steady.from);
                match last >= steady.from {
                    true => last,
                    false => revocations.random_after(user, 0.0),
                }
            }
            false => revocations.random_after(user, steady.from),
        };
        revocations
    }

    /// A gap of the Poisson stream, drawn at `t`.
    fn draw(&mut self, user: &User, t: f64) -> f64 {
        let every = user.cohort.revocation_every;
        match every.is_infinite() {
            true => f64::INFINITY,
            false => every * self.rng.at(user, t).sample::<f64, _>(Exp1),
        }
    }

    /// The Poisson stream's next event after `t`; one that would fall after
    /// time zero from a draw before it is drawn again, from time zero, from
    /// the measured period's stream (the stream is memoryless). With nothing
    /// used before time zero, the last revocation before it is the only one.
    fn random_after(&mut self, user: &User, t: f64) -> f64 {
        let next = t + self.draw(user, t);
        let quiet = user.cohort.steady.played_in == 0.0;
        match t < 0.0 && (quiet || next >= 0.0) {
            true => self.draw(user, 0.0),
            false => next,
        }
    }

    pub fn next(&self, user: &User) -> Option<Event> {
        let fixed = user
            .cohort
            .revocations_at
            .get(self.next_fixed)
            .copied()
            .unwrap_or(f64::INFINITY);
        let time = fixed.min(self.next_random);
        (time < user.world.horizon).then_some(Event {
            time,
            app: 0,
            kind: Kind::Revocation,
        })
    }

    /// Moves past the event at `t`.
    fn advance(&mut self, user: &User, t: f64) {
        if user.cohort.revocations_at.get(self.next_fixed) == Some(&t) {
            self.next_fixed += 1;
        } else {
            self.next_random = self.random_after(user, t);
        }
    }
}

impl Player {
    /// The user's credentials are revoked at `r`.
    pub(super) fn revoke(
        &mut self,
        user: &User,
        revocations: &mut Revocations,
        r: f64,
        tally: &mut Tally,
    ) {
        let policy = &user.world.policy;
        self.device.revoked_at = r;
        let mut until = r;
        for state in &mut self.apps {
            // Always one draw per app, so variants with and without CAE stay paired.
            let delay = revocations.rng.at(user, r).random::<f64>() * policy.cae_propagation_delay;
            if state.token_issued < r {
                if state.token_cae {
                    state.token_expiry = state.token_expiry.min(r + delay);
                }
                until = until.max(state.token_expiry);
            }
        }
        self.exposures.revoke(r, until, user.world.warmup, tally);
        revocations.advance(user, r);
    }
}
