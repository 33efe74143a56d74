//! The tenant's conditional access policies as a scenario's `[policy]`: what
//! applies to every user and app sets the policy; what applies to guests only
//! sets the guest cohorts' sign-in frequency; the rest is listed, not applied.

use crate::aggregate::Aggregator;
use crate::calendar::{DAY, HOUR};
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
        } else if !p.targets.narrowed_by.is_empty() {
            fit.ignored.push(format!(
                "\"{name}\": narrowed by {}: not a rule for all users and apps",
                p.targets.narrowed_by.join("; ")
            ));
        } else if covers_everyone(p) && p.targets.guests_excluded {
            // The scenario's MFA and sign-in frequency are tenant-wide: a
            // members-only rule cannot be written as one without reaching guests.
            fit.ignored.push(format!(
                "\"{name}\": all users but guests (excludeUsers GuestsOrExternalUsers): \
                 the scenario's policy is tenant-wide and would reach guests"
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
        None => frequency_from_gaps(&agg.interactive_gaps),
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

/// Fewest gaps the rule below reads a frequency from.
const CLEAR_GAPS: u64 = 100;

/// No policy sets `sign_in_frequency`: the gaps between a user-app's
/// successive interactive sign-ins are its evidence. A frequency F forces an
/// interactive sign-in at the first use after F, so the gaps pile up just
/// over F; the value is read from them only where that is clear: at least
/// `CLEAR_GAPS` gaps, the 10% point at least 1 h and within 10% of the
/// median (then the 10% point, to the day from 20 h, else to the hour: the
/// gap sketch's bins are 12% wide). Otherwise the documented default, marked.
pub fn frequency_from_gaps(gaps: &crate::sketch::GapSketch) -> Noted<f64> {
    let q = |p| gaps.quantile(p);
    let evidence = format!(
        "gaps between a user-app's successive interactive sign-ins: {} gaps, 10% {}, median {}, 90% {}",
        gaps.count(),
        q(0.1).map_or("-".into(), hours),
        q(0.5).map_or("-".into(), hours),
        q(0.9).map_or("-".into(), hours)
    );
    match (q(0.1), q(0.5)) {
        (Some(low), Some(median))
            if gaps.count() >= CLEAR_GAPS && low >= HOUR && low >= 0.9 * median =>
        {
            Noted::seen(
                if low >= 20.0 * HOUR {
                    (low / DAY).round() * DAY
                } else {
                    (low / HOUR).round() * HOUR
                },
                format!(
                    "no policy for all users and apps sets one; read from the log (10% point within 10% of the median): {evidence}"
                ),
            )
        }
        _ => Noted::default(
            90.0 * DAY,
            format!(
                "the documented rolling 90 days; no policy for all users and apps sets one, and the log does not say clearly (docs/import.md): {evidence}"
            ),
        ),
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

    /// Review item 10: MFA for all users but guests, on medium or low risk,
    /// from mobile and desktop clients: not applied tenant-wide, each listed.
    #[test]
    fn narrowing_conditions_keep_a_policy_from_everyone() {
        let narrowed = Targets {
            all_users: true,
            all_apps: true,
            guests_excluded: true,
            narrowed_by: vec!["signInRiskLevels (medium, low)".into()],
            ..Targets::default()
        };
        let mut risky = policy("risky", true, narrowed);
        risky.mfa = true;
        let members = Targets {
            all_users: true,
            all_apps: true,
            guests_excluded: true,
            ..Targets::default()
        };
        let mut members = policy("members", true, members);
        members.mfa = true;
        let fit = fit(&[risky, members]);
        assert!(fit.mfa.is_none());
        assert_eq!(fit.ignored.len(), 2);
        assert!(fit.ignored[0].contains("narrowed by signInRiskLevels (medium, low)"));
        assert!(fit.ignored[1].contains("all users but guests"));
    }

    #[test]
    fn a_sign_in_frequency_is_read_from_the_gaps_only_where_clear() {
        // 1 day forced: gaps of 24.0-25.5 h (the first use after the day).
        let mut daily = crate::sketch::GapSketch::default();
        for i in 0..200 {
            daily.add(DAY + f64::from(i % 6) * 0.25 * HOUR);
        }
        let f = frequency_from_gaps(&daily);
        assert_eq!((f.value, f.default), (DAY, false));
        // Gaps from 2 h to 3 days, or too few: the default stays, with them noted.
        let mut spread = crate::sketch::GapSketch::default();
        for i in 0..200 {
            spread.add(2.0 * HOUR * 1.02f64.powi(i));
        }
        let f = frequency_from_gaps(&spread);
        assert_eq!((f.value, f.default), (90.0 * DAY, true));
        assert!(f.note.contains("200 gaps"), "{}", f.note);
        let mut few = crate::sketch::GapSketch::default();
        few.add(DAY);
        assert!(frequency_from_gaps(&few).default);
    }
}
