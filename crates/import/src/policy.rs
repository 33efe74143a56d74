//! The tenant's conditional access policies as a scenario's `[policy]`: what
//! applies to every user and app sets the policy; what applies to guests only
//! sets the guest cohorts' sign-in frequency; the rest is listed, not applied.

use crate::aggregate::Aggregator;
use crate::calendar::DAY;
use crate::infer::hours;
use crate::model::{Noted, PolicyOut};
use authsim_signins::record::AccessPolicy;

/// What the policies say, each value with the policy it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyFit {
    /// `policy.mfa`, and the policies that set it.
    pub mfa: Option<(&'static str, String)>,
    /// The shortest enforced sign-in frequency for all users and apps, seconds.
    pub sign_in_frequency: Option<(f64, String)>,
    /// The same, from guest-only policies: the guest cohorts'.
    pub guest_sign_in_frequency: Option<(f64, String)>,
    /// Read and not applied, one line each, with why.
    pub ignored: Vec<String>,
}

fn covers_everyone(p: &AccessPolicy) -> bool {
    p.targets.all_users && p.targets.all_apps && p.targets.excluded_apps.is_empty()
}

fn guests_only(p: &AccessPolicy) -> bool {
    p.targets.guests && !p.targets.all_users && p.targets.named == 0
}

/// The shortest of `current` and `(seconds, name)`.
fn shortest(current: &mut Option<(f64, String)>, seconds: f64, name: &str) {
    if current.as_ref().is_none_or(|(s, _)| seconds < *s) {
        *current = Some((seconds, format!("\"{name}\"")));
    }
}

pub fn fit(policies: &[AccessPolicy]) -> PolicyFit {
    let mut fit = PolicyFit::default();
    let mut mfa: Vec<(&'static str, &str)> = Vec::new();
    for p in policies {
        let name = p.name.as_str();
        if !p.enforced {
            fit.ignored.push(format!(
                "\"{name}\": not enforced (report-only or disabled)"
            ));
        } else if p.block {
            fit.ignored.push(format!(
                "\"{name}\": blocks access; a scenario models the users who may sign in"
            ));
        } else if covers_everyone(p) {
            if p.mfa {
                let either = p.compliant_device || p.joined_device;
                let value = if either && !p.all_of {
                    "every_sign_in_or_compliant_device"
                } else {
                    "every_sign_in"
                };
                mfa.push((value, name));
            }
            if let Some(s) = p.sign_in_frequency {
                shortest(&mut fit.sign_in_frequency, s, name);
            }
            if !p.mfa && p.sign_in_frequency.is_none() {
                fit.ignored
                    .push(format!("\"{name}\": neither MFA nor a sign-in frequency"));
            }
        } else if guests_only(p) && p.targets.all_apps {
            match p.sign_in_frequency {
                Some(s) => shortest(&mut fit.guest_sign_in_frequency, s, name),
                None => fit.ignored.push(format!(
                    "\"{name}\": guests only, no sign-in frequency (the scenario's MFA is tenant-wide)"
                )),
            }
        } else {
            fit.ignored.push(format!(
                "\"{name}\": covers named users, groups or apps the logs cannot place"
            ));
        }
    }
    // The strictest wins: MFA at every sign-in over a compliant device's grant.
    mfa.sort();
    if let Some((value, _)) = mfa
        .iter()
        .find(|(v, _)| *v == "every_sign_in")
        .or(mfa.first())
    {
        let names: Vec<String> = mfa.iter().map(|(_, n)| format!("\"{n}\"")).collect();
        fit.mfa = Some((value, names.join(", ")));
    }
    fit
}

/// `[policy]`: what the policies set, else the documented defaults, marked;
/// the renewal gaps and the logs' MFA share as evidence.
pub fn out(agg: &Aggregator, given: bool, fit: Option<&PolicyFit>, cae: u64) -> PolicyOut {
    let gaps = agg
        .apps
        .iter()
        .fold(crate::sketch::GapSketch::default(), |mut s, a| {
            s.merge(&a.gaps);
            s
        });
    let q = |p| gaps.quantile(p).map_or("-".into(), hours);
    let lifetime_note = vec![
        format!(
            "renewal gaps (a user-app's successive silent sign-ins): {} gaps, 10% {}, median {}, 90% {}",
            gaps.count(), q(0.1), q(0.5), q(0.9)
        ),
        "DEFAULT (not in the exports): access_token_lifetime, the documented 60-90 minutes; the gaps are its evidence".into(),
    ];
    let interactive: u64 = agg.users.values().map(|u| u.interactive).sum();
    let mfa_seen: u64 = agg.users.values().map(|u| u.mfa).sum();
    let logs = format!("{mfa_seen} of {interactive} successful interactive sign-ins required MFA");
    let mfa = match (given, fit.and_then(|f| f.mfa.clone())) {
        (_, Some((v, by))) => Noted::seen(
            v,
            format!("enforced for all users and apps by {by}; {logs}"),
        ),
        (true, None) => Noted::seen(
            "never",
            format!("no enforced policy for all users and apps asks for MFA; {logs}"),
        ),
        (false, None) => Noted::default(
            "every_sign_in",
            format!("no policies given (--policies); {logs}"),
        ),
    };
    let sign_in_frequency = match fit.and_then(|f| f.sign_in_frequency.clone()) {
        Some((s, by)) => Noted::seen(s, format!("enforced for all users and apps by {by}")),
        None => Noted::default(
            90.0 * DAY,
            "the documented rolling 90 days; no policy for all users and apps sets one",
        ),
    };
    let cae = match cae {
        0 => Noted::default(false, "no CAE token seen (or the export does not say)"),
        n => Noted::seen(true, format!("{n} sign-ins issued CAE tokens")),
    };
    PolicyOut {
        lifetime_note,
        sign_in_frequency,
        mfa,
        cae,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_signins::record::Targets;

    fn policy(name: &str, enforced: bool, targets: Targets) -> AccessPolicy {
        AccessPolicy {
            name: name.into(),
            enforced,
            targets,
            mfa: false,
            compliant_device: false,
            joined_device: false,
            block: false,
            all_of: false,
            sign_in_frequency: None,
            persistent_browser: None,
        }
    }

    #[test]
    fn everyone_sets_the_policy_guests_their_cohort_the_rest_is_listed() {
        let all = Targets {
            all_users: true,
            all_apps: true,
            ..Targets::default()
        };
        let guests = Targets {
            guests: true,
            all_apps: true,
            ..Targets::default()
        };
        let mut grant = policy("mfa or compliant", true, all.clone());
        grant.mfa = true;
        grant.compliant_device = true;
        let mut sif = policy("12 h", true, all.clone());
        sif.sign_in_frequency = Some(43_200.0);
        let mut guest = policy("guests 4 h", true, guests);
        guest.sign_in_frequency = Some(14_400.0);
        let mut off = policy("off", false, all);
        off.mfa = true;
        let fit = fit(&[grant, sif, guest, off]);
        assert_eq!(
            fit.mfa.as_ref().unwrap().0,
            "every_sign_in_or_compliant_device"
        );
        assert_eq!(fit.sign_in_frequency.as_ref().unwrap().0, 43_200.0);
        assert_eq!(fit.guest_sign_in_frequency.as_ref().unwrap().0, 14_400.0);
        assert_eq!(fit.ignored.len(), 1);
        assert!(fit.ignored[0].contains("not enforced"));
    }
}
