//! Counters that users' plays stream into. All integers, so adding tallies in any
//! order gives the same totals: results do not depend on how work was split.

use super::attribution::cause_count;
use crate::model::World;
pub(super) use bins::{BINS, bin_of, mid};
use serde::{Deserialize, Serialize};

/// Declares the tally once: the struct, a merge that adds every field (so no
/// counter can be left out of it), and a merge of what attempts count alone.
macro_rules! tally {
    (
        per_user { $($(#[$udoc:meta])* $user:ident: $uty:ty,)* }
        per_lockout { $($(#[$ldoc:meta])* $lockout:ident: $lty:ty,)* }
        per_attempt { $($(#[$adoc:meta])* $attempt:ident: $aty:ty,)* }
    ) => {
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Tally {
            $($(#[$udoc])* pub $user: $uty,)*
            $($(#[$ldoc])* pub $lockout: $lty,)*
            $($(#[$adoc])* pub $attempt: $aty,)*
        }

        impl Tally {
            /// Adds every counter of `other` to this tally.
            pub fn merge(&mut self, other: &Tally) {
                $(Add::add(&mut self.$user, &other.$user);)*
                $(Add::add(&mut self.$lockout, &other.$lockout);)*
                $(Add::add(&mut self.$attempt, &other.$attempt);)*
            }

            /// Adds what `other`'s lockouts counted (see `lockout`).
            fn merge_lockouts(&mut self, other: &Tally) {
                $(Add::add(&mut self.$lockout, &other.$lockout);)*
            }

            /// Adds what `other`'s attempts counted, leaving its users out: an app's
            /// attempts into its users' tally across apps.
            fn merge_attempts(&mut self, other: &Tally) {
                $(Add::add(&mut self.$attempt, &other.$attempt);)*
            }
        }
    };
}

// A user's counters are kept for the user across apps (their group's `user`
// tally) and for each app (its users, and the app's own lockout: all that
// `lockout` counts is a `per_lockout` counter); an attempt's are kept only in
// its app's tally, so the hot loop counts each once.
tally! {
    per_user {
        /// People; workloads are counted apart.
        users: u64,
        workloads: u64,
        /// Revocation events and the exposure after each.
        revocations: u64,
        exposure_ms: u64,
        exposure_bins: Vec<u32>,
    }
    per_lockout {
        users_locked_out: u64,
        /// From each denial to the user's next success, in milliseconds.
        lockout_ms: u64,
        /// Per time bucket: users with an attempt, users with a denied attempt.
        bucket_active: Vec<u64>,
        bucket_locked_out: Vec<u64>,
        /// Per cause (the world's components, then the causes that are not one):
        /// the lockout of the denials it began.
        lockout_ms_by_cause: Vec<u64>,
    }
    per_attempt {
        workload_attempts: u64,
        workload_denied: u64,
        /// Every scheduled use played, play-in and warm-up included (what
        /// `authsim check` estimates; those given up too), and the client's
        /// retries played apart.
        attempts_played: u64,
        retries_played: u64,
        attempts: u64,
        /// Denied attempts, and of them those whose token was fine but the resource
        /// unreachable or refusing it.
        denied: u64,
        denied_resource: u64,
        /// Attempts the client got through on a retry, and their waits in milliseconds.
        delayed_attempts: u64,
        delay_ms: u64,
        prompts: u64,
        mfa_prompts: u64,
        /// Sign-ins only a contingency rule let through, and those of them whose MFA it waived.
        contingency_sign_ins: u64,
        mfa_waived: u64,
        token_requests: u64,
        /// Per time bucket: token requests, interactive and MFA prompts.
        bucket_token_requests: Vec<u64>,
        bucket_prompts: Vec<u64>,
        bucket_mfa_prompts: Vec<u64>,
        /// Per time bucket: workloads' calls made then that were denied.
        bucket_workload_denied: Vec<u64>,
        /// Token requests, interactive and MFA prompts in each minute of the
        /// measured period, for the peaks.
        minute_token_requests: Vec<u32>,
        minute_prompts: Vec<u32>,
        minute_mfa_prompts: Vec<u32>,
        /// Silent renewals the backup token service served.
        backup_renewals: u64,
        /// Requests a capacity turned away after the warm-up (see `capacity`).
        throttled: u64,
        /// Requests reaching each watched component (`World::watched`) in each
        /// minute from time zero: the load the fixed point sets the shares from.
        minute_watched_requests: Vec<u32>,
        /// Per cause: the denied attempts it was down for.
        denied_by_cause: Vec<u64>,
        /// Scheduled uses a person who had given up never made (see `people`).
        gave_up_attempts: u64,
        /// Help desk calls, in all and in each hour of the measured period, in
        /// the tally of the app whose failure made the person give up.
        helpdesk_calls: u64,
        hour_helpdesk_calls: Vec<u32>,
        /// Policy staleness (see `staleness`), by the period that holds the old
        /// decision: an app's token (not CAE, CAE) or its session. Each kind's
        /// measured time (ms); the integral over it of the time to the next
        /// evaluation (s²; a CAE token's also as cut by CAE, `cae_cut`); and the
        /// time left at each period's first and last measured moment, binned
        /// (+1 and -1) for the percentiles.
        stale_token_ms: u64,
        stale_cae_ms: u64,
        stale_session_ms: u64,
        stale_token_s2: u128,
        stale_cae_s2: u128,
        stale_cae_cut_s2: u128,
        stale_session_s2: u128,
        stale_token_bins: Vec<i64>,
        stale_cae_bins: Vec<i64>,
        stale_session_bins: Vec<i64>,
        /// Measured time of sessions begun by a sign-in whose MFA a contingency
        /// rule waived, or through a method a fallback switch replaced (ms).
        mfa_waived_session_ms: u64,
        fallback_session_ms: u64,
        /// The age of the conditional-access data (from the session's start)
        /// each measured backup renewal was judged on (ms).
        backup_data_age_ms: u64,
    }
}

/// One group's counts (a cohort's registration mix): its users across their
/// apps, and each app of the cohort, in the cohort's order.
#[derive(Debug, Clone)]
pub struct GroupTally {
    pub user: Tally,
    /// What each app counts itself; where the cohort has one app, without the
    /// lockout's counts, which are the users' (read an app through `app`).
    pub(crate) apps: Vec<Tally>,
}

/// Whether each app of a cohort with `apps` apps follows its own lockout into
/// its tally: with one app, that lockout is the users' own, followed once.
pub(crate) fn apps_follow_lockouts(apps: usize) -> bool {
    apps > 1
}

impl GroupTally {
    fn new(world: &World, apps: usize) -> Self {
        GroupTally {
            // Attempts are never counted here: no room for their minutes.
            user: Tally::sized(world, 0),
            apps: (0..apps).map(|_| Tally::new(world)).collect(),
        }
    }

    /// Adds app `a`'s counts to `into`: where the cohort has one app, its
    /// lockout is the users' own, followed once (see `lockout`).
    pub fn add_app(&self, a: usize, into: &mut Tally) {
        into.merge(&self.apps[a]);
        if !apps_follow_lockouts(self.apps.len()) {
            into.merge_lockouts(&self.user);
        }
    }

    /// App `a`'s counts.
    pub fn app(&self, a: usize) -> Tally {
        let mut tally = self.apps[a].clone();
        if !apps_follow_lockouts(self.apps.len()) {
            tally.merge_lockouts(&self.user);
        }
        tally
    }

    /// Adds the group's users across their apps to `into`: their own counts and
    /// every app's attempts.
    pub fn add_across_apps(&self, into: &mut Tally) {
        into.merge(&self.user);
        for app in &self.apps {
            into.merge_attempts(app);
        }
    }

    fn merge(&mut self, other: &GroupTally) {
        self.user.merge(&other.user);
        for (a, b) in self.apps.iter_mut().zip(&other.apps) {
            a.merge(b);
        }
    }
}

/// A variant's counts in one replication, per group (each cohort's registration
/// mixes in order), each made when a user of it is first played, so a worker
/// holds only the groups it plays.
#[derive(Debug, Clone)]
pub struct Tallies {
    /// Each cohort's first group.
    first: Vec<usize>,
    groups: Vec<Option<GroupTally>>,
}

impl Tallies {
    pub fn new(world: &World) -> Self {
        let mut first = Vec::with_capacity(world.cohorts.len());
        let mut groups = 0;
        for c in &world.cohorts {
            first.push(groups);
            groups += c.registrations.len();
        }
        Tallies {
            first,
            groups: vec![None; groups],
        }
    }

    /// The tallies of `mix` of `cohort`.
    pub fn group(&mut self, world: &World, cohort: usize, mix: usize) -> &mut GroupTally {
        let apps = world.cohorts[cohort].apps.len();
        self.groups[self.first[cohort] + mix].get_or_insert_with(|| GroupTally::new(world, apps))
    }

    /// The group of `mix` of `cohort`, if any of its users was played.
    pub fn get(&self, cohort: usize, mix: usize) -> Option<&GroupTally> {
        self.groups[self.first[cohort] + mix].as_ref()
    }

    /// Adds every group's requests reaching each watched component in each
    /// minute to `load` (by watched component, then minute).
    pub fn add_watched_load(&self, load: &mut [u64]) {
        let apps = self.groups.iter().flatten().flat_map(|g| &g.apps);
        for tally in apps {
            for (l, &n) in load.iter_mut().zip(&tally.minute_watched_requests) {
                *l += u64::from(n);
            }
        }
    }

    pub fn merge(&mut self, other: Tallies) {
        for (mine, theirs) in self.groups.iter_mut().zip(other.groups) {
            match (mine.as_mut(), theirs) {
                (Some(m), Some(t)) => m.merge(&t),
                (None, t) => *mine = t,
                (_, None) => {}
            }
        }
    }
}

/// A counter that tallies add up.
trait Add {
    fn add(&mut self, other: &Self);
}

impl Add for u64 {
    fn add(&mut self, other: &u64) {
        *self += other;
    }
}

impl Add for u128 {
    fn add(&mut self, other: &u128) {
        *self += other;
    }
}

impl Add for i64 {
    fn add(&mut self, other: &i64) {
        *self += other;
    }
}

impl Add for u32 {
    fn add(&mut self, other: &u32) {
        *self += other;
    }
}

impl<T: Add> Add for Vec<T> {
    fn add(&mut self, other: &Vec<T>) {
        self.iter_mut().zip(other).for_each(|(a, b)| a.add(b));
    }
}

impl Tally {
    pub fn new(world: &World) -> Self {
        // A sample of users has no busiest minute to report: one minute holds all.
        let minutes = match world.sampled < 1.0 {
            true => 1,
            false => (world.measured_seconds() / 60.0).ceil() as usize,
        };
        Tally {
            minute_watched_requests: vec![0; world.watched.len() * world.load_minutes],
            ..Tally::sized(world, minutes)
        }
    }

    fn sized(world: &World, minutes: usize) -> Self {
        Tally::with_sizes(world.buckets, minutes, cause_count(world))
    }

    /// An empty tally for `buckets` time buckets, `minutes` minutes of load and
    /// `causes` causes of denial.
    pub fn with_sizes(buckets: usize, minutes: usize, causes: usize) -> Self {
        Tally {
            users: 0,
            workloads: 0,
            users_locked_out: 0,
            lockout_ms: 0,
            bucket_active: vec![0; buckets],
            bucket_locked_out: vec![0; buckets],
            revocations: 0,
            exposure_ms: 0,
            exposure_bins: vec![0; BINS],
            lockout_ms_by_cause: vec![0; causes],
            workload_attempts: 0,
            workload_denied: 0,
            attempts_played: 0,
            retries_played: 0,
            attempts: 0,
            denied: 0,
            denied_resource: 0,
            delayed_attempts: 0,
            delay_ms: 0,
            prompts: 0,
            mfa_prompts: 0,
            contingency_sign_ins: 0,
            mfa_waived: 0,
            token_requests: 0,
            bucket_token_requests: vec![0; buckets],
            bucket_prompts: vec![0; buckets],
            bucket_mfa_prompts: vec![0; buckets],
            bucket_workload_denied: vec![0; buckets],
            minute_token_requests: vec![0; minutes],
            minute_prompts: vec![0; minutes],
            minute_mfa_prompts: vec![0; minutes],
            backup_renewals: 0,
            throttled: 0,
            minute_watched_requests: Vec::new(),
            denied_by_cause: vec![0; causes],
            gave_up_attempts: 0,
            helpdesk_calls: 0,
            hour_helpdesk_calls: vec![0; minutes.div_ceil(60)],
            stale_token_ms: 0,
            stale_cae_ms: 0,
            stale_session_ms: 0,
            stale_token_s2: 0,
            stale_cae_s2: 0,
            stale_cae_cut_s2: 0,
            stale_session_s2: 0,
            stale_token_bins: vec![0; BINS],
            stale_cae_bins: vec![0; BINS],
            stale_session_bins: vec![0; BINS],
            mfa_waived_session_ms: 0,
            fallback_session_ms: 0,
            backup_data_age_ms: 0,
        }
    }

    pub fn add_exposure(&mut self, seconds: f64) {
        self.revocations += 1;
        self.exposure_ms += (seconds * 1000.0).round() as u64;
        self.exposure_bins[bin_of(seconds).min(BINS - 1)] += 1;
    }

    /// The `q` quantile of the exposures, in seconds (the middle of its bin).
    pub fn exposure_quantile(&self, q: f64) -> f64 {
        let target = (q * self.revocations as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (bin, &count) in self.exposure_bins.iter().enumerate() {
            seen += u64::from(count);
            if seen >= target {
                return if bin == 0 { 0.0 } else { mid(bin) };
            }
        }
        0.0
    }
}

mod bins;
#[cfg(test)]
mod tests;
