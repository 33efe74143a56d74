//! People during a failure: after `give_up_after` failed attempts in a row a
//! person gives up and stays away for a `come_back_after` draw; the scheduled
//! uses in that time are never made (`gave_up_attempts`), and the lockout stays
//! open until their next success. The first time they give up in an incident
//! (from a denial to the next success) they may call the help desk. A second
//! factor they saw fail is tried last while they are wary of it.
//!
//! A failed attempt is a scheduled use settled as denied, once the client's
//! retries are over: the uses those retries held settle as one failure, the
//! one error the person saw. A success with any app ends the incident.

use super::lockout::Lockout;
use super::player::Player;
use super::tally::{GroupTally, Tally};
use super::user::{Phased, User};
use crate::units::HOUR;
use rand::RngExt;

/// What a person carries through a failure (kept from user to user).
#[derive(Debug, Default)]
pub(super) struct Person {
    failures: u32,
    away_until: f64,
    /// Whether they called the help desk, or chose not to, in this incident.
    decided: bool,
    /// Until when they are wary of each of their second factors, in order.
    wary_until: Vec<f64>,
    /// The come-back waits and the help-desk coin; the waits of method switching.
    rng: Option<Phased>,
    wary_rng: Option<Phased>,
}

impl Person {
    /// Ready for `user`, whose uses play from `from`: not away at the start (a
    /// failure caught at time zero starts everyone trying; the warm-up covers it).
    pub fn reset(&mut self, user: &User, from: f64) {
        let people = &user.cohort.people;
        self.failures = 0;
        self.away_until = f64::NEG_INFINITY;
        self.decided = false;
        self.wary_until.clear();
        self.wary_until
            .resize(user.registration.second.len(), f64::NEG_INFINITY);
        // People as clocks (give_up_after = 0) keep their methods' order too.
        let wary = people.give_up() && people.switch_methods && user.registration.second.len() > 1;
        self.rng = people
            .give_up()
            .then(|| Phased::new(user, people.stream, from));
        self.wary_rng = wary.then(|| Phased::new(user, people.wary_stream, from));
    }

    /// A success: the incident is over.
    #[inline]
    pub fn served(&mut self) {
        self.failures = 0;
        self.away_until = f64::NEG_INFINITY;
        self.decided = false;
    }

    /// The second factors (bit `i`: the `i`th in registration order, of at
    /// most 100) the person is wary of at `t`: tried last.
    #[inline]
    pub fn wary(&self, t: f64) -> u128 {
        if self.wary_rng.is_none() {
            return 0;
        }
        let wary = self
            .wary_until
            .iter()
            .enumerate()
            .filter(|&(_, &until)| t < until);
        wary.fold(0, |bits, (i, _)| bits | 1 << i)
    }

    /// Second factor `i` failed in front of the person at `t`.
    pub fn saw_fail(&mut self, user: &User, i: usize, t: f64) {
        if let Some(rng) = &mut self.wary_rng {
            self.wary_until[i] = t + user.cohort.people.come_back_after.draw(rng.at(user, t));
        }
    }
}

impl Player {
    /// Whether the person is away at `t`, when app `a` was to be used: the use
    /// is never made, and they stay locked out.
    #[inline]
    pub(super) fn away(
        &mut self,
        user: &User,
        a: usize,
        t: f64,
        lockout: &mut Lockout,
        tally: &mut GroupTally,
    ) -> bool {
        if t >= self.person.away_until {
            return false;
        }
        let n = u64::from(t >= user.world.warmup);
        let app_tally = &mut tally.apps[a];
        // The loop handled the use all the same: what `authsim check` estimates.
        app_tally.attempts_played += 1;
        // gave_up_attempts; in the time series, an active user locked out.
        app_tally.gave_up_attempts += n;
        if let Some(app_lockout) = self.app_lockouts.get_mut(a) {
            app_lockout.denied(user, t, t, n, &[], app_tally);
        }
        lockout.denied(user, t, t, n, &[], &mut tally.user);
        true
    }

    /// A failed attempt, settled at `t` and counted in `tally` (its app's):
    /// after `give_up_after` in a row the person gives up, and maybe calls the
    /// help desk.
    pub(super) fn failed(&mut self, user: &User, t: f64, tally: &mut Tally) {
        let people = &user.cohort.people;
        let person = &mut self.person;
        let Some(rng) = &mut person.rng else {
            return;
        };
        person.failures += 1;
        if person.failures < people.give_up_after {
            return;
        }
        person.failures = 0;
        let rng = rng.at(user, t);
        person.away_until = t + people.come_back_after.draw(rng);
        if person.decided {
            return;
        }
        person.decided = true;
        let calls = rng.random::<f64>() < people.helpdesk_share;
        let world = user.world;
        if calls && t >= world.warmup {
            // helpdesk_calls_per_1k_users, peak_helpdesk_calls_per_hour
            tally.helpdesk_calls += 1;
            let hours = &mut tally.hour_helpdesk_calls;
            let last = hours.len() - 1;
            hours[(((t - world.warmup) / HOUR) as usize).min(last)] += 1;
        }
    }
}
