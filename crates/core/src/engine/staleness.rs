//! Policy staleness: when something changes about a user at a random moment of
//! the measured period (docs/model.md, "Policy staleness"), how long their
//! access still runs on the old decision: until the app's next token issue (a
//! CAE token's resource cuts it within the CAE delay for a critical event), or,
//! for a change only a sign-in meets, until the app's next interactive sign-in.
//!
//! Counted exactly from the periods each decision serves, no draws: over a
//! period that serves until `e`, seen in the measured window from `a` to `b`,
//! the time left integrates to ((e-a)² - (e-b)²)/2, and the moments with more
//! than x left measure (e-a-x)⁺ - (e-b-x)⁺, which bins of e-a and e-b give for
//! any x (the percentiles, within half a bin: 0.5%).

use super::player::Player;
use super::state::AppState;
use super::tally::{BINS, GroupTally, Tally, bin_of, mid};
use super::user::User;
use crate::model::PolicyRules;
use crate::scenario::Changes;
use crate::units::{EXACT, earlier, round_u64};

/// The decision of an app's session: the session start it came from, the
/// first token issued under it, and how its sign-in got in.
#[derive(Debug, Clone, Copy)]
pub(super) struct OpenSession {
    of: f64,
    from: f64,
    mfa_waived: bool,
    fallback: bool,
}

/// The measured window.
struct Window {
    a: f64,
    b: f64,
}

/// What one period adds: its measured time (ms), the integral of the time it
/// has left (s²), its bins; `None` where it is not measured.
struct Period {
    big: f64,
    small: f64,
}

impl Window {
    fn of(user: &User) -> Self {
        Window {
            a: user.world.warmup,
            b: user.world.horizon,
        }
    }

    /// The part of the period from `from` to `end` inside the window, as the
    /// time left at its first and last moment.
    fn period(&self, from: f64, end: f64) -> Option<Period> {
        // Times are never NaN: plain comparisons, where `max` and `min` would
        // add NaN's handling to every renewal.
        let lo = if from > self.a { from } else { self.a };
        let hi = if end < self.b { end } else { self.b };
        (lo < hi).then_some(Period {
            big: end - lo,
            small: end - hi,
        })
    }
}

impl Period {
    fn ms(&self) -> u64 {
        round_u64((self.big - self.small) * 1000.0)
    }

    /// The integral of `f`'s derivative over the time left, for `f(y)` the
    /// integral of the staleness over moments with up to `y` left.
    fn integral(&self, f: impl Fn(f64) -> f64) -> u128 {
        Period::whole(f(self.big) - f(self.small))
    }

    /// `x` rounded to a whole number of s², exactly.
    #[inline(always)]
    fn whole(x: f64) -> u128 {
        match x < EXACT {
            true => u128::from(round_u64(x)),
            false => x.round() as u128,
        }
    }

    #[inline(always)]
    fn bin(&self, bins: &mut [i64]) {
        bins[bin_of(self.big).min(BINS - 1)] += 1;
        if self.small > 0.0 {
            bins[bin_of(self.small).min(BINS - 1)] -= 1;
        }
    }
}

/// The integral of the time left over moments with up to `y` left.
fn full(y: f64) -> f64 {
    y * y / 2.0
}

/// The same with CAE's cut: a critical event reaches the resource after a
/// delay uniform on [0, d], so a moment with `r` left is stale for
/// E[min(r, δ)] = r - r²/(2d) (r ≤ d), d/2 beyond.
fn cut(y: f64, d: f64) -> f64 {
    match () {
        _ if d <= 0.0 => 0.0,
        _ if y <= d => y * y / 2.0 - y * y * y / (6.0 * d),
        _ => d * d / 3.0 + (y - d) * d / 2.0,
    }
}

#[inline(always)]
fn add_token(w: &Window, state: &AppState, end: f64, delay: f64, tally: &mut Tally) {
    let Some(p) = w.period(state.token_issued, end) else {
        return;
    };
    if state.token_cae {
        tally.stale_cae_ms += p.ms();
        tally.stale_cae_s2 += p.integral(full);
        tally.stale_cae_cut_s2 += p.integral(|y| cut(y, delay));
        p.bin(&mut tally.stale_cae_bins);
    } else if p.small == 0.0 {
        // The common case, a period the window's end does not cut: the same
        // numbers as below, with nothing to take off.
        tally.stale_token_ms += round_u64(p.big * 1000.0);
        tally.stale_token_s2 += Period::whole(full(p.big));
        tally.stale_token_bins[bin_of(p.big).min(BINS - 1)] += 1;
    } else {
        tally.stale_token_ms += p.ms();
        tally.stale_token_s2 += p.integral(full);
        p.bin(&mut tally.stale_token_bins);
    }
}

