//! Client retry after a failed silent renewal: exponential backoff from
//! `backoff_base` (doubling, capped) or a fixed one; with jitter each wait is drawn
//! between the base and the backoff, so no retry comes sooner than the base; never
//! sooner than the server's Retry-After where the client honours it (an
//! outage's, `policy.retry_after`, or a throttling capacity's rejection's).

use super::queue::{Event, Kind};
use super::state::AppState;
use super::user::User;
use crate::scenario::Backoff;
use rand::RngExt;

/// The retry after `event` failed; `pending` when one is already scheduled.
pub(super) fn retry_after_denial(
    user: &User,
    state: &mut AppState,
    event: Event,
    pending: bool,
    throttled_retry_after: f64,
) -> Option<Event> {
    let spec = &user.world.apps[state.app];
    match event.kind {
        Kind::Scheduled if pending => return None,
        Kind::Scheduled => state.retries_done = 0,
        Kind::Retry => state.retries_done += 1,
        // Not an access attempt: nothing to retry.
        Kind::Revocation => return None,
    }
    if state.retries_done >= spec.retry_attempts {
        return None;
    }
    let backoff = match spec.backoff {
        Backoff::Exponential => {
            (spec.backoff_base * 2f64.powi(state.retries_done as i32)).min(spec.backoff_cap)
        }
        Backoff::Fixed => spec.backoff_base,
        Backoff::None => return None,
    };
    let wait = if spec.jitter {
        let widest =
            backoff.max(2.0 * spec.backoff_base * f64::from(spec.backoff == Backoff::Fixed));
        spec.backoff_base
            + state.retry.at(user, event.time).random::<f64>() * (widest - spec.backoff_base)
    } else {
        backoff
    };
    let retry_after = match spec.honours_retry_after {
        true => spec.retry_after.unwrap_or(0.0).max(throttled_retry_after),
        false => 0.0,
    };
    let time = event.time + wait.max(retry_after);
    (time < user.world.horizon).then_some(Event {
        time,
        app: event.app,
        kind: Kind::Retry,
    })
}
