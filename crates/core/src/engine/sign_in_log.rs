//! The sign-in log: every request the identity provider sees from the users
//! being logged, with its outcome, as a real tenant's sign-in log records it.
//! Off by default (`Player::default`): a `None` tested at each request, nothing
//! allocated. On (`Player::logging`), each request is pushed onto a `Vec` that
//! the caller drains after each user (`Player::take_log`). Only the measured
//! timeline is logged (time zero on), not the play-in before it.

use super::player::Player;
use super::user::User;

/// How the request reached the identity provider (`incomingTokenType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// An interactive sign-in with no token presented.
    Interactive,
    /// The app's refresh token (or a web app's IdP session).
    RefreshToken,
    /// The device's primary refresh token: its background renewal, or single sign-on.
    Prt,
    /// The backup token service renewed the session while the primary was down.
    Backup,
    /// A workload's own credential (client secret, managed identity).
    Credential,
}

/// What the identity provider answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The token service was down (an outage, or an answer past the client's timeout).
    TokenServiceDown,
    /// A capacity turned the request away.
    Throttled,
    /// A contingency rule blocks the user's tokens (a conditional access block).
    Blocked,
    /// No first factor (or passwordless method) worked, or what the
    /// cohort's interactive sign-ins need was down.
    FirstFactorFailed,
    /// MFA was asked for and no second factor worked.
    MfaFailed,
}

/// One request to the identity provider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignInEvent {
    /// Seconds from time zero.
    pub time: f64,
    pub replication: u32,
    /// The cohort's index in the world, the user's registration mix in it,
    /// and the user's index in the cohort.
    pub cohort: u32,
    pub mix: u32,
    pub user: u32,
    /// The app's index in the world (`World::apps`).
    pub app: u32,
    /// The user was prompted (supplied a factor, or was asked to).
    pub interactive: bool,
    /// A workload (service principal or managed identity), not a person.
    pub workload: bool,
    /// In the background, unseen by the user: an early renewal, a PRT renewal.
    pub background: bool,
    pub via: Via,
    pub outcome: Outcome,
    /// The first factor or passwordless method used, and the second factor,
    /// by method index (`World::methods`).
    pub first: Option<u32>,
    pub second: Option<u32>,
    /// Policy asked for MFA; a factor satisfied it now; the device
    /// remembered it or the PRT's claim carried it (no factor asked for);
    /// a contingency rule waived it.
    pub mfa_required: bool,
    pub mfa_done: bool,
    pub mfa_remembered: bool,
    pub mfa_waived: bool,
    pub registered_device: bool,
    /// The token issued is a CAE token.
    pub cae: bool,
}

/// The requests of the user being played, and what the sign-in in progress
/// has done so far (filled in by `sign_in`, taken by the next record).
#[derive(Debug, Default)]
pub(super) struct SignInLog {
    events: Vec<SignInEvent>,
    pub pending: Pending,
}

/// What an interactive sign-in did, as it goes.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Pending {
    pub first: Option<u32>,
    pub second: Option<u32>,
    pub prompted: bool,
    pub mfa_required: bool,
    pub mfa_done: bool,
    pub mfa_remembered: bool,
    pub mfa_waived: bool,
    /// Why the sign-in failed, where it did.
    pub failed: Option<Outcome>,
}

/// One request as the rule that made it sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Request {
    pub via: Via,
    pub background: bool,
}

impl Request {
    /// A silent renewal with the app's own credential: its refresh token, or
    /// a workload's credential.
    pub fn silent(user: &User, background: bool) -> Self {
        let via = match user.cohort.workloads {
            true => Via::Credential,
            false => Via::RefreshToken,
        };
        Request { via, background }
    }
}

impl Player {
    /// A player that logs every request of the users it plays.
    pub fn logging() -> Self {
        Player {
            log: Some(Box::default()),
            ..Player::default()
        }
    }

    /// The requests logged since the last call, in the order played (per
    /// app within a quiet stretch, so not always in time order).
    pub fn take_log(&mut self, into: &mut Vec<SignInEvent>) {
        if let Some(log) = &mut self.log {
            into.append(&mut log.events);
        }
    }

    /// Notes what the sign-in in progress did (only where logging).
    #[inline]
    pub(super) fn note(&mut self, what: impl FnOnce(&mut Pending)) {
        if let Some(log) = &mut self.log {
            what(&mut log.pending);
        }
    }

    /// Logs one request of app `app` at `t` (only where logging).
    #[inline]
    pub(super) fn log(&mut self, user: &User, app: usize, t: f64, req: Request, outcome: Outcome) {
        if self.log.is_some() {
            self.push(user, app, t, req, outcome);
        }
    }

    #[inline(never)]
    fn push(&mut self, user: &User, app: usize, t: f64, req: Request, outcome: Outcome) {
        let world_app = self.apps[app].app;
        let Some(log) = &mut self.log else {
            return;
        };
        let p = std::mem::take(&mut log.pending);
        if t < 0.0 {
            return;
        }
        // What `sign_in` noted as the reason overrides the caller's default.
        let outcome = match outcome {
            Outcome::Success => outcome,
            _ => p.failed.unwrap_or(outcome),
        };
        let issued = outcome == Outcome::Success && !(req.via == Via::Prt && req.background);
        log.events.push(SignInEvent {
            time: t,
            replication: user.replication,
            cohort: user.cohort_index,
            mix: user.mix,
            user: user.index,
            app: world_app as u32,
            interactive: p.prompted || req.via == Via::Interactive,
            workload: user.cohort.workloads,
            background: req.background,
            via: req.via,
            outcome,
            first: p.first,
            second: p.second,
            mfa_required: p.mfa_required,
            mfa_done: p.mfa_done,
            mfa_remembered: p.mfa_remembered,
            mfa_waived: p.mfa_waived,
            registered_device: user.cohort.registered_devices,
            cae: issued && user.world.apps[world_app].cae,
        });
    }
}