fn add_session(w: &Window, open: &OpenSession, end: f64, tally: &mut Tally) {
    let Some(p) = w.period(open.from, end) else {
        return;
    };
    tally.stale_session_ms += p.ms();
    tally.stale_session_s2 += p.integral(full);
    p.bin(&mut tally.stale_session_bins);
    // mfa_waived_session_hours_per_1k_users, fallback_session_hours_per_1k_users
    let ms = p.ms();
    tally.mfa_waived_session_ms += ms * u64::from(open.mfa_waived);
    tally.fallback_session_ms += ms * u64::from(open.fallback);
}

impl Player {
    /// Each app's session decision as the user starts: how its sign-in got in,
    /// before time zero, is not known.
    pub(super) fn open_sessions(&mut self) {
        self.sessions.clear();
        self.sessions.extend(self.apps.iter().map(|s| OpenSession {
            of: s.session_start,
            from: s.token_issued,
            mfa_waived: false,
            fallback: false,
        }));
    }

    /// App `app` takes a new token at `t`: the token in hand stops serving (if
    /// it has not expired or been cut already), and where a sign-in moved the
    /// session, the old session's decision ends with it.
    #[inline(always)]
    pub(super) fn token_replaced(&mut self, user: &User, app: usize, t: f64, tally: &mut Tally) {
        if user.cohort.workloads {
            return;
        }
        let w = Window::of(user);
        let state = &self.apps[app];
        let ended = earlier(state.token_expiry, t);
        add_token(
            &w,
            state,
            ended,
            user.world.policy.cae_propagation_delay,
            tally,
        );
        let open = &mut self.sessions[app];
        if state.session_start != open.of {
            add_session(&w, open, ended, tally);
            let signed = self.signed_in;
            let by = signed.at == state.session_start;
            *open = OpenSession {
                of: state.session_start,
                from: t,
                mfa_waived: by && signed.mfa_waived,
                fallback: by && signed.fallback,
            };
        }
    }

    /// At the end of the user's play, the decisions still serving: a token
    /// until its expiry (an early renewal after the horizon would end it
    /// sooner); a session until the last token renewed before its sign-in
    /// frequency runs out expires, as if used on without a break, its tokens
    /// like the one in hand (a revoked session, only until that one expires;
    /// one with no sign-in frequency, at least until its inactivity limit).
    pub(super) fn close_sessions(&mut self, user: &User, tally: &mut GroupTally) {
        if user.cohort.workloads {
            return;
        }
        let w = Window::of(user);
        let delay = user.world.policy.cae_propagation_delay;
        for (app, app_tally) in tally.apps.iter_mut().enumerate() {
            let state = &self.apps[app];
            add_token(&w, state, state.token_expiry, delay, app_tally);
            let session = match state.session_start >= self.device.revoked_at {
                true => last_expiry(state, self.session_usable_until(user, app)),
                false => state.token_expiry,
            };
            add_session(&w, &self.sessions[app], session, app_tally);
        }
    }
}

/// When the last token renewed before the session's silent renewals end
/// (`until`: its sign-in frequency, or its inactivity limit as things stand)
/// expires, renewals coming every period of the token in hand (a renewal at
/// or after `until` signs in instead).
fn last_expiry(state: &AppState, until: f64) -> f64 {
    let issued = state.token_issued;
    let period = state.early_from.min(state.token_expiry) - issued;
    let left = until - issued;
    if period.is_nan() || period <= 0.0 || !left.is_finite() {
        return state.token_expiry;
    }
    let renewals = ((left / period).ceil() - 1.0).max(0.0);
    state.token_expiry + renewals * period
}

