//! IdP load: every call to the identity provider, per bucket and per minute.

use super::tally::Tally;
use crate::model::World;

/// token_requests_per_user_day, peak_token_requests_per_min: one call to the IdP.
#[inline]
pub(super) fn request(world: &World, t: f64, tally: &mut Tally) {
    if t < world.warmup {
        return;
    }
    tally.token_requests += 1;
    tally.bucket_token_requests[world.bucket_of(t)] += 1;
    let minute =
        (((t - world.warmup) * (1.0 / 60.0)) as usize).min(tally.minute_token_requests.len() - 1);
    tally.minute_token_requests[minute] += 1;
}
