//! The worker's scratch space a user's play runs in: the event queue and every
//! rule's state, reused from user to user. Each rule adds its methods to
//! `Player` in a file of its own, above this one.

use super::capacity::Throttling;
use super::dependencies::Dependencies;
use super::device::DeviceState;
use super::exposure::Exposures;
use super::lockout::Lockout;
use super::people::Person;
use super::queue::EventQueue;
use super::sign_in_log::SignInLog;
use super::staleness::OpenSession;
use super::state::{AppState, SignedIn};

/// Per-worker scratch space, reused from user to user so the hot loop never allocates.
#[derive(Debug, Default)]
pub struct Player {
    pub(super) queue: EventQueue,
    pub(super) apps: Vec<AppState>,
    pub(super) dependencies: Dependencies,
    pub(super) device: DeviceState,
    pub(super) exposures: Exposures,
    /// The user's lockout across apps, and each app's own (none where the
    /// cohort has one app: see `lockout`).
    pub(super) lockout: Lockout,
    pub(super) app_lockouts: Vec<Lockout>,
    /// What was down on the paths of the denial being settled (see `attribution`).
    pub(super) causes: Vec<usize>,
    /// What the person does when access fails (see `people`).
    pub(super) person: Person,
    /// Each app's session decision, and how the latest sign-in got in (see `staleness`).
    pub(super) sessions: Vec<OpenSession>,
    pub(super) signed_in: SignedIn,
    /// The user's admissions by the capacities (see `capacity`).
    pub(super) throttling: Throttling,
    /// The sign-in log, where one is kept (see `sign_in_log`).
    pub(super) log: Option<Box<SignInLog>>,
}