/// One kind of change: its share, the measured time it can fall in (s), the
/// integral of its staleness (s²), and its tail.
struct Change<'a> {
    share: f64,
    seconds: f64,
    integral: u128,
    tails: [(&'a [i64], bool); 2],
}

impl Tally {
    fn kinds(&self, mix: &Changes) -> [Change<'_>; 3] {
        let tokens = (self.stale_token_ms + self.stale_cae_ms) as f64 / 1000.0;
        let (plain, cae) = (&self.stale_token_bins[..], &self.stale_cae_bins[..]);
        [
            Change {
                share: mix.critical_event,
                seconds: tokens,
                integral: self.stale_token_s2 + self.stale_cae_cut_s2,
                tails: [(plain, false), (cae, true)],
            },
            Change {
                share: mix.policy,
                seconds: tokens,
                integral: self.stale_token_s2 + self.stale_cae_s2,
                tails: [(plain, false), (cae, false)],
            },
            Change {
                share: mix.sign_in,
                seconds: self.stale_session_ms as f64 / 1000.0,
                integral: self.stale_session_s2,
                tails: [(&self.stale_session_bins[..], false), (&[], false)],
            },
        ]
    }

    /// The mean staleness over the change mix, in seconds: Σ share · mean of
    /// each kind (a kind with no time to fall in is left out, the others'
    /// shares scaled up).
    pub fn staleness_mean(&self, mix: &Changes) -> f64 {
        let kinds = self.kinds(mix);
        let counted = kinds.iter().filter(|k| k.seconds > 0.0);
        let shares: f64 = counted.clone().map(|k| k.share).sum();
        let sum: f64 = counted
            .map(|k| k.share * k.integral as f64 / k.seconds)
            .sum();
        if shares > 0.0 { sum / shares } else { 0.0 }
    }

    /// The `q` quantile of the staleness over the change mix, in seconds: the
    /// x where Σ share · P(staleness > x) is 1 - q, by bisection.
    pub fn staleness_quantile(&self, policy: &PolicyRules, q: f64) -> f64 {
        let (kinds, delay) = (self.kinds(&policy.changes), policy.cae_propagation_delay);
        let counted: Vec<(&Change, [Tail; 2])> = kinds
            .iter()
            .filter(|k| k.seconds > 0.0 && k.share > 0.0)
            .map(|k| (k, k.tails.map(|(bins, cae)| Tail::new(bins, cae))))
            .collect();
        let shares: f64 = counted.iter().map(|(k, _)| k.share).sum();
        let above = |x: f64| -> f64 {
            let cut = |cae: bool| match cae {
                false => 1.0,
                true if delay > 0.0 => (1.0 - x / delay).max(0.0),
                true => 0.0,
            };
            counted
                .iter()
                .map(|(k, tails)| {
                    let measure: f64 = tails.iter().map(|t| cut(t.cae) * t.above(x)).sum();
                    k.share * measure / k.seconds
                })
                .sum::<f64>()
        };
        let target = (1.0 - q) * shares;
        let (mut lo, mut hi) = (0.0, mid(BINS));
        if shares <= 0.0 || above(lo) <= target {
            return 0.0;
        }
        for _ in 0..100 {
            let x = (lo + hi) / 2.0;
            match above(x) > target {
                true => lo = x,
                false => hi = x,
            }
        }
        (lo + hi) / 2.0
    }
}

/// One histogram's Σ count · (length - x)⁺ for any x, from suffix sums.
struct Tail {
    /// From bin b on: Σ count, Σ count · middle.
    count: Vec<f64>,
    sum: Vec<f64>,
    cae: bool,
}

impl Tail {
    fn new(bins: &[i64], cae: bool) -> Self {
        let mut count = vec![0.0; bins.len() + 1];
        let mut sum = vec![0.0; bins.len() + 1];
        for b in (0..bins.len()).rev() {
            count[b] = count[b + 1] + bins[b] as f64;
            sum[b] = sum[b + 1] + bins[b] as f64 * mid(b);
        }
        Tail { count, sum, cae }
    }

    /// The measure of moments with more than `x` left.
    fn above(&self, x: f64) -> f64 {
        let n = self.count.len() - 1;
        let mut k = bin_of(x).min(n);
        if k < n && mid(k) <= x {
            k += 1;
        }
        (self.sum[k] - x * self.count[k]).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{cut, full};

    /// ∫₀^y E[min(r, δ)] dr with δ uniform on [0, d], summed numerically.
    #[test]
    fn the_cae_cut_integrates_the_expected_minimum() {
        let d = 900.0;
        for y in [100.0, 900.0, 5000.0] {
            let n = 200_000;
            let h = y / n as f64;
            let sum: f64 = (0..n)
                .map(|i| {
                    let r = (i as f64 + 0.5) * h;
                    let m = if r <= d {
                        r - r * r / (2.0 * d)
                    } else {
                        d / 2.0
                    };
                    m * h
                })
                .sum();
            assert!((cut(y, d) - sum).abs() < 1e-6 * sum, "y = {y}");
        }
        assert_eq!(cut(5000.0, 0.0), 0.0);
        assert_eq!(full(4.0), 8.0);
    }
}
