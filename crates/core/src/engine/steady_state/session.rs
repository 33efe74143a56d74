//! Sessions and the MFA the device remembers, as they stand at the start.
//!
//! A session lasts the sign-in frequency unless a revocation ends it sooner,
//! then waits for the renewal that finds it ended (`model::steady_state::Wait`).
//! At a random instant it is past its end with probability E[D] / (lasts +
//! E[D]), and has then waited a time of density P(D > e) / E[D]; otherwise its
//! age has density e^(-rate x age) below the frequency, at an instant of
//! working time, as sign-ins are. Where only revocations end sessions, the
//! user's last revocation (a Poisson time back) ends every app's at once.

use super::super::user::User;
use crate::model::steady_state::Wait;
use crate::streams::{Rng, exp1};
use rand::RngExt;

/// A session as it stands at the start.
#[derive(Debug, Clone, Copy)]
pub(super) struct Session {
    /// Its interactive sign-in.
    pub start: f64,
    /// How long ago it ended, waiting for the renewal that finds it so.
    pub ended: Option<f64>,
}

/// The user's last revocation before `from`, where only revocations end
/// sessions: each app's (or the device's) session then began at the first
/// renewal after it, or still waits for it.
pub(super) fn last_revocation(user: &User, from: f64, rng: &mut Rng) -> Option<f64> {
    let s = &user.cohort.steady.sessions;
    let only_revocations = s.frequency.is_infinite() && s.rate > 0.0 && !user.cohort.workloads;
    only_revocations.then(|| from - exp1(rng) / s.rate)
}

/// A session whose ending waits as `wait` says, at `from`; `revoked` is the
/// user's last revocation where only revocations end sessions.
pub(super) fn session(
    user: &User,
    wait: &Wait,
    revoked: Option<f64>,
    from: f64,
    rng: &mut Rng,
) -> Session {
    let s = &user.cohort.steady.sessions;
    if let Some(revoked) = revoked {
        let d = wait.draw(rng.random());
        return match revoked + d < from {
            true => Session {
                start: revoked + d,
                ended: None,
            },
            // Its sign-in came before the revocation by a memoryless wait.
            false => Session {
                start: revoked - exp1(rng) / s.rate,
                ended: Some(from - revoked),
            },
        };
    }
    if s.lasts.is_infinite() || user.cohort.workloads {
        // Never ends (workloads have no session): any start will do (and
        // -inf + inf would be NaN).
        return Session {
            start: from,
            ended: None,
        };
    }
    if rng.random::<f64>() * (s.lasts + wait.mean) >= s.lasts {
        let e = wait.elapsed(rng.random());
        return Session {
            start: from - e - s.frequency,
            ended: Some(e),
        };
    }
    Session {
        start: alive_since(user, from, rng),
        ended: None,
    }
}

/// The sign-in of a session alive at `from`: an instant of working time within
/// the frequency before it, of density e^(-rate x age).
fn alive_since(user: &User, from: f64, rng: &mut Rng) -> f64 {
    let week = &user.cohort.week;
    let steady = &user.cohort.steady;
    let (frequency, rate) = (steady.sessions.frequency, steady.sessions.rate);
    // A uniform instant of the working time in the frequency before `from`...
    let (low, high) = steady.sign_in_window;
    let uniform = |rng: &mut Rng| week.wall_time_at(high - rng.random::<f64>() * (high - low));
    if rate == 0.0 {
        return uniform(rng);
    }
    // ...or, with revocations, drawn in wall time and kept in working time:
    // a handful of draws find one, and in the rare week that works a sliver of
    // the time, the uniform instant stands in.
    for _ in 0..MAX_DRAWS {
        let u = rng.random::<f64>();
        let start = from + (u * (-rate * frequency).exp_m1()).ln_1p() / rate;
        if week.is_active(start) {
            return start;
        }
    }
    uniform(rng)
}

/// Draws of a sign-in's instant before the uniform instant stands in.
const MAX_DRAWS: usize = 64;

/// Sign-ins before the start that MFA is played over: past them the time
/// remembered is drawn by renewal-reward alone.
const SIGN_INS: usize = 256;
/// MFA cycles the sign-ins span: enough for the time remembered to take its
/// phase with the sign-ins (see `mfa_remembered_until`).
const MFA_CYCLES: f64 = 4.0;

/// Until when MFA is remembered at `from`: for `remember_mfa` after it was
/// asked, then asked again at the next sign-in. Drawn by renewal-reward (past
/// with probability E[V] / (remember + E[V]), V the wait from it to the next
/// sign-in, otherwise uniform) a few MFA cycles back, then played forward
/// over the sessions' sign-ins (each drawn back from its latest, cycle by
/// cycle: a session's length, then its wait), so that it keeps its phase with
/// them. Where that would take more than `SIGN_INS` sign-ins, the
/// renewal-reward draw is made at `from`.
pub(super) fn mfa_remembered_until<'a>(
    user: &User,
    sessions: impl Iterator<Item = (f64, &'a Wait)> + Clone,
    from: f64,
    rng: &mut Rng,
) -> f64 {
    let remember = user.world.policy.remember_mfa;
    let steady = &user.cohort.steady;
    let lasts = steady.sessions.lasts;
    if remember == 0.0 {
        return f64::NEG_INFINITY;
    }
    let renewal_reward = |at: f64, rng: &mut Rng| match rng.random::<f64>()
        * (remember + steady.mfa_overshoot)
        < remember
    {
        true => at + rng.random::<f64>() * remember,
        false => at,
    };
    let rate: f64 = sessions.clone().map(|(_, w)| 1.0 / (lasts + w.mean)).sum();
    let span = MFA_CYCLES * (remember + steady.mfa_overshoot);
    if lasts.is_infinite() || span * rate > SIGN_INS as f64 {
        return renewal_reward(from, rng);
    }
    let mut sign_ins = [f64::NEG_INFINITY; SIGN_INS];
    let mut n = 0;
    for (latest, wait) in sessions {
        let mut t = latest;
        while t > from - span && n < SIGN_INS {
            sign_ins[n] = t;
            n += 1;
            t -= session_length(user, rng) + wait.draw(rng.random());
        }
    }
    let sign_ins = &mut sign_ins[..n];
    sign_ins.sort_by(f64::total_cmp);
    let mut until = renewal_reward(from - span, rng);
    for &t in sign_ins.iter() {
        if t >= until {
            until = t + remember;
        }
    }
    until
}

/// A session's length: the sign-in frequency, or a revocation before it.
fn session_length(user: &User, rng: &mut Rng) -> f64 {
    let s = &user.cohort.steady.sessions;
    match s.rate {
        0.0 => s.frequency,
        rate => (exp1(rng) / rate).min(s.frequency),
    }
}
