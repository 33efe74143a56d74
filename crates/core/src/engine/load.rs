//! Load: every call to the identity provider, and every prompt the MFA service
//! and the help desk feel, per bucket and per minute (the storm after recovery).

use super::tally::Tally;
use crate::model::World;
use crate::units::index_in;

/// token_requests_per_user_day, peak_token_requests_per_min: one call to the IdP.
#[inline]
pub(super) fn request(world: &World, t: f64, tally: &mut Tally) {
    if t >= world.warmup {
        measured_request(world, t, world.bucket_of(t), tally);
    }
}

/// `request` at `t`, after the warm-up, in time bucket `bucket` (a quiet
/// stretch has it already).
#[inline]
pub(super) fn measured_request(world: &World, t: f64, bucket: usize, tally: &mut Tally) {
    let Tally {
        token_requests,
        bucket_token_requests,
        minute_token_requests,
        ..
    } = tally;
    count_measured(
        world,
        t,
        bucket,
        token_requests,
        bucket_token_requests,
        minute_token_requests,
    );
}

/// prompts_per_user_day, peak_prompts_per_min: an interactive sign-in.
pub(super) fn prompt(world: &World, t: f64, tally: &mut Tally) {
    let Tally {
        prompts,
        bucket_prompts,
        minute_prompts,
        ..
    } = tally;
    count(world, t, prompts, bucket_prompts, minute_prompts);
}

/// mfa_prompts_per_user_day, peak_mfa_prompts_per_min: a second factor asked for.
pub(super) fn mfa_prompt(world: &World, t: f64, tally: &mut Tally) {
    let Tally {
        mfa_prompts,
        bucket_mfa_prompts,
        minute_mfa_prompts,
        ..
    } = tally;
    count(
        world,
        t,
        mfa_prompts,
        bucket_mfa_prompts,
        minute_mfa_prompts,
    );
}

/// One more at `t`, if after the warm-up: in all, in its bucket, in its minute
/// (the horizon's own last instant in the last minute).
#[inline]
fn count(world: &World, t: f64, all: &mut u64, buckets: &mut [u64], minutes: &mut [u32]) {
    if t >= world.warmup {
        count_measured(world, t, world.bucket_of(t), all, buckets, minutes);
    }
}

/// `count` at `t` after the warm-up, in bucket `bucket`.
#[inline(always)]
fn count_measured(
    world: &World,
    t: f64,
    bucket: usize,
    all: &mut u64,
    buckets: &mut [u64],
    minutes: &mut [u32],
) {
    *all += 1;
    buckets[bucket] += 1;
    minutes[index_in((t - world.warmup) * (1.0 / 60.0), minutes.len() - 1)] += 1;
}
